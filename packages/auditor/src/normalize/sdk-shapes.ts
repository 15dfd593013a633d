/**
 * The flattened shape of each modelled resource, as the Azure SDK for JavaScript types it: the
 * normalizers read `Obj<Shape>` (shape.ts), so a field they read that the SDK renames or drops fails
 * the type check on the SDK upgrade, instead of reading as "absent" at run time.
 *
 * Type-only: every import here is `import type`, erased before Node runs the file, so the SDK model
 * packages are development dependencies (the type check and the contract test
 * `collect/azure/sdk-shape-contract.test.ts`, which reads the REST examples through the SDK clients and
 * normalizes both). At run time resources are read as raw ARM JSON (collect/azure/arm-reader.ts says
 * why). `exports.test.ts` fails if anything reachable from the pure API imports an Azure SDK other
 * than by `import type`; biome.json lets this one file of `normalize/` name the two packages.
 *
 * Where the normalizer reads a field the SDK does not model, the shape adds it here, with the
 * api-version that has it: that list is what the SDK does not vouch for.
 * Microsoft.RedHatOpenShift and Microsoft.Kubernetes/connectedClusters have no SDK shape: no
 * maintained JavaScript SDK models ARO, and `@azure/arm-hybridkubernetes` (2.1.0, the newest) models
 * api-version 2021-10-01, which lacks six of the nine fields read (gateway, privateLinkState,
 * securityProfile, oidcIssuerProfile, aadProfile, arcAgentProfile). Their normalizers read `Obj`
 * untyped, tested against the REST examples only.
 */
import type {
  ManagedCluster,
  ManagedClusterAgentPoolProfile,
  OutboundEnvironmentEndpoint,
} from '@azure/arm-containerservice';
import type {
  ApplicationRule,
  AzureFirewall,
  AzureFirewallApplicationRule,
  AzureFirewallIPConfiguration,
  AzureFirewallNatRule,
  AzureFirewallNetworkRule,
  FirewallPolicy,
  FirewallPolicyFilterRuleCollection,
  FirewallPolicyNatRuleCollection,
  FirewallPolicyRuleCollectionGroup,
  HubRouteTable,
  HubVirtualNetworkConnection,
  IpGroup,
  NatGateway,
  NatRule,
  NetworkRule,
  PublicIPAddress,
  PublicIPPrefix,
  RouteTable,
  RoutingIntent,
  ServiceTagInformation,
  ServiceTagInformationPropertiesFormat,
  ServiceTagsListResult,
  Subnet,
  VirtualHub,
  VirtualNetwork,
  VirtualNetworkPeering,
  VirtualWAN,
} from '@azure/arm-network';

export type FirewallShape = AzureFirewall;
export type FirewallIpConfigurationShape = AzureFirewallIPConfiguration;
export type FirewallPolicyShape = FirewallPolicy;
export type RuleCollectionGroupShape = FirewallPolicyRuleCollectionGroup;
export type PolicyRuleCollectionShape = FirewallPolicyFilterRuleCollection | FirewallPolicyNatRuleCollection;
/** A classic rule collection of any kind (`applicationRuleCollections`, `networkRuleCollections`, `natRuleCollections`). */
export type ClassicRuleCollectionShape = NonNullable<
  | AzureFirewall['applicationRuleCollections']
  | AzureFirewall['networkRuleCollections']
  | AzureFirewall['natRuleCollections']
>[number];
/** An application rule, classic or in a policy: the normalizer reads both with one function. */
export type ApplicationRuleShape = AzureFirewallApplicationRule | ApplicationRule;
export type NetworkRuleShape = AzureFirewallNetworkRule | NetworkRule;
export type NatRuleShape = AzureFirewallNatRule | NatRule;
export type AnyRuleShape = ApplicationRuleShape | NetworkRuleShape | NatRuleShape;

export type IpGroupShape = IpGroup;
export type PublicIpShape = PublicIPAddress;
export type PublicIpPrefixShape = PublicIPPrefix;
export type NatGatewayShape = NatGateway;
export type RouteTableShape = RouteTable;
export type SubnetShape = Subnet;
export type VirtualNetworkShape = VirtualNetwork;
export type VirtualNetworkPeeringShape = VirtualNetworkPeering;
/**
 * Virtual WAN. The SDK names the WAN's `properties.type` (Standard, Basic) `typePropertiesType`, as
 * `type` is the resource type once the bag is hoisted.
 */
export type VirtualWanShape = VirtualWAN;
export type VirtualHubShape = VirtualHub;
export type HubVirtualNetworkConnectionShape = HubVirtualNetworkConnection;
export type HubRouteTableShape = HubRouteTable;
export type RoutingIntentShape = RoutingIntent;
/**
 * The Service Tags list. Its items keep their `properties` bag in the SDK too (the SDK flattens
 * resources, not this list): an item is read through its bag, as `Obj` looks there first.
 */
export type ServiceTagsShape = ServiceTagsListResult;
export type ServiceTagShape = ServiceTagInformation & ServiceTagInformationPropertiesFormat;

/** Partial: ARM marks `location` required, but an input file may lack anything (the normalizer reports it). */
export type ManagedClusterShape = Partial<ManagedCluster>;
export type AgentPoolShape = ManagedClusterAgentPoolProfile;
/** The `outboundNetworkDependenciesEndpoints` response: a list of categories. */
export interface OutboundDependenciesShape {
  value?: OutboundEnvironmentEndpoint[];
}
