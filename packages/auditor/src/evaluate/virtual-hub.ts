/**
 * What a spoke virtual network learns from the Virtual WAN hub it is connected to, as learned routes
 * (learned-routes.ts). The documented behaviour this follows:
 *
 * - Routing intent (how-to-routing-policies.md, about-internet-routing.md): an Internet policy makes
 *   the hub advertise 0.0.0.0/0 → its next hop to the connections whose "propagate default route" /
 *   "enable internet security" (`enableInternetSecurity`) is true, and to no other; a PrivateTraffic
 *   policy sends the RFC 1918 aggregates (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) and the other
 *   static routes of the defaultRouteTable (the additional private prefixes; 0.0.0.0/0 there is the
 *   forced-tunnel mode) to its next hop, and every connection propagates to the noneRouteTable, so
 *   spokes learn no other spoke directly. With an Internet policy alone, connections propagate to the
 *   default label: spokes reach each other directly through the hub.
 * - Without routing intent (static-routes-firewall-basic.md, about-virtual-hub-routing.md): a
 *   connection learns the routes of the hub route table it is associated with (the defaultRouteTable
 *   unless set otherwise): its static routes, the 0.0.0.0/0 among them only with
 *   `enableInternetSecurity`, and the prefixes of the connections that propagate to it (by id or
 *   label; a connection with no label propagates to the `default` label). A static route beats a
 *   propagated route of the same prefix.
 * - Virtual WAN cannot program a route in a spoke that is as specific as, or more specific than, the
 *   spoke's own address space (about-virtual-hub-routing.md, "Additional considerations").
 * - A next hop that is not an Azure Firewall (an NVA or security SaaS in the hub, an NVA behind a
 *   spoke connection) is named, never taken as the Internet: what it allows is not visible here.
 * - A VNet with the peering a hub connection creates (`RemoteVnetToHubPeering_…`) but no connection in
 *   the input learns what the input does not say: its default route is unknown.
 *
 * Pure: no I/O.
 */
import {
  type HubRouteTable,
  type HubVirtualNetworkConnection,
  type Inventory,
  idKey,
  isVirtualHubPeering,
  type RoutingIntent,
  type VirtualHub,
  type VirtualNetwork,
} from '../model/inventory.ts';
import { parseAddressSpec, rangeContainment } from './addresses.ts';
import type { LearnedNextHop, LearnedRoute } from './learned-routes.ts';

/** The RFC 1918 aggregates a PrivateTraffic routing policy sends to its next hop (`_policy_PrivateTraffic`). */
export const PRIVATE_TRAFFIC_PREFIXES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;
const DEFAULT_ROUTE = '0.0.0.0/0';

const PROVIDER_TYPE = /\/providers\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+))?\/?$/i;

export function defaultRouteTableIdOf(hubId: string): string {
  return `${hubId}/hubRouteTables/defaultRouteTable`;
}

const lastName = (id: string) => id.replace(/\/+$/, '').split('/').at(-1) ?? id;
const sameId = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && idKey(a) === idKey(b);

/** The hub connections whose remote network is this VNet (a VNet connects to one hub; the input may hold more). */
export function hubConnectionsOf(inventory: Inventory, virtualNetworkId: string): HubVirtualNetworkConnection[] {
  return inventory.hubVirtualNetworkConnections.filter((c) => sameId(c.remoteVirtualNetworkId, virtualNetworkId));
}

/** The connection of this VNet to this hub, if any. */
export function hubConnectionOf(
  inventory: Inventory,
  virtualNetworkId: string,
  hubId: string,
): HubVirtualNetworkConnection | undefined {
  return hubConnectionsOf(inventory, virtualNetworkId).find((c) => sameId(c.virtualHubId, hubId));
}

export function virtualHubOf(inventory: Inventory, hubId: string): VirtualHub | undefined {
  return inventory.virtualHubs.find((h) => sameId(h.id, hubId));
}

export function routingIntentOf(inventory: Inventory, hubId: string): RoutingIntent | undefined {
  return inventory.routingIntents.find((r) => sameId(r.virtualHubId, hubId));
}

export function hubRouteTableOf(inventory: Inventory, tableId: string): HubRouteTable | undefined {
  return inventory.hubRouteTables.find((t) => sameId(t.id, tableId));
}

/** The Azure Firewall deployed in a hub: named by the hub, or naming the hub. */
export function hubFirewallOf(inventory: Inventory, hubId: string) {
  const named = virtualHubOf(inventory, hubId)?.azureFirewallId;
  return inventory.firewalls.find((f) => sameId(f.id, named) || sameId(f.virtualHubId, hubId));
}

/** A routing policy's kind from its destinations (`Internet`, `PrivateTraffic`, compared as ARM does). */
export function routingPolicyFor(intent: RoutingIntent, destination: 'Internet' | 'PrivateTraffic') {
  return intent.routingPolicies.find((p) => p.destinations.some((d) => d.toLowerCase() === destination.toLowerCase()));
}

/** The route table a connection is associated with (without routing intent). */
export function associatedRouteTableIdOf(inventory: Inventory, connection: HubVirtualNetworkConnection): string {
  if (connection.associatedRouteTableId) return connection.associatedRouteTableId;
  const listing = inventory.hubRouteTables.find((t) =>
    t.associatedConnectionIds.some((id) => sameId(id, connection.id)),
  );
  return listing?.id ?? defaultRouteTableIdOf(connection.virtualHubId);
}

/** What a next hop resource id of a routing policy or hub route is. */
export function nextHopOf(inventory: Inventory, resourceId: string | undefined): LearnedNextHop {
  if (!resourceId) return { kind: 'unknown', reason: 'the route names no next hop' };
  const m = PROVIDER_TYPE.exec(resourceId);
  const type = m ? `${m[1]}/${m[2]}${m[4] ? `/${m[4]}` : ''}`.toLowerCase() : '';
  const name = lastName(resourceId);
  if (type === 'microsoft.network/azurefirewalls') {
    const firewall = inventory.firewalls.find((f) => sameId(f.id, resourceId));
    return firewall
      ? { kind: 'firewall', firewallId: firewall.id }
      : { kind: 'unknown', reason: `the next hop, Azure Firewall ${name} (${resourceId}), is not in the input` };
  }
  if (
    type === 'microsoft.network/virtualhubs/hubvirtualnetworkconnections' ||
    type === 'microsoft.network/virtualhubs/virtualhubvnetconnections'
  ) {
    const connection = inventory.hubVirtualNetworkConnections.find((c) => sameId(c.id, resourceId));
    const where = connection?.remoteVirtualNetworkId ? ` in ${lastName(connection.remoteVirtualNetworkId)}` : '';
    return { kind: 'appliance', name: `the appliance behind hub connection ${name}${where}`, resourceId };
  }
  if (type === 'microsoft.network/networkvirtualappliances')
    return { kind: 'appliance', name: `network virtual appliance ${name}`, resourceId };
  return { kind: 'appliance', name: `${m ? `${m[1]}/${m[2]}` : 'resource'} ${name}`, resourceId };
}

function ranges(prefix: string) {
  const spec = parseAddressSpec(prefix);
  if (spec.kind === 'any') return [[0, 0xffffffff] as const];
  return spec.kind === 'ranges' ? spec.ranges : [];
}

/** A prefix inside one of the VNet's own address prefixes: Virtual WAN cannot program it there. */
function insideVnet(prefix: string, vnet: VirtualNetwork | undefined): boolean {
  const own = ranges(prefix);
  return own.length > 0 && (vnet?.addressPrefixes ?? []).some((p) => rangeContainment(ranges(p), own) === 'all');
}

/** The default route reaches a connection only with `enableInternetSecurity`; unknown when the input does not say. */
function gateDefaultRoute(connection: HubVirtualNetworkConnection, route: LearnedRoute): LearnedRoute[] {
  if (connection.enableInternetSecurity === true) return [route];
  if (connection.enableInternetSecurity === false) return [];
  return [
    {
      ...route,
      nextHop: {
        kind: 'unknown',
        reason: `whether hub connection ${connection.name} learns the hub's default route (enableInternetSecurity) is not in the input`,
      },
    },
  ];
}

function unknownRoutes(connection: HubVirtualNetworkConnection, reason: string, origin: string): LearnedRoute[] {
  const unknown = (addressPrefix: string): LearnedRoute => ({
    addressPrefix,
    nextHop: { kind: 'unknown', reason },
    origin,
    resourceId: connection.id,
  });
  return [...gateDefaultRoute(connection, unknown(DEFAULT_ROUTE)), ...PRIVATE_TRAFFIC_PREFIXES.map((p) => unknown(p))];
}

/** The static routes of a hub route table as learned routes (0.0.0.0/0 only with internet security). */
function staticRoutesOf(
  inventory: Inventory,
  connection: HubVirtualNetworkConnection,
  table: HubRouteTable,
  skip: (routeName: string) => boolean,
): LearnedRoute[] {
  return table.routes.flatMap((route) => {
    if (skip(route.name)) return [];
    if (route.destinationType && route.destinationType.toLowerCase() !== 'cidr') return [];
    const nextHop = nextHopOf(inventory, route.nextHop);
    const origin = `hub route table ${table.name} / ${route.name}`;
    return route.destinations.flatMap((addressPrefix) => {
      const learned: LearnedRoute = { addressPrefix, nextHop, origin, resourceId: table.id };
      return parseAddressSpec(addressPrefix).kind === 'any' ? gateDefaultRoute(connection, learned) : [learned];
    });
  });
}

function labelsOf(connection: HubVirtualNetworkConnection): string[] {
  if (connection.propagatedLabels.length > 0) return connection.propagatedLabels.map((l) => l.toLowerCase());
  const toNone = connection.propagatedRouteTableIds.some((id) => /\/noneRouteTable$/i.test(id));
  return toNone ? [] : ['default'];
}

/** A table's labels, lower-cased; the defaultRouteTable has the built-in label `default`. */
function tableLabels(table: HubRouteTable): string[] {
  const labels = table.labels.map((l) => l.toLowerCase());
  return /^defaultRouteTable$/i.test(table.name) && !labels.includes('default') ? [...labels, 'default'] : labels;
}

function sameWan(inventory: Inventory, hubA: string, hubB: string): boolean {
  const a = virtualHubOf(inventory, hubA)?.virtualWanId;
  const b = virtualHubOf(inventory, hubB)?.virtualWanId;
  return a === undefined || b === undefined || idKey(a) === idKey(b);
}

/** Prefixes other connections propagate to this table: their VNets', and their static routes when propagated. */
function propagatedRoutesOf(
  inventory: Inventory,
  connection: HubVirtualNetworkConnection,
  table: { id: string; name: string; labels: string[] },
): LearnedRoute[] {
  const labels = table.labels;
  const out: LearnedRoute[] = [];
  for (const other of inventory.hubVirtualNetworkConnections) {
    if (sameId(other.id, connection.id)) continue;
    const byId = other.propagatedRouteTableIds.some((id) => sameId(id, table.id));
    const byLabel =
      labelsOf(other).some((l) => labels.includes(l)) &&
      sameWan(inventory, other.virtualHubId, connection.virtualHubId);
    if (!byId && !byLabel) continue;
    const vnet = inventory.virtualNetworks.find((v) => sameId(v.id, other.remoteVirtualNetworkId));
    const origin = `hub connection ${other.name} (propagated to ${table.name})`;
    for (const addressPrefix of vnet?.addressPrefixes ?? [])
      out.push({
        addressPrefix,
        nextHop: { kind: 'virtual-hub', hubId: other.virtualHubId },
        origin,
        resourceId: other.id,
      });
    if (other.propagateStaticRoutes === false) continue;
    // "All information pertaining to 0.0.0.0/0 route is confined to a local hub's route table"
    // (about-virtual-hub-routing.md), and reaches a connection only with internet security.
    const sameHub = sameId(other.virtualHubId, connection.virtualHubId);
    for (const route of other.staticRoutes)
      for (const addressPrefix of route.addressPrefixes) {
        const isDefault = parseAddressSpec(addressPrefix).kind === 'any';
        if (isDefault && !sameHub) continue;
        const learned: LearnedRoute = {
          addressPrefix,
          nextHop: {
            kind: 'appliance',
            name: `the appliance at ${route.nextHopIpAddress ?? '(no address)'} behind hub connection ${other.name}`,
            resourceId: other.id,
          },
          origin: `hub connection ${other.name} / static route ${route.name}`,
          resourceId: other.id,
        };
        out.push(...(isDefault ? gateDefaultRoute(connection, learned) : [learned]));
      }
  }
  return out;
}

/**
 * A hub with VPN or ExpressRoute gateways learns on-premises routes from them, which the audit does not
 * read: where no static route or policy decides a private range, where it leads is unknown.
 */
function onPremisesRoutes(inventory: Inventory, connection: HubVirtualNetworkConnection, decided: Set<string>) {
  const hub = virtualHubOf(inventory, connection.virtualHubId);
  if (!hub || hub.gatewayIds.length === 0) return [];
  const reason = `virtual hub ${hub.name} has gateways (${hub.gatewayIds.map(lastName).join(', ')}); the on-premises routes it learns from them are not read`;
  return PRIVATE_TRAFFIC_PREFIXES.filter((p) => !decided.has(p)).map(
    (addressPrefix): LearnedRoute => ({
      addressPrefix,
      nextHop: { kind: 'unknown', reason },
      origin: `virtual hub ${hub.name} gateways`,
      resourceId: hub.id,
    }),
  );
}

function routingIntentRoutes(
  inventory: Inventory,
  connection: HubVirtualNetworkConnection,
  intent: RoutingIntent,
): LearnedRoute[] {
  const hubName = lastName(connection.virtualHubId);
  const internet = routingPolicyFor(intent, 'Internet');
  const privateTraffic = routingPolicyFor(intent, 'PrivateTraffic');
  const origin = (policy: string) => `virtual hub ${hubName} / routing intent ${intent.name} / ${policy}`;
  const out: LearnedRoute[] = [];
  if (internet)
    out.push(
      ...gateDefaultRoute(connection, {
        addressPrefix: DEFAULT_ROUTE,
        nextHop: nextHopOf(inventory, internet.nextHop),
        origin: origin(internet.name),
        resourceId: intent.id,
      }),
    );
  if (privateTraffic) {
    const nextHop = nextHopOf(inventory, privateTraffic.nextHop);
    for (const addressPrefix of PRIVATE_TRAFFIC_PREFIXES)
      out.push({ addressPrefix, nextHop, origin: origin(privateTraffic.name), resourceId: intent.id });
  }
  const tableId = defaultRouteTableIdOf(connection.virtualHubId);
  const table = hubRouteTableOf(inventory, tableId);
  if (table) {
    // The policies' own routes (`_policy_…`) are derived above; the rest are the additional prefixes.
    const extra = staticRoutesOf(inventory, connection, table, (name) => /^_policy_/i.test(name));
    out.push(...extra.filter((r) => !(internet && parseAddressSpec(r.addressPrefix).kind === 'any')));
  } else if (!internet) {
    // Forced tunnel puts 0.0.0.0/0 among the defaultRouteTable's additional prefixes: not knowable here.
    out.push(
      ...gateDefaultRoute(connection, {
        addressPrefix: DEFAULT_ROUTE,
        nextHop: { kind: 'unknown', reason: `the defaultRouteTable of virtual hub ${hubName} is not in the input` },
        origin: origin('(no Internet policy)'),
        resourceId: intent.id,
      }),
    );
  }
  if (!privateTraffic)
    out.push(
      ...propagatedRoutesOf(inventory, connection, { id: tableId, name: 'defaultRouteTable', labels: ['default'] }),
      ...onPremisesRoutes(inventory, connection, new Set(out.map((r) => r.addressPrefix))),
    );
  return out;
}

function routeTableRoutes(inventory: Inventory, connection: HubVirtualNetworkConnection): LearnedRoute[] {
  const tableId = associatedRouteTableIdOf(inventory, connection);
  const table = hubRouteTableOf(inventory, tableId);
  if (!table)
    return unknownRoutes(
      connection,
      `hub route table ${lastName(tableId)}, which hub connection ${connection.name} is associated with, is not in the input`,
      `hub connection ${connection.name}`,
    );
  const statics = staticRoutesOf(inventory, connection, table, () => false);
  const staticPrefixes = new Set(statics.map((r) => r.addressPrefix));
  const propagated = propagatedRoutesOf(inventory, connection, { ...table, labels: tableLabels(table) }).filter(
    (r) => !staticPrefixes.has(r.addressPrefix),
  );
  return [...statics, ...propagated, ...onPremisesRoutes(inventory, connection, staticPrefixes)];
}

/**
 * An outbound route map on the connection may drop or rewrite any route the hub advertises to it
 * (Virtual WAN route maps); route maps are not read, so what passes it is unknown.
 */
function throughRouteMap(connection: HubVirtualNetworkConnection, routes: LearnedRoute[]): LearnedRoute[] {
  const reason = `route map ${lastName(connection.outboundRouteMapId ?? '')} on hub connection ${connection.name} may change the routes the hub advertises to it, and route maps are not read`;
  return routes.map((route) => ({ ...route, nextHop: { kind: 'unknown', reason } }));
}

/** Every route the VNet learns from the virtual hubs it is connected to. */
export function virtualHubRoutesOf(inventory: Inventory, virtualNetworkId: string): LearnedRoute[] {
  const vnet = inventory.virtualNetworks.find((v) => sameId(v.id, virtualNetworkId));
  const connections = hubConnectionsOf(inventory, virtualNetworkId);
  if (connections.length === 0) {
    const peering = vnet?.peerings.find(isVirtualHubPeering);
    if (!peering) return [];
    return [
      {
        addressPrefix: DEFAULT_ROUTE,
        nextHop: {
          kind: 'unknown',
          reason: `${lastName(virtualNetworkId)} is connected to a Virtual WAN hub (peering ${peering.name}), but no hub connection for it is in the input (az network vhub connection list)`,
        },
        origin: `peering ${peering.name}`,
      },
    ];
  }
  const routes = connections.flatMap((connection) => {
    const intent = routingIntentOf(inventory, connection.virtualHubId);
    const learned = intent
      ? routingIntentRoutes(inventory, connection, intent)
      : routeTableRoutes(inventory, connection);
    return connection.outboundRouteMapId ? throughRouteMap(connection, learned) : learned;
  });
  return routes.filter((r) => !insideVnet(r.addressPrefix, vnet));
}

/**
 * Why the default route a subnet of a hub-connected VNet takes is its own, not the hub's: its route
 * table stops learned routes, the connection does not learn the hub's default route, the hub
 * advertises none, or a user route of the same prefix wins over the one the hub advertises.
 */
export function hubRouteNote(
  inventory: Inventory,
  subnet: { virtualNetworkId: string; routeTableId?: string },
  route: { origin: 'user' | 'learned' | 'system'; addressPrefix: string; nextHopType: string },
): string | undefined {
  if (route.origin === 'learned' || parseAddressSpec(route.addressPrefix).kind !== 'any') return undefined;
  const [connection] = hubConnectionsOf(inventory, subnet.virtualNetworkId);
  if (!connection) return undefined;
  const hubName = lastName(connection.virtualHubId);
  const table = subnet.routeTableId ? inventory.routeTables.find((t) => sameId(t.id, subnet.routeTableId)) : undefined;
  if (table?.disableBgpRoutePropagation)
    return `route table ${table.name} disables gateway route propagation, so the subnet learns no route from virtual hub ${hubName}`;
  const advertised = virtualHubRoutesOf(inventory, subnet.virtualNetworkId).some(
    (r) => parseAddressSpec(r.addressPrefix).kind === 'any',
  );
  if (route.origin === 'user')
    return advertised ? `a user route wins over the default route virtual hub ${hubName} advertises` : undefined;
  if (connection.enableInternetSecurity === false)
    return `hub connection ${connection.name} has enableInternetSecurity false, so it does not learn virtual hub ${hubName}'s default route`;
  return advertised
    ? undefined
    : `virtual hub ${hubName} advertises no default route to hub connection ${connection.name}`;
}
