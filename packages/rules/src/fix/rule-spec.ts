/**
 * One allow rule a fix adds, chosen from an endpoint's documented alternatives, in the three forms a
 * fix is given in: the Firewall Policy rule JSON, the inventory rule (to re-audit the fixed input) and
 * the Azure CLI arguments.
 *
 * Which alternative, and which rule type (https://learn.microsoft.com/azure/firewall/rule-processing,
 * https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules):
 * - an HTTP(S) endpoint is an application rule to a name: an exact name first, then a wildcard that no
 *   other customer can host under; failing those, a service tag or addresses in a network rule; a
 *   wildcard over a shared domain only when nothing else is documented (multi-tenant-wildcard will say so);
 * - a TCP or UDP endpoint (NTP on UDP 123, the tunnel ports) is never an application rule: it is a
 *   network rule, to its exact name only when the firewall's DNS proxy is on (network rules take no
 *   wildcard names), otherwise to a documented service tag or addresses, `*` last.
 */
import {
  type ApplicationRule,
  type Destination,
  type FqdnPattern,
  type NetworkRule,
  parseFqdnPattern,
} from '@aro-aks-audit/auditor';
import type { ResolvedEndpoint } from '../catalog/resolve.ts';
import { SHARED_DOMAINS } from '../catalog/shared-domains.ts';
import { spansSharedDomain } from '../checks/multi-tenant-wildcard.ts';
import { shellQuote } from '../shell.ts';

export interface RuleSpec {
  kind: 'application' | 'network';
  name: string;
  sources: string[];
  /** `Https`/`Http` for an application rule, `TCP`/`UDP` for a network rule. */
  protocol: string;
  port: number;
  /** Target FQDNs (application rule), or destination addresses and service tags (network rule). */
  destinations: string[];
  /** Network rules only: destination FQDNs, which need the DNS proxy. */
  destinationFqdns: string[];
  /** The catalog entries the rule allows. */
  endpointIds: string[];
}

export type RuleChoice = { spec: Omit<RuleSpec, 'name'>; warning?: string } | { note: string };

const isShared = (pattern: FqdnPattern) => SHARED_DOMAINS.some((s) => spansSharedDomain(pattern, s));

function fqdnsOf(destinations: readonly Destination[]) {
  return destinations.flatMap((d) => {
    if (d.kind !== 'fqdn') return [];
    const pattern = parseFqdnPattern(d.pattern);
    return pattern.kind === 'invalid' ? [] : [{ text: d.pattern, pattern }];
  });
}

const addressesOf = (d: Destination): string[] =>
  d.kind === 'service-tag' ? [d.tag] : d.kind === 'addresses' ? d.addresses : d.kind === 'any' ? ['*'] : [];

/** The narrowest documented alternative the firewall can enforce, as a rule of the right type. */
export function chooseRule(endpoint: ResolvedEndpoint, sources: string[], dnsProxy: boolean): RuleChoice {
  const { entry } = endpoint;
  const base = { sources, port: entry.port, destinationFqdns: [] as string[], endpointIds: [entry.id] };
  const names = fqdnsOf(endpoint.destinations);
  const tagsOrAddresses = endpoint.destinations.filter((d) => d.kind === 'service-tag' || d.kind === 'addresses');
  const any = endpoint.destinations.find((d) => d.kind === 'any');
  const network = (d: Destination) => ({
    spec: { ...base, kind: 'network' as const, protocol: entry.protocol, destinations: addressesOf(d) },
  });
  if (entry.applicationProtocol) {
    const app = (text: string) => ({
      spec: {
        ...base,
        kind: 'application' as const,
        protocol: entry.applicationProtocol as string,
        destinations: [text],
      },
    });
    const exact = names.find((n) => n.pattern.kind === 'exact');
    if (exact) return app(exact.text);
    const ownWildcard = names.find((n) => n.pattern.kind !== 'any' && !isShared(n.pattern));
    if (ownWildcard) return app(ownWildcard.text);
    const tag = tagsOrAddresses[0];
    if (tag) return network(tag);
    const shared = names.find((n) => n.pattern.kind !== 'any');
    if (shared)
      return {
        ...app(shared.text),
        warning: `${shared.text} is the only documented form of ${entry.id} and spans a domain other customers can host under: multi-tenant-wildcard reports it; narrow it to your own names where you can`,
      };
    if (any) return network(any);
    return {
      note: `${entry.id}: no documented destination can be written as a rule (${endpoint.unresolved.join('; ')})`,
    };
  }
  // A TCP or UDP requirement: a network rule, never an application rule with a made-up protocol.
  const exact = names.find((n) => n.pattern.kind === 'exact');
  if (exact && dnsProxy)
    return {
      spec: { ...base, kind: 'network', protocol: entry.protocol, destinations: [], destinationFqdns: [exact.text] },
    };
  const tag = tagsOrAddresses[0];
  if (tag) return network(tag);
  if (any) return network(any);
  if (exact)
    return {
      note: `${entry.id}: ${exact.text} on ${entry.protocol} ${entry.port} needs a network rule with a destination FQDN, which works only with DNS proxy on in the firewall policy; it is off and no address is documented`,
    };
  return {
    note: `${entry.id}: no documented destination can be written as a network rule (${endpoint.unresolved.join('; ')})`,
  };
}

const sameShape = (a: Omit<RuleSpec, 'name'>, b: Omit<RuleSpec, 'name'>) =>
  a.kind === b.kind &&
  a.protocol === b.protocol &&
  a.port === b.port &&
  a.destinationFqdns.length > 0 === b.destinationFqdns.length > 0 &&
  [...a.sources].sort().join(',') === [...b.sources].sort().join(',');

/**
 * The rules merged by type, protocol, port and sources, each listing its destinations once, named by
 * what they allow (`https-443`, `udp-123`); a name taken in the collection gets a number.
 */
export function mergeRules(choices: readonly Omit<RuleSpec, 'name'>[]): RuleSpec[] {
  const merged: Omit<RuleSpec, 'name'>[] = [];
  for (const choice of choices) {
    const same = merged.find((m) => sameShape(m, choice));
    if (!same) {
      merged.push({
        ...choice,
        destinations: [...choice.destinations],
        destinationFqdns: [...choice.destinationFqdns],
        endpointIds: [...choice.endpointIds],
      });
      continue;
    }
    for (const d of choice.destinations) if (!same.destinations.includes(d)) same.destinations.push(d);
    for (const d of choice.destinationFqdns) if (!same.destinationFqdns.includes(d)) same.destinationFqdns.push(d);
    same.endpointIds.push(...choice.endpointIds);
  }
  const used = new Map<string, number>();
  return merged.map((rule) => {
    const stem = `${rule.protocol.toLowerCase()}-${rule.port}`;
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    return { ...rule, name: n === 1 ? stem : `${stem}-${n}` };
  });
}

/** The rule as Firewall Policy JSON (a rule of a `FirewallPolicyFilterRuleCollection`). */
export function armRuleOf(rule: RuleSpec): Record<string, unknown> {
  return rule.kind === 'application'
    ? {
        ruleType: 'ApplicationRule',
        name: rule.name,
        sourceAddresses: rule.sources,
        protocols: [{ protocolType: rule.protocol, port: rule.port }],
        targetFqdns: rule.destinations,
      }
    : {
        ruleType: 'NetworkRule',
        name: rule.name,
        ipProtocols: [rule.protocol],
        sourceAddresses: rule.sources,
        ...(rule.destinations.length > 0 && { destinationAddresses: rule.destinations }),
        ...(rule.destinationFqdns.length > 0 && { destinationFqdns: rule.destinationFqdns }),
        destinationPorts: [String(rule.port)],
      };
}

/** The rule as the audit's inventory holds it, to re-audit the input as it will be once the fix is applied. */
export function modelRuleOf(rule: RuleSpec): ApplicationRule | NetworkRule {
  const common = { name: rule.name, sourceAddresses: rule.sources, sourceIpGroups: [] };
  return rule.kind === 'application'
    ? {
        ...common,
        kind: 'application',
        protocols: [{ protocolType: rule.protocol as 'Http' | 'Https', port: rule.port }],
        targetFqdns: rule.destinations,
        targetUrls: [],
        fqdnTags: [],
        webCategories: [],
        destinationAddresses: [],
        terminateTls: false,
      }
    : {
        ...common,
        kind: 'network',
        ipProtocols: [rule.protocol as 'TCP' | 'UDP'],
        destinationAddresses: rule.destinations,
        destinationIpGroups: [],
        destinationFqdns: rule.destinationFqdns,
        destinationPorts: [String(rule.port)],
      };
}

const words = (values: readonly string[]) => values.map(shellQuote).join(' ');

/**
 * The rule's arguments to `az network firewall policy rule-collection-group collection add-filter-collection`
 * and `… collection rule add` (policy), or to `az network firewall application-rule|network-rule create`
 * (classic), whose network rules name the protocol `--protocols`.
 */
export function ruleArguments(rule: RuleSpec, flavor: 'policy' | 'classic'): string {
  const sources = `--source-addresses ${words(rule.sources)}`;
  if (rule.kind === 'application')
    return `${flavor === 'policy' ? '--rule-type ApplicationRule ' : ''}${sources} --protocols ${rule.protocol}=${rule.port} --target-fqdns ${words(rule.destinations)}`;
  const destinations = [
    ...(rule.destinations.length > 0 ? [`--destination-addresses ${words(rule.destinations)}`] : []),
    ...(rule.destinationFqdns.length > 0 ? [`--destination-fqdns ${words(rule.destinationFqdns)}`] : []),
  ].join(' ');
  return flavor === 'policy'
    ? `--rule-type NetworkRule ${sources} --ip-protocols ${rule.protocol} ${destinations} --destination-ports ${rule.port}`
    : `${sources} --protocols ${rule.protocol} ${destinations} --destination-ports ${rule.port}`;
}
