import { type IpGroup, idKey } from '../model/inventory.ts';
import { type AddressRange, mergeRanges } from './addresses.ts';
import { type FqdnPattern, fqdnContainment, normalizeFqdn, parseFqdnPattern } from './fqdn.ts';
import { ipGroupNames, type PreparedApplicationRule, type PreparedNetworkRule, prepareProgram } from './prepared.ts';
import type { FirewallProgram, ProgramEntry } from './program.ts';

/**
 * Rule containment: does an earlier rule match every packet or request a later rule matches? Azure
 * Firewall rules terminate ("if a match is found in a network rule, no other rules are processed"),
 * network rules are processed before application rules whatever their priority, and within a type the
 * order is the one `compileFirewallProgram` builds (https://learn.microsoft.com/azure/firewall/rule-processing).
 * So a rule whose traffic an earlier rule matches entirely can never match: with the same action it is
 * redundant, with the other action it is shadowed.
 *
 * A rule matches the product of its dimensions (sources × protocol/port × destinations), so one rule
 * holds another when it holds it in every dimension. Each dimension is decided exactly where the
 * documentation allows it and `unknown` where it cannot be decided offline:
 *  - sources: address ranges, IP groups expanded; an IP group that is not in the input is unknown;
 *  - network protocols: TCP, UDP, ICMP, Any. "Any IP protocol includes all the IP protocols as defined
 *    in the IANA Protocol Numbers document. If a destination port is explicitly configured, then the
 *    rule is translated to a TCP+UDP rule": Any with a port other than `*` is TCP+UDP, Any with `*` is
 *    every IP protocol; ports count for TCP and UDP only; `*` is 1-65535;
 *  - network destinations: address ranges (IP groups expanded); service tags by name, a global tag
 *    holding its regional tags (AzureCloud holds AzureCloud.eastus); a tag against addresses, or against
 *    AzureCloud, is unknown; destination FQDNs (exact names: network rules take no wildcards) by name;
 *  - application rules: protocol:port pairs; target FQDNs by `fqdnContainment` (Azure's wildcard
 *    semantics), each target of the later rule held by one target of the earlier rule; a target FQDN
 *    that an FQDN tag or web category of the earlier rule may hold is unknown; FQDN tags, web categories
 *    and target URLs hold only themselves (identical entries), a target FQDN `*` holds everything;
 *  - a network rule holds an application rule's requests when it holds TCP on the rule's ports and its
 *    destination is `*`, or names each target as a destination FQDN (with DNS proxy on; unknown without).
 *
 * Names and addresses are not compared with each other: which addresses an FQDN resolves to is not known
 * offline, and calling every FQDN rule after an address rule "unknown" would bury the report (the AKS
 * baseline has both on TCP 443). An FQDN is held by an address set only when that set is `*`.
 */

export type Cover = 'all' | 'some' | 'none' | 'unknown';

/**
 * - `all`: every packet or request the later rule matches, the earlier one matches too.
 * - `unknown`: it would be `all`, but a dimension cannot be decided offline (`why` says which).
 * - `some`: not all of it; some of it is, or may be, matched.
 * - `none`: none of it. A rule that matches nothing (an IP group without addresses) is covered only by an
 *   identical rule.
 */
export interface CoverDetail {
  cover: Cover;
  why: readonly string[];
}

export type PreparedRule = PreparedNetworkRule | PreparedApplicationRule;

export interface CoverContext {
  /** DNS proxy on: the firewall and the clients resolve network rule FQDNs alike. */
  dnsProxyEnabled?: boolean;
}

type Protocol = 'TCP' | 'UDP' | 'ICMP' | 'OTHER';

interface AddressFacts {
  /** Merged ranges; `*` (or ranges adding up to every address) is [[0, 2^32-1]]. */
  ranges: AddressRange[];
  any: boolean;
  /** IP groups named that are not in the input: addresses the rule may hold that are not in `ranges`. */
  missingGroups: string[];
}

interface NetworkFacts {
  kind: 'network';
  sources: AddressFacts;
  protocols: Set<Protocol>;
  /** TCP/UDP ports, merged, within 1-65535. */
  ports: AddressRange[];
  destinations: AddressFacts & { tags: string[]; fqdns: Set<string> };
  signature: string;
}

interface ApplicationFacts {
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

type Facts = NetworkFacts | ApplicationFacts;

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

function factsOf(prepared: PreparedRule): Facts {
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

// ── combining dimensions ──

const NO_REASON: readonly string[] = Object.freeze([]);
const ALL: CoverDetail = Object.freeze({ cover: 'all', why: NO_REASON });
const SOME: CoverDetail = Object.freeze({ cover: 'some', why: NO_REASON });
const NONE: CoverDetail = Object.freeze({ cover: 'none', why: NO_REASON });
const UNKNOWN = (...why: string[]): CoverDetail => ({ cover: 'unknown', why });
const of = (cover: 'all' | 'some' | 'none'): CoverDetail => (cover === 'all' ? ALL : cover === 'some' ? SOME : NONE);

/**
 * How much of `target` the ranges of `holder` hold; both merged (sorted, disjoint, adjacent ranges
 * joined), so a target range is held only inside one holder range. No allocation: this runs per pair.
 */
function holds(holder: readonly AddressRange[], target: readonly AddressRange[]): 'all' | 'some' | 'none' {
  let i = 0;
  let all = target.length > 0;
  let some = false;
  for (const [start, end] of target) {
    while (i < holder.length && (holder[i] as AddressRange)[1] < start) i++;
    const h = holder[i];
    if (h && h[0] <= start && h[1] >= end) some = true;
    else {
      all = false;
      if (h && h[0] <= end) some = true;
      if (some) return 'some';
    }
  }
  return all ? 'all' : some ? 'some' : 'none';
}

/**
 * Every dimension must be held: the product. Dimensions are computed lazily; unless `exact`, the first
 * one that is neither `all` nor `unknown` ends the evaluation (the answer is then "not covered").
 */
function product(parts: readonly (() => CoverDetail)[], exact: boolean): CoverDetail {
  let some = false;
  let why: string[] | undefined;
  for (const part of parts) {
    const d = part();
    if (d.cover === 'none') return NONE;
    if (d.cover === 'some') {
      if (!exact) return SOME;
      some = true;
    } else if (d.cover === 'unknown') {
      why ??= [];
      why.push(...d.why);
    }
  }
  if (some) return SOME;
  return why ? UNKNOWN(...why) : ALL;
}

/** Every component of the later rule's set (each destination, each target) must be held: a union. */
function union(parts: readonly CoverDetail[]): CoverDetail {
  if (parts.length === 0) return NONE;
  let all = true;
  let allOrUnknown = true;
  let anyHeld = false;
  for (const p of parts) {
    if (p.cover !== 'all') all = false;
    if (p.cover !== 'all' && p.cover !== 'unknown') allOrUnknown = false;
    if (p.cover !== 'none') anyHeld = true;
  }
  if (all) return ALL;
  if (allOrUnknown) return UNKNOWN(...parts.flatMap((p) => p.why));
  return anyHeld ? SOME : NONE;
}

/** Sources: ranges, IP groups expanded. */
function sourcesCover(earlier: AddressFacts, later: AddressFacts): CoverDetail {
  // A rule with no known source address matches nothing we can name (an empty IP group: "that rule is
  // skipped"; a missing one is reported by unknown-rule-reference): it is not said to be covered.
  if (later.ranges.length === 0) return NONE;
  if (earlier.any) return ALL;
  // An IP group holds addresses, CIDRs and ranges, never `*`: a missing one cannot make the earlier rule hold every source.
  if (later.any) return SOME;
  const held = holds(earlier.ranges, later.ranges);
  if (held === 'all') {
    return later.missingGroups.length > 0
      ? UNKNOWN(`the later rule's source IP groups ${ipGroupNames(later.missingGroups)} are not in the input`)
      : ALL;
  }
  return earlier.missingGroups.length > 0
    ? UNKNOWN(`the earlier rule's source IP groups ${ipGroupNames(earlier.missingGroups)} are not in the input`)
    : of(held);
}

/** Network protocols and ports. */
function protocolPortsCover(earlier: NetworkFacts, later: NetworkFacts): CoverDetail {
  let all = true;
  let some = false;
  let matches = false;
  for (const protocol of later.protocols) {
    const ported = protocol === 'TCP' || protocol === 'UDP';
    if (ported && later.ports.length === 0) continue; // matches no TCP/UDP port
    matches = true;
    const held = !earlier.protocols.has(protocol) ? 'none' : ported ? holds(earlier.ports, later.ports) : 'all';
    if (held !== 'all') all = false;
    if (held !== 'none') some = true;
  }
  return !matches ? NONE : all ? ALL : some ? SOME : NONE;
}

const serviceOf = (tag: string) => tag.split('.')[0] ?? tag;
const regionOf = (tag: string) => tag.split('.').slice(1).join('.');

/** A service tag of the later rule against the earlier rule's tags. */
function tagHeld(earlierTags: readonly string[], tag: string): Cover {
  let best: Cover = 'none';
  for (const held of earlierTags) {
    // A global tag holds its regional tags (AzureCloud holds AzureCloud.eastus).
    if (held === tag || tag.startsWith(`${held}.`)) return 'all';
    // AzureCloud is every Azure datacenter public address: it may hold other services' tags, offline we cannot tell.
    if (serviceOf(held) === 'azurecloud' && (!regionOf(held) || regionOf(held) === regionOf(tag))) best = 'unknown';
    else if (held.startsWith(`${tag}.`) && best === 'none') best = 'some';
  }
  return best;
}

function networkDestinationsCover(
  earlier: NetworkFacts['destinations'],
  later: NetworkFacts['destinations'],
): CoverDetail {
  if (later.ranges.length === 0 && later.tags.length === 0 && later.fqdns.size === 0) return NONE;
  if (earlier.any) return ALL;
  // Neither addresses nor service tags nor FQDNs add up to every address.
  if (later.any) return SOME;
  const { missingGroups: earlierMissing } = earlier;
  const { missingGroups: laterMissing } = later;
  const parts: CoverDetail[] = [];
  if (later.ranges.length > 0) {
    const held = holds(earlier.ranges, later.ranges);
    if (held === 'all') parts.push(ALL);
    else if (earlier.tags.length > 0)
      parts.push(UNKNOWN(`whether service tags ${earlier.tags.join(', ')} hold the later rule's addresses`));
    else if (earlierMissing.length > 0)
      parts.push(
        UNKNOWN(`the earlier rule's destination IP groups ${ipGroupNames(earlierMissing)} are not in the input`),
      );
    else parts.push(of(held));
  }
  for (const tag of later.tags) {
    const held = tagHeld(earlier.tags, tag);
    if (held === 'all') parts.push(ALL);
    else if (held === 'unknown' || earlier.ranges.length > 0 || earlierMissing.length > 0)
      parts.push(UNKNOWN(`the addresses of service tag ${tag} are not known offline`));
    else parts.push(of(held));
  }
  for (const fqdn of later.fqdns) parts.push(earlier.fqdns.has(fqdn) ? ALL : NONE);
  if (laterMissing.length > 0)
    parts.push(UNKNOWN(`the later rule's destination IP groups ${ipGroupNames(laterMissing)} are not in the input`));
  return union(parts);
}

function applicationSets(earlier: ApplicationFacts, later: ApplicationFacts): CoverDetail {
  if (earlier.anyTarget) return ALL;
  const maybe = [
    ...[...earlier.tags].map((t) => `FQDN tag ${t}`),
    ...[...earlier.categories].map((c) => `web category ${c}`),
  ];
  const parts: CoverDetail[] = [];
  for (const target of later.targets) {
    let held: Cover = 'none';
    for (const e of earlier.targets) {
      const c = fqdnContainment(e, target);
      if (c === 'all') {
        held = 'all';
        break;
      }
      if (c === 'some') held = 'some';
    }
    if (held === 'all') parts.push(ALL);
    else if (target.kind !== 'any' && maybe.length > 0)
      parts.push(UNKNOWN(`whether ${maybe.join(', ')} hold ${target.raw} is not known offline`));
    else parts.push(of(held));
  }
  for (const url of later.urls) {
    const host = url.host;
    if (earlier.urls.some((e) => e.text === url.text)) parts.push(ALL);
    else if (host && earlier.targets.some((e) => fqdnContainment(e, host) === 'all')) parts.push(ALL);
    else if (maybe.length > 0 || (host && earlier.urls.some((e) => e.host && fqdnContainment(e.host, host) !== 'none')))
      parts.push(
        UNKNOWN(`whether ${[...maybe, 'the earlier target URLs'].join(', ')} hold ${url.text} is not known offline`),
      );
    else parts.push(NONE);
  }
  for (const tag of later.tags) parts.push(earlier.tags.has(tag) ? ALL : NONE);
  for (const category of later.categories) parts.push(earlier.categories.has(category) ? ALL : NONE);
  return union(parts);
}

function protocolPairsCover(earlier: ApplicationFacts, later: ApplicationFacts): CoverDetail {
  let held = 0;
  for (const pair of later.pairs) if (earlier.pairs.has(pair)) held++;
  return held === 0 ? NONE : held === later.pairs.size ? ALL : SOME;
}

function applicationCover(earlier: ApplicationFacts, later: ApplicationFacts, exact: boolean): CoverDetail {
  return product(
    [
      () => protocolPairsCover(earlier, later),
      () => sourcesCover(earlier.sources, later.sources),
      () => applicationSets(earlier, later),
      // The destinationAddresses of policy application rules narrow what the earlier rule matches; not modelled.
      () =>
        earlier.destinations !== '[]' && earlier.destinations !== later.destinations
          ? UNKNOWN("the earlier rule's destination addresses are not modelled")
          : ALL,
    ],
    exact,
  );
}

/** A network rule (processed before every application rule) against an application rule's requests. */
function networkOverApplication(
  earlier: NetworkFacts,
  later: ApplicationFacts,
  context: CoverContext,
  exact: boolean,
): CoverDetail {
  const named = (host: FqdnPattern): CoverDetail => {
    const fqdns = earlier.destinations.fqdns;
    if (host.kind !== 'exact') {
      for (const f of fqdns) if (fqdnContainment(host, { kind: 'exact', raw: f, name: f }) === 'all') return SOME;
      return NONE;
    }
    if (!fqdns.has(host.name)) return NONE;
    return context.dnsProxyEnabled === false
      ? UNKNOWN(`DNS proxy is off: the firewall and the client may resolve ${host.name} differently`)
      : ALL;
  };
  return product(
    [
      () =>
        later.tcpPorts.length > 0 && earlier.protocols.has('TCP') ? of(holds(earlier.ports, later.tcpPorts)) : NONE,
      () => sourcesCover(earlier.sources, later.sources),
      () =>
        earlier.destinations.any
          ? ALL
          : union([
              ...later.targets.map(named),
              ...later.urls.map((u) => (u.host ? named(u.host) : NONE)),
              ...[...later.tags, ...later.categories].map(() => NONE),
            ]),
    ],
    exact,
  );
}

function evaluate(earlier: PreparedRule, later: PreparedRule, context: CoverContext, exact: boolean): CoverDetail {
  const e = factsOf(earlier);
  const l = factsOf(later);
  if (e.signature === l.signature) return ALL;
  if (e.kind === 'network' && l.kind === 'network') {
    return product(
      [
        () => protocolPortsCover(e, l),
        () => sourcesCover(e.sources, l.sources),
        () => networkDestinationsCover(e.destinations, l.destinations),
      ],
      exact,
    );
  }
  if (e.kind === 'network' && l.kind === 'application') return networkOverApplication(e, l, context, exact);
  if (e.kind === 'application' && l.kind === 'application') return applicationCover(e, l, exact);
  return NONE;
}

/**
 * How much of the later rule's traffic the earlier rule matches, with the reasons when it cannot be
 * decided. Identical rules (the same fields, in any order) hold each other. An application rule never
 * holds a network rule: it is processed after every network rule and matches only HTTP, HTTPS and MSSQL
 * requests.
 */
export function coverDetail(earlier: PreparedRule, later: PreparedRule, context: CoverContext = {}): CoverDetail {
  return evaluate(earlier, later, context, true);
}

/** Whether every packet or request the later rule matches is also matched by the earlier one. */
export function ruleCovers(earlier: PreparedRule, later: PreparedRule, context: CoverContext = {}): Cover {
  return evaluate(earlier, later, context, true).cover;
}

// ── the whole program ──

export interface CoveringRule {
  entry: ProgramEntry;
  kind: 'network' | 'application';
  /** Same action: the later rule is redundant. Other action: it is shadowed. */
  relation: 'redundant' | 'shadowed';
}

export interface RuleCoverage {
  entry: ProgramEntry;
  kind: 'network' | 'application';
  /** The first rule in processing order that matches all of this rule's traffic: this rule never matches. */
  coveredBy?: CoveringRule;
  /** Without a full cover: the first earlier rule of each relation that may match all of it, and why it cannot be told. */
  possiblyCoveredBy: (CoveringRule & { why: readonly string[] })[];
  /** The first earlier rule of the same collection with the same fields. */
  duplicateOf?: ProgramEntry;
}

export interface ShadowingAnalysis {
  /** Network and application rules compared. */
  compared: number;
  /** The rules with a cover, a possible cover or a duplicate, in processing order. */
  rules: RuleCoverage[];
}

interface Item {
  index: number;
  prepared: PreparedRule;
  facts: Facts;
  entry: ProgramEntry;
  kind: 'network' | 'application';
}

/** Posting lists: rule indices in processing order under a key. */
class Postings<K> {
  readonly map = new Map<K, number[]>();
  add(key: K, index: number): void {
    const list = this.map.get(key);
    if (!list) this.map.set(key, [index]);
    else if (list.at(-1) !== index) list.push(index);
  }
  get(key: K): readonly number[] {
    return this.map.get(key) ?? EMPTY;
  }
}
const EMPTY: readonly number[] = [];

/**
 * For one dimension of a later rule: lists that together hold every earlier rule that may hold it
 * fully in that dimension (`full`), and those that may make it `unknown` (`maybe`).
 */
interface Option {
  full: (readonly number[])[];
  maybe: (readonly number[])[];
}

/** /16 blocks a range list may span before the rule is listed as wide; ports a rule may list one by one. */
const BLOCK_LIMIT = 256;
const PORT_LIMIT = 64;

function addRanges(ranges: readonly AddressRange[], index: number, blocks: Postings<number>, wide: number[]): void {
  let spans = 0;
  for (const [s, e] of ranges) spans += (e >>> 16) - (s >>> 16) + 1;
  if (spans > BLOCK_LIMIT) {
    wide.push(index);
    return;
  }
  for (const [s, e] of ranges) for (let b = s >>> 16; b <= e >>> 16; b++) blocks.add(b, index);
}

/** The label suffixes of a name (`a.b.c` → `b.c`, `c`), each a base a `*.base` pattern could name. */
function parentDomains(name: string): string[] {
  const labels = name.split('.');
  return labels.slice(1).map((_, i) => labels.slice(i + 1).join('.'));
}

const sizeOf = (lists: readonly (readonly number[])[]) => lists.reduce((sum, l) => sum + l.length, 0);

/** The indices below `limit` of the union of sorted lists, ascending. */
function candidates(lists: readonly (readonly number[])[], limit: number): number[] {
  const out: number[] = [];
  for (const list of lists) for (const i of list) if (i < limit) out.push(i);
  out.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < out.length; r++) if (r === 0 || out[r] !== out[r - 1]) out[w++] = out[r] as number;
  out.length = w;
  return out;
}

/** Whether a sorted list holds `index` (binary search). */
function holdsIndex(list: readonly number[], index: number): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = list[middle] as number;
    if (value === index) return true;
    if (value < index) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** Whether `index` is in one of the lists of every option (each option: sorted lists, any may hold it). */
function inEvery(options: readonly (readonly (readonly number[])[])[], index: number): boolean {
  return options.every((lists) => lists.some((list) => holdsIndex(list, index)));
}

const ANALYSES = new WeakMap<FirewallProgram, { ipGroups: readonly IpGroup[]; analysis: ShadowingAnalysis }>();

/**
 * For every network and application rule of a program, the first earlier rule that matches all of its
 * traffic (which then decides all of it) or, without one, the first earlier rules that may. A rule is
 * compared only with the earlier rules listed under one representative value of its most selective
 * dimension (a source /16 block, a port or protocol:port pair, a destination block, service tag or FQDN,
 * a target's parent domains): any rule that holds it holds that value. Full covers are looked for first,
 * in processing order, up to the first one; possible covers only when there is none, until one of each
 * relation is found.
 */
export function findShadowing(program: FirewallProgram, ipGroups: readonly IpGroup[]): ShadowingAnalysis {
  const cached = ANALYSES.get(program);
  if (cached && cached.ipGroups === ipGroups) return cached.analysis;
  const prepared = prepareProgram(program, ipGroups);
  const context: CoverContext = {
    dnsProxyEnabled: program.dnsProxyEnabled,
  };
  const items: Item[] = [
    ...prepared.rules.network.map((p) => ({ prepared: p as PreparedRule, kind: 'network' as const })),
    ...prepared.rules.application.map((p) => ({ prepared: p as PreparedRule, kind: 'application' as const })),
  ].map((x, index) => ({ ...x, index, facts: factsOf(x.prepared), entry: x.prepared.entry }));

  // Sources (every rule).
  const sourceBlocks = new Postings<number>();
  const sourceWide: number[] = [];
  const sourceMissing: number[] = [];
  // Network rules: ports, protocols without ports, destinations.
  const portMap = new Postings<number>();
  const portWide: number[] = [];
  const byProtocol = new Postings<Protocol>();
  const destinationAny: number[] = [];
  const destinationBlocks = new Postings<number>();
  const destinationWide: number[] = [];
  const destinationTagged: number[] = [];
  const destinationRanged: number[] = [];
  const destinationMissing: number[] = [];
  const byTag = new Postings<string>();
  const azureCloud: number[] = [];
  const byFqdn = new Postings<string>();
  // Application rules: protocol:port pairs, targets.
  const byPair = new Postings<string>();
  const byTarget = new Postings<string>();
  const targetAny: number[] = [];
  const targetSuffix: number[] = [];
  const targetMaybe: number[] = [];

  for (const item of items) {
    const { facts: f, index } = item;
    if (f.sources.any) sourceWide.push(index);
    else addRanges(f.sources.ranges, index, sourceBlocks, sourceWide);
    if (f.sources.missingGroups.length > 0) sourceMissing.push(index);
    if (f.kind === 'network') {
      for (const protocol of f.protocols) byProtocol.add(protocol, index);
      let portCount = 0;
      for (const [s, e] of f.ports) portCount += e - s + 1;
      if (portCount > PORT_LIMIT) portWide.push(index);
      else for (const [s, e] of f.ports) for (let p = s; p <= e; p++) portMap.add(p, index);
      const d = f.destinations;
      if (d.any) destinationAny.push(index);
      else {
        if (d.ranges.length > 0) {
          destinationRanged.push(index);
          addRanges(d.ranges, index, destinationBlocks, destinationWide);
        }
        if (d.tags.length > 0) destinationTagged.push(index);
        if (d.missingGroups.length > 0) destinationMissing.push(index);
        for (const tag of d.tags) {
          byTag.add(tag, index);
          if (serviceOf(tag) === 'azurecloud' && azureCloud.at(-1) !== index) azureCloud.push(index);
        }
        for (const fqdn of d.fqdns) byFqdn.add(fqdn, index);
      }
    } else {
      for (const pair of f.pairs) byPair.add(pair, index);
      for (const tag of f.tags) byTarget.add(`tag:${tag}`, index);
      for (const category of f.categories) byTarget.add(`category:${category}`, index);
      if (f.anyTarget) targetAny.push(index);
      if (f.tags.size > 0 || f.categories.size > 0) targetMaybe.push(index);
      for (const t of f.targets) {
        if (t.kind === 'exact') byTarget.add(`=${t.name}`, index);
        else if (t.kind === 'subdomains') byTarget.add(`.${t.base}`, index);
        else if (t.kind === 'suffix' && targetSuffix.at(-1) !== index) targetSuffix.push(index);
      }
      for (const u of f.urls) {
        byTarget.add(`url:${u.text}`, index);
        if (u.host?.kind === 'exact') byTarget.add(`url-host:${u.host.name}`, index);
        else if (targetMaybe.at(-1) !== index) targetMaybe.push(index);
      }
    }
  }

  /** Earlier rules that may hold a name pattern of an application rule (a target, a URL's host). */
  const nameOption = (host: FqdnPattern, url?: string): Option | undefined => {
    if (host.kind === 'any' || host.kind === 'suffix') return undefined;
    const name = host.kind === 'exact' ? host.name : host.base;
    const full = [targetAny, targetSuffix, destinationAny, ...parentDomains(name).map((b) => byTarget.get(`.${b}`))];
    if (host.kind === 'subdomains') full.push(byTarget.get(`.${name}`));
    else full.push(byTarget.get(`=${name}`), byFqdn.get(name));
    const maybe: (readonly number[])[] = [targetMaybe];
    if (url !== undefined) {
      full.push(byTarget.get(`url:${url}`));
      if (host.kind === 'exact') maybe.push(byTarget.get(`url-host:${name}`));
    }
    return { full, maybe };
  };

  const optionsOf = (item: Item): Option[] => {
    const f = item.facts;
    const options: Option[] = [];
    const first = f.sources.ranges[0];
    if (first) options.push({ full: [sourceWide, sourceBlocks.get(first[0] >>> 16)], maybe: [sourceMissing] });
    if (f.kind === 'network') {
      const port = f.ports[0]?.[0];
      if (port !== undefined && (f.protocols.has('TCP') || f.protocols.has('UDP')))
        options.push({ full: [portWide, portMap.get(port)], maybe: [] });
      else if (f.protocols.has('ICMP')) options.push({ full: [byProtocol.get('ICMP')], maybe: [] });
      else if (f.protocols.has('OTHER')) options.push({ full: [byProtocol.get('OTHER')], maybe: [] });
      const d = f.destinations;
      const start = d.ranges[0]?.[0];
      if (d.any) options.push({ full: [destinationAny], maybe: [] });
      else if (start !== undefined)
        options.push({
          full: [destinationAny, destinationWide, destinationBlocks.get(start >>> 16)],
          maybe: [destinationTagged, destinationMissing],
        });
      const tag = d.tags[0];
      if (tag !== undefined && !d.any)
        options.push({
          full: [destinationAny, byTag.get(tag), byTag.get(serviceOf(tag))],
          maybe: [azureCloud, destinationRanged, destinationMissing],
        });
      const fqdn = d.fqdns.values().next().value;
      if (fqdn !== undefined && !d.any) options.push({ full: [destinationAny, byFqdn.get(fqdn)], maybe: [] });
    } else {
      const pair = f.pairs.values().next().value;
      const port = f.tcpPorts[0]?.[0];
      if (pair !== undefined && port !== undefined)
        options.push({ full: [portWide, portMap.get(port), byPair.get(pair)], maybe: [] });
      for (const target of f.targets) {
        const option = nameOption(target);
        if (option) options.push(option);
      }
      for (const url of f.urls) {
        const option = url.host && nameOption(url.host, url.text);
        if (option) options.push(option);
      }
      for (const tag of f.tags)
        options.push({ full: [targetAny, destinationAny, byTarget.get(`tag:${tag}`)], maybe: [] });
      for (const category of f.categories)
        options.push({ full: [targetAny, destinationAny, byTarget.get(`category:${category}`)], maybe: [] });
    }
    return options;
  };

  const results: RuleCoverage[] = [];
  const twins = new Map<string, ProgramEntry>();
  for (const item of items) {
    const { entry } = item;
    const twinKey = `${idKey(entry.resourceId)}\n${entry.policyId ?? ''}\n${entry.collection}\n${item.facts.signature}`;
    const duplicateOf = twins.get(twinKey);
    if (!duplicateOf) twins.set(twinKey, entry);
    const coverage: RuleCoverage = {
      entry,
      kind: item.kind,
      possiblyCoveredBy: [],
      ...(duplicateOf && { duplicateOf }),
    };
    // A rule with no known source address matches nothing we can name: it is not compared.
    const options = item.index > 0 && item.facts.sources.ranges.length > 0 ? optionsOf(item) : [];
    if (options.length > 0) {
      const seen = new Map<number, CoverDetail>();
      const compare = (index: number): CoverDetail => {
        let d = seen.get(index);
        if (!d) {
          d = evaluate((items[index] as Item).prepared, item.prepared, context, false);
          seen.set(index, d);
        }
        return d;
      };
      const relationOf = (index: number) =>
        (items[index] as Item).entry.action === entry.action ? 'redundant' : 'shadowed';
      const fullest = options.reduce((a, b) => (sizeOf(b.full) < sizeOf(a.full) ? b : a));
      // Each option lists every earlier rule that may hold the later one in its dimension, so a cover
      // is in every option's lists: the others filter the smallest's candidates before any compare.
      const otherFull = options.filter((o) => o !== fullest).map((o) => o.full);
      for (const index of candidates(fullest.full, item.index)) {
        if (!inEvery(otherFull, index)) continue;
        if (compare(index).cover !== 'all') continue;
        const earlier = items[index] as Item;
        coverage.coveredBy = { entry: earlier.entry, kind: earlier.kind, relation: relationOf(index) };
        break;
      }
      if (!coverage.coveredBy) {
        const widest = options.reduce((a, b) =>
          sizeOf(b.full) + sizeOf(b.maybe) < sizeOf(a.full) + sizeOf(a.maybe) ? b : a,
        );
        const otherWide = options.filter((o) => o !== widest).map((o) => [...o.full, ...o.maybe]);
        for (const index of candidates([...widest.full, ...widest.maybe], item.index)) {
          const relation = relationOf(index);
          if (coverage.possiblyCoveredBy.some((p) => p.relation === relation)) continue;
          if (!inEvery(otherWide, index)) continue;
          const d = compare(index);
          if (d.cover !== 'unknown') continue;
          const earlier = items[index] as Item;
          coverage.possiblyCoveredBy.push({ entry: earlier.entry, kind: earlier.kind, relation, why: d.why });
          if (coverage.possiblyCoveredBy.length === 2) break;
        }
      }
    }
    if (coverage.coveredBy || coverage.possiblyCoveredBy.length > 0 || coverage.duplicateOf) results.push(coverage);
  }
  const analysis: ShadowingAnalysis = { compared: items.length, rules: results };
  ANALYSES.set(program, { ipGroups, analysis });
  return analysis;
}
