/**
 * Who sent a logged flow: each cluster's egress source ranges and every other known subnet, as named
 * groups of CIDRs, and a classifier that maps a source IP to the most specific group that holds it.
 * Log sources (files, Log Analytics) aggregate by these groups so millions of addresses become a
 * bounded set of keys, and checks can tell a cluster's traffic from anyone else's. Pure.
 */
import ipaddr from 'ipaddr.js';
import { createAnalysis } from '../evaluate/egress-paths.ts';
import { type Inventory, idKey } from '../model/inventory.ts';

export interface SourceGroup {
  /** What FlowAggregate.sourceGroup says: the cluster's name (its ARM id when two clusters share a name), or `subnet:<vnet>/<subnet>`. */
  group: string;
  kind: 'cluster' | 'subnet';
  /** The cluster's or subnet's ARM id. */
  id: string;
  cidrs: string[];
}

/** `subnet:<vnet>/<subnet>` from a subnet's ARM id; the id itself when it is not a subnet id. */
export function subnetGroupName(subnetId: string): string {
  const match = /\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(subnetId);
  return match ? `subnet:${match[1]}/${match[2]}` : `subnet:${subnetId}`;
}

/**
 * Every cluster with its egress source CIDRs (subnet prefixes, or declared CIDRs outside Azure), then
 * every subnet no cluster egresses from. A cluster is named by its name, unless another cluster in the
 * input has the same name: then both are named by their ARM ids.
 */
export function sourceGroupsOf(inventory: Inventory, analysis = createAnalysis(inventory)): SourceGroup[] {
  const nameCounts = new Map<string, number>();
  for (const cluster of inventory.clusters) {
    const key = cluster.name.toLowerCase();
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  const clusterSubnets = new Set<string>();
  const groups: SourceGroup[] = inventory.clusters.map((cluster) => {
    const path = analysis.egressPathOf(cluster);
    for (const subnet of path.subnets) clusterSubnets.add(idKey(subnet.subnetId));
    return {
      group: (nameCounts.get(cluster.name.toLowerCase()) ?? 0) > 1 ? cluster.id : cluster.name,
      kind: 'cluster',
      id: cluster.id,
      cidrs: [...new Set(path.sourceCidrs)],
    };
  });
  for (const subnet of inventory.subnets) {
    if (clusterSubnets.has(idKey(subnet.id)) || subnet.addressPrefixes.length === 0) continue;
    groups.push({
      group: subnetGroupName(subnet.id),
      kind: 'subnet',
      id: subnet.id,
      cidrs: [...subnet.addressPrefixes],
    });
  }
  return groups;
}

interface ParsedCidr {
  group: string;
  network: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

function parseCidr(text: string): { network: ipaddr.IPv4 | ipaddr.IPv6; bits: number } | undefined {
  try {
    const trimmed = text.trim();
    if (!trimmed.includes('/')) {
      const address = ipaddr.parse(trimmed);
      return { network: address, bits: address.kind() === 'ipv4' ? 32 : 128 };
    }
    const [network, bits] = ipaddr.parseCIDR(trimmed);
    return { network, bits };
  } catch {
    return undefined;
  }
}

const ipv4Number = (address: ipaddr.IPv4): number => {
  const [a, b, c, d] = address.octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
};
const ipv4Mask = (bits: number): number => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** A source address's group (see classifierFor). */
export type SourceClassifier = ((ip: string) => string | undefined) & {
  /** The group of an IPv4 address given as its number (ipv4FromBytes), as log readers have it, without its text. */
  ipv4?: (value: number) => string | undefined;
  /**
   * The group of every address of the /24 `block` (an address >>> 8), undefined when no group holds
   * them, null when they are not all alike (a prefix longer than /24 splits the block): a log holds
   * tens of thousands of sources but few blocks, so a reader can keep its answers in a small table.
   */
  ipv4Block?: (block: number) => string | undefined | null;
};

/**
 * The source group of an address: the group whose CIDR holds it with the longest prefix (a cluster's
 * /24 inside a hub's /16 is the cluster's); on equal prefixes the earlier group wins, so a cluster
 * precedes a subnet of the same range. Undefined when no group holds it. Unparseable CIDRs are ignored.
 * IPv4 is a lookup per distinct prefix length (at most 33), not a scan of every CIDR: thousands of
 * cluster subnets classify as fast as a few.
 */

export function classifierFor(groups: readonly SourceGroup[]): SourceClassifier {
  const cidrs: ParsedCidr[] = groups
    .flatMap((g) => g.cidrs.map((cidr) => ({ group: g.group, parsed: parseCidr(cidr) })))
    .filter((c): c is { group: string; parsed: NonNullable<ReturnType<typeof parseCidr>> } => c.parsed !== undefined)
    .map(({ group, parsed }) => ({ group, ...parsed }));
  // IPv4: prefix length → network number → group; the first group to claim a network keeps it.
  const ipv4 = new Map<number, Map<number, string>>();
  for (const cidr of cidrs) {
    if (cidr.network.kind() !== 'ipv4') continue;
    const networks = ipv4.get(cidr.bits) ?? new Map<number, string>();
    const network = (ipv4Number(cidr.network as ipaddr.IPv4) & ipv4Mask(cidr.bits)) >>> 0;
    if (!networks.has(network)) networks.set(network, cidr.group);
    ipv4.set(cidr.bits, networks);
  }
  const ipv4Lengths = [...ipv4.entries()]
    .sort(([a], [b]) => b - a)
    .map(([bits, networks]) => ({ mask: ipv4Mask(bits), networks }));
  // IPv6 (rare in Azure egress): longest prefix first, input order among equals (a stable sort).
  const ipv6 = cidrs.filter((c) => c.network.kind() === 'ipv6').sort((a, b) => b.bits - a.bits);
  const classifyIpv4 = (value: number): string | undefined => {
    for (const { mask, networks } of ipv4Lengths) {
      const group = networks.get((value & mask) >>> 0);
      if (group !== undefined) return group;
    }
    return undefined;
  };
  const classify = (ip: string) => {
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      address = ipaddr.parse(ip);
    } catch {
      return undefined;
    }
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      address = (address as ipaddr.IPv6).toIPv4Address();
    }
    if (address.kind() === 'ipv4') return classifyIpv4(ipv4Number(address as ipaddr.IPv4));
    return ipv6.find((cidr) => address.match(cidr.network, cidr.bits))?.group;
  };
  // /24 blocks that a longer prefix splits: their addresses may belong to different groups.
  const splitBlocks = new Set(
    cidrs
      .filter((cidr) => cidr.network.kind() === 'ipv4' && cidr.bits > 24)
      .map((cidr) => ipv4Number(cidr.network as ipaddr.IPv4) >>> 8),
  );
  const ipv4Block = (block: number) => (splitBlocks.has(block) ? null : classifyIpv4(block * 256));
  return Object.assign(classify, { ipv4: classifyIpv4, ipv4Block });
}
