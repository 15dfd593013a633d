/**
 * How one azurerm resource type becomes ARM: its ARM type and id, and the operations that make the
 * proposed state hold its `after` (or drop its `before`). Bodies are written in the ARM REST shape the
 * normalizer reads (`{id, name, type, location, tags, properties}`), with the attribute names of the
 * azurerm provider 3.x and 4.x both read where they differ.
 */
import type { ChangeOperation, JsonObject } from '../types.ts';
import { childId, type TfIds } from './ids.ts';
import type { TfObject } from './values.ts';

export interface TfContext {
  ids: TfIds;
  /**
   * The ARM id an id-valued attribute holds. A reference to a resource this plan creates (unknown
   * until apply) is resolved to the id derived for that resource, through the plan's configuration;
   * one that cannot be resolved is recorded as unknown.
   */
  ref(object: TfObject, name: string): string | undefined;
  /** `ref` for a list of ids. */
  refs(object: TfObject, name: string): string[];
}

export interface TfMapping {
  armType: string;
  /** The resource's ARM id from its values, or why it cannot be told. */
  id(values: TfObject, context: TfContext): string | { error: string };
  /** The operations that give the proposed state `after`. */
  put(after: TfObject, id: string, context: TfContext): ChangeOperation[];
  /** The operations that take it away; by default a delete of the id. */
  remove?(before: TfObject, id: string, context: TfContext): ChangeOperation[];
  /**
   * What an unknown value at `path` belongs to, when not the resource as a whole: a route of a route
   * table (`route: '*'` for the whole list), or a subnet of a virtual network.
   */
  unknownOf?(path: string, after: TfObject, id: string): { resourceId: string; route?: string } | undefined;
}

/** Drops undefined members, so an attribute Terraform does not set is absent, never `undefined`. */
export function compact<T extends JsonObject>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `{id}` for an id, or undefined. */
export const refTo = (id: string | undefined) => (id ? { id } : undefined);

/** A list only when it has items (an empty list and an absent one mean the same to the normalizer). */
export const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);

/** The ARM body of a top-level resource: name, location, tags and zones from the common attributes. */
export function armResource(
  id: string,
  type: string,
  values: TfObject,
  properties: JsonObject,
  extra: JsonObject = {},
): JsonObject {
  const zones = values.strings('zones', { computed: true });
  return compact({
    id,
    name: values.str('name') ?? id.split('/').at(-1),
    type,
    location: values.str('location'),
    tags: values.record('tags'),
    ...(zones.length > 0 && { zones }),
    ...extra,
    properties: compact(properties),
  });
}

/** The id of a top-level resource from `name` and `resource_group_name`. */
export function topLevelId(type: string) {
  return (values: TfObject, context: TfContext): string | { error: string } =>
    values.str('id', { computed: true }) ??
    context.ids.topLevel(type, values.str('resource_group_name'), values.str('name'));
}

/** The id of a sub-resource whose parent is named by an attribute (`route_table_name`, `azure_firewall_name`). */
export function childOfNamed(parentType: string, parentAttribute: string, segment: string) {
  return (values: TfObject, context: TfContext): string | { error: string } => {
    const own = values.str('id', { computed: true });
    if (own) return own;
    const parent = context.ids.topLevel(parentType, values.str('resource_group_name'), values.str(parentAttribute));
    const name = values.str('name');
    if (typeof parent !== 'string') return parent;
    return name ? childId(parent, segment, name) : { error: 'its name is not known' };
  };
}

/** The id of a sub-resource whose parent's id is an attribute (`firewall_policy_id`, `kubernetes_cluster_id`). */
export function childOfReferenced(parentAttribute: string, segment: string) {
  return (values: TfObject, context: TfContext): string | { error: string } => {
    const own = values.str('id', { computed: true });
    if (own) return own;
    const parent = context.ref(values, parentAttribute);
    const name = values.str('name');
    return parent && name ? childId(parent, segment, name) : { error: `its ${parentAttribute} or name is not known` };
  };
}

/** Properties an update keeps as they are: Terraform manages them as resources of their own. */
export const keepWhole = (...properties: string[]) =>
  properties.map((property) => ({ property, mode: 'whole' as const }));
