import { type Firewall, type Inventory, idKey, type Route, type Subnet } from '../model/inventory.ts';
import {
  type AddressRange,
  formatRange,
  intersectRanges,
  mergeRanges,
  parseAddressSpec,
  subtractRanges,
} from './addresses.ts';
import {
  type EffectiveRoute,
  effectiveRouteTable,
  type LearnedRouteSource,
  peeringBetween,
} from './effective-routes.ts';
import { learnedRoutesOf } from './learned-routes.ts';
import { hubConnectionOf, hubRouteNote } from './virtual-hub.ts';

/**
 * Where a subnet's traffic to a set of destinations goes, by longest-prefix match over its effective
 * route table (effective-routes.ts; https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#how-azure-selects-a-route).
 * `vnet`: delivered over the virtual network or a peering, never through a firewall on the way;
 * `drop`: a None next hop.
 */
export type RouteOutcome = 'firewall' | 'internet' | 'vnet' | 'appliance' | 'gateway' | 'drop' | 'unknown';

export interface RouteSegment {
  /** The destinations this route wins for, as CIDRs or ranges. */
  destinations: string[];
  /** The route that wins; `system` routes are Azure's own. */
  route: {
    table?: string;
    tableId?: string;
    name: string;
    addressPrefix: string;
    nextHopType: string;
    nextHopIpAddress?: string;
    origin?: EffectiveRoute['origin'];
  };
  outcome: RouteOutcome;
  firewallId?: string;
  note?: string;
  /**
   * The destination is the firewall's own public IP (the `/32 → Internet` route the AKS docs add for
   * DNAT replies): traffic to the firewall itself, not egress, so it decides nothing about whether the
   * subnet's Internet-bound traffic crosses the firewall.
   */
  firewallOwnAddress?: true;
}

export interface RouteVerdict {
  subnetId: string;
  /**
   * `via-firewall`: every public destination goes to one firewall (or is dropped); `bypass`: none does;
   * `partial`: some do; `drop`: every one is dropped (a None route), so nothing leaves at all.
   */
  status: 'via-firewall' | 'bypass' | 'partial' | 'drop' | 'unknown';
  firewallId?: string;
  segments: RouteSegment[];
  reason: string;
}

/** The private and special ranges that are not the Internet (RFC 1918, 100.64/10, loopback, link-local, multicast…). */
const NON_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
];

const rangesOf = (cidrs: readonly string[]): AddressRange[] =>
  cidrs.flatMap((cidr) => {
    const spec = parseAddressSpec(cidr);
    if (spec.kind === 'any') return [[0, 0xffffffff] as const];
    return spec.kind === 'ranges' ? spec.ranges : [];
  });

export const PUBLIC_INTERNET: readonly AddressRange[] = subtractRanges([[0, 0xffffffff]], rangesOf(NON_PUBLIC));

export function firewallPrivateIps(firewall: Firewall): string[] {
  return [...firewall.ipConfigurations.map((c) => c.privateIpAddress), firewall.hubPrivateIpAddress].filter(
    (ip): ip is string => Boolean(ip),
  );
}

export function firewallByPrivateIp(inventory: Inventory, ip: string): Firewall | undefined {
  return inventory.firewalls.find((fw) => firewallPrivateIps(fw).includes(ip));
}

function firewallByPublicIp(inventory: Inventory, address: string): Firewall | undefined {
  const addressOf = (publicIpId: string | undefined) =>
    publicIpId ? inventory.publicIps.find((p) => idKey(p.id) === idKey(publicIpId))?.ipAddress : undefined;
  return inventory.firewalls.find(
    (fw) =>
      fw.hubPublicIpAddresses.includes(address) ||
      fw.ipConfigurations.some((c) => addressOf(c.publicIpAddressId) === address),
  );
}

/** The virtual network a firewall's ip configurations sit in (derived from the subnet id). */
export function firewallVirtualNetworkId(firewall: Firewall): string | undefined {
  const subnetId = firewall.ipConfigurations.find((c) => c.subnetId)?.subnetId;
  return subnetId ? subnetId.replace(/\/subnets\/[^/]+$/i, '') : undefined;
}

type Classified = Pick<RouteSegment, 'outcome' | 'firewallId' | 'note' | 'firewallOwnAddress'>;

/**
 * A next hop that is the private IP of a secured virtual hub's firewall (Virtual WAN): reachable from
 * the virtual networks connected to its hub (virtual-hub.ts).
 */
export function classifySecuredHubHop(inventory: Inventory, subnet: Subnet, firewall: Firewall): Classified {
  if (firewall.virtualHubId && hubConnectionOf(inventory, subnet.virtualNetworkId, firewall.virtualHubId))
    return { outcome: 'firewall', firewallId: firewall.id };
  return {
    outcome: 'unknown',
    firewallId: firewall.id,
    note: `the subnet's virtual network has no connection to the firewall's virtual hub (${firewall.virtualHubId}) in the input`,
  };
}

/** A next hop that is a firewall's private IP in a virtual network: reached in the same network or over a Connected peering. */
function classifyFirewallHop(inventory: Inventory, subnet: Subnet, firewall: Firewall): Classified {
  if (firewall.virtualHubId) return classifySecuredHubHop(inventory, subnet, firewall);
  const fwVnet = firewallVirtualNetworkId(firewall);
  if (fwVnet && idKey(fwVnet) === idKey(subnet.virtualNetworkId))
    return { outcome: 'firewall', firewallId: firewall.id };
  const found = fwVnet ? peeringBetween(inventory, subnet.virtualNetworkId, fwVnet) : undefined;
  const state = found?.peering.peeringState;
  if (state?.toLowerCase() === 'connected')
    return {
      outcome: 'firewall',
      firewallId: firewall.id,
      ...(found?.side === 'remote' && {
        note: `peering ${found.peering.name} is listed only on the firewall's network; Connected implies both sides`,
      }),
    };
  return {
    outcome: 'unknown',
    firewallId: firewall.id,
    note: !found
      ? `the subnet's virtual network is not peered with the firewall's (${fwVnet ?? 'unknown'}) in the input`
      : state === undefined
        ? `the state of the peering ${found.peering.name} to the firewall's virtual network (${fwVnet}) was not read`
        : `the peering ${found.peering.name} to the firewall's virtual network (${fwVnet}) is ${state}, not Connected: it forwards no traffic`,
  };
}

function classifyLearned(inventory: Inventory, route: EffectiveRoute): Classified {
  const hop = route.learned?.nextHop;
  switch (hop?.kind) {
    case 'firewall':
      return inventory.firewalls.some((f) => idKey(f.id) === idKey(hop.firewallId))
        ? { outcome: 'firewall', firewallId: hop.firewallId, note: `learned from ${route.learned?.origin}` }
        : { outcome: 'unknown', note: `learned next hop firewall ${hop.firewallId} is not in the input` };
    case 'appliance':
      return { outcome: 'appliance', note: `learned next hop ${hop.name} is not a firewall in the input` };
    case 'internet':
      return { outcome: 'internet', note: `learned from ${route.learned?.origin}` };
    case 'drop':
      return { outcome: 'drop', note: `learned from ${route.learned?.origin}` };
    case 'virtual-hub':
      return {
        outcome: 'vnet',
        note: `virtual hub ${hop.hubId.split('/').at(-1)} delivers it to another of its connections, through no firewall (learned from ${route.learned?.origin})`,
      };
    default:
      return { outcome: 'unknown', note: hop?.kind === 'unknown' ? hop.reason : 'learned route without a next hop' };
  }
}

function classify(inventory: Inventory, subnet: Subnet, route: EffectiveRoute, hidden: string[]): Classified {
  if (route.origin === 'learned') return classifyLearned(inventory, route);
  switch (route.nextHopType.toLowerCase()) {
    case 'internet': {
      // The AKS docs add `<firewall public IP>/32 → Internet` so that DNAT replies are not routed back
      // through the firewall's private side (asymmetric routing); that traffic still ends at the firewall.
      const firewall = firewallByPublicIp(inventory, route.addressPrefix.replace(/\/32$/, ''));
      return firewall
        ? {
            outcome: 'firewall',
            firewallId: firewall.id,
            note: "the firewall's own public IP (the route the AKS docs add for DNAT)",
            firewallOwnAddress: true,
          }
        : { outcome: 'internet' };
    }
    case 'none':
      // A reserved range's None route drops only what no hidden route (a gateway's, an unknown peering's) takes.
      return route.origin === 'system' && hidden.length > 0
        ? { outcome: 'unknown', note: `dropped unless a route the input cannot show takes it: ${hidden.join('; ')}` }
        : { outcome: 'drop' };
    case 'vnetlocal':
      return { outcome: 'vnet', note: 'within the virtual network' };
    case 'vnetpeering':
      return { outcome: 'vnet', note: `over ${route.name}` };
    case 'virtualnetworkgateway':
      return {
        outcome: 'gateway',
        note: 'forced tunnelling to on-premises: whether that path reaches a firewall is not visible here',
      };
    case 'virtualappliance': {
      const ip = route.nextHopIpAddress ?? '';
      const firewall = firewallByPrivateIp(inventory, ip);
      return firewall
        ? classifyFirewallHop(inventory, subnet, firewall)
        : {
            outcome: 'appliance',
            note: `next hop ${ip || '(none)'} is not the private IP of any firewall in the input`,
          };
    }
    default:
      return { outcome: 'unknown', note: `next hop type ${route.nextHopType} is not modelled` };
  }
}

export interface RoutedDestinations {
  segments: RouteSegment[];
  /** User routes that may win some of the destinations but cannot be resolved offline. */
  unresolved: Route[];
  /**
   * Why nothing can be told: the subnet's route table is not in the input, or the subnet's own settings
   * (which may hold its route table) could not be read or are known only once a change is made.
   */
  cannotTell?: string;
}

/** What could not be read of the subnet itself, which may be its route table association. */
function unreadSubnetSettings(inventory: Inventory, subnet: Subnet): string | undefined {
  const unread = inventory.unavailable.filter((u) => u.resourceId && idKey(u.resourceId) === idKey(subnet.id));
  return unread.length > 0
    ? `the subnet's own settings could not be read: ${unread.map((u) => `${u.what}: ${u.cause}`).join('; ')}`
    : undefined;
}

/** Splits the destinations into the pieces each route of the subnet's effective route table wins. */
export function routeDestinations(
  inventory: Inventory,
  subnet: Subnet,
  destinations: readonly AddressRange[],
  learnedRoutes: LearnedRouteSource = learnedRoutesOf,
): RoutedDestinations {
  const unread = unreadSubnetSettings(inventory, subnet);
  if (unread) return { segments: [], unresolved: [], cannotTell: unread };
  const table = effectiveRouteTable(inventory, subnet, learnedRoutes);
  if (table.missingTableId)
    return {
      segments: [],
      unresolved: [],
      cannotTell: `route table ${table.missingTableId} is associated with the subnet but was not in the input`,
    };
  const unresolved = table.unresolved.filter((route) => {
    const spec = parseAddressSpec(route.addressPrefix);
    // A service-tag prefix holds public Azure addresses; an unparseable or missing one may hold anything.
    const ranges = spec.kind === 'ranges' ? spec.ranges : spec.kind === 'service-tag' ? [...PUBLIC_INTERNET] : null;
    return ranges === null || intersectRanges(ranges, destinations).length > 0;
  });
  let remaining: AddressRange[] = mergeRanges(destinations);
  const segments: RouteSegment[] = [];
  for (const route of table.routes) {
    const won = intersectRanges(remaining, route.ranges);
    if (won.length === 0) continue;
    remaining = subtractRanges(remaining, won);
    segments.push({
      destinations: mergeRanges(won).map(formatRange),
      route: {
        name: route.name,
        addressPrefix: route.addressPrefix,
        nextHopType: route.nextHopType,
        origin: route.origin,
        ...(route.nextHopIpAddress !== undefined && { nextHopIpAddress: route.nextHopIpAddress }),
        ...(route.table !== undefined && { table: route.table }),
        ...(route.tableId !== undefined && { tableId: route.tableId }),
      },
      ...classify(inventory, subnet, route, table.hiddenRoutes),
    });
    // The subnet's own default route in a spoke of a Virtual WAN hub: say why it is not the hub's.
    const hubNote = route.origin === 'learned' ? undefined : hubRouteNote(inventory, subnet, route);
    const segment = segments.at(-1);
    if (hubNote && segment) segment.note = segment.note ? `${segment.note}; ${hubNote}` : hubNote;
    if (remaining.length === 0) break;
  }
  return { segments, unresolved };
}

export const describeRoute = (route: RouteSegment['route']) =>
  `${route.name} (${route.addressPrefix} → ${route.nextHopType}${route.nextHopIpAddress ? ` ${route.nextHopIpAddress}` : ''})`;

/**
 * Longest-prefix match over the public address space: splits it into the pieces each route wins,
 * so that a specific route around the firewall (say 20.0.0.0/8 → Internet) is found as well as the default.
 */
export function internetRouteVerdict(
  inventory: Inventory,
  subnet: Subnet,
  learnedRoutes: LearnedRouteSource = learnedRoutesOf,
): RouteVerdict {
  const routed = routeDestinations(inventory, subnet, PUBLIC_INTERNET, learnedRoutes);
  if (routed.cannotTell) return { subnetId: subnet.id, status: 'unknown', segments: [], reason: routed.cannotTell };
  return summarize(subnet.id, routed.segments, routed.unresolved);
}

function summarize(subnetId: string, segments: RouteSegment[], unresolved: Route[]): RouteVerdict {
  // Public addresses a virtual network uses as its own space, and the firewall's own public IP, are not
  // Internet destinations: a default route to the Internet with the DNAT /32 left in place is a bypass.
  const outbound = segments.filter((s) => s.outcome !== 'vnet' && !s.firewallOwnAddress);
  const toFirewall = outbound.filter((s) => s.outcome === 'firewall');
  const dropped = outbound.filter((s) => s.outcome === 'drop');
  const firewallIds = [...new Set(toFirewall.map((s) => idKey(s.firewallId ?? '')))];
  const unknown = outbound.filter(
    (s) => s.outcome === 'unknown' || s.outcome === 'appliance' || s.outcome === 'gateway',
  );
  const firewallId = toFirewall[0]?.firewallId;
  const base = { subnetId, segments, ...(firewallId !== undefined && { firewallId }) };
  if (unresolved.length > 0) {
    return {
      ...base,
      status: 'unknown',
      reason: `routes that cannot be resolved offline (a service-tag prefix, a value not read or not known yet): ${unresolved.map((r) => `${r.name} (${r.addressPrefix}${r.unreadable ? `: ${r.unreadable}` : ''})`).join(', ')}`,
    };
  }
  if (dropped.length === outbound.length && dropped.length > 0) {
    return {
      ...base,
      status: 'drop',
      reason: `Internet-bound traffic is dropped by ${dropped.map((s) => describeRoute(s.route)).join(', ')}`,
    };
  }
  if (toFirewall.length > 0 && toFirewall.length + dropped.length === outbound.length && firewallIds.length === 1) {
    const droppedNote =
      dropped.length > 0
        ? `; ${dropped.map((s) => `${describeDestinations(s)} is dropped by ${describeRoute(s.route)}`).join('; ')}`
        : '';
    return {
      ...base,
      status: 'via-firewall',
      reason: `Internet-bound traffic goes to the firewall via ${describeRoute((toFirewall[0] as RouteSegment).route)}${droppedNote}`,
    };
  }
  if (firewallIds.length > 1) {
    return {
      ...base,
      status: 'unknown',
      reason: `Internet-bound traffic is split between ${firewallIds.length} firewalls: ${toFirewall.map((s) => `${describeDestinations(s)} via ${describeRoute(s.route)}`).join('; ')}`,
    };
  }
  if (unknown.length > 0 && toFirewall.length + dropped.length + unknown.length === outbound.length) {
    return {
      ...base,
      status: 'unknown',
      reason: unknown.map((s) => `${describeRoute(s.route)}: ${s.note ?? s.outcome}`).join('; '),
    };
  }
  const around = outbound.filter((s) => s.outcome !== 'firewall' && s.outcome !== 'drop');
  return {
    ...base,
    status: toFirewall.length === 0 ? 'bypass' : 'partial',
    reason: around
      .map(
        (s) =>
          `${describeDestinations(s)} via ${describeRoute(s.route)}${s.outcome === 'internet' && s.note ? ` (${s.note})` : ''}`,
      )
      .join('; '),
  };
}

function describeDestinations(segment: RouteSegment): string {
  if (segment.route.addressPrefix === '0.0.0.0/0') return 'every public destination that no more specific route takes';
  const shown = segment.destinations.slice(0, 3).join(', ');
  return segment.destinations.length > 3 ? `${shown} and ${segment.destinations.length - 3} more ranges` : shown;
}

/** Where a subnet's traffic to some addresses (a DNS server, an API server IP) goes. */
export interface DestinationRoute {
  /** The one outcome every address has, or `mixed` when the routes split them. */
  outcome: RouteOutcome | 'mixed';
  firewallId?: string;
  segments: RouteSegment[];
  reason: string;
}

export function destinationRoute(
  inventory: Inventory,
  subnet: Subnet,
  addresses: readonly string[],
  learnedRoutes: LearnedRouteSource = learnedRoutesOf,
): DestinationRoute {
  const ranges = rangesOf(addresses);
  if (ranges.length === 0)
    return { outcome: 'unknown', segments: [], reason: `no IPv4 address in ${addresses.join(', ')}` };
  const routed = routeDestinations(inventory, subnet, ranges, learnedRoutes);
  if (routed.cannotTell) return { outcome: 'unknown', segments: [], reason: routed.cannotTell };
  const { segments } = routed;
  const describe = (s: RouteSegment) =>
    `${s.destinations.join(', ')} by ${describeRoute(s.route)}${s.route.table ? ` in ${s.route.table}` : ''}: ${s.outcome}${s.note ? ` (${s.note})` : ''}`;
  if (routed.unresolved.length > 0)
    return {
      outcome: 'unknown',
      segments,
      reason: `routes with service-tag or unreadable prefixes may take it: ${routed.unresolved.map((r) => `${r.name} (${r.addressPrefix})`).join(', ')}`,
    };
  const outcomes = new Set(segments.map((s) => `${s.outcome}|${idKey(s.firewallId ?? '')}`));
  const first = segments[0] as RouteSegment;
  if (outcomes.size !== 1) return { outcome: 'mixed', segments, reason: segments.map(describe).join('; ') };
  return {
    outcome: first.outcome,
    ...(first.firewallId !== undefined && { firewallId: first.firewallId }),
    segments,
    reason: segments.map(describe).join('; '),
  };
}
