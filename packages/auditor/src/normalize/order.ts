/** Deterministic order: of raw resources by origin, of every list of the inventory by id. */
import { compareText } from '../model/compare.ts';
import { idKey, type Origin, type ServiceTag } from '../model/inventory.ts';
import type { Draft } from './draft.ts';

/** JSON pointers segment by segment, array indexes numerically (`/10` after `/9`). */
function comparePointers(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return compareText(x, y);
  }
  return pa.length - pb.length;
}

export function compareOrigins(a: Origin, b: Origin): number {
  return (
    compareText(a.file ?? '', b.file ?? '') ||
    comparePointers(a.pointer ?? '', b.pointer ?? '') ||
    compareText(a.source ?? '', b.source ?? '')
  );
}

export function describeOrigin(origin: Origin): string {
  if (origin.file !== undefined) return `${origin.file}${origin.pointer ? ` at ${origin.pointer}` : ''}`;
  return origin.source ?? 'an unnamed source';
}

export function byIdKey<T extends { id: string; origin: Origin }>(a: T, b: T): number {
  return compareText(idKey(a.id), idKey(b.id)) || compareOrigins(a.origin, b.origin);
}

/**
 * The last step: every list sorted by idKey, so the result does not depend on input order; service
 * tags, which several regions' lists repeat, keep the first of each name; notes by kind, resource and
 * message; errors by file (stable: within a file, in the order resources and fields were read).
 */
export function orderInventory({ inventory, notes, errors }: Draft): void {
  inventory.firewalls.sort(byIdKey);
  inventory.firewallPolicies.sort(byIdKey);
  inventory.ruleCollectionGroups.sort(byIdKey);
  inventory.ipGroups.sort(byIdKey);
  inventory.publicIps.sort(byIdKey);
  inventory.publicIpPrefixes.sort(byIdKey);
  inventory.natGateways.sort(byIdKey);
  inventory.routeTables.sort(byIdKey);
  inventory.virtualNetworks.sort(byIdKey);
  inventory.subnets.sort(byIdKey);
  inventory.virtualWans.sort(byIdKey);
  inventory.virtualHubs.sort(byIdKey);
  inventory.hubVirtualNetworkConnections.sort(byIdKey);
  inventory.hubRouteTables.sort(byIdKey);
  inventory.routingIntents.sort(byIdKey);
  inventory.clusters.sort(byIdKey);
  const tags = new Map<string, ServiceTag>();
  for (const tag of inventory.serviceTags) if (!tags.has(tag.name.toLowerCase())) tags.set(tag.name.toLowerCase(), tag);
  inventory.serviceTags = [...tags.values()].sort((a, b) => compareText(a.name, b.name));
  inventory.notes = notes.sort(
    (a, b) =>
      compareText(a.kind, b.kind) ||
      compareText(idKey(a.resourceId ?? ''), idKey(b.resourceId ?? '')) ||
      compareText(a.message, b.message),
  );
  errors.sort((a, b) => compareText(a.file ?? '', b.file ?? ''));
}
