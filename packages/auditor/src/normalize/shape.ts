/**
 * Reading raw ARM JSON defensively, in both shapes the tool accepts:
 *  - the ARM REST shape: `{id, name, type, location, tags, properties: {...}}`, where sub-resources
 *    (ip configurations, subnets, routes, classic rule collections, peerings) have their own
 *    `properties` bag;
 *  - the flattened shape printed by the Azure CLI and the Azure SDK for JS: the `properties` bag is
 *    hoisted to the top level, also inside sub-resources, and some names differ only in case
 *    (`privateIPAddress` vs `privateIpAddress`, `vnetSubnetID` vs `vnetSubnetId`, `hubIPAddresses`
 *    vs `hubIpAddresses`).
 *
 * A field is therefore looked up in the object's `properties` bag first, then at its top level, and
 * its name is matched exactly first, then case-insensitively. `null` counts as absent (the CLI prints
 * nulls for unset fields). A value of the wrong kind is reported as an InputError that names the
 * resource and the field, and is treated as absent, so that one malformed field never stops the rest
 * of the resource from being read.
 *
 * `Obj<T>` is typed by the shape it reads, `T` (sdk-shapes.ts: the Azure SDK's model of the flattened
 * shape): a field name that is not a field of `T` does not compile, so an SDK upgrade that renames a
 * field the normalizer reads fails the type check. `Obj` without `T` reads any name.
 *
 * Pure code: no I/O, no clock.
 */
import { compareText } from '../model/compare.ts';
import { idKey, type Origin } from '../model/inventory.ts';
import type { InputError } from '../model/raw.ts';

export type Json = Record<string, unknown>;

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key of `value` equal to `name`, exactly or else ignoring case. */
export function findKey(value: Json, name: string): string | undefined {
  if (Object.hasOwn(value, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(value).find((k) => k.toLowerCase() === lower);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** Where errors of one resource go, and how they name it. */
export interface Context {
  resourceId: string;
  origin: Origin;
  errors: InputError[];
}

export function reportError(ctx: Context, message: string): void {
  ctx.errors.push({
    ...(ctx.origin.file !== undefined ? { file: ctx.origin.file } : {}),
    resourceId: ctx.resourceId,
    message: `${ctx.resourceId}: ${message}`,
  });
}

/** The field names of shape `T`; of a union (a rule read as classic or as policy), those of any member. */
export type FieldOf<T> = T extends unknown ? Extract<keyof T, string> : never;

/** The declared type of field `K` in whichever members of `T` have it. */
type FieldValue<T, K extends string> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** The shape an object field is read as: its declared type, or any JSON object where the shape says `unknown`. */
type Nested<V> = unknown extends V ? Json : NonNullable<V>;
type Item<V> = unknown extends V ? Json : NonNullable<V> extends readonly (infer I)[] ? Nested<I> : Json;

/**
 * One JSON object of a resource (the resource itself, a sub-resource or a nested settings object)
 * with the path that names it in error messages, read as shape `T`.
 */
export class Obj<T = Json> {
  readonly ctx: Context;
  readonly value: Json;
  /** Path of this object inside the resource, e.g. `properties.ipConfigurations[0]`; '' for the resource. */
  readonly path: string;

  constructor(ctx: Context, value: Json, path: string) {
    this.ctx = ctx;
    this.value = value;
    this.path = path;
  }

  private join(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** The value of a field (properties bag first, then top level), with its path; undefined when absent or null. */
  lookup(name: FieldOf<T>): { value: unknown; path: string } | undefined {
    const bag = this.value.properties;
    if (isJsonObject(bag)) {
      const key = findKey(bag, name);
      if (key !== undefined && bag[key] !== null && bag[key] !== undefined) {
        return { value: bag[key], path: this.join(`properties.${key}`) };
      }
    }
    const key = findKey(this.value, name);
    if (key !== undefined && this.value[key] !== null && this.value[key] !== undefined) {
      return { value: this.value[key], path: this.join(key) };
    }
    return undefined;
  }

  has(name: FieldOf<T>): boolean {
    return this.lookup(name) !== undefined;
  }

  /** Reports a value of the wrong kind; `consequence` says what was done about it (default: ignored). */
  wrong(path: string, expected: string, value: unknown, consequence = 'ignored'): void {
    reportError(this.ctx, `${path} must be ${expected}, not ${describe(value)} (${consequence})`);
  }

  missing(name: FieldOf<T>, consequence = ''): void {
    reportError(this.ctx, `${this.join(name)} is missing${consequence ? ` (${consequence})` : ''}`);
  }

  /** A string; numbers and booleans are taken as written (`"443"` and `443` are the same port). */
  str(name: FieldOf<T>): string | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    const v = found.value;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.wrong(found.path, 'a string', v);
    return undefined;
  }

  /** A number; numeric strings are accepted (`"100"`), as some exports quote them. */
  num(name: FieldOf<T>): number | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    const v = found.value;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
    this.wrong(found.path, 'a number', v);
    return undefined;
  }

  /** A boolean; the strings `true`/`false` (any case) are accepted, as `additionalProperties` and some exports write them. */
  bool(name: FieldOf<T>): boolean | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    const v = found.value;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    this.wrong(found.path, 'a boolean', v);
    return undefined;
  }

  obj<K extends FieldOf<T>>(name: K): Obj<Nested<FieldValue<T, K>>> | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    if (isJsonObject(found.value)) return new Obj(this.ctx, found.value, found.path);
    this.wrong(found.path, 'an object', found.value);
    return undefined;
  }

  /** The raw items of an array field; [] when absent. */
  private items(name: FieldOf<T>): { items: unknown[]; path: string } {
    const found = this.lookup(name);
    if (!found) return { items: [], path: this.join(name) };
    if (Array.isArray(found.value)) return { items: found.value, path: found.path };
    this.wrong(found.path, 'an array', found.value);
    return { items: [], path: found.path };
  }

  /** An array of objects; items that are not objects are reported and skipped. */
  list<K extends FieldOf<T>>(name: K): Obj<Item<FieldValue<T, K>>>[] {
    const { items, path } = this.items(name);
    const out: Obj<Item<FieldValue<T, K>>>[] = [];
    items.forEach((item, i) => {
      if (isJsonObject(item)) out.push(new Obj(this.ctx, item, `${path}[${i}]`));
      else if (item !== null) this.wrong(`${path}[${i}]`, 'an object', item);
    });
    return out;
  }

  /** An array of strings (numbers taken as written); other items are reported and skipped. */
  strings(name: FieldOf<T>): string[] {
    const { items, path } = this.items(name);
    const out: string[] = [];
    items.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else if (typeof item === 'number') out.push(String(item));
      else if (item !== null) this.wrong(`${path}[${i}]`, 'a string', item);
    });
    return out;
  }

  /** A reference to another resource: `{id: "..."}` (ARM) or a bare id string (some exports). */
  ref(name: FieldOf<T>): string | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    return refOf(this, found.value, found.path);
  }

  /** An array of references (`[{id}]` or `["id"]`). */
  refs(name: FieldOf<T>): string[] {
    const { items, path } = this.items(name);
    const out: string[] = [];
    items.forEach((item, i) => {
      const id = refOf(this, item, `${path}[${i}]`);
      if (id !== undefined) out.push(id);
    });
    return out;
  }

  /** A string-valued map such as `tags`, `additionalProperties` or an add-on's `config`. */
  record(name: FieldOf<T>): Record<string, string> {
    const found = this.lookup(name);
    if (!found) return {};
    if (!isJsonObject(found.value)) {
      this.wrong(found.path, 'an object', found.value);
      return {};
    }
    return toStringRecord(this, found.value, found.path);
  }
}

function refOf<T>(owner: Obj<T>, value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (isJsonObject(value)) {
    const key = findKey(value, 'id');
    const id = key === undefined ? undefined : value[key];
    if (typeof id === 'string' && id.trim()) return id.trim();
    if (id === undefined || id === null) return undefined;
    owner.wrong(`${path}.id`, 'a string', id);
    return undefined;
  }
  owner.wrong(path, 'a resource reference ({"id": "..."})', value);
  return undefined;
}

export function toStringRecord<T>(owner: Obj<T>, value: Json, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (v !== null) owner.wrong(`${path}.${k}`, 'a string', v);
  }
  return out;
}

// ── Lists of ids and small helpers shared by the families ──

/** Distinct by idKey (first spelling kept), sorted by idKey. */
export function distinctIds(ids: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const id of ids) {
    const key = idKey(id);
    if (key && !byKey.has(key)) byKey.set(key, id);
  }
  return [...byKey.entries()].sort((a, b) => compareText(a[0], b[0])).map(([, id]) => id);
}

/** Distinct strings in first-seen order (for address lists, whose order is as the user wrote it). */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The last segment of an ARM id, used as the name when a resource has none. */
export function lastSegment(id: string): string {
  const parts = id.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? id;
}

/** Matches `value` against canonical spellings, ignoring case. */
export function canonical<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === lower);
}

/** The JSON pointer of a sub-resource, from its Obj path (`properties.subnets[2]` → `/properties/subnets/2`). */
export function pointerOf(base: string | undefined, path: string): string {
  const tail = path
    .split('.')
    .flatMap((part) => {
      const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
      if (!m) return [part];
      const indexes = [...(m[2] ?? '').matchAll(/\[(\d+)\]/g)].map((x) => x[1] ?? '');
      return [m[1] ?? '', ...indexes];
    })
    .filter((p) => p !== '')
    .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'));
  return `${base ?? ''}/${tail.join('/')}`;
}
