/**
 * The normalized inventory: what the network *is*, as plain data, independent of whether it was
 * read from ARM JSON files or from Azure. Every object keeps its ARM id, its name and its origin.
 * ARM ids compare case-insensitively; `idKey` gives the form used for lookups.
 */

import type {
  HubRouteTable,
  HubVirtualNetworkConnection,
  RoutingIntent,
  VirtualHub,
  VirtualWan,
} from './virtual-wan.ts';

export type {
  HubRoute,
  HubRouteTable,
  HubVirtualNetworkConnection,
  HubVnetStaticRoute,
  RoutingIntent,
  RoutingPolicy,
  VirtualHub,
  VirtualWan,
} from './virtual-wan.ts';
export { isVirtualHubPeering, virtualHubIdOf } from './virtual-wan.ts';

/** Where an object came from: a file (and the position of the resource inside it) or a live read. */
export interface Origin {
  /** File path, relative to the input directory when read offline. */
  file?: string;
  /** JSON pointer of the resource inside the file (`/value/3`), when the file holds several. */
  pointer?: string;
  /** How it was read when it came from Azure: the request or query. */
  source?: string;
}

export interface ResourceBase {
  /** ARM id as given by Azure (original case). */
  id: string;
  name: string;
  /** ARM type in its canonical case, e.g. `Microsoft.Network/azureFirewalls`. */
  type: string;
  location?: string;
  tags: Record<string, string>;
  origin: Origin;
}

export interface SubResourceRef {
  id: string;
}

// ── Firewall rules, one model for Firewall Policy rule collection groups and classic rules ──

export type RuleKind = 'application' | 'network' | 'nat';
export type CollectionAction = 'Allow' | 'Deny' | 'Dnat';
export type IpProtocol = 'TCP' | 'UDP' | 'ICMP' | 'Any';
export type ApplicationProtocolType = 'Http' | 'Https' | 'Mssql';

export interface ApplicationProtocol {
  protocolType: ApplicationProtocolType;
  port: number;
}

export interface ApplicationRule {
  kind: 'application';
  name: string;
  description?: string;
  sourceAddresses: string[];
  sourceIpGroups: string[];
  protocols: ApplicationProtocol[];
  targetFqdns: string[];
  targetUrls: string[];
  fqdnTags: string[];
  webCategories: string[];
  destinationAddresses: string[];
  terminateTls: boolean;
}

export interface NetworkRule {
  kind: 'network';
  name: string;
  description?: string;
  ipProtocols: IpProtocol[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
  /** Addresses, CIDRs, ranges, `*`, or service tags such as `AzureCloud.eastus`. */
  destinationAddresses: string[];
  destinationIpGroups: string[];
  destinationFqdns: string[];
  /** Ports as written: `443`, `8000-8999`, `*`. */
  destinationPorts: string[];
}

export interface NatRule {
  kind: 'nat';
  name: string;
  description?: string;
  ipProtocols: IpProtocol[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
  destinationAddresses: string[];
  destinationPorts: string[];
  translatedAddress?: string;
  translatedFqdn?: string;
  translatedPort?: string;
}

export type FirewallRule = ApplicationRule | NetworkRule | NatRule;

export interface RuleCollection {
  name: string;
  priority: number;
  /** `Allow`/`Deny` for filter collections, `Dnat` for NAT collections. */
  action: CollectionAction;
  /** The rule kind of a classic collection; policy collections may mix application and network rules. */
  rules: FirewallRule[];
}

export interface RuleCollectionGroup extends ResourceBase {
  /** ARM id of the owning Firewall Policy (derived from the group's id). */
  policyId: string;
  priority: number;
  collections: RuleCollection[];
}

export interface FirewallPolicy extends ResourceBase {
  basePolicyId?: string;
  childPolicyIds: string[];
  firewallIds: string[];
  ruleCollectionGroupIds: string[];
  skuTier?: string;
  threatIntelMode?: string;
  threatIntelWhitelist: { ipAddresses: string[]; fqdns: string[] };
  /**
   * `dnsSettings.enableProxy` as the policy writes it; absent when the policy does not set it, and then
   * it inherits its parent's ("A child policy inherits all parent policy DNS settings, but it can
   * override the parent policy", https://learn.microsoft.com/azure/firewall/dns-settings#policy-inheritance).
   */
  dnsProxyEnabled?: boolean;
  dnsServers: string[];
  intrusionDetectionMode?: string;
  tlsInspectionEnabled: boolean;
  explicitProxyEnabled: boolean;
  snatPrivateRanges: string[];
  snatAutoLearn?: boolean;
}

export interface FirewallIpConfiguration {
  name: string;
  privateIpAddress?: string;
  subnetId?: string;
  publicIpAddressId?: string;
}

export interface Firewall extends ResourceBase {
  skuName?: string;
  skuTier?: string;
  threatIntelMode?: string;
  policyId?: string;
  zones: string[];
  ipConfigurations: FirewallIpConfiguration[];
  /** Forced-tunnelling / Basic SKU management configuration: its public IP serves no SNAT. */
  managementIpConfiguration?: FirewallIpConfiguration;
  /** Secured virtual hub (AZFW_Hub): addresses come from the hub, not from ip configurations. */
  virtualHubId?: string;
  hubPrivateIpAddress?: string;
  hubPublicIpAddresses: string[];
  hubPublicIpCount?: number;
  /** Classic rules (no Firewall Policy), in the same shape as policy rule collections. */
  classicCollections: { application: RuleCollection[]; network: RuleCollection[]; nat: RuleCollection[] };
  /** `additionalProperties` of a classic firewall, such as `Network.DNS.EnableProxy`. */
  additionalProperties: Record<string, string>;
  provisioningState?: string;
  /**
   * Azure Monitor's `SNATPortUtilization` (percent of the firewall's SNAT ports in use) over the window
   * read, when the metric was read (live, or a metrics response in the input).
   */
  snatPortUtilization?: MetricSummary;
}

/** One Azure Monitor metric of a resource over a window: what a check needs of its time series. */
export interface MetricSummary {
  /** The highest `maximum` of the time series' points. */
  maximum?: number;
  /** The mean of the points' `average`. */
  average?: number;
  /** ISO times of the first and last point. */
  from?: string;
  to?: string;
  /** Points with a value: none means the metric was read but had no data in the window. */
  points: number;
  origin: Origin;
}

export interface IpGroup extends ResourceBase {
  ipAddresses: string[];
}

export interface PublicIp extends ResourceBase {
  ipAddress?: string;
  skuName?: string;
  allocationMethod?: string;
  ipVersion?: string;
  prefixId?: string;
  natGatewayId?: string;
  /** The ip configuration that uses this address (ARM id), when any. */
  attachedToId?: string;
}

export interface PublicIpPrefix extends ResourceBase {
  ipPrefix?: string;
  prefixLength?: number;
  natGatewayId?: string;
}

export interface NatGateway extends ResourceBase {
  publicIpAddressIds: string[];
  publicIpPrefixIds: string[];
  subnetIds: string[];
  idleTimeoutInMinutes?: number;
}

export type NextHopType = 'VirtualAppliance' | 'Internet' | 'VirtualNetworkGateway' | 'VnetLocal' | 'None';

export interface Route {
  name: string;
  addressPrefix: string;
  nextHopType: NextHopType | string;
  nextHopIpAddress?: string;
  /**
   * Why the route could not be read (a missing prefix or next hop): kept rather than dropped, so the
   * routes it may win make the verdict unknown instead of falling to the system default route.
   */
  unreadable?: string;
}

export interface RouteTable extends ResourceBase {
  routes: Route[];
  subnetIds: string[];
  disableBgpRoutePropagation: boolean;
}

export interface Subnet extends ResourceBase {
  virtualNetworkId: string;
  addressPrefixes: string[];
  routeTableId?: string;
  natGatewayId?: string;
  networkSecurityGroupId?: string;
  defaultOutboundAccess?: boolean;
}

export interface VirtualNetworkPeering {
  name: string;
  remoteVirtualNetworkId?: string;
  peeringState?: string;
  allowForwardedTraffic: boolean;
  useRemoteGateways: boolean;
  /**
   * The remote virtual network's address space as the peering reports it (`remoteAddressSpace`), so the
   * peering's system route is known even when the remote virtual network is not in the input.
   */
  remoteAddressPrefixes?: string[];
}

export interface VirtualNetwork extends ResourceBase {
  addressPrefixes: string[];
  subnetIds: string[];
  peerings: VirtualNetworkPeering[];
  dnsServers: string[];
}

// ── Clusters: the facts ARM shows; what they imply is the rules package's knowledge ──

export type ClusterKind = 'aks' | 'aro' | 'arc';

export interface NodePool {
  name: string;
  vmSize?: string;
  osType?: string;
  osSku?: string;
  mode?: string;
  count?: number;
  subnetId?: string;
  podSubnetId?: string;
  enableNodePublicIp: boolean;
}

export interface Cluster extends ResourceBase {
  kind: ClusterKind;
  provisioningState?: string;
  kubernetesVersion?: string;
  /** Subnets the cluster egresses from: AKS node pool subnets and pod subnets (Azure CNI), ARO master and worker subnets. */
  egressSubnetIds: string[];
  /** Egress source ranges declared for clusters outside Azure (Arc: tag or CLI option). */
  declaredEgressCidrs: string[];
  /** AKS `outboundType`, ARO `networkProfile.outboundType`. */
  outboundType?: string;
  networkPlugin?: string;
  networkPluginMode?: string;
  podCidrs: string[];
  serviceCidrs: string[];
  dnsServiceIp?: string;
  nodePools: NodePool[];
  apiServer: {
    private: boolean;
    fqdn?: string;
    privateFqdn?: string;
    authorizedIpRanges: string[];
    /** ARO: the API server URL / visibility. */
    url?: string;
    ip?: string;
  };
  /** AKS add-on profiles by name (case preserved), enabled flag and config. */
  addons: Record<string, { enabled: boolean; config: Record<string, string> }>;
  /** Other documented switches read from the resource: workloadIdentity, defender, imageCleaner, … */
  flags: Record<string, boolean>;
  /** ARO: the cluster's domain (`spec.clusterProfile.domain`) and its ingress visibility. */
  domain?: string;
  /** Arc: distribution, infrastructure, gateway resource id when an Arc gateway is used. */
  distribution?: string;
  infrastructure?: string;
  arcGatewayId?: string;
  /** AKS: the cluster's own outboundNetworkDependenciesEndpoints response, when the input holds it. */
  outboundDependencies?: { endpoints: OutboundDependency[]; origin: Origin };
}

/** One endpoint of an AKS cluster's `outboundNetworkDependenciesEndpoints` API response. */
export interface OutboundDependency {
  category: string;
  domainName: string;
  port?: number;
  /** As the API writes it: `Https`, `Http`, `TCP`, `UDP`. */
  protocol?: string;
  description?: string;
}

/** A cluster with nothing known beyond its identity; normalizers and builders fill in what they know. */
export function emptyCluster(base: ResourceBase, kind: ClusterKind): Cluster {
  return {
    ...base,
    kind,
    egressSubnetIds: [],
    declaredEgressCidrs: [],
    podCidrs: [],
    serviceCidrs: [],
    nodePools: [],
    apiServer: { private: false, authorizedIpRanges: [] },
    addons: {},
    flags: {},
  };
}

/** Something the audit needed but could not read. Never reported as empty. */
export interface Unavailable {
  /** What could not be read: a resource id, a list operation, a file. */
  what: string;
  resourceId?: string;
  file?: string;
  cause: string;
}

export interface InventoryNote {
  kind: 'unknown-type' | 'ignored' | 'assumption' | 'warning';
  message: string;
  file?: string;
  resourceId?: string;
}

export interface Inventory {
  firewalls: Firewall[];
  firewallPolicies: FirewallPolicy[];
  ruleCollectionGroups: RuleCollectionGroup[];
  ipGroups: IpGroup[];
  publicIps: PublicIp[];
  publicIpPrefixes: PublicIpPrefix[];
  natGateways: NatGateway[];
  routeTables: RouteTable[];
  virtualNetworks: VirtualNetwork[];
  subnets: Subnet[];
  virtualWans: VirtualWan[];
  virtualHubs: VirtualHub[];
  hubVirtualNetworkConnections: HubVirtualNetworkConnection[];
  hubRouteTables: HubRouteTable[];
  routingIntents: RoutingIntent[];
  clusters: Cluster[];
  serviceTags: ServiceTag[];
  unavailable: Unavailable[];
  notes: InventoryNote[];
}

/** A service tag's address prefixes, from the Service Tags list API (`Microsoft.Network/serviceTags`). */
export interface ServiceTag {
  /** `AzureCloud`, `AzureCloud.eastus`, … as rules write it. */
  name: string;
  region?: string;
  addressPrefixes: string[];
  /** The list's change number, so a report can say how current the data was. */
  changeNumber?: string;
  origin: Origin;
}

/** The form of an ARM id used for lookups: ARM compares ids case-insensitively. */
export function idKey(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}

export function emptyInventory(): Inventory {
  return {
    firewalls: [],
    firewallPolicies: [],
    ruleCollectionGroups: [],
    ipGroups: [],
    publicIps: [],
    publicIpPrefixes: [],
    natGateways: [],
    routeTables: [],
    virtualNetworks: [],
    subnets: [],
    virtualWans: [],
    virtualHubs: [],
    hubVirtualNetworkConnections: [],
    hubRouteTables: [],
    routingIntents: [],
    clusters: [],
    serviceTags: [],
    unavailable: [],
    notes: [],
  };
}
