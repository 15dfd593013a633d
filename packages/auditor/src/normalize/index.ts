/**
 * normalize: raw ARM resources (REST or flattened CLI/SDK shape) → the Inventory.
 *
 * - Resources are recognised by `type`, compared case-insensitively as ARM does; the canonical
 *   spelling is stored. Other types become one `unknown-type` note per type.
 * - A resource without `id` or `type` is an InputError naming its file and JSON pointer; a malformed
 *   field is an InputError naming the resource and the field; the rest is still read.
 * - The same id twice (ids compare case-insensitively): the first by origin (file, then pointer) is
 *   used and a `warning` note says so.
 * - Cross-references are made consistent from either side (route table ↔ subnet, NAT gateway ↔
 *   subnet / public IP / prefix, policy ↔ groups / children / firewalls, virtual network ↔ subnets).
 * - Every list of the inventory is sorted by `idKey`, so the result does not depend on input order.
 *
 * It runs in phases: classify (classify.ts), read each resource by its type (by-type.ts), then the
 * PHASES below in order over the draft (draft.ts), then the final order (order.ts). Adding a phase:
 * a `Phase` function, listed in PHASES where what it reads is ready.
 *
 * Pure: no I/O, no clock, no process.
 */
import type { Inventory } from '../model/inventory.ts';
import type { InputError, RawResource } from '../model/raw.ts';
import { attachMetrics, attachOutboundDependencies, mergeSubnets } from './attach.ts';
import { normalizeEach } from './by-type.ts';
import { classifyResources } from './classify.ts';
import { newDraft, type Phase } from './draft.ts';
import { linkFirewallPublicIps, linkNetworkAssociations, linkPolicies, linkVirtualNetworkSubnets } from './link.ts';
import { noteClustersWithoutSubnets } from './notes.ts';
import { orderInventory } from './order.ts';
import { findUnresolvedReferences } from './references.ts';

export { canonicalType, RESOURCE_TYPES, type ResourceType } from './resource-types.ts';

export interface NormalizeResult {
  inventory: Inventory;
  /** Input that could not be read as it is written (a field of the wrong kind, a resource without id). */
  errors: InputError[];
  /**
   * What the input lacks: references a verdict needs that resolve to no resource of the input, and an
   * input without clusters or firewalls (references.ts). Input gaps like `errors`, kept apart because
   * they are properties of the whole input, not of one resource.
   */
  unresolved: InputError[];
}

export interface NormalizeOptions {
  /** Ids the collector already reported as unreadable (a 404 on a reference): not reported again as missing. */
  alreadyUnavailable?: readonly string[];
}

/** After every resource is read, in this order. */
const PHASES: readonly Phase[] = [
  attachMetrics,
  attachOutboundDependencies,
  mergeSubnets,
  linkVirtualNetworkSubnets,
  linkNetworkAssociations,
  linkPolicies,
  linkFirewallPublicIps,
  noteClustersWithoutSubnets,
];

/** On the finished inventory, in its final order (what they report does not depend on input order). */
const CHECKS_OF_THE_WHOLE: readonly Phase[] = [findUnresolvedReferences];

export function normalizeResources(resources: RawResource[], options: NormalizeOptions = {}): NormalizeResult {
  const draft = newDraft(options.alreadyUnavailable);
  normalizeEach(classifyResources(resources, draft.errors, draft.notes), draft);
  for (const phase of PHASES) phase(draft);
  orderInventory(draft);
  for (const phase of CHECKS_OF_THE_WHOLE) phase(draft);
  return { inventory: draft.inventory, errors: draft.errors, unresolved: draft.unresolved };
}
