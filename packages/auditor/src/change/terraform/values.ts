/**
 * Reading one object of a Terraform plan's `after` value together with its `after_unknown` twin
 * (HashiCorp, "JSON Output Format", change representation: "after_unknown is an object value with
 * similar structure to after, but with all unknown leaf values replaced with true"). A value that is
 * unknown reads as absent and is recorded, with the attribute's path in Terraform's own notation
 * (`route[0].next_hop_in_ip_address`), so the caller can make the verdicts that need it unknown.
 */
import type { JsonObject } from '../types.ts';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class TfObject {
  readonly value: JsonObject;
  /** The object's twin in `after_unknown`: `true` when the whole object is unknown. */
  private readonly unknown: unknown;
  /** Path of this object inside the resource (`route[0]`), '' for the resource itself. */
  readonly path: string;
  /** Paths of the unknown values read so far, shared by every object of one resource. */
  readonly unknowns: string[];

  constructor(value: JsonObject, unknown: unknown, path = '', unknowns: string[] = []) {
    this.value = value;
    this.unknown = unknown;
    this.path = path;
    this.unknowns = unknowns;
  }

  private join(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  /** Whether the attribute is known only after apply (the attribute itself or the whole object). */
  isUnknown(name: string): boolean {
    if (this.unknown === true) return true;
    return isObject(this.unknown) && this.unknown[name] === true;
  }

  /** The raw value when known; undefined (recorded unless `computed`) when unknown. */
  private known(name: string, computed: boolean): unknown {
    if (this.isUnknown(name)) {
      if (!computed) this.unknowns.push(this.join(name));
      return undefined;
    }
    const value = this.value[name];
    return value === null ? undefined : value;
  }

  /**
   * A string. `computed`: a value Azure assigns (an id, an address allocated at apply) whose
   * absence while unknown decides no verdict by itself, so it is not recorded.
   */
  str(name: string, { computed = false } = {}): string | undefined {
    const value = this.known(name, computed);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  num(name: string): number | undefined {
    const value = this.known(name, false);
    return typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.known(name, false);
    return typeof value === 'boolean' ? value : undefined;
  }

  /** A list of strings; elements that are unknown are recorded one by one and left out. */
  strings(name: string, { computed = false } = {}): string[] {
    const value = this.known(name, computed);
    if (!Array.isArray(value)) return [];
    const twin = isObject(this.unknown) ? this.unknown[name] : undefined;
    const out: string[] = [];
    value.forEach((item, i) => {
      if (Array.isArray(twin) && twin[i] === true) {
        if (!computed) this.unknowns.push(`${this.join(name)}[${i}]`);
      } else if (typeof item === 'string') out.push(item);
      else if (typeof item === 'number') out.push(String(item));
    });
    return out;
  }

  /** A string map such as `tags`. */
  record(name: string): Record<string, string> {
    const value = this.known(name, true);
    if (!isObject(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  /** Nested blocks (list, set or single nesting, all written as JSON arrays or an object). */
  blocks(name: string, { computed = false } = {}): TfObject[] {
    const value = this.known(name, computed);
    const twin = isObject(this.unknown) ? this.unknown[name] : undefined;
    const items = Array.isArray(value) ? value : isObject(value) ? [value] : [];
    const twins = Array.isArray(twin) ? twin : [twin];
    return items.flatMap((item, i) =>
      isObject(item) ? [new TfObject(item, twins[i], `${this.join(name)}[${i}]`, this.unknowns)] : [],
    );
  }

  /** The first of a block list that holds at most one (`network_profile`, `dns`). */
  block(name: string): TfObject | undefined {
    return this.blocks(name)[0];
  }

  /** True when the attribute is set to a known, non-null value. */
  has(name: string): boolean {
    return !this.isUnknown(name) && this.value[name] !== undefined && this.value[name] !== null;
  }
}
