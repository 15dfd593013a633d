/**
 * The ARM resource types the inventory models, in their canonical case. Adding a type: its entry
 * here, then its normalizer in by-type.ts (the compiler asks for it there).
 */
export const RESOURCE_TYPES = {
  azureFirewalls: 'Microsoft.Network/azureFirewalls',
  firewallPolicies: 'Microsoft.Network/firewallPolicies',
  ruleCollectionGroups: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  ipGroups: 'Microsoft.Network/ipGroups',
  publicIPAddresses: 'Microsoft.Network/publicIPAddresses',
  publicIPPrefixes: 'Microsoft.Network/publicIPPrefixes',
  natGateways: 'Microsoft.Network/natGateways',
  routeTables: 'Microsoft.Network/routeTables',
  virtualNetworks: 'Microsoft.Network/virtualNetworks',
  subnets: 'Microsoft.Network/virtualNetworks/subnets',
  virtualWans: 'Microsoft.Network/virtualWans',
  virtualHubs: 'Microsoft.Network/virtualHubs',
  hubVirtualNetworkConnections: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
  hubRouteTables: 'Microsoft.Network/virtualHubs/hubRouteTables',
  routingIntent: 'Microsoft.Network/virtualHubs/routingIntent',
  managedClusters: 'Microsoft.ContainerService/managedClusters',
  openShiftClusters: 'Microsoft.RedHatOpenShift/openShiftClusters',
  connectedClusters: 'Microsoft.Kubernetes/connectedClusters',
  /** Not an ARM resource: an AKS cluster's outboundNetworkDependenciesEndpoints response (see clusters.ts). */
  outboundDependencies: 'Microsoft.ContainerService/managedClusters/outboundNetworkDependenciesEndpoints',
  /** The Service Tags list (`GET …/locations/{location}/serviceTags`): one document holds every tag. */
  serviceTags: 'Microsoft.Network/serviceTags',
  /** Not an ARM resource: the items of an Azure Monitor metrics response (see metrics.ts). */
  metrics: 'Microsoft.Insights/metrics',
} as const;

export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

const CANONICAL_TYPES = new Map<string, ResourceType>(
  Object.values(RESOURCE_TYPES).map((t) => [t.toLowerCase(), t] as [string, ResourceType]),
);

/** The canonical spelling of a modelled ARM type, or undefined for types the inventory does not model. */
export function canonicalType(type: string): ResourceType | undefined {
  return CANONICAL_TYPES.get(type.trim().toLowerCase());
}

/**
 * A hub connection's id: ARM lists them under `hubVirtualNetworkConnections`, and some examples spell
 * the segment `virtualHubVnetConnections`. Neither the REST examples nor the CLI print a `type` for a
 * connection, so it is recognised by its id.
 */
const HUB_CONNECTION_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.network\/virtualhubs\/[^/]+\/(hubvirtualnetworkconnections|virtualhubvnetconnections)\/[^/]+\/?$/i;

/** The type of a resource that ARM gives no `type`, from its id. */
export function typeFromId(id: string): ResourceType | undefined {
  return HUB_CONNECTION_ID.test(id) ? RESOURCE_TYPES.hubVirtualNetworkConnections : undefined;
}
