import {
  type Inventory,
  idKey,
  type Route,
  type RouteTable,
  type Subnet,
  type VirtualNetwork,
  type VirtualNetworkPeering,
} from '../model/inventory.ts';
import { type AddressRange, parseAddressSpec, rangeContainment, subtractRanges } from './addresses.ts';
import { type LearnedRoute, learnedRoutesOf } from './learned-routes.ts';

/**
 * A subnet's effective route table as Azure builds it
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview, ms.date 05/27/2023,
 * MicrosoftDocs/azure-docs@0239a4e2): the default system routes (each address range of the virtual
 * network → Virtual network, 0.0.0.0/0 → Internet, the RFC 1918 and RFC 6598 ranges → None unless the
 * address space holds them), a VNet peering route per address range of each peered network, the learned
 * (BGP) routes unless the route table disables their propagation, and the user routes of the subnet's
 * route table. "Azure selects a route based on the destination IP address, using the longest prefix
 * match"; for the same prefix the priority is user, then BGP, then system; and "system routes for
 * traffic related to virtual network, virtual network peerings, or virtual network service endpoints,
 * are preferred routes, even if BGP routes are more specific".
 */
export type RouteOrigin = 'user' | 'learned' | 'system';

export interface EffectiveRoute {
  origin: RouteOrigin;
  name: string;
  addressPrefix: string;
  /** As ARM writes it (`VirtualAppliance`, `VnetLocal`, `None`, …), `VNetPeering` for a peering route, `Learned` for a learned one. */
  nextHopType: string;
  nextHopIpAddress?: string;
  /** The user route's table. */
  table?: string;
  tableId?: string;
  /** The addresses the route can win: its prefix, less what a preferred system route keeps (learned routes). */
  ranges: AddressRange[];
  length: number;
  learned?: LearnedRoute;
  /** A peering route: the peering and the network it reaches. */
  peering?: { name: string; remoteVirtualNetworkId?: string };
}

export interface EffectiveRouteTable {
  routes: EffectiveRoute[];
  /** User routes whose prefix cannot be resolved offline (a service tag) or whose fields are missing. */
  unresolved: Route[];
  /** The route table associated with the subnet but absent from the input. */
  missingTableId?: string;
  /**
   * Why routes may exist that the input cannot show (a gateway's BGP routes, the address space of a
   * peered network that is not in the input): a private destination left to a None system route is then
   * not known to be dropped.
   */
  hiddenRoutes: string[];
}

/** "Azure automatically creates default routes for the following address prefixes" with next hop None. */
const RESERVED_PREFIXES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

const ORIGIN_RANK: Record<RouteOrigin, number> = { user: 0, learned: 1, system: 2 };

function rangesOfPrefix(prefix: string): { ranges: AddressRange[]; length: number } | undefined {
  const spec = parseAddressSpec(prefix);
  if (spec.kind === 'any') return { ranges: [[0, 0xffffffff]], length: 0 };
  if (spec.kind !== 'ranges' || spec.ranges.length !== 1) return undefined;
  const [start, end] = spec.ranges[0] as AddressRange;
  const bits = Math.log2(end - start + 1);
  return Number.isInteger(bits) ? { ranges: [[start, end]], length: 32 - bits } : undefined;
}

const vnetById = (inventory: Inventory, id: string) => inventory.virtualNetworks.find((v) => idKey(v.id) === idKey(id));

/**
 * The peering from one virtual network to another, as either side records it. `Connected` on either
 * side means both sides exist ("Connected" is reached only once the remote side peers back), so an
 * export that holds only one side's peering list still routes; the own side's record wins when both
 * are present (ARM VirtualNetworkPeeringState: Initiated, Connected, Disconnected).
 */
export function peeringBetween(
  inventory: Inventory,
  fromVnetId: string,
  toVnetId: string,
): { peering: VirtualNetworkPeering; side: 'local' | 'remote' } | undefined {
  const local = vnetById(inventory, fromVnetId)?.peerings.find(
    (p) => p.remoteVirtualNetworkId && idKey(p.remoteVirtualNetworkId) === idKey(toVnetId),
  );
  if (local) return { peering: local, side: 'local' };
  const remote = vnetById(inventory, toVnetId)?.peerings.find(
    (p) =>
      p.remoteVirtualNetworkId &&
      idKey(p.remoteVirtualNetworkId) === idKey(fromVnetId) &&
      p.peeringState?.toLowerCase() === 'connected',
  );
  return remote ? { peering: remote, side: 'remote' } : undefined;
}

/** The networks peered with this one by a Connected peering, from either side's list. */
function connectedPeerings(inventory: Inventory, vnetId: string) {
  const found = new Map<string, { name: string; remoteId: string; prefixes?: string[]; useRemoteGateways: boolean }>();
  const own = vnetById(inventory, vnetId);
  for (const p of own?.peerings ?? []) {
    if (!p.remoteVirtualNetworkId || p.peeringState?.toLowerCase() !== 'connected') continue;
    found.set(idKey(p.remoteVirtualNetworkId), {
      name: p.name,
      remoteId: p.remoteVirtualNetworkId,
      prefixes: p.remoteAddressPrefixes ?? vnetById(inventory, p.remoteVirtualNetworkId)?.addressPrefixes,
      useRemoteGateways: p.useRemoteGateways,
    });
  }
  for (const other of inventory.virtualNetworks) {
    if (found.has(idKey(other.id)) || idKey(other.id) === idKey(vnetId)) continue;
    // Listed only on the remote side: implied here unless this side's list says otherwise.
    if (own?.peerings.some((p) => p.remoteVirtualNetworkId && idKey(p.remoteVirtualNetworkId) === idKey(other.id)))
      continue;
    const back = other.peerings.find(
      (p) =>
        p.remoteVirtualNetworkId &&
        idKey(p.remoteVirtualNetworkId) === idKey(vnetId) &&
        p.peeringState?.toLowerCase() === 'connected',
    );
    if (back)
      found.set(idKey(other.id), {
        name: `${back.name} (listed on ${other.name})`,
        remoteId: other.id,
        prefixes: other.addressPrefixes,
        useRemoteGateways: false,
      });
  }
  return [...found.values()];
}

function systemRoutes(inventory: Inventory, vnet: VirtualNetwork | undefined, vnetId: string) {
  const routes: EffectiveRoute[] = [];
  const hidden: string[] = [];
  const system = (name: string, addressPrefix: string, nextHopType: string, extra: Partial<EffectiveRoute> = {}) => {
    const parsed = rangesOfPrefix(addressPrefix);
    if (parsed) routes.push({ origin: 'system', name, addressPrefix, nextHopType, ...parsed, ...extra });
  };
  const own = vnet?.addressPrefixes ?? [];
  for (const prefix of own) system('virtual network', prefix, 'VnetLocal');
  system('system default route', '0.0.0.0/0', 'Internet');
  // "If you assign any of the previous address ranges within the address space of a virtual network, Azure
  // automatically changes the next hop type … to Virtual network"; a larger space removes the route.
  const ownRanges = own.flatMap((p) => rangesOfPrefix(p)?.ranges ?? []);
  for (const reserved of RESERVED_PREFIXES) {
    const ranges = rangesOfPrefix(reserved)?.ranges ?? [];
    if (rangeContainment(ownRanges, ranges) !== 'all') system('reserved address range', reserved, 'None');
  }
  if (!vnet) hidden.push(`virtual network ${vnetId} is not in the input: its address space and peerings are unknown`);
  for (const peering of connectedPeerings(inventory, vnetId)) {
    if (!peering.prefixes) {
      hidden.push(`the address space of peered network ${peering.remoteId} is not in the input`);
      continue;
    }
    for (const prefix of peering.prefixes)
      system(`VNet peering ${peering.name}`, prefix, 'VNetPeering', {
        peering: { name: peering.name, remoteVirtualNetworkId: peering.remoteId },
      });
    if (peering.useRemoteGateways)
      hidden.push(`peering ${peering.name} uses the remote network's gateway, whose BGP routes are not in ARM data`);
  }
  if (vnet?.subnetIds.some((id) => /\/subnets\/GatewaySubnet$/i.test(id)))
    hidden.push(`${vnet.name} has a GatewaySubnet: routes its gateway learns over BGP are not in ARM data`);
  return { routes, hidden };
}

function userRoutes(table: RouteTable) {
  const routes: EffectiveRoute[] = [];
  const unresolved: Route[] = [];
  for (const route of table.routes) {
    const parsed = route.unreadable === undefined ? rangesOfPrefix(route.addressPrefix) : undefined;
    if (!parsed) {
      unresolved.push(route);
      continue;
    }
    routes.push({
      origin: 'user',
      name: route.name,
      addressPrefix: route.addressPrefix,
      nextHopType: route.nextHopType,
      ...(route.nextHopIpAddress !== undefined && { nextHopIpAddress: route.nextHopIpAddress }),
      table: table.name,
      tableId: table.id,
      ...parsed,
    });
  }
  return { routes, unresolved };
}

/** Where learned routes come from: `learnedRoutesOf`, or a stand-in in tests. */
export type LearnedRouteSource = (inventory: Inventory, virtualNetworkId: string) => LearnedRoute[];

export function effectiveRouteTable(
  inventory: Inventory,
  subnet: Subnet,
  learnedRoutes: LearnedRouteSource = learnedRoutesOf,
): EffectiveRouteTable {
  const vnet = vnetById(inventory, subnet.virtualNetworkId);
  const table = subnet.routeTableId
    ? inventory.routeTables.find((t) => idKey(t.id) === idKey(subnet.routeTableId ?? ''))
    : undefined;
  const system = systemRoutes(inventory, vnet, subnet.virtualNetworkId);
  const user = table ? userRoutes(table) : { routes: [], unresolved: [] };
  // The virtual network's and its peerings' system routes keep their addresses from any learned route.
  const preferred = system.routes.filter((r) => r.nextHopType === 'VnetLocal' || r.nextHopType === 'VNetPeering');
  const learned: EffectiveRoute[] = table?.disableBgpRoutePropagation
    ? []
    : learnedRoutes(inventory, subnet.virtualNetworkId).flatMap((route) => {
        const parsed = rangesOfPrefix(route.addressPrefix);
        if (!parsed) return [];
        const ranges = subtractRanges(
          parsed.ranges,
          preferred.flatMap((r) => r.ranges),
        );
        return ranges.length === 0
          ? []
          : [
              {
                origin: 'learned' as const,
                name: `learned from ${route.origin}`,
                addressPrefix: route.addressPrefix,
                nextHopType: 'Learned',
                ranges,
                length: parsed.length,
                learned: route,
              },
            ];
      });
  const hiddenRoutes = table?.disableBgpRoutePropagation
    ? system.hidden.filter((h) => !/BGP routes/.test(h))
    : system.hidden;
  const routes = [...user.routes, ...learned, ...system.routes].sort(
    (a, b) => b.length - a.length || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin],
  );
  return {
    routes,
    unresolved: user.unresolved,
    ...(subnet.routeTableId && !table && { missingTableId: subnet.routeTableId }),
    hiddenRoutes,
  };
}
