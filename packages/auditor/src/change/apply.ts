/**
 * The proposed state: today's raw resources with the changes applied, in the order the change sets
 * were given. Within a set, whole resources first, then sub-resources (a route needs its route table),
 * then associations. What cannot be applied is an error of the comparison (the proposed state is then
 * partial); what was applied in a way a reviewer should know of is a note on the change. Pure.
 */
import { idKey } from '../model/inventory.ts';
import type { CollectedResources } from '../model/raw.ts';
import {
  childListOf,
  editReferenceList,
  fieldOf,
  parentIdOf,
  propertyHome,
  propertyOf,
  RawStore,
  referenceOf,
  setReference,
} from './raw-store.ts';
import type {
  AssociateOperation,
  ChangeError,
  ChangeOperation,
  ChangeSet,
  DeleteOperation,
  JsonObject,
  PutOperation,
  ResourceChange,
  UnknownValue,
} from './types.ts';

export interface ProposedState {
  collected: CollectedResources;
  /** The changes of every set, each with the notes applying it added. */
  changes: ResourceChange[];
  errors: ChangeError[];
  unknowns: UnknownValue[];
  notes: string[];
}

const SUBNETS = 'microsoft.network/virtualnetworks/subnets';
const RULE_COLLECTION_GROUPS = 'microsoft.network/firewallpolicies/rulecollectiongroups';
const VIRTUAL_NETWORKS = 'microsoft.network/virtualnetworks';

function phaseOf(operation: ChangeOperation): number {
  if (operation.op === 'associate') return 2;
  const type = operation.op === 'put' ? (fieldOf(operation.resource, 'type') ?? '') : operation.type;
  return childListOf(type) ? 1 : 0;
}

/** The new body with what `keep` says to carry over from the current one. */
function withKept(operation: PutOperation, current: JsonObject | undefined): JsonObject {
  const body = structuredClone(operation.resource);
  if (!current || !operation.keep) return body;
  for (const { property, mode, fields } of operation.keep) {
    const before = propertyOf(current, property);
    if (before === undefined) continue;
    const { holder, key } = propertyHome(body, property);
    if (mode === 'whole') {
      if (holder[key] === undefined) holder[key] = structuredClone(before);
      continue;
    }
    const next = Array.isArray(holder[key]) ? (holder[key] as unknown[]) : [];
    const currentItems = Array.isArray(before) ? before : [];
    if (mode === 'item-fields') {
      for (const item of next) {
        const name = nameOf(item)?.toLowerCase();
        const was = currentItems.find((c) => nameOf(c)?.toLowerCase() === name);
        if (!name || !isJson(item) || !isJson(was)) continue;
        for (const field of fields ?? []) {
          const value = propertyOf(was, field);
          if (value === undefined || propertyOf(item, field) !== undefined) continue;
          const home = propertyHome(item, field);
          home.holder[home.key] = structuredClone(value);
        }
      }
      continue;
    }
    const names = new Set(next.map((item) => nameOf(item)?.toLowerCase()));
    const others = currentItems.filter((item) => !names.has(nameOf(item)?.toLowerCase()));
    holder[key] = [...next, ...structuredClone(others)];
  }
  return body;
}

const isJson = (item: unknown): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item);
const nameOf = (item: unknown) => (isJson(item) ? fieldOf(item, 'name') : undefined);

interface Applying {
  store: RawStore;
  change: ResourceChange;
  notes: string[];
  errors: ChangeError[];
}

function put(operation: PutOperation, { store, change, notes, errors }: Applying): void {
  const id = fieldOf(operation.resource, 'id');
  const type = fieldOf(operation.resource, 'type') ?? '';
  if (!id) {
    errors.push({ source: change.source, message: 'the proposed resource has no id: not applied' });
    return;
  }
  const child = childListOf(type);
  // A resource the change replaces keeps the place it was read from (its file and pointer): reports
  // point there, and what the input said wrong about it stays the same finding, not a new one.
  const existing = store.get(id)?.origin;
  const origin = existing ? { ...existing, source: change.source } : { source: change.source };
  if (child && store.has(parentIdOf(id))) {
    const current = store.childOf(child, id) ?? store.get(id)?.body;
    if (!current) notes.push('not in the input: added as proposed');
    const body = withKept(operation, current);
    store.putChild(child, id, () => body);
    if (child.standalone && store.has(id)) store.put(body, origin);
    return;
  }
  if (child && !child.standalone) {
    errors.push({
      source: change.source,
      message: `${id}: its parent ${parentIdOf(id)} is in neither the input nor the change: not applied`,
    });
    return;
  }
  const current = store.get(id)?.body;
  if (!current) notes.push('not in the input: added as proposed');
  store.put(withKept(operation, current), origin);
}

function remove(operation: DeleteOperation, { store, notes }: Applying): void {
  const child = childListOf(operation.type);
  const removedChild = child ? store.removeChild(child, operation.id) : false;
  const removed = store.remove(operation.id) || removedChild;
  if (!removed) notes.push('not in the input: nothing to delete');
  // A policy lists its groups; a group it still listed would read as missing, and its rules as unreadable.
  if (operation.type.toLowerCase() === RULE_COLLECTION_GROUPS)
    store.edit(parentIdOf(operation.id), (policy) =>
      editReferenceList(policy, 'ruleCollectionGroups', operation.id, false),
    );
}

function associate(operation: AssociateOperation, { store, change, notes, errors }: Applying): void {
  const { child, parent, associated } = operation;
  const editChild = (body: JsonObject) => setReference(body, child.field, associated ? parent.id : undefined);
  const found =
    child.type.toLowerCase() === SUBNETS ? store.editSubnet(child.id, editChild) : store.edit(child.id, editChild);
  if (!found) {
    errors.push({
      source: change.source,
      message: `${child.id} is in neither the input nor the change: its association with ${parent.id} is not applied`,
    });
    return;
  }
  const parentFound = store.edit(parent.id, (body) => editReferenceList(body, parent.list, child.id, associated));
  if (!parentFound && associated) notes.push(`${parent.id} is not in the input`);
}

/**
 * A subnet that still names a route table or NAT gateway the change deletes: Azure does not delete
 * one that a subnet uses, so the subnet's path after the change is not known from the change.
 */
function danglingReferences(store: RawStore, deleted: Map<string, ResourceChange>): void {
  for (const { id, body } of store.subnets()) {
    for (const field of ['routeTable', 'natGateway']) {
      const ref = referenceOf(body, field);
      const change = ref ? deleted.get(idKey(ref)) : undefined;
      if (ref && change)
        change.notes.push(
          `subnet ${id} still names it: Azure does not delete a ${field === 'routeTable' ? 'route table' : 'NAT gateway'} that a subnet uses, so unless the subnet lets go of it in the same change the deployment fails there`,
        );
    }
  }
}

/** The subnets a put restates: a subnet itself, or the subnets a virtual network holds. */
function restatedSubnets(operation: PutOperation): string[] {
  const type = fieldOf(operation.resource, 'type')?.toLowerCase();
  const id = fieldOf(operation.resource, 'id');
  if (!id) return [];
  if (type === SUBNETS) return [id];
  if (type !== VIRTUAL_NETWORKS) return [];
  const list = propertyOf(operation.resource, 'subnets');
  return (Array.isArray(list) ? list : []).flatMap((item) => {
    const name = nameOf(item);
    return name ? [(isJson(item) && fieldOf(item, 'id')) || `${id}/subnets/${name}`] : [];
  });
}

type SubnetLinks = { routeTable?: string; natGateway?: string };

function linksOf(store: RawStore, subnetIds: ReadonlySet<string>): Map<string, SubnetLinks> {
  const out = new Map<string, SubnetLinks>();
  for (const { id, body } of store.subnets())
    if (subnetIds.has(idKey(id)) && !out.has(idKey(id)))
      out.set(idKey(id), { routeTable: referenceOf(body, 'routeTable'), natGateway: referenceOf(body, 'natGateway') });
  return out;
}

/**
 * A subnet's own reference is what ARM sets (a route table's or NAT gateway's `subnets` is derived
 * from it): a subnet the change takes off a route table or NAT gateway leaves that one's list too.
 * Otherwise the normalizer would take the old list's word for a subnet that now names none.
 */
function reconcileSubnetLists(store: RawStore, before: Map<string, SubnetLinks>): void {
  const after = linksOf(store, new Set(before.keys()));
  for (const [subnet, was] of before) {
    const now = after.get(subnet) ?? {};
    for (const field of ['routeTable', 'natGateway'] as const) {
      const old = was[field];
      if (old && idKey(now[field] ?? '') !== idKey(old))
        store.edit(old, (parent) => editReferenceList(parent, 'subnets', subnet, false));
    }
  }
}

export function applyChanges(current: CollectedResources, sets: readonly ChangeSet[]): ProposedState {
  const store = new RawStore(current.resources);
  const errors: ChangeError[] = [];
  const changes: ResourceChange[] = [];
  const deleted = new Map<string, ResourceChange>();
  /** The route table and NAT gateway of each subnet a put restates, as they were before it. */
  const restated = new Map<string, SubnetLinks>();
  for (const set of sets) {
    errors.push(...set.errors);
    const own = set.changes.map((change) => ({ ...change, notes: [...change.notes] }));
    changes.push(...own);
    for (const phase of [0, 1, 2]) {
      for (const change of own) {
        const applying: Applying = { store, change, notes: change.notes, errors };
        for (const operation of change.operations) {
          if (phaseOf(operation) !== phase) continue;
          if (operation.op === 'put') {
            const subnets = new Set(restatedSubnets(operation).map(idKey));
            for (const [subnet, links] of linksOf(store, subnets))
              if (!restated.has(subnet)) restated.set(subnet, links);
            put(operation, applying);
            deleted.delete(idKey(fieldOf(operation.resource, 'id') ?? ''));
          } else if (operation.op === 'delete') {
            remove(operation, applying);
            deleted.set(idKey(operation.id), change);
          } else associate(operation, applying);
        }
      }
    }
  }
  reconcileSubnetLists(store, restated);
  danglingReferences(store, deleted);
  return {
    collected: {
      ...current,
      resources: store.resources(),
      sourcesRead: [...current.sourcesRead, ...sets.map((s) => s.source)],
    },
    changes,
    errors,
    unknowns: changes.flatMap((c) => c.unknowns),
    notes: sets.flatMap((s) => s.notes),
  };
}
