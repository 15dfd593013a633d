/**
 * The raw resources of a state, addressable by ARM id, with the edits a change makes to them. Bodies
 * are never edited in place: a touched body is copied first, so the input stays as it was read.
 *
 * Sub-resources that ARM keeps inside their parent (a route in its route table, a peering in its
 * virtual network, a node pool in its cluster, a classic rule collection in its firewall) are edited
 * there, as ARM itself returns them. A subnet is both: a resource of its own and an item of its
 * virtual network's `subnets`; the normalizer merges the two, so both copies are edited together.
 */
import { idKey, type Origin } from '../model/inventory.ts';
import type { RawResource } from '../model/raw.ts';
import type { JsonObject } from './types.ts';

/** A sub-resource type that ARM lists inside its parent, and the parent's list. */
interface ChildList {
  type: string;
  list: string;
  /** The sub-resource is also a resource of its own (subnets). */
  standalone?: boolean;
}

const CHILD_LISTS: readonly ChildList[] = [
  { type: 'Microsoft.Network/routeTables/routes', list: 'routes' },
  { type: 'Microsoft.Network/virtualNetworks/subnets', list: 'subnets', standalone: true },
  { type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings', list: 'virtualNetworkPeerings' },
  { type: 'Microsoft.ContainerService/managedClusters/agentPools', list: 'agentPoolProfiles' },
  // Not ARM resources of their own (the REST API has no such type): the classic collections Terraform
  // manages as azurerm_firewall_{application,network,nat}_rule_collection, which ARM lists in the firewall.
  { type: 'Microsoft.Network/azureFirewalls/applicationRuleCollections', list: 'applicationRuleCollections' },
  { type: 'Microsoft.Network/azureFirewalls/networkRuleCollections', list: 'networkRuleCollections' },
  { type: 'Microsoft.Network/azureFirewalls/natRuleCollections', list: 'natRuleCollections' },
];

export function childListOf(type: string): ChildList | undefined {
  return CHILD_LISTS.find((c) => c.type.toLowerCase() === type.toLowerCase());
}

/** The id of the parent of a sub-resource id (`…/routeTables/rt/routes/r` → `…/routeTables/rt`). */
export function parentIdOf(id: string): string {
  return id.replace(/\/+$/, '').replace(/\/[^/]+\/[^/]+$/, '');
}

export function lastSegmentOf(id: string): string {
  return id.replace(/\/+$/, '').split('/').at(-1) ?? id;
}

function keyOf(body: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(body, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(body).find((k) => k.toLowerCase() === lower);
}

/** A top-level string field of a body (`id`, `type`, `name`), compared case-insensitively as ARM does. */
export function fieldOf(body: JsonObject, name: string): string | undefined {
  const key = keyOf(body, name);
  const value = key === undefined ? undefined : body[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where a property lives: the `properties` bag (REST shape) or the top level (the CLI's flattened
 * shape), as the normalizer looks it up. A property found nowhere goes into `properties`, created when
 * the body has none.
 */
export function propertyHome(body: JsonObject, name: string): { holder: JsonObject; key: string } {
  const bagKey = keyOf(body, 'properties');
  const bag = bagKey === undefined ? undefined : body[bagKey];
  if (isObject(bag)) {
    const key = keyOf(bag, name);
    if (key !== undefined) return { holder: bag, key };
  }
  const top = keyOf(body, name);
  if (top !== undefined && top !== 'properties') return { holder: body, key: top };
  if (isObject(bag)) return { holder: bag, key: name };
  const created: JsonObject = {};
  body.properties = created;
  return { holder: created, key: name };
}

/** A property's value, looked up as `propertyHome` finds it (nothing is created). */
export function propertyOf(body: JsonObject, name: string): unknown {
  const bagKey = keyOf(body, 'properties');
  const bag = bagKey === undefined ? undefined : body[bagKey];
  if (isObject(bag)) {
    const key = keyOf(bag, name);
    if (key !== undefined) return bag[key];
  }
  const top = keyOf(body, name);
  return top !== undefined && top !== 'properties' ? body[top] : undefined;
}

const itemName = (item: unknown): string | undefined => (isObject(item) ? fieldOf(item, 'name') : undefined);
const sameName = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

export class RawStore {
  private readonly items: (RawResource | undefined)[] = [];
  private readonly byKey = new Map<string, number[]>();

  constructor(resources: readonly RawResource[]) {
    for (const resource of resources) this.add(resource);
  }

  private add(resource: RawResource): void {
    this.items.push(resource);
    const id = fieldOf(resource.body, 'id');
    if (id === undefined) return;
    const list = this.byKey.get(idKey(id)) ?? [];
    list.push(this.items.length - 1);
    this.byKey.set(idKey(id), list);
  }

  has(id: string): boolean {
    return (this.byKey.get(idKey(id)) ?? []).some((i) => this.items[i] !== undefined);
  }

  /** The first copy of a resource (the normalizer uses the first too). */
  get(id: string): RawResource | undefined {
    for (const i of this.byKey.get(idKey(id)) ?? []) {
      const item = this.items[i];
      if (item) return item;
    }
    return undefined;
  }

  /** Every copy of the resource goes; true when there was one. */
  remove(id: string): boolean {
    const indexes = this.byKey.get(idKey(id)) ?? [];
    const had = indexes.some((i) => this.items[i] !== undefined);
    for (const i of indexes) this.items[i] = undefined;
    this.byKey.delete(idKey(id));
    return had;
  }

  put(body: JsonObject, origin: Origin): void {
    const id = fieldOf(body, 'id');
    if (id !== undefined) this.remove(id);
    this.add({ body, origin });
  }

  /** Applies `edit` to a copy of every copy of the resource; false when there is none. */
  edit(id: string, edit: (body: JsonObject) => void): boolean {
    let found = false;
    for (const i of this.byKey.get(idKey(id)) ?? []) {
      const item = this.items[i];
      if (!item) continue;
      const body = structuredClone(item.body);
      edit(body);
      this.items[i] = { ...item, body };
      found = true;
    }
    return found;
  }

  resources(): RawResource[] {
    return this.items.filter((r): r is RawResource => r !== undefined);
  }

  /**
   * Puts a sub-resource into its parent's list, replacing the item of the same name: `make` builds the
   * new item from the current one (undefined when there is none). False without the parent.
   */
  putChild(child: ChildList, id: string, make: (current: JsonObject | undefined) => JsonObject): boolean {
    const name = lastSegmentOf(id);
    return this.edit(parentIdOf(id), (parent) => {
      const { holder, key } = propertyHome(parent, child.list);
      const list = Array.isArray(holder[key]) ? (holder[key] as unknown[]) : [];
      const at = list.findIndex((item) => sameName(itemName(item), name));
      const current = at >= 0 && isObject(list[at]) ? (list[at] as JsonObject) : undefined;
      const made = make(current);
      const item = { ...made, name: fieldOf(made, 'name') ?? name };
      holder[key] = at >= 0 ? list.map((x, i) => (i === at ? item : x)) : [...list, item];
    });
  }

  /** A sub-resource's current item in its parent's list. */
  childOf(child: ChildList, id: string): JsonObject | undefined {
    const parent = this.get(parentIdOf(id));
    const list = parent ? propertyOf(parent.body, child.list) : undefined;
    const found = Array.isArray(list) ? list.find((item) => sameName(itemName(item), lastSegmentOf(id))) : undefined;
    return isObject(found) ? found : undefined;
  }

  /** Removes a sub-resource from its parent's list; true when it was there. */
  removeChild(child: ChildList, id: string): boolean {
    const name = lastSegmentOf(id);
    let removed = false;
    this.edit(parentIdOf(id), (parent) => {
      const { holder, key } = propertyHome(parent, child.list);
      if (!Array.isArray(holder[key])) return;
      const list = holder[key] as unknown[];
      const kept = list.filter((item) => !sameName(itemName(item), name));
      removed ||= kept.length < list.length;
      holder[key] = kept;
    });
    return removed;
  }

  /**
   * Edits a subnet wherever it is: its own resource and its item in the virtual network's `subnets`.
   * False when neither is in the state.
   */
  editSubnet(id: string, edit: (subnet: JsonObject) => void): boolean {
    const own = this.edit(id, edit);
    const name = lastSegmentOf(id);
    let embedded = false;
    this.edit(parentIdOf(id), (vnet) => {
      const { holder, key } = propertyHome(vnet, 'subnets');
      if (!Array.isArray(holder[key])) return;
      holder[key] = (holder[key] as unknown[]).map((item) => {
        if (!isObject(item) || !sameName(itemName(item), name)) return item;
        embedded = true;
        const copy = structuredClone(item);
        edit(copy);
        return copy;
      });
    });
    return own || embedded;
  }

  /** Every subnet body in the state (own resources and items of virtual networks), with its id. */
  subnets(): { id: string; body: JsonObject }[] {
    const out: { id: string; body: JsonObject }[] = [];
    for (const { body } of this.resources()) {
      const type = fieldOf(body, 'type')?.toLowerCase();
      const id = fieldOf(body, 'id');
      if (!id) continue;
      if (type === 'microsoft.network/virtualnetworks/subnets') out.push({ id, body });
      if (type === 'microsoft.network/virtualnetworks') {
        const list = propertyOf(body, 'subnets');
        for (const item of Array.isArray(list) ? list : []) {
          const name = itemName(item);
          if (isObject(item) && name) out.push({ id: fieldOf(item, 'id') ?? `${id}/subnets/${name}`, body: item });
        }
      }
    }
    return out;
  }
}

/** The id a reference field holds: `{id}` (ARM) or a bare string. */
export function referenceOf(body: JsonObject, field: string): string | undefined {
  const value = propertyOf(body, field);
  if (typeof value === 'string') return value.trim() || undefined;
  return isObject(value) ? fieldOf(value, 'id') : undefined;
}

/** Sets (or, with undefined, removes) a reference field. */
export function setReference(body: JsonObject, field: string, id: string | undefined): void {
  const { holder, key } = propertyHome(body, field);
  if (id === undefined) delete holder[key];
  else holder[key] = { id };
}

/** Adds an id to (or removes it from) a list of references, compared as ARM ids. */
export function editReferenceList(body: JsonObject, field: string, id: string, present: boolean): void {
  const { holder, key } = propertyHome(body, field);
  const list = Array.isArray(holder[key]) ? (holder[key] as unknown[]) : [];
  const refId = (item: unknown) => (typeof item === 'string' ? item : isObject(item) ? fieldOf(item, 'id') : undefined);
  const others = list.filter((item) => idKey(refId(item) ?? '') !== idKey(id));
  holder[key] = present ? [...others, { id }] : others;
}
