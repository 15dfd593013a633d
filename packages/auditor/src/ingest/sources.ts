/**
 * Who sent a logged flow: each cluster's egress source ranges and every other known subnet, as named
 * groups of CIDRs, and a classifier that maps a source IP to the most specific group that holds it.
 * Log sources (files, Log Analytics) aggregate by these groups so millions of addresses become a
 * bounded set of keys, and checks can tell a cluster's traffic from anyone else's. Pure.
 */
import ipaddr from 'ipaddr.js';
import { createAnalysis } from '../engine/analysis.ts';
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

/**
 * The source group of an address: the group whose CIDR holds it with the longest prefix (a cluster's
 * /24 inside a hub's /16 is the cluster's); on equal prefixes the earlier group wins, so a cluster
 * precedes a subnet of the same range. Undefined when no group holds it. Unparseable CIDRs are ignored.
 */
export function classifierFor(groups: readonly SourceGroup[]): (ip: string) => string | undefined {
  const cidrs: ParsedCidr[] = groups
    .flatMap((g) => g.cidrs.map((cidr) => ({ group: g.group, parsed: parseCidr(cidr) })))
    .filter((c): c is { group: string; parsed: NonNullable<ReturnType<typeof parseCidr>> } => c.parsed !== undefined)
    .map(({ group, parsed }) => ({ group, ...parsed }));
  // Stable sort: longest prefix first, input order among equals.
  const ordered = cidrs
    .map((cidr, index) => ({ cidr, index }))
    .sort((a, b) => b.cidr.bits - a.cidr.bits || a.index - b.index)
    .map(({ cidr }) => cidr);
  return (ip: string) => {
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      address = ipaddr.parse(ip);
    } catch {
      return undefined;
    }
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      address = (address as ipaddr.IPv6).toIPv4Address();
    }
    for (const cidr of ordered) {
      if (cidr.network.kind() === address.kind() && address.match(cidr.network, cidr.bits)) return cidr.group;
    }
    return undefined;
  };
}
