/**
 * "And nothing more": what a cluster's egress sources may reach beyond the endpoints it requires or
 * may use. Every allow rule that matches traffic from those sources is compared, destination by
 * destination and port by port, with the documented alternatives of the cluster's endpoints; what no
 * endpoint needs is what the rule adds.
 */
import {
  type AddressRange,
  allowRulesFrom,
  type BeyondRequiredRule,
  type CheckContext,
  type Cluster,
  type Destination,
  type Firewall,
  type FirewallProgram,
  type FqdnPattern,
  fqdnContainment,
  type Inventory,
  type IpGroup,
  mergeRanges,
  parseAddressSpec,
  parseFqdnPattern,
  type ReachingRule,
  type ServiceTag,
  subtractRanges,
} from '@aro-aks-audit/auditor';
import type { ResolvedEndpoint } from './catalog/resolve.ts';
import type { RulesSettings } from './settings.ts';

/** One documented way to satisfy an endpoint: a destination on a transport, port and application protocol. */
export interface Need {
  transport: 'TCP' | 'UDP';
  applicationProtocol?: string;
  port: number;
  destination: Destination;
}

/** One destination a rule names, parsed for comparison. */
export type Target =
  | { text: string; kind: 'any' }
  | { text: string; kind: 'fqdn'; pattern: FqdnPattern }
  | { text: string; kind: 'ranges'; ranges: readonly AddressRange[] }
  | { text: string; kind: 'service-tag'; tag: string }
  /** FQDN tags, web categories, IP groups not in the input: sets whose members are not known here. */
  | { text: string; kind: 'opaque'; wide: boolean };

const ALL_PORTS: AddressRange = [0, 65535];
const ALL_ADDRESSES: AddressRange = [0, 0xffffffff];

export function needsOf(endpoints: readonly ResolvedEndpoint[]): Need[] {
  return endpoints.flatMap((endpoint) =>
    endpoint.destinations.map((destination) => ({
      transport: endpoint.entry.protocol,
      ...(endpoint.entry.applicationProtocol && { applicationProtocol: endpoint.entry.applicationProtocol }),
      port: endpoint.entry.port,
      destination,
    })),
  );
}

const rangesOfTag = (tag: string, serviceTags: readonly ServiceTag[]): AddressRange[] | undefined => {
  const found = serviceTags.find((t) => t.name.toLowerCase() === tag.toLowerCase());
  return found
    ? mergeRanges(
        found.addressPrefixes.flatMap((p) => {
          const spec = parseAddressSpec(p);
          return spec.kind === 'ranges' ? spec.ranges : [];
        }),
      )
    : undefined;
};

/** Whether a documented destination holds every address or name of what the rule names. */
export function holds(destination: Destination, target: Target, serviceTags: readonly ServiceTag[]): boolean {
  if (destination.kind === 'any') return true;
  switch (target.kind) {
    case 'any':
    case 'opaque':
      return false;
    case 'fqdn': {
      if (destination.kind !== 'fqdn') return false;
      const pattern = parseFqdnPattern(destination.pattern);
      return pattern.kind !== 'invalid' && fqdnContainment(pattern, target.pattern) === 'all';
    }
    case 'service-tag': {
      if (destination.kind !== 'service-tag') return false;
      const [outer, inner] = [destination.tag.toLowerCase(), target.tag.toLowerCase()];
      // `AzureCloud` holds `AzureCloud.eastus`: a regional tag is a part of its global one.
      return inner === outer || inner.startsWith(`${outer}.`);
    }
    case 'ranges': {
      const outer =
        destination.kind === 'addresses'
          ? mergeRanges(
              destination.addresses.flatMap((a) => {
                const spec = parseAddressSpec(a);
                return spec.kind === 'ranges' ? spec.ranges : [];
              }),
            )
          : destination.kind === 'service-tag'
            ? rangesOfTag(destination.tag, serviceTags)
            : undefined;
      return outer !== undefined && subtractRanges(target.ranges, outer).length === 0;
    }
  }
}

export function fqdnTarget(text: string): Target[] {
  const pattern = parseFqdnPattern(text);
  if (pattern.kind === 'invalid') return [];
  return [pattern.kind === 'any' ? { text: '*', kind: 'any' } : { text, kind: 'fqdn', pattern }];
}

export function addressTarget(text: string): Target[] {
  const spec = parseAddressSpec(text);
  switch (spec.kind) {
    case 'any':
      return [{ text: '*', kind: 'any' }];
    case 'ranges':
      return [{ text, kind: 'ranges', ranges: spec.ranges }];
    case 'service-tag':
      // The Internet tag is every public address: as good as any destination.
      return spec.tag.toLowerCase() === 'internet'
        ? [{ text, kind: 'any' }]
        : [{ text, kind: 'service-tag', tag: spec.tag }];
    case 'invalid':
      return [];
  }
}

const ipGroupName = (id: string) => id.split('/').at(-1) ?? id;

/** What the rule adds, per protocol: the destinations and the ports no documented alternative needs. */
interface Excess {
  targets: Target[];
  protocols: string[];
  ports: AddressRange[];
}

function applicationExcess(reaching: ReachingRule, needs: readonly Need[], tags: readonly ServiceTag[]): Excess {
  if (reaching.prepared.rule.kind !== 'application') return { targets: [], protocols: [], ports: [] };
  const rule = reaching.prepared.rule;
  const targets: Target[] = [
    ...rule.targetFqdns.flatMap(fqdnTarget),
    ...rule.targetUrls.flatMap((url) =>
      fqdnTarget(url.split('/')[0] ?? '').map((t) => (t.kind === 'any' ? t : { ...t, text: url })),
    ),
    ...rule.fqdnTags.map((tag): Target => ({ text: `FQDN tag ${tag}`, kind: 'opaque', wide: true })),
    ...rule.webCategories.map((c): Target => ({ text: `web category ${c}`, kind: 'opaque', wide: true })),
  ];
  const excess: Excess = { targets: [], protocols: [], ports: [] };
  for (const protocol of rule.protocols) {
    for (const target of targets) {
      const needed = needs.some(
        (n) =>
          n.applicationProtocol?.toLowerCase() === protocol.protocolType.toLowerCase() &&
          n.port === protocol.port &&
          holds(n.destination, target, tags),
      );
      if (needed) continue;
      if (!excess.targets.includes(target)) excess.targets.push(target);
      if (!excess.protocols.includes(protocol.protocolType)) excess.protocols.push(protocol.protocolType);
      excess.ports.push([protocol.port, protocol.port]);
    }
  }
  return excess;
}

function networkExcess(
  reaching: ReachingRule,
  needs: readonly Need[],
  tags: readonly ServiceTag[],
  ipGroups: readonly IpGroup[],
): Excess {
  const prepared = reaching.prepared;
  if (prepared.rule.kind !== 'network' || !('ports' in prepared)) return { targets: [], protocols: [], ports: [] };
  const rule = prepared.rule;
  const groupTarget = (id: string): Target => {
    const group = ipGroups.find((g) => g.id.toLowerCase() === id.toLowerCase());
    if (!group) return { text: `IP group ${ipGroupName(id)} (not in the input)`, kind: 'opaque', wide: false };
    const ranges = group.ipAddresses.flatMap((a) => {
      const spec = parseAddressSpec(a);
      return spec.kind === 'any' ? [ALL_ADDRESSES] : spec.kind === 'ranges' ? spec.ranges : [];
    });
    return { text: `IP group ${group.name}`, kind: 'ranges', ranges: mergeRanges(ranges) };
  };
  const targets: Target[] = [
    ...rule.destinationAddresses.flatMap(addressTarget),
    ...rule.destinationFqdns.flatMap(fqdnTarget),
    ...rule.destinationIpGroups.map(groupTarget),
  ];
  const protocols = [...prepared.protocols].flatMap((p) => (p === 'ANY' ? ['TCP', 'UDP', 'ICMP'] : [p]));
  const excess: Excess = { targets: [], protocols: [], ports: [] };
  for (const protocol of protocols) {
    for (const target of targets) {
      const ports =
        protocol === 'ICMP'
          ? [ALL_PORTS]
          : subtractRanges(
              mergeRanges(prepared.ports),
              needs
                .filter((n) => n.transport === protocol && holds(n.destination, target, tags))
                .map((n): AddressRange => [n.port, n.port]),
            );
      if (ports.length === 0) continue;
      if (!excess.targets.includes(target)) excess.targets.push(target);
      if (!excess.protocols.includes(protocol)) excess.protocols.push(protocol);
      excess.ports.push(...(protocol === 'ICMP' ? [] : ports));
    }
  }
  return excess;
}

const isWide = (target: Target) =>
  target.kind === 'service-tag' ||
  (target.kind === 'opaque' && target.wide) ||
  (target.kind === 'fqdn' && target.pattern.kind !== 'exact') ||
  (target.kind === 'ranges' && target.ranges.reduce((n, [from, to]) => n + to - from + 1, 0) > 256);

function breadthOf(excess: Excess, allPorts: boolean): BeyondRequiredRule['breadth'] {
  const anyDestination = excess.targets.some((t) => t.kind === 'any');
  if (anyDestination && allPorts) return 'anything';
  if (anyDestination) return 'any destination';
  if (allPorts) return 'any port';
  return excess.targets.some(isWide) ? 'wildcard' : 'specific';
}

const formatPort = ([from, to]: AddressRange) =>
  from === 0 && to === 65535 ? '*' : from === to ? `${from}` : `${from}-${to}`;

function beyondOf(
  reaching: ReachingRule,
  firewall: string,
  needs: readonly Need[],
  tags: readonly ServiceTag[],
  ipGroups: readonly IpGroup[],
): BeyondRequiredRule | undefined {
  const kind = reaching.prepared.rule.kind === 'application' ? 'application' : 'network';
  const excess =
    kind === 'application' ? applicationExcess(reaching, needs, tags) : networkExcess(reaching, needs, tags, ipGroups);
  if (excess.targets.length === 0) return undefined;
  const ports = mergeRanges(excess.ports);
  const allPorts =
    kind === 'network' && (excess.protocols.includes('ICMP') || ports.some(([from, to]) => from === 0 && to === 65535));
  const { entry } = reaching.prepared;
  return {
    rule: entry.path,
    ruleKind: kind,
    resourceId: entry.resourceId,
    firewall,
    destinations: excess.targets.map((t) => t.text),
    protocols: excess.protocols,
    ports: ports.length > 0 ? ports.map(formatPort) : ['*'],
    breadth: breadthOf(excess, allPorts),
    ...(reaching.otherSources.length > 0 && { sharedWith: reaching.otherSources }),
  };
}

/** The firewalls a cluster's egress reaches, each with the cluster's sources that reach it. */
function firewallsReached(cluster: Cluster, context: CheckContext<RulesSettings>) {
  const path = context.analysis.egressPathOf(cluster);
  const reached = new Map<string, { firewallId: string; sources: string[] }>();
  const add = (firewallId: string | undefined, sources: readonly string[]) => {
    if (!firewallId || sources.length === 0) return;
    const key = firewallId.toLowerCase();
    const entry = reached.get(key) ?? { firewallId, sources: [] };
    entry.sources.push(...sources);
    reached.set(key, entry);
  };
  if (path.status === 'outside-azure') add(path.firewall?.id, path.sourceCidrs);
  for (const branch of path.branches) add(branch.firewall?.id, branch.sourceCidrs);
  return [...reached.values()];
}

/** An allow rule that reaches beyond a cluster's needs, where it is, and what it adds. */
export interface ReachingBeyond {
  reaching: ReachingRule;
  firewall: Firewall;
  program: FirewallProgram;
  beyond: BeyondRequiredRule;
}

/**
 * Every allow rule that lets the cluster's egress sources reach more than its required and optional
 * endpoints need, with what it adds. Rules of a firewall whose rules could not all be read are left
 * out: the cluster's verdict already says its rules are incomplete.
 */
export function rulesBeyondRequired(
  cluster: Cluster,
  endpoints: readonly ResolvedEndpoint[],
  context: CheckContext<RulesSettings>,
): ReachingBeyond[] {
  const inventory: Inventory = context.inventory;
  const needs = needsOf(endpoints);
  const result: ReachingBeyond[] = [];
  for (const { firewallId, sources } of firewallsReached(cluster, context)) {
    const firewall = context.analysis.firewallById(firewallId);
    if (!firewall) continue;
    const compiled = context.analysis.programOf(firewall);
    if (!compiled.ok) continue;
    for (const reaching of allowRulesFrom(compiled.program, sources, inventory.ipGroups)) {
      const beyond = beyondOf(reaching, firewall.name, needs, inventory.serviceTags, inventory.ipGroups);
      if (beyond) result.push({ reaching, firewall, program: compiled.program, beyond });
    }
  }
  return result;
}

export function beyondRequiredOf(
  cluster: Cluster,
  endpoints: readonly ResolvedEndpoint[],
  context: CheckContext<RulesSettings>,
): BeyondRequiredRule[] {
  return rulesBeyondRequired(cluster, endpoints, context).map((r) => r.beyond);
}
