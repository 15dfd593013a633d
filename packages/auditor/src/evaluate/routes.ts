import { type Firewall, type Inventory, idKey, type Route, type RouteTable, type Subnet } from '../model/inventory.ts';
import {
  type AddressRange,
  formatRange,
  intersectRanges,
  mergeRanges,
  parseAddressSpec,
  subtractRanges,
} from './addresses.ts';
import { type LearnedRoute, learnedRoutesOf } from './learned-routes.ts';
import { hubConnectionOf, hubRouteNote, learnedRouteSegment } from './virtual-hub.ts';

/**
 * Where a subnet's Internet-bound traffic goes, by longest-prefix match over its route table
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#how-azure-selects-a-route):
 * a user route beats the system route of the same prefix; `0.0.0.0/1` + `128.0.0.0/1` beat
 * `0.0.0.0/0`; no route table means the system default route 0.0.0.0/0 → Internet.
 */
export type RouteOutcome = 'firewall' | 'internet' | 'appliance' | 'gateway' | 'drop' | 'unknown';

export interface RouteSegment {
  /** The public destinations this route wins for, as CIDRs or ranges. */
  destinations: string[];
  /** The route that wins; `system` for Azure's default Internet route. */
  route: {
    table?: string;
    tableId?: string;
    name: string;
    addressPrefix: string;
    nextHopType: string;
    nextHopIpAddress?: string;
  };
  outcome: RouteOutcome;
  firewallId?: string;
  note?: string;
}

export interface RouteVerdict {
  subnetId: string;
  /** `via-firewall`: every public destination goes to the firewall; `bypass`: none; `partial`: some. */
  status: 'via-firewall' | 'bypass' | 'partial' | 'unknown';
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

const SYSTEM_DEFAULT = { name: 'system default route', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' };

interface Candidate {
  ranges: AddressRange[];
  length: number;
  route: RouteSegment['route'];
  /** A learned route's verdict, decided where it was learned. */
  learned?: Pick<RouteSegment, 'outcome' | 'firewallId' | 'note'>;
}

function firewallPrivateIps(firewall: Firewall): string[] {
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

/**
 * The peering from one virtual network to another, if any. Only a `Connected` peering forwards traffic:
 * `Initiated` means the remote side has not peered back yet, `Disconnected` that the remote side was
 * deleted (ARM VirtualNetworkPeeringState: Initiated, Connected, Disconnected).
 */
function peeringBetween(inventory: Inventory, fromVnetId: string, toVnetId: string) {
  const from = inventory.virtualNetworks.find((v) => idKey(v.id) === idKey(fromVnetId));
  return from?.peerings.find((p) => p.remoteVirtualNetworkId && idKey(p.remoteVirtualNetworkId) === idKey(toVnetId));
}

function classify(
  inventory: Inventory,
  subnet: Subnet,
  route: RouteSegment['route'],
): Pick<RouteSegment, 'outcome' | 'firewallId' | 'note'> {
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
          }
        : { outcome: 'internet' };
    }
    case 'none':
      return { outcome: 'drop' };
    case 'virtualnetworkgateway':
      return {
        outcome: 'gateway',
        note: 'forced tunnelling to on-premises: whether that path reaches a firewall is not visible here',
      };
    case 'virtualappliance': {
      const ip = route.nextHopIpAddress ?? '';
      const firewall = firewallByPrivateIp(inventory, ip);
      if (!firewall)
        return {
          outcome: 'appliance',
          note: `next hop ${ip || '(none)'} is not the private IP of any firewall in the input`,
        };
      if (firewall.virtualHubId) {
        // A hub firewall's private IP is reachable from the VNets connected to its hub.
        return hubConnectionOf(inventory, subnet.virtualNetworkId, firewall.virtualHubId)
          ? { outcome: 'firewall', firewallId: firewall.id }
          : {
              outcome: 'unknown',
              firewallId: firewall.id,
              note: `the subnet's virtual network has no connection to the firewall's virtual hub (${firewall.virtualHubId}) in the input`,
            };
      }
      const fwVnet = firewallVirtualNetworkId(firewall);
      if (fwVnet && idKey(fwVnet) === idKey(subnet.virtualNetworkId))
        return { outcome: 'firewall', firewallId: firewall.id };
      const peering = fwVnet ? peeringBetween(inventory, subnet.virtualNetworkId, fwVnet) : undefined;
      const state = peering?.peeringState;
      if (state?.toLowerCase() === 'connected') return { outcome: 'firewall', firewallId: firewall.id };
      return {
        outcome: 'unknown',
        firewallId: firewall.id,
        note: !peering
          ? `the subnet's virtual network is not peered with the firewall's (${fwVnet ?? 'unknown'}) in the input`
          : state === undefined
            ? `the state of the peering ${peering.name} to the firewall's virtual network (${fwVnet}) was not read`
            : `the peering ${peering.name} to the firewall's virtual network (${fwVnet}) is ${state}, not Connected: it forwards no traffic`,
      };
    }
    default:
      return { outcome: 'unknown', note: `next hop type ${route.nextHopType} is not modelled` };
  }
}

function prefixOf(spec: { kind: 'any' } | { kind: 'ranges'; ranges: AddressRange[] }) {
  const ranges = spec.kind === 'any' ? [[0, 0xffffffff] as const] : spec.ranges;
  const length = spec.kind === 'any' ? 0 : 32 - Math.log2(ranges[0] ? ranges[0][1] - ranges[0][0] + 1 : 1);
  return { ranges: [...ranges], length };
}

function learnedCandidate(
  inventory: Inventory,
  learned: LearnedRoute,
  spec: { kind: 'any' } | { kind: 'ranges'; ranges: AddressRange[] },
): Candidate {
  const { route, ...verdict } = learnedRouteSegment(inventory, learned);
  return { ...prefixOf(spec), route, learned: verdict };
}

/**
 * Longest-prefix match over the public address space: splits it into the pieces each route wins,
 * so that a specific route around the firewall (say 20.0.0.0/8 → Internet) is found as well as the default.
 */
export function internetRouteVerdict(inventory: Inventory, subnet: Subnet): RouteVerdict {
  const table: RouteTable | undefined = subnet.routeTableId
    ? inventory.routeTables.find((t) => idKey(t.id) === idKey(subnet.routeTableId ?? ''))
    : undefined;
  if (subnet.routeTableId && !table) {
    return {
      subnetId: subnet.id,
      status: 'unknown',
      segments: [],
      reason: `route table ${subnet.routeTableId} is associated with the subnet but was not in the input`,
    };
  }
  const candidates: Candidate[] = [{ ranges: [[0, 0xffffffff]], length: -1, route: SYSTEM_DEFAULT }];
  const unknownPrefixes: Route[] = [];
  for (const route of table?.routes ?? []) {
    const spec = parseAddressSpec(route.addressPrefix);
    if (spec.kind === 'invalid' || spec.kind === 'service-tag') {
      unknownPrefixes.push(route);
      continue;
    }
    if (route.unreadable !== undefined) {
      // A route without its next hop decides nothing we can name: unknown, unless its prefix is private.
      if (spec.kind === 'any' || intersectRanges([...PUBLIC_INTERNET], spec.ranges).length > 0)
        unknownPrefixes.push(route);
      continue;
    }
    candidates.push({ ...prefixOf(spec), route: { ...route, table: table?.name, tableId: table?.id } });
  }
  // Routes learned from a Virtual WAN hub, unless the route table stops gateway route propagation.
  if (!table?.disableBgpRoutePropagation)
    for (const learned of learnedRoutesOf(inventory, subnet.virtualNetworkId)) {
      const spec = parseAddressSpec(learned.addressPrefix);
      if (spec.kind === 'any' || spec.kind === 'ranges') candidates.push(learnedCandidate(inventory, learned, spec));
    }
  // Longest prefix first; among equal prefixes the user route, then the learned one (listed after the
  // system one, the sort being stable) wins.
  candidates.sort((a, b) => b.length - a.length);
  let remaining: AddressRange[] = [...PUBLIC_INTERNET];
  const segments: RouteSegment[] = [];
  for (const candidate of candidates) {
    const won = intersectRanges(remaining, candidate.ranges);
    if (won.length === 0) continue;
    remaining = subtractRanges(remaining, won);
    const segment: RouteSegment = {
      destinations: mergeRanges(won).map(formatRange),
      route: candidate.route,
      ...(candidate.learned ?? classify(inventory, subnet, candidate.route)),
    };
    // Where the subnet's own route wins on a VNet connected to a Virtual WAN hub, say what it wins over.
    const hubNote = candidate.learned
      ? undefined
      : hubRouteNote(inventory, subnet, table, candidate.route === SYSTEM_DEFAULT);
    if (hubNote) segment.note = segment.note ? `${segment.note}; ${hubNote}` : hubNote;
    segments.push(segment);
  }
  return summarize(subnet.id, segments, unknownPrefixes);
}

function summarize(subnetId: string, segments: RouteSegment[], unknownPrefixes: Route[]): RouteVerdict {
  const toFirewall = segments.filter((s) => s.outcome === 'firewall');
  const firewallIds = [...new Set(toFirewall.map((s) => idKey(s.firewallId ?? '')))];
  const unknown = segments.filter(
    (s) => s.outcome === 'unknown' || s.outcome === 'appliance' || s.outcome === 'gateway',
  );
  const describe = (s: RouteSegment) =>
    `${s.route.name} (${s.route.addressPrefix} → ${s.route.nextHopType}${s.route.nextHopIpAddress ? ` ${s.route.nextHopIpAddress}` : ''})`;
  const firewallId = toFirewall[0]?.firewallId;
  if (unknownPrefixes.length > 0) {
    return {
      subnetId,
      status: 'unknown',
      firewallId,
      segments,
      reason: `routes with service-tag or unreadable prefixes cannot be resolved offline: ${unknownPrefixes.map((r) => `${r.name} (${r.addressPrefix}${r.unreadable ? `: ${r.unreadable}` : ''})`).join(', ')}`,
    };
  }
  if (toFirewall.length === segments.length && firewallIds.length === 1) {
    return {
      subnetId,
      status: 'via-firewall',
      firewallId,
      segments,
      reason: `Internet-bound traffic goes to the firewall via ${describe(toFirewall[0] as RouteSegment)}`,
    };
  }
  if (unknown.length > 0 && toFirewall.length + unknown.length === segments.length) {
    return {
      subnetId,
      status: 'unknown',
      firewallId,
      segments,
      reason: unknown.map((s) => `${describe(s)}: ${s.note ?? s.outcome}`).join('; '),
    };
  }
  const around = segments.filter((s) => s.outcome !== 'firewall');
  return {
    subnetId,
    status: toFirewall.length === 0 ? 'bypass' : 'partial',
    firewallId,
    segments,
    reason: around
      .map((s) => `${describeDestinations(s)} via ${describe(s)}${s.note ? ` (${s.note})` : ''}`)
      .join('; '),
  };
}

function describeDestinations(segment: RouteSegment): string {
  if (segment.route.addressPrefix === '0.0.0.0/0') return 'every public destination that no more specific route takes';
  const shown = segment.destinations.slice(0, 3).join(', ');
  return segment.destinations.length > 3 ? `${shown} and ${segment.destinations.length - 3} more ranges` : shown;
}
