/**
 * The shadowing index: for every network and application rule of a firewall's program, the first
 * earlier rule that matches all of its traffic, or the first that may. Which rule holds which is
 * rule-containment.ts (the algebra, with the documentation it follows); this module only finds, per
 * rule, the few earlier rules worth comparing, through posting lists of each dimension's values.
 */
import { type IpGroup, idKey } from '../model/inventory.ts';
import type { AddressRange } from './addresses.ts';
import type { FqdnPattern } from './fqdn.ts';
import { prepareProgram } from './prepared.ts';
import type { FirewallProgram, ProgramEntry } from './program.ts';
import { type CoverContext, type CoverDetail, quickCover, serviceOf } from './rule-containment.ts';
import { type Facts, factsOf, type PreparedRule, type Protocol } from './rule-facts.ts';

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
          d = quickCover((items[index] as Item).prepared, item.prepared, context);
          seen.set(index, d);
        }
        return d;
      };
      const relationOf = (index: number) =>
        (items[index] as Item).entry.action === entry.action ? 'redundant' : 'shadowed';
      const fullest = options.reduce((a, b) => (sizeOf(b.full) < sizeOf(a.full) ? b : a));
      for (const index of candidates(fullest.full, item.index)) {
        if (compare(index).cover !== 'all') continue;
        const earlier = items[index] as Item;
        coverage.coveredBy = { entry: earlier.entry, kind: earlier.kind, relation: relationOf(index) };
        break;
      }
      if (!coverage.coveredBy) {
        const widest = options.reduce((a, b) =>
          sizeOf(b.full) + sizeOf(b.maybe) < sizeOf(a.full) + sizeOf(a.maybe) ? b : a,
        );
        for (const index of candidates([...widest.full, ...widest.maybe], item.index)) {
          const relation = relationOf(index);
          if (coverage.possiblyCoveredBy.some((p) => p.relation === relation)) continue;
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
