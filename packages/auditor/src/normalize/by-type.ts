/**
 * The second phase: each accepted resource read by the normalizer of its type into the draft.
 * Adding a resource type: its entry in resource-types.ts, its normalizer in NORMALIZERS below (the
 * `satisfies` clause makes the compiler ask for it), its list in the Inventory (model/inventory.ts)
 * and in orderInventory (order.ts).
 */
import type { Inventory, Origin, ResourceBase, ServiceTag } from '../model/inventory.ts';
import {
  normalizeConnectedCluster,
  normalizeManagedCluster,
  normalizeOpenShiftCluster,
  normalizeOutboundDependencies,
  OUTBOUND_DEPENDENCIES_SUFFIX,
} from './clusters.ts';
import type { Accepted, Draft } from './draft.ts';
import { normalizeFirewall } from './firewall.ts';
import { normalizeFirewallPolicy, normalizeRuleCollectionGroup } from './firewall-policy.ts';
import {
  normalizeIpGroup,
  normalizeNatGateway,
  normalizePublicIp,
  normalizePublicIpPrefix,
  normalizeRouteTable,
  normalizeSubnet,
  normalizeVirtualNetwork,
} from './network.ts';
import { RESOURCE_TYPES, type ResourceType } from './resource-types.ts';
import type { ServiceTagShape, ServiceTagsShape } from './sdk-shapes.ts';
import { type Context, findKey, lastSegment, Obj, reportError } from './shape.ts';
import {
  normalizeHubRouteTable,
  normalizeHubVirtualNetworkConnection,
  normalizeRoutingIntent,
  normalizeVirtualHub,
  normalizeVirtualWan,
} from './virtual-wan.ts';

/** Reads one resource (`resource`, with its common fields in `base`) into the draft. */
type TypeNormalizer = (resource: Obj, base: ResourceBase, accepted: Accepted, draft: Draft) => void;

function normalizeServiceTags(resource: Obj<ServiceTagsShape>, origin: Origin): ServiceTag[] {
  const changeNumber = resource.str('changeNumber');
  return resource.list('values').flatMap((item) => {
    const value: Obj<ServiceTagShape> = item;
    const name = value.str('name');
    if (!name) return [];
    const region = value.str('region');
    return [
      {
        name,
        ...(region && { region }),
        addressPrefixes: value.strings('addressPrefixes'),
        ...(changeNumber && { changeNumber }),
        origin,
      },
    ];
  });
}

/** The lists of the inventory that hold resources. */
type ResourceList = {
  [K in keyof Inventory]: Inventory[K] extends ResourceBase[] ? K : never;
}[keyof Inventory];

/** A type whose normalizer's result goes to one list of the inventory, as it is. */
function into<K extends ResourceList>(
  list: K,
  normalize: (resource: Obj, base: ResourceBase) => Inventory[K][number],
): TypeNormalizer {
  return (resource, base, _, { inventory }) => {
    (inventory[list] as Inventory[K][number][]).push(normalize(resource, base));
  };
}

/** A metric item is no ARM resource (its name is an object): it waits for attachMetrics (attach.ts). */
const METRICS = RESOURCE_TYPES.metrics;

const NORMALIZERS = {
  [RESOURCE_TYPES.azureFirewalls]: (resource, base, _, { inventory, pending }) => {
    const { firewall, attachments } = normalizeFirewall(resource, base);
    inventory.firewalls.push(firewall);
    pending.firewallPublicIps.push(...attachments);
  },
  [RESOURCE_TYPES.firewallPolicies]: into('firewallPolicies', normalizeFirewallPolicy),
  [RESOURCE_TYPES.ruleCollectionGroups]: into('ruleCollectionGroups', normalizeRuleCollectionGroup),
  [RESOURCE_TYPES.ipGroups]: into('ipGroups', normalizeIpGroup),
  [RESOURCE_TYPES.publicIPAddresses]: into('publicIps', normalizePublicIp),
  [RESOURCE_TYPES.publicIPPrefixes]: into('publicIpPrefixes', normalizePublicIpPrefix),
  [RESOURCE_TYPES.natGateways]: into('natGateways', normalizeNatGateway),
  [RESOURCE_TYPES.routeTables]: into('routeTables', normalizeRouteTable),
  [RESOURCE_TYPES.virtualNetworks]: (resource, base, _, { inventory, pending }) => {
    const { virtualNetwork, subnets } = normalizeVirtualNetwork(resource, base);
    inventory.virtualNetworks.push(virtualNetwork);
    pending.embeddedSubnets.push(...subnets);
  },
  [RESOURCE_TYPES.subnets]: (resource, base, _, { pending }) => {
    pending.standaloneSubnets.push(normalizeSubnet(resource, base));
  },
  [RESOURCE_TYPES.virtualWans]: into('virtualWans', normalizeVirtualWan),
  [RESOURCE_TYPES.virtualHubs]: into('virtualHubs', normalizeVirtualHub),
  [RESOURCE_TYPES.hubVirtualNetworkConnections]: into(
    'hubVirtualNetworkConnections',
    normalizeHubVirtualNetworkConnection,
  ),
  [RESOURCE_TYPES.hubRouteTables]: into('hubRouteTables', normalizeHubRouteTable),
  [RESOURCE_TYPES.routingIntent]: into('routingIntents', normalizeRoutingIntent),
  [RESOURCE_TYPES.managedClusters]: into('clusters', normalizeManagedCluster),
  [RESOURCE_TYPES.openShiftClusters]: into('clusters', normalizeOpenShiftCluster),
  [RESOURCE_TYPES.connectedClusters]: into('clusters', normalizeConnectedCluster),
  [RESOURCE_TYPES.serviceTags]: (resource, _, accepted, { inventory }) => {
    inventory.serviceTags.push(...normalizeServiceTags(resource, accepted.raw.origin));
  },
  [RESOURCE_TYPES.outboundDependencies]: (resource, _, accepted, { pending }) => {
    pending.outboundDependencies.push({
      clusterId: accepted.id.slice(0, -OUTBOUND_DEPENDENCIES_SUFFIX.length),
      endpoints: normalizeOutboundDependencies(resource),
      origin: accepted.raw.origin,
    });
  },
} satisfies Record<Exclude<ResourceType, typeof METRICS>, TypeNormalizer>;

function baseOf(resource: Accepted, ctx: Context): ResourceBase {
  const { properties: _bag, ...top } = resource.raw.body;
  const own = new Obj(ctx, top, '');
  const base: ResourceBase = {
    id: resource.id,
    name: own.str('name') ?? lastSegment(resource.id),
    type: resource.type,
    tags: own.record('tags'),
    origin: resource.raw.origin,
  };
  const location = own.str('location');
  if (location !== undefined) base.location = location;
  return base;
}

/** Reads every accepted resource (in the order given) into the draft; malformed fields are InputErrors. */
export function normalizeEach(accepted: Accepted[], draft: Draft): void {
  for (const resource of accepted) {
    if (resource.type === METRICS) {
      draft.pending.metrics.push(resource);
      continue;
    }
    const ctx: Context = { resourceId: resource.id, origin: resource.raw.origin, errors: draft.errors };
    const bag = resource.raw.body[findKey(resource.raw.body, 'properties') ?? 'properties'];
    if (bag !== undefined && bag !== null && (typeof bag !== 'object' || Array.isArray(bag))) {
      reportError(ctx, 'properties must be an object');
    }
    NORMALIZERS[resource.type](new Obj(ctx, resource.raw.body, ''), baseOf(resource, ctx), resource, draft);
  }
}
