/**
 * What the containment algebra (rule-containment.ts, whose header cites the documented semantics)
 * reads of a rule: its sources, protocols, ports and destinations normalized (ranges merged, `Any`
 * expanded to the protocols it means, ports clamped to 1-65535, names lower-cased), and a signature of
 * its fields as written. Computed once per prepared rule.
 */
import { idKey } from '../model/inventory.ts';
import { type AddressRange, mergeRanges } from './addresses.ts';
import { type FqdnPattern, normalizeFqdn, parseFqdnPattern } from './fqdn.ts';
import type { PreparedApplicationRule, PreparedNetworkRule } from './prepared.ts';

export type PreparedRule = PreparedNetworkRule | PreparedApplicationRule;

export type Protocol = 'TCP' | 'UDP' | 'ICMP' | 'OTHER';

export interface AddressFacts {
  /** Merged ranges; `*` (or ranges adding up to every address) is [[0, 2^32-1]]. */
  ranges: AddressRange[];
  any: boolean;
  /** IP groups named that are not in the input: addresses the rule may hold that are not in `ranges`. */
  missingGroups: string[];
}

export interface NetworkFacts {
  kind: 'network';
  sources: AddressFacts;
  protocols: Set<Protocol>;
  /** TCP/UDP ports, merged, within 1-65535. */
  ports: AddressRange[];
  destinations: AddressFacts & { tags: string[]; fqdns: Set<string> };
  signature: string;
}

export interface ApplicationFacts {
  kind: 'application';
  sources: AddressFacts;
  /** `https:443`, lower case. */
  pairs: Set<string>;
  tcpPorts: AddressRange[];
  anyTarget: boolean;
  targets: FqdnPattern[];
  urls: { text: string; host?: FqdnPattern }[];
  tags: Set<string>;
  categories: Set<string>;
  destinations: string;
  signature: string;
}

/** What the comparison reads of a rule, computed once per prepared rule. */
export type Facts = NetworkFacts | ApplicationFacts;

const ALL_ADDRESSES = 0xffffffff;
const lower = (values: readonly string[]) => values.map((v) => v.trim().toLowerCase());
const sorted = (values: readonly string[]) => [...values].sort();

function addressFacts(ranges: readonly AddressRange[], missingGroups: readonly string[]): AddressFacts {
  const merged = mergeRanges(ranges);
  const any = merged.length === 1 && merged[0]?.[0] === 0 && merged[0]?.[1] === ALL_ADDRESSES;
  return { ranges: merged, any, missingGroups: [...missingGroups] };
}

function clampPorts(ports: readonly [number, number][]): AddressRange[] {
  return mergeRanges(
    ports.flatMap(([from, to]): AddressRange[] => {
      const start = Math.max(from, 1);
      const end = Math.min(to, 65535);
      return start <= end ? [[start, end]] : [];
    }),
  );
}

const FACTS = new WeakMap<PreparedRule, Facts>();

function networkFacts(prepared: PreparedNetworkRule): NetworkFacts {
  const { rule } = prepared;
  const explicitPort = rule.destinationPorts.some((p) => p.trim() !== '*');
  const protocols = new Set<Protocol>();
  for (const p of prepared.protocols) {
    if (p === 'TCP' || p === 'UDP' || p === 'ICMP') protocols.add(p);
    else if (p === 'ANY') {
      protocols.add('TCP').add('UDP');
      if (!explicitPort) protocols.add('ICMP').add('OTHER');
    }
  }
  const ranges: AddressRange[] = [];
  const tags: string[] = [];
  for (const spec of prepared.destinations) {
    if (spec.kind === 'any') ranges.push([0, ALL_ADDRESSES]);
    else if (spec.kind === 'ranges') ranges.push(...spec.ranges);
    else if (spec.kind === 'service-tag') tags.push(spec.tag.toLowerCase());
  }
  // Network rule FQDNs take no wildcards ("By design"): a wildcard matches nothing there.
  const fqdns = new Set(prepared.fqdns.flatMap((p) => (p.kind === 'exact' ? [p.name] : [])));
  return {
    kind: 'network',
    sources: addressFacts(prepared.sources.ranges, prepared.sources.missingIpGroups),
    protocols,
    ports: clampPorts(prepared.ports),
    destinations: {
      ...addressFacts(ranges, prepared.missingDestinationIpGroups),
      tags: [...new Set(tags)],
      fqdns,
    },
    signature: JSON.stringify([
      'network',
      sorted(lower(rule.ipProtocols)),
      sorted(lower(rule.sourceAddresses)),
      sorted(rule.sourceIpGroups.map(idKey)),
      sorted(lower(rule.destinationAddresses)),
      sorted(rule.destinationIpGroups.map(idKey)),
      sorted(rule.destinationFqdns.map(normalizeFqdn)),
      sorted(lower(rule.destinationPorts)),
    ]),
  };
}

function applicationFacts(prepared: PreparedApplicationRule): ApplicationFacts {
  const { rule } = prepared;
  const pairs = new Set(rule.protocols.map((p) => `${p.protocolType.toLowerCase()}:${p.port}`));
  const urls = rule.targetUrls.map((u) => {
    const text = u.trim().toLowerCase();
    const host = parseFqdnPattern(text.split('/')[0] ?? '');
    return host.kind === 'invalid' ? { text } : { text, host };
  });
  return {
    kind: 'application',
    sources: addressFacts(prepared.sources.ranges, prepared.sources.missingIpGroups),
    pairs,
    tcpPorts: clampPorts(rule.protocols.map((p): [number, number] => [p.port, p.port])),
    anyTarget: prepared.targets.some((t) => t.kind === 'any'),
    targets: prepared.targets,
    urls,
    tags: new Set(lower(rule.fqdnTags)),
    categories: new Set(lower(rule.webCategories)),
    destinations: JSON.stringify(sorted(lower(rule.destinationAddresses))),
    signature: JSON.stringify([
      'application',
      sorted(lower(rule.sourceAddresses)),
      sorted(rule.sourceIpGroups.map(idKey)),
      sorted([...pairs]),
      sorted(rule.targetFqdns.map(normalizeFqdn)),
      sorted(urls.map((u) => u.text)),
      sorted([...lower(rule.fqdnTags)]),
      sorted([...lower(rule.webCategories)]),
      sorted(lower(rule.destinationAddresses)),
      rule.terminateTls,
    ]),
  };
}

export function factsOf(prepared: PreparedRule): Facts {
  let facts = FACTS.get(prepared);
  if (!facts) {
    facts =
      prepared.rule.kind === 'network'
        ? networkFacts(prepared as PreparedNetworkRule)
        : applicationFacts(prepared as PreparedApplicationRule);
    FACTS.set(prepared, facts);
  }
  return facts;
}

/** The rule's fields as written, order-insensitive: equal for exact duplicates. */
export function ruleSignature(prepared: PreparedRule): string {
  return factsOf(prepared).signature;
}
