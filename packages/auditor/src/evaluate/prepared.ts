import { type ApplicationRule, type IpGroup, idKey, type NetworkRule } from '../model/inventory.ts';
import { type AddressRange, type AddressSpec, mergeRanges, parseAddressSpec } from './addresses.ts';
import { type FqdnPattern, parseFqdnPattern } from './fqdn.ts';
import type { FirewallProgram, ProgramEntry } from './program.ts';

/**
 * A firewall program with every rule parsed once and indexed, so that evaluating thousands of
 * traffic classes against thousands of rules touches only the rules that can match: network rules by
 * protocol and port, application rules by protocol, port and the last labels of their target FQDNs.
 * Candidate lists keep the program's processing order.
 */

export interface SourceRanges {
  any: boolean;
  /** The addresses known to be in the set: its own entries and the IP groups that are in the input. */
  ranges: AddressRange[];
  invalid: string[];
  /** The IP groups named that are not in the input: the addresses they hold are not known. */
  missingIpGroups: string[];
}

export interface PreparedNetworkRule {
  entry: ProgramEntry;
  rule: NetworkRule;
  sources: SourceRanges;
  protocols: Set<string>;
  /** Inclusive port ranges; `*` is [0, 65535]. */
  ports: [number, number][];
  destinations: AddressSpec[];
  /** The destination IP groups named that are not in the input. */
  missingDestinationIpGroups: string[];
  fqdns: FqdnPattern[];
}

export interface PreparedApplicationRule {
  entry: ProgramEntry;
  rule: ApplicationRule;
  sources: SourceRanges;
  targets: FqdnPattern[];
  urlHosts: FqdnPattern[];
  /** The target URLs by host: which paths of the host each covers. */
  urls: TargetUrl[];
}

/**
 * A target URL as its paths: `host` and `host/` match the root path only, `host/*` every other path
 * ("www.contoso.com/test/*" matches /test/anything and not /test, Azure Firewall FAQ, "How do wildcards
 * work in target URLs and target FQDNs in application rules?"); any other path is one part of the host.
 */
export interface TargetUrl {
  raw: string;
  host: FqdnPattern;
  paths: 'root' | 'below-root' | 'some';
}

function targetUrl(raw: string): TargetUrl | undefined {
  const slash = raw.indexOf('/');
  const host = parseFqdnPattern(slash < 0 ? raw : raw.slice(0, slash));
  if (host.kind === 'invalid') return undefined;
  const path = slash < 0 ? '' : raw.slice(slash + 1);
  return { raw, host, paths: path === '' ? 'root' : path === '*' ? 'below-root' : 'some' };
}

export interface PreparedProgram {
  /** Every network and application rule, parsed once, in processing order. */
  readonly rules: {
    readonly network: readonly PreparedNetworkRule[];
    readonly application: readonly PreparedApplicationRule[];
  };
  network(protocol: string, port: number): readonly PreparedNetworkRule[];
  application(
    port: number,
    applicationProtocol: string | undefined,
    target: FqdnPattern,
  ): readonly PreparedApplicationRule[];
}

/** IP groups by name (the last segment of their ids), for notes. */
export const ipGroupNames = (groupIds: readonly string[]) => groupIds.map((g) => g.split('/').at(-1) ?? g).join(', ');

const missingIpGroups = (groupIds: readonly string[], ipGroups: ReadonlyMap<string, IpGroup>): string[] =>
  groupIds.filter((id) => !ipGroups.has(idKey(id)));

export function sourceRangesOf(
  addresses: readonly string[],
  ipGroupIds: readonly string[],
  ipGroups: ReadonlyMap<string, IpGroup>,
): SourceRanges {
  const all = [...addresses];
  // An IP group that is not in the input holds addresses we do not know: they are not in `ranges`, and the
  // group is named in `missingIpGroups` so that a verdict that depends on it says so.
  for (const groupId of ipGroupIds) all.push(...(ipGroups.get(idKey(groupId))?.ipAddresses ?? []));
  const result: SourceRanges = {
    any: false,
    ranges: [],
    invalid: [],
    missingIpGroups: missingIpGroups(ipGroupIds, ipGroups),
  };
  for (const address of all) {
    const spec = parseAddressSpec(address);
    if (spec.kind === 'any') result.any = true;
    else if (spec.kind === 'ranges') result.ranges.push(...spec.ranges);
    else result.invalid.push(address);
  }
  result.ranges = result.any ? [[0, 0xffffffff]] : mergeRanges(result.ranges);
  return result;
}

function parsePorts(ports: readonly string[]): [number, number][] {
  return ports.flatMap((p): [number, number][] => {
    const text = p.trim();
    if (text === '*') return [[0, 65535]];
    const [from, to] = text.split('-').map(Number);
    if (from === undefined || Number.isNaN(from)) return [];
    return [[from, to === undefined || Number.isNaN(to) ? from : to]];
  });
}

const coversPort = (rule: PreparedNetworkRule, port: number) =>
  rule.ports.some(([from, to]) => port >= from && port <= to);

/**
 * "Any IP protocol includes all the IP protocols … If a destination port is explicitly configured, then
 * the rule is translated to a TCP+UDP rule" (Azure Firewall rule processing): `Any` on port `*` holds
 * ICMP, `Any` on port 443 does not. ICMP has no ports, so an ICMP rule's ports are not compared.
 */
function matchesProtocol(rule: PreparedNetworkRule, protocol: string): boolean {
  if (rule.protocols.has(protocol)) return true;
  if (!rule.protocols.has('ANY')) return false;
  return protocol !== 'ICMP' || rule.rule.destinationPorts.every((p) => p.trim() === '*');
}

const fqdnPatterns = (texts: readonly string[]): FqdnPattern[] =>
  texts.flatMap((t) => {
    const p = parseFqdnPattern(t);
    return p.kind === 'invalid' ? [] : [p];
  });

/** The last `count` whole labels every name of a pattern ends with, or undefined when it has fewer. */
function tailLabels(pattern: FqdnPattern, count: number): string | undefined {
  const text = pattern.kind === 'exact' ? pattern.name : pattern.kind === 'subdomains' ? pattern.base : undefined;
  if (text === undefined) {
    if (pattern.kind !== 'suffix') return undefined;
    // `*contoso.com`: the first label may be partial ("evilcontoso"), so only the labels after it are whole.
    const labels = pattern.suffix.split('.').slice(1);
    return labels.length >= count ? labels.slice(-count).join('.') : undefined;
  }
  const labels = text.split('.');
  return labels.length >= count ? labels.slice(-count).join('.') : undefined;
}

const merge = <T extends { entry: ProgramEntry }>(
  lists: readonly (readonly T[])[],
  order: Map<ProgramEntry, number>,
): T[] => [...new Set(lists.flat())].sort((a, b) => (order.get(a.entry) ?? 0) - (order.get(b.entry) ?? 0));

const PREPARED = new WeakMap<FirewallProgram, { ipGroups: readonly IpGroup[]; prepared: PreparedProgram }>();

export function prepareProgram(program: FirewallProgram, ipGroups: readonly IpGroup[]): PreparedProgram {
  const cached = PREPARED.get(program);
  if (cached && cached.ipGroups === ipGroups) return cached.prepared;
  const groups = new Map(ipGroups.map((g) => [idKey(g.id), g]));
  const order = new Map<ProgramEntry, number>([...program.network, ...program.application].map((e, i) => [e, i]));

  const network: PreparedNetworkRule[] = program.network.map((entry) => {
    const rule = entry.rule as NetworkRule;
    const destinationAddresses = [...rule.destinationAddresses];
    for (const groupId of rule.destinationIpGroups)
      destinationAddresses.push(...(groups.get(idKey(groupId))?.ipAddresses ?? []));
    return {
      entry,
      rule,
      sources: sourceRangesOf(rule.sourceAddresses, rule.sourceIpGroups, groups),
      protocols: new Set(rule.ipProtocols.map((p) => p.toUpperCase())),
      ports: parsePorts(rule.destinationPorts),
      destinations: destinationAddresses.map(parseAddressSpec),
      missingDestinationIpGroups: missingIpGroups(rule.destinationIpGroups, groups),
      fqdns: fqdnPatterns(rule.destinationFqdns),
    };
  });
  const application: PreparedApplicationRule[] = program.application.map((entry) => {
    const rule = entry.rule as ApplicationRule;
    return {
      entry,
      rule,
      sources: sourceRangesOf(rule.sourceAddresses, rule.sourceIpGroups, groups),
      targets: fqdnPatterns(rule.targetFqdns),
      urlHosts: fqdnPatterns(rule.targetUrls.map((u) => u.split('/')[0] ?? '')),
      urls: rule.targetUrls.flatMap((u) => targetUrl(u) ?? []),
    };
  });

  // Application rules by the whole labels their names end with; rules that can hold names of any
  // suffix (`*`, short suffixes, FQDN tags, web categories) are in `generic` and always considered.
  // `byLast` holds every rule with a whole last label, for targets that fix only their last label
  // (`*.com` holds evil.com and *.evil.com, which are filed under their last two labels).
  const byTwo = new Map<string, PreparedApplicationRule[]>();
  const byOne = new Map<string, PreparedApplicationRule[]>();
  const byLast = new Map<string, PreparedApplicationRule[]>();
  const generic: PreparedApplicationRule[] = [];
  const add = (map: Map<string, PreparedApplicationRule[]>, key: string, rule: PreparedApplicationRule) => {
    const list = map.get(key) ?? [];
    if (list.at(-1) !== rule) list.push(rule);
    map.set(key, list);
  };
  for (const prepared of application) {
    if (prepared.rule.fqdnTags.length > 0 || prepared.rule.webCategories.length > 0) generic.push(prepared);
    for (const pattern of [...prepared.targets, ...prepared.urlHosts]) {
      const two = tailLabels(pattern, 2);
      const one = tailLabels(pattern, 1);
      if (two) add(byTwo, two, prepared);
      else if (one) add(byOne, one, prepared);
      else if (generic.at(-1) !== prepared) generic.push(prepared);
      if (one) add(byLast, one, prepared);
    }
  }

  const networkCache = new Map<string, PreparedNetworkRule[]>();
  const applicationCache = new Map<string, PreparedApplicationRule[]>();
  const prepared: PreparedProgram = {
    rules: { network, application },
    network(protocol, port) {
      const key = `${protocol}:${port}`;
      let list = networkCache.get(key);
      if (!list) {
        list = network.filter((r) => matchesProtocol(r, protocol) && (protocol === 'ICMP' || coversPort(r, port)));
        networkCache.set(key, list);
      }
      return list;
    },
    application(port, applicationProtocol, target) {
      const two = tailLabels(target, 2);
      const one = tailLabels(target, 1);
      const key = `${port}:${applicationProtocol ?? ''}:${target.kind === 'any' ? '*' : `${two ?? ''}|${one ?? ''}`}`;
      let list = applicationCache.get(key);
      if (!list) {
        // A suffix target (`*contoso.com`) holds names whose last two labels vary (`evilcontoso.com`): consider every rule.
        const candidates =
          target.kind === 'any' || target.kind === 'suffix' || !one
            ? application
            : merge(
                [two ? [...(byTwo.get(two) ?? []), ...(byOne.get(one) ?? [])] : (byLast.get(one) ?? []), generic],
                order,
              );
        list = candidates.filter((r) =>
          r.rule.protocols.some(
            (p) =>
              p.port === port &&
              (!applicationProtocol || p.protocolType.toLowerCase() === applicationProtocol.toLowerCase()),
          ),
        );
        applicationCache.set(key, list);
      }
      return list;
    },
  };
  PREPARED.set(program, { ipGroups, prepared });
  return prepared;
}
