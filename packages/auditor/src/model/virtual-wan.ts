/**
 * Virtual WAN in the inventory: virtual WANs, virtual hubs and the hub's children (virtual network
 * connections, hub route tables, routing intent). The firewall of a secured hub is a Firewall
 * (inventory.ts) with `virtualHubId` and hub addresses.
 */
import type { ResourceBase } from './inventory.ts';

export interface VirtualWan extends ResourceBase {
  /** `Standard` or `Basic` (`properties.type`; the JavaScript SDK's `typePropertiesType`). */
  wanType?: string;
  allowBranchToBranchTraffic?: boolean;
}

export interface VirtualHub extends ResourceBase {
  virtualWanId?: string;
  addressPrefix?: string;
  /** The Azure Firewall deployed in the hub (a secured virtual hub). */
  azureFirewallId?: string;
  /** `Basic` or `Standard`. */
  sku?: string;
  /** Its VPN, ExpressRoute and point-to-site gateways: where on-premises routes come from. */
  gatewayIds: string[];
  routingState?: string;
  provisioningState?: string;
}

/** A static route of a hub virtual network connection: prefixes sent to an address in the connected VNet (an NVA). */
export interface HubVnetStaticRoute {
  name: string;
  addressPrefixes: string[];
  nextHopIpAddress?: string;
}

/** `Microsoft.Network/virtualHubs/hubVirtualNetworkConnections`: a spoke VNet connected to a virtual hub. */
export interface HubVirtualNetworkConnection extends ResourceBase {
  /** The hub the connection belongs to (derived from the connection's id). */
  virtualHubId: string;
  remoteVirtualNetworkId?: string;
  /**
   * "Propagate default route" (portal) / "internet security" (Firewall Manager): whether the connection
   * learns the hub's 0.0.0.0/0. Absent when the input does not say.
   */
  enableInternetSecurity?: boolean;
  /** The hub route table the connection is associated with; absent means the hub's defaultRouteTable. */
  associatedRouteTableId?: string;
  propagatedRouteTableIds: string[];
  propagatedLabels: string[];
  staticRoutes: HubVnetStaticRoute[];
  /** A route map applied to the routes the hub advertises to the connection: it may drop or change any of them. */
  outboundRouteMapId?: string;
  propagateStaticRoutes?: boolean;
  provisioningState?: string;
}

/** One route of a hub route table: `destinations` (CIDRs when `destinationType` is CIDR) to the resource `nextHop`. */
export interface HubRoute {
  name: string;
  /** `CIDR`, `ResourceId` or `Service`. */
  destinationType?: string;
  destinations: string[];
  /** `ResourceId`, `IPAddress`. */
  nextHopType?: string;
  nextHop?: string;
}

/** `Microsoft.Network/virtualHubs/hubRouteTables`, including the built-in defaultRouteTable and noneRouteTable. */
export interface HubRouteTable extends ResourceBase {
  virtualHubId: string;
  routes: HubRoute[];
  labels: string[];
  associatedConnectionIds: string[];
  propagatingConnectionIds: string[];
}

/** One policy of a hub's routing intent: `Internet` or `PrivateTraffic` destinations to one next hop resource. */
export interface RoutingPolicy {
  name: string;
  destinations: string[];
  nextHop?: string;
}

/** `Microsoft.Network/virtualHubs/routingIntent`: at most one per hub. */
export interface RoutingIntent extends ResourceBase {
  virtualHubId: string;
  routingPolicies: RoutingPolicy[];
}

const VIRTUAL_HUB_OF =
  /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.network\/virtualhubs\/[^/]+)\//i;

/** The virtual hub a hub child (connection, route table, routing intent) belongs to, from the child's id. */
export function virtualHubIdOf(childId: string): string | undefined {
  return VIRTUAL_HUB_OF.exec(childId)?.[1];
}

/**
 * The peering Virtual WAN creates on a spoke for its hub connection, `RemoteVnetToHubPeering_<guid>`, which
 * points at the hub's managed network in a Microsoft subscription (`HV_<hub>_<guid>`) that no customer
 * credential can read. (The name is how Azure Landing Zone review queries recognise these peerings.)
 */
export function isVirtualHubPeering(peering: { name?: unknown }): boolean {
  return typeof peering.name === 'string' && /^RemoteVnetToHubPeering/i.test(peering.name);
}
