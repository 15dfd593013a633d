import type { AddressRange } from './addresses.ts';
import { type FqdnPattern, fqdnContainment } from './fqdn.ts';
import { ipGroupNames } from './prepared.ts';
import {
  type AddressFacts,
  type ApplicationFacts,
  factsOf,
  type NetworkFacts,
  type PreparedRule,
} from './rule-facts.ts';

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

export interface CoverContext {
  /** DNS proxy on: the firewall and the clients resolve network rule FQDNs alike. */
  dnsProxyEnabled?: boolean;
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

/** `azurecloud.eastus` → `azurecloud`. */
export const serviceOf = (tag: string) => tag.split('.')[0] ?? tag;
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

/**
 * As coverDetail, for searches that want only `all` and `unknown`: it stops at the first dimension
 * that is neither, so a `some` it answers may stand for `none`.
 */
export function quickCover(earlier: PreparedRule, later: PreparedRule, context: CoverContext): CoverDetail {
  return evaluate(earlier, later, context, false);
}
