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
