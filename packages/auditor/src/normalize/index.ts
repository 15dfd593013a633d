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
import { emptyInventory, type Inventory } from '../model/inventory.ts';
import type { InputError, RawResource } from '../model/raw.ts';
import { attachMetrics, attachOutboundDependencies, mergeSubnets } from './attach.ts';
import { normalizeEach } from './by-type.ts';
import { classifyResources } from './classify.ts';
import type { Draft, Phase } from './draft.ts';
import { linkFirewallPublicIps, linkNetworkAssociations, linkPolicies, linkVirtualNetworkSubnets } from './link.ts';
import { noteClustersWithoutSubnets } from './notes.ts';
import { orderInventory } from './order.ts';

export { canonicalType, RESOURCE_TYPES, type ResourceType } from './resource-types.ts';

export interface NormalizeResult {
  inventory: Inventory;
  errors: InputError[];
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

export function normalizeResources(resources: RawResource[]): NormalizeResult {
  const draft: Draft = {
    inventory: emptyInventory(),
    notes: [],
    errors: [],
    pending: {
      standaloneSubnets: [],
      embeddedSubnets: [],
      firewallPublicIps: [],
      outboundDependencies: [],
      metrics: [],
    },
  };
  normalizeEach(classifyResources(resources, draft.errors, draft.notes), draft);
  for (const phase of PHASES) phase(draft);
  orderInventory(draft);
  return { inventory: draft.inventory, errors: draft.errors };
}
