import type { IpGroup, ServiceTag } from '../model/inventory.ts';
import {
  type AddressRange,
  formatRange,
  intersectRanges,
  mergeRanges,
  rangeContainment,
  subtractRanges,
} from './addresses.ts';
import { type Containment, type FqdnPattern, fqdnContainment, parseFqdnPattern } from './fqdn.ts';
import {
  ipGroupNames,
  type PreparedApplicationRule,
  type PreparedNetworkRule,
  prepareProgram,
  type SourceRanges,
  sourceRangesOf,
  type TargetUrl,
} from './prepared.ts';
import type { FirewallProgram, ProgramEntry } from './program.ts';

/** A class of traffic: every packet from these sources to this destination, protocol and port. */
export interface TrafficClass {
  sources: string[];
  protocol: 'TCP' | 'UDP' | 'ICMP';
  port: number;
  destination: Destination;
  /** For FQDN destinations: the application protocol application rules must name (Http/Https/Mssql). */
  applicationProtocol?: 'Http' | 'Https' | 'Mssql';
}

export type Destination =
  | { kind: 'fqdn'; pattern: string }
  | { kind: 'service-tag'; tag: string }
  | { kind: 'addresses'; addresses: string[] }
  | { kind: 'any' };

export type Match = Containment | 'unknown';

export interface EvaluationOptions {
  ipGroups: readonly IpGroup[];
  /** Service tags' address prefixes (the Service Tags list); without them, tags against addresses are `unknown`. */
  serviceTags?: readonly ServiceTag[];
  /** What an FQDN tag is documented to hold; without it, FQDN tags are `unknown`. */
  fqdnTagContainment?: (tag: string, target: FqdnPattern) => Match;
}

export interface TraceStep {
  path: string;
  kind: 'network' | 'application' | 'default';
  action: string;
  /** How much of the traffic class this rule matches: all, some, or unknown (cannot be told offline). */
  match: Match;
  note?: string;
  /** The sources the rule decides, when it decides for only some of them. */
  sources?: string[];
}

export type Decision = 'allowed' | 'denied' | 'partial' | 'unknown';

export interface Verdict {
  decision: Decision;
  /** The deciding rule's path, or `no rule matched (default deny)`. */
  witness: string;
  reason: string;
  trace: TraceStep[];
  notes: string[];
}

export const DEFAULT_DENY = 'no rule matched (default deny)';
const NO_IPV4_SOURCES = 'the traffic has no IPv4 sources';

interface Contribution {
  ranges: AddressRange[];
  action: 'Allow' | 'Deny';
  path: string;
}

interface Undecidable {
  step: TraceStep;
  /** The undecided sources the rule may match. */
  ranges: AddressRange[];
}

/**
 * Evaluates a class of traffic against a compiled firewall program, as Azure Firewall processes
 * rules (https://learn.microsoft.com/azure/firewall/rule-processing): network rules first, then
 * application rules for HTTP/HTTPS/MSSQL, then the default deny; rules terminate. The class is
 * decided per source range: a rule that matches only some of the sources decides those only.
 *
 * Stages of the documented order that are not evaluated here, and why:
 * - threat intelligence runs first, but denies only destinations on Microsoft's threat feed; required
 *   Microsoft endpoints are not on it, so its mode is reported by the threat-intel-off check instead;
 * - DNAT rules match traffic addressed to the firewall's own public IPs (inbound); egress to Internet
 *   destinations never matches them;
 * - the built-in infrastructure rule collection, consulted after application rules, allows only the
 *   firewall platform's own FQDNs ("can't be used for other purposes"), so it never allows cluster egress.
 */
export function evaluateTraffic(program: FirewallProgram, traffic: TrafficClass, options: EvaluationOptions): Verdict {
  const trace: TraceStep[] = [];
  const notes: string[] = [];
  const contributions: Contribution[] = [];
  const sourceRanges = sourceRangesOf(traffic.sources, [], new Map());
  if (sourceRanges.ranges.length === 0) {
    // Azure Firewall filters IPv4 only: with no IPv4 source there is no packet to decide, and "partial"
    // over nothing would claim both outcomes.
    const sources = traffic.sources.length === 0 ? 'none given' : traffic.sources.join(', ');
    return {
      decision: 'unknown',
      witness: NO_IPV4_SOURCES,
      reason: `${NO_IPV4_SOURCES} (sources: ${sources}): which rules apply cannot be told`,
      trace,
      notes,
    };
  }
  let undecided = sourceRanges.ranges;
  const prepared = prepareProgram(program, options.ipGroups);

  // Rules that may match some undecided sources but whose match cannot be proven, with those sources:
  // they decide nothing, but make the verdict unknown (or partial) where a later rule decides otherwise.
  const undecidable: Undecidable[] = [];
  const consider = (
    entry: ProgramEntry,
    ruleSources: SourceRanges,
    destination: Match,
    kind: 'network' | 'application',
    how?: string,
  ) => {
    if (destination === 'none' || undecided.length === 0) return;
    const matched = ruleSources.any ? undecided : intersectRanges(undecided, ruleSources.ranges);
    // An IP group that is not in the input may hold any of the other undecided sources: the rule may match them.
    const missing = ruleSources.any ? [] : ruleSources.missingIpGroups;
    const maybe = missing.length > 0 ? subtractRanges(undecided, matched) : [];
    const missingNote = `its source IP groups ${ipGroupNames(missing)} are not in the input`;
    const action = entry.action === 'Deny' ? 'Deny' : 'Allow';
    const sourcesOf = (ranges: AddressRange[]) =>
      rangeContainment(ranges, undecided) === 'all' ? undefined : ranges.map(formatRange);
    if (destination !== 'all') {
      const ranges = maybe.length > 0 ? mergeRanges([...matched, ...maybe]) : matched;
      if (ranges.length === 0) return;
      const destinationNote =
        how ??
        (destination === 'some'
          ? 'matches only some of the destination names'
          : 'its destination cannot be resolved offline');
      const step: TraceStep = {
        path: entry.path,
        kind,
        action,
        match: maybe.length > 0 ? 'unknown' : destination,
        sources: sourcesOf(ranges),
        note: maybe.length > 0 ? `${destinationNote}; ${missingNote}` : destinationNote,
      };
      trace.push(step);
      undecidable.push({ step, ranges });
      return;
    }
    if (maybe.length > 0) {
      const step: TraceStep = {
        path: entry.path,
        kind,
        action,
        match: 'unknown',
        sources: sourcesOf(maybe),
        note: missingNote,
      };
      trace.push(step);
      undecidable.push({ step, ranges: maybe });
    }
    if (matched.length === 0) return;
    const whole = rangeContainment(matched, undecided) === 'all';
    trace.push({
      path: entry.path,
      kind,
      action,
      match: whole ? 'all' : 'some',
      sources: sourcesOf(matched),
      ...(how && { note: how }),
    });
    contributions.push({ ranges: matched, action, path: entry.path });
    undecided = subtractRanges(undecided, matched);
  };

  for (const rule of prepared.network(traffic.protocol, traffic.port)) {
    if (undecided.length === 0) break;
    const { match, how } = networkDestinationMatch(rule, traffic.destination, program, notes, options.serviceTags);
    const decidedBefore = contributions.length;
    consider(rule.entry, rule.sources, match, 'network', how);
    if (
      contributions.length > decidedBefore &&
      traffic.destination.kind === 'fqdn' &&
      rule.entry.action !== 'Deny' &&
      traffic.protocol === 'TCP'
    ) {
      notes.push(
        `network rule ${rule.entry.path} decides this FQDN traffic before any application rule: it is allowed by address and port, without FQDN filtering`,
      );
    }
  }
  if (traffic.protocol === 'TCP' && traffic.destination.kind === 'fqdn' && undecided.length > 0) {
    const target = parseFqdnPattern(traffic.destination.pattern);
    if (target.kind !== 'invalid') {
      for (const rule of prepared.application(traffic.port, traffic.applicationProtocol, target)) {
        if (undecided.length === 0) break;
        const { match, how } = applicationTargetMatch(rule, target, traffic, program, options, notes);
        consider(rule.entry, rule.sources, match, 'application', how);
      }
    }
  }
  if (undecided.length > 0) {
    trace.push({
      path: DEFAULT_DENY,
      kind: 'default',
      action: 'Deny',
      match: contributions.length === 0 ? 'all' : 'some',
      sources: contributions.length === 0 ? undefined : undecided.map(formatRange),
    });
    contributions.push({ ranges: undecided, action: 'Deny', path: DEFAULT_DENY });
  }
  if (sourceRanges.invalid.length > 0)
    notes.push(`source entries that are not addresses were ignored: ${sourceRanges.invalid.join(', ')}`);
  return decide(contributions, undecidable, trace, notes);
}

function decide(contributions: Contribution[], pending: Undecidable[], trace: TraceStep[], notes: string[]): Verdict {
  const allowed = contributions.filter((c) => c.action === 'Allow');
  const denied = contributions.filter((c) => c.action === 'Deny');
  const finalAction =
    allowed.length > 0 && denied.length === 0 ? 'Allow' : denied.length > 0 && allowed.length === 0 ? 'Deny' : 'Mixed';
  // A rule whose match could not be decided offline (a service tag, an FQDN tag, a web category, an IP group
  // not in the input), or that matches only some destination names, changes the outcome where it may match
  // sources that a later rule decides the other way.
  const undecidable = pending
    .filter(({ step, ranges }) =>
      contributions.some((c) => c.action !== step.action && intersectRanges(c.ranges, ranges).length > 0),
    )
    .map(({ step }) => step);
  const first = contributions[0] as Contribution;
  const pathsOf = (list: Contribution[]) => [...new Set(list.map((c) => c.path))].join('; ');
  const unknownSteps = undecidable.filter((t) => t.match === 'unknown');
  const unless =
    unknownSteps.length > 0
      ? `, unless ${unknownSteps.map((t) => t.path).join('; ')} matches first (${unknownSteps.map((t) => t.note ?? 'cannot be decided offline').join('; ')})`
      : '';
  if (finalAction === 'Mixed') {
    return {
      decision: unknownSteps.length > 0 ? 'unknown' : 'partial',
      witness: unknownSteps[0]?.path ?? pathsOf(contributions),
      reason: `allowed for ${allowed.flatMap((c) => c.ranges.map(formatRange)).join(', ')} by ${pathsOf(allowed)}; denied for ${denied.flatMap((c) => c.ranges.map(formatRange)).join(', ')} by ${pathsOf(denied)}${unless}`,
      trace,
      notes,
    };
  }
  if (unknownSteps.length > 0) {
    return {
      decision: 'unknown',
      witness: unknownSteps[0]?.path ?? first.path,
      reason: `${finalAction === 'Allow' ? 'allowed' : 'denied'} by ${pathsOf(contributions)}${unless}`,
      trace,
      notes,
    };
  }
  const someSteps = undecidable.filter((t) => t.match === 'some');
  if (someSteps.length > 0) {
    return {
      decision: 'partial',
      witness: pathsOf(contributions),
      reason: `${finalAction === 'Allow' ? 'allowed' : 'denied'} by ${pathsOf(contributions)}, except the names that ${someSteps.map((t) => t.path).join('; ')} decides first`,
      trace,
      notes,
    };
  }
  return {
    decision: finalAction === 'Allow' ? 'allowed' : 'denied',
    witness: pathsOf(contributions),
    reason: `${finalAction === 'Allow' ? 'allowed' : 'denied'} by ${pathsOf(contributions)}`,
    trace,
    notes,
  };
}

const best = (matches: Match[]): Match =>
  matches.includes('all')
    ? 'all'
    : matches.includes('unknown')
      ? 'unknown'
      : matches.includes('some')
        ? 'some'
        : 'none';

const TAG_RANGES = new WeakMap<readonly ServiceTag[], Map<string, AddressRange[]>>();

/** The IPv4 ranges of a service tag, when the Service Tags list is in the input. */
function tagRanges(tag: string, tags: readonly ServiceTag[] | undefined): AddressRange[] | undefined {
  if (!tags) return undefined;
  let byName = TAG_RANGES.get(tags);
  if (!byName) {
    byName = new Map(tags.map((t) => [t.name.toLowerCase(), sourceRangesOf(t.addressPrefixes, [], new Map()).ranges]));
    TAG_RANGES.set(tags, byName);
  }
  return byName.get(tag.toLowerCase());
}

function targetRanges(target: Destination, tags: readonly ServiceTag[] | undefined): AddressRange[] | undefined {
  if (target.kind === 'addresses') return sourceRangesOf(target.addresses, [], new Map()).ranges;
  if (target.kind === 'service-tag') return tagRanges(target.tag, tags);
  return undefined;
}

/** What a traffic class's destination is, for notes. */
function describeTarget(target: Destination): string {
  if (target.kind === 'fqdn') return target.pattern;
  if (target.kind === 'service-tag') return `service tag ${target.tag}`;
  if (target.kind === 'addresses') return target.addresses.join(', ');
  return 'any destination';
}

/** Why a network rule's destination cannot be compared with the target offline. */
function undecidedDestination(ruleDestination: string, target: Destination): string {
  if (target.kind === 'fqdn')
    return `the addresses ${target.pattern} resolves to are not known offline: whether they are in ${ruleDestination} cannot be told`;
  if (target.kind === 'service-tag')
    return `the addresses of service tag ${target.tag} are not in the input (no Service Tags list): whether they are in ${ruleDestination} cannot be told`;
  return `whether ${describeTarget(target)} is in ${ruleDestination} cannot be told offline`;
}

function serviceTagMatch(
  ruleTag: string,
  target: Destination,
  tags: readonly ServiceTag[] | undefined,
): { match: Match; how?: string } {
  if (target.kind === 'service-tag') {
    const rule = ruleTag.toLowerCase();
    const wanted = target.tag.toLowerCase();
    // A global tag holds its regional tags (AzureCloud holds AzureCloud.eastus).
    if (rule === wanted || wanted.startsWith(`${rule}.`)) return { match: 'all' };
  }
  if (target.kind === 'any') return { match: 'some', how: `service tag ${ruleTag} holds only some addresses` };
  // Which addresses an FQDN resolves to is not known offline; a tag's are, when the Service Tags list is in the input.
  const ruleRanges = tagRanges(ruleTag, tags);
  const wanted = targetRanges(target, tags);
  if (ruleRanges && wanted && wanted.length > 0) return { match: rangeContainment(ruleRanges, wanted) };
  if (!ruleRanges && target.kind !== 'fqdn')
    return {
      match: 'unknown',
      how: `the addresses of service tag ${ruleTag} are not in the input (no Service Tags list): whether ${describeTarget(target)} is in it cannot be told`,
    };
  return { match: 'unknown', how: undecidedDestination(`service tag ${ruleTag}`, target) };
}

/**
 * How much of the target a network rule's destinations hold, and, when that is not `all`, why: each
 * kind of destination (addresses, service tags, FQDNs) is judged, and the best one counts, since the
 * rule matches a packet when any of its destinations does.
 */
function networkDestinationMatch(
  rule: PreparedNetworkRule,
  target: Destination,
  program: FirewallProgram,
  notes: string[],
  tags: readonly ServiceTag[] | undefined,
): { match: Match; how?: string } {
  const judged: { match: Match; how?: string }[] = [];
  for (const spec of rule.destinations) {
    if (spec.kind === 'any') judged.push({ match: 'all' });
    else if (spec.kind === 'service-tag') judged.push(serviceTagMatch(spec.tag, target, tags));
  }
  // A rule's address entries together hold the target: judge their union, not each entry.
  const ruleRanges = rule.destinations.flatMap((spec) => (spec.kind === 'ranges' ? spec.ranges : []));
  if (ruleRanges.length > 0) {
    const wanted = targetRanges(target, tags);
    const merged = mergeRanges(ruleRanges);
    const addresses = `its destination addresses (${merged.slice(0, 3).map(formatRange).join(', ')}${merged.length > 3 ? ', …' : ''})`;
    if (wanted && wanted.length > 0) judged.push({ match: rangeContainment(ruleRanges, wanted) });
    else if (target.kind === 'any') judged.push({ match: 'some', how: `${addresses} are only some addresses` });
    else judged.push({ match: 'unknown', how: undecidedDestination(addresses, target) });
  }
  if (rule.missingDestinationIpGroups.length > 0)
    judged.push({
      match: 'unknown',
      how: `its destination IP groups ${ipGroupNames(rule.missingDestinationIpGroups)} are not in the input`,
    });
  judged.push(...networkFqdnMatches(rule, target, program, notes));
  const match = best(judged.map((j) => j.match));
  const how = judged.filter((j) => j.match === match && j.how).map((j) => j.how);
  return match === 'all' || how.length === 0 ? { match } : { match, how: how.join('; ') };
}

const FQDN_NETWORK_DOC = 'https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules';

/**
 * How much of the target a network rule's destination FQDNs hold. "FQDN filtering in network rules doesn't
 * support wildcards" (FQDN_NETWORK_DOC): a wildcard never matches, so it decides nothing either way, and a
 * Basic firewall has no FQDN filtering in network rules at all (https://learn.microsoft.com/azure/firewall/features-by-sku).
 */
function networkFqdnMatches(
  rule: PreparedNetworkRule,
  target: Destination,
  program: FirewallProgram,
  notes: string[],
): { match: Match; how?: string }[] {
  if (rule.rule.destinationFqdns.length === 0) return [];
  const targetPattern = target.kind === 'fqdn' ? parseFqdnPattern(target.pattern) : undefined;
  const wouldHold = (pattern: FqdnPattern) =>
    targetPattern === undefined ||
    (targetPattern.kind !== 'invalid' && fqdnContainment(pattern, targetPattern) !== 'none');
  if (program.skuTier?.toLowerCase() === 'basic') {
    if (rule.fqdns.some(wouldHold))
      notes.push(
        `network rule ${rule.entry.path} names FQDNs, but ${program.firewallName} is a Basic firewall, which has no FQDN filtering in network rules: they match nothing`,
      );
    return [];
  }
  for (const pattern of rule.fqdns)
    if (pattern.kind !== 'exact' && targetPattern !== undefined && wouldHold(pattern))
      notes.push(
        `network rule ${rule.entry.path} names ${pattern.raw}, but FQDN filtering in network rules does not support wildcards: it matches nothing (${FQDN_NETWORK_DOC})`,
      );
  const exact = rule.fqdns.filter((p): p is Extract<FqdnPattern, { kind: 'exact' }> => p.kind === 'exact');
  if (exact.length === 0) return [];
  if (!program.dnsProxyEnabled)
    notes.push(
      `network rule ${rule.entry.path} names FQDNs but DNS proxy is off: its FQDNs are not reliable (${FQDN_NETWORK_DOC})`,
    );
  if (target.kind !== 'fqdn')
    return [
      {
        match: 'unknown',
        how: `the addresses its FQDNs ${exact.map((p) => p.raw).join(', ')} resolve to are not known offline: whether ${describeTarget(target)} is among them cannot be told`,
      },
    ];
  if (targetPattern === undefined || targetPattern.kind === 'invalid') return [];
  return exact.map((pattern) => {
    const match = fqdnContainment(pattern, targetPattern);
    // "You must enable DNS Proxy to use FQDNs in your network rules" (FQDN_NETWORK_DOC). Without it the firewall
    // still resolves the name itself and matches the addresses it got; a client that resolves through another
    // server may get others, and then "its connection attempt won't match the rules on the firewall"
    // (https://learn.microsoft.com/azure/firewall/dns-details). Whether the rule matches is not provable.
    return match !== 'none' && !program.dnsProxyEnabled
      ? {
          match: 'unknown' as const,
          how: `DNS proxy is off, so FQDNs in network rules are not reliably applied: the rule matches ${pattern.name} only when the client resolves it to the addresses the firewall resolved`,
        }
      : { match };
  });
}

const URL_DOC = 'https://learn.microsoft.com/azure/firewall/premium-features#url-filtering';

/**
 * Whether a rule's target URLs can match this traffic at all: URL filtering is Premium only, and for HTTPS
 * it needs TLS inspection ("URL filtering can be applied to both HTTP and HTTPS traffic when TLS inspection
 * is enabled", https://learn.microsoft.com/azure/firewall/features-by-sku); the reason when they cannot.
 */
function urlFilteringApplies(
  prepared: PreparedApplicationRule,
  traffic: TrafficClass,
  program: FirewallProgram,
): string | undefined {
  if (program.skuTier?.toLowerCase() !== 'premium')
    return `${program.firewallName} is a ${program.skuTier ?? 'non-Premium'} firewall, and URL filtering is Premium only`;
  if (traffic.applicationProtocol === 'Https' && !(prepared.rule.terminateTls && program.tlsInspection))
    return prepared.rule.terminateTls
      ? 'its policy has no TLS inspection settings, and URL filtering of HTTPS needs TLS inspection'
      : 'it does not terminate TLS, and URL filtering of HTTPS needs TLS inspection';
  return undefined;
}

/**
 * How much of the target's names a rule's target URLs cover. A host whose URLs cover both the root path
 * (`host` or `host/`) and every other path (`host/*`) is allowed whole; other paths allow it only in part.
 */
function urlContainment(urls: readonly TargetUrl[], target: FqdnPattern): Match[] {
  const matches: Match[] = [];
  const byHost = Map.groupBy(urls, (u) => u.host.raw.toLowerCase());
  for (const group of byHost.values()) {
    const host = (group[0] as TargetUrl).host;
    const containment = fqdnContainment(host, target);
    if (containment === 'none') continue;
    const paths = new Set(group.map((u) => u.paths));
    matches.push(containment === 'all' && paths.has('root') && paths.has('below-root') ? 'all' : 'some');
  }
  return matches;
}

function applicationTargetMatch(
  prepared: PreparedApplicationRule,
  target: FqdnPattern,
  traffic: TrafficClass,
  program: FirewallProgram,
  options: EvaluationOptions,
  notes: string[],
): { match: Match; how?: string } {
  const { rule } = prepared;
  const matches: Match[] = prepared.targets.map((pattern) => fqdnContainment(pattern, target));
  const how: string[] = [];
  if (prepared.urls.length > 0) {
    const urlMatches = urlContainment(prepared.urls, target);
    const notApplied = urlMatches.length > 0 ? urlFilteringApplies(prepared, traffic, program) : undefined;
    if (notApplied)
      notes.push(`the target URLs of ${prepared.entry.path} match nothing here: ${notApplied} (${URL_DOC})`);
    else {
      matches.push(...urlMatches);
      if (urlMatches.includes('some'))
        how.push(
          `its target URLs (${prepared.urls.map((u) => u.raw).join(', ')}) allow only some paths of ${target.raw}`,
        );
    }
  }
  for (const tag of rule.fqdnTags) {
    const match = options.fqdnTagContainment?.(tag, target) ?? 'unknown';
    matches.push(match);
    if (match === 'all') how.push(`allowed by FQDN tag ${tag}`);
    if (match === 'unknown') how.push(`FQDN tag ${tag} is not documented to cover ${target.raw}`);
    if (match === 'none') how.push(`FQDN tag ${tag} is known not to cover ${target.raw}`);
  }
  if (rule.webCategories.length > 0) {
    matches.push('unknown');
    how.push(`web categories ${rule.webCategories.join(', ')} cannot be resolved offline`);
  }
  const match = best(matches);
  // Explain the tag only when it decides: an explicit target FQDN that holds the name says enough.
  const decidedByTargetFqdn = matches.slice(0, prepared.targets.length).includes('all');
  return decidedByTargetFqdn || how.length === 0 ? { match } : { match, how: how.join('; ') };
}
