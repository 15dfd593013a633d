import {
  type AddressRange,
  type ApplicationRule,
  type Check,
  type CheckContext,
  defineCheck,
  type FindingDraft,
  type FindingResource,
  type FirewallRule,
  idKey,
  intersectRanges,
  type NatRule,
  type NetworkRule,
  parseAddressSpec,
  prefixLength,
  type Remediation,
  type RuleCollection,
} from '@aro-aks-audit/auditor';
import { fixFor, type RuleContainer, removeRuleCommand } from '../fixes.ts';
import type { RulesSettings } from '../settings.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  narrow: 'Allow rule {{rule}} is scoped: {{scope}}.',
  broad: 'Allow rule {{rule}} is over-broad: {{why}}.',
  dnatScoped: 'DNAT rule {{rule}} opens no management port to any source ({{scope}}).',
  dnatExposed: 'DNAT rule {{rule}} exposes a management port: {{why}}.',
} as const;

type MessageId = keyof typeof messages;

/** A destination CIDR this wide (or wider) counts as "a very wide CIDR". */
const WIDE_PREFIX = 8;

const isAny = (values: readonly string[]) => values.some((v) => parseAddressSpec(v).kind === 'any');
const anyPort = (ports: readonly string[]) =>
  ports.some((p) => {
    if (p.trim() === '*') return true;
    const [from, to] = p.split('-').map(Number);
    return from !== undefined && to !== undefined && to - from >= 1000;
  });

/** Egress source ranges of the clusters in the input, to tell which rules their traffic matches. */
export interface ClusterSources {
  clusters: { name: string; ranges: AddressRange[] }[];
  /** The addresses a rule's sources hold, IP groups included. */
  rangesOf: (rule: FirewallRule) => AddressRange[] | 'any';
}

const portsCover = (ports: readonly string[], port: number) =>
  ports.some((p) => {
    const text = p.trim();
    if (text === '*') return true;
    const [from, to] = text.split('-').map(Number);
    return from !== undefined && port >= from && port <= (to === undefined || Number.isNaN(to) ? from : to);
  });

const WEB_PORTS = [443, 80] as const;
const MANAGEMENT_PORTS: Record<number, string> = { 22: 'SSH', 3389: 'RDP' };

/** Whose egress a rule's sources hold: any source, or the clusters whose egress ranges they overlap. */
function clusterSourcesOf(rule: FirewallRule, anySource: boolean, sources: ClusterSources | undefined): string {
  if (anySource) return 'any source';
  const ranges = sources?.rangesOf(rule) ?? [];
  if (ranges === 'any') return 'any source';
  const names = (sources?.clusters ?? [])
    .filter((c) => intersectRanges(c.ranges, ranges).length > 0)
    .map((c) => c.name);
  return names.length > 0 ? `the egress of cluster${names.length === 1 ? '' : 's'} ${names.join(', ')}` : '';
}

/**
 * A network rule that lets a cluster reach any address on the web ports: "network rules are applied in
 * priority order before application rules" and terminate (https://learn.microsoft.com/azure/firewall/rule-processing,
 * "Example 1"), so that traffic never meets an application rule and every FQDN rule for it is moot.
 */
function webPortsToAnywhere(rule: NetworkRule, anySource: boolean, sources: ClusterSources | undefined): string[] {
  const anywhere = rule.destinationAddresses.filter((d) => {
    const spec = parseAddressSpec(d);
    return spec.kind === 'any' || (spec.kind === 'service-tag' && spec.tag.toLowerCase() === 'internet');
  });
  if (anywhere.length === 0 || !rule.ipProtocols.some((p) => p === 'TCP' || p === 'Any')) return [];
  const ports = WEB_PORTS.filter((port) => portsCover(rule.destinationPorts, port));
  const who = ports.length > 0 ? clusterSourcesOf(rule, anySource, sources) : '';
  if (who === '') return [];
  return [
    `${who} to ${anywhere.join(', ')} on TCP ${ports.join(' and ')}: network rules are processed before application rules, so this traffic is allowed before any FQDN rule is consulted and every application rule for it is moot`,
  ];
}

/** A DNAT rule that opens a management port to any source on the Internet. */
function managementPortExposure(rule: NatRule): string[] {
  const anySource =
    rule.sourceIpGroups.length === 0 && (rule.sourceAddresses.length === 0 || isAny(rule.sourceAddresses));
  if (!anySource) return [];
  const translated = Number(rule.translatedPort);
  return Object.entries(MANAGEMENT_PORTS).flatMap(([port, service]) =>
    portsCover(rule.destinationPorts, Number(port)) || translated === Number(port)
      ? [
          `any source to ${service} (port ${port}) of ${rule.translatedAddress ?? rule.translatedFqdn ?? 'the translated address'} through DNAT: management ports open to the Internet are what attackers scan for`,
        ]
      : [],
  );
}

/** Why a rule allows more than a reviewer would expect, or nothing when it is scoped. */
export function broadness(rule: FirewallRule, sources?: ClusterSources): string[] {
  const why: string[] = [];
  const anySource = rule.sourceIpGroups.length === 0 && isAny(rule.sourceAddresses);
  if (rule.kind === 'network') {
    const r: NetworkRule = rule;
    const anyDestination =
      r.destinationIpGroups.length === 0 && r.destinationFqdns.length === 0 && isAny(r.destinationAddresses);
    const wide = r.destinationAddresses.filter((d) => {
      const length = prefixLength(d);
      return length !== undefined && length > 0 && length <= WIDE_PREFIX;
    });
    const everyPort = anyPort(r.destinationPorts) || (r.ipProtocols.includes('Any') && r.destinationPorts.length === 0);
    if (anyDestination && everyPort) why.push('any destination on any port');
    else if (anyDestination && anySource) why.push('any source to any destination');
    if (wide.length > 0 && everyPort) why.push(`very wide destination ${wide.join(', ')} on any port`);
    if (anySource && everyPort && !anyDestination && wide.length === 0) why.push('any source on any port');
    if (!everyPort) why.push(...webPortsToAnywhere(r, anySource, sources));
  } else if (rule.kind === 'application') {
    const r: ApplicationRule = rule;
    if (r.targetFqdns.some((f) => f.trim() === '*')) why.push('any FQDN (target *)');
  } else {
    why.push(...managementPortExposure(rule));
  }
  return why;
}

interface Placement {
  rule: NetworkRule | ApplicationRule | NatRule;
  path: string;
  resource: FindingResource;
  collection: string;
  /** The policy's rule collection group, or the classic firewall. */
  container: RuleContainer;
}

function* rulesOf(
  collections: RuleCollection[],
  prefix: string,
  resource: FindingResource,
  container: Placement['container'],
): Generator<Placement> {
  for (const collection of collections) {
    // Allow collections, and DNAT collections (which allow what they translate); deny collections deny broadly on purpose.
    if (collection.action === 'Deny') continue;
    for (const rule of collection.rules)
      yield {
        rule,
        path: `${prefix} / ${collection.name} / ${rule.name}`,
        resource,
        collection: collection.name,
        container,
      };
  }
}

/** The Azure CLI command that deletes the rule where it is (policy rule collection group, or classic collection). */
const removeCommand = ({ container, collection, rule }: Placement): string =>
  removeRuleCommand(container, collection, rule);

function sourceRangesOfRule(rule: FirewallRule, context: CheckContext<RulesSettings>): AddressRange[] | 'any' {
  const groups = new Map(context.inventory.ipGroups.map((g) => [idKey(g.id), g.ipAddresses]));
  const specs = [...rule.sourceAddresses, ...rule.sourceIpGroups.flatMap((id) => groups.get(idKey(id)) ?? [])].map(
    parseAddressSpec,
  );
  if (specs.some((s) => s.kind === 'any')) return 'any';
  return specs.flatMap((s) => (s.kind === 'ranges' ? s.ranges : []));
}

/**
 * The concrete fix: the clusters whose egress this rule allows today (their firewall's program holds
 * the rule and its sources overlap theirs) get their least-privilege group, placed where it takes
 * effect, and the broad rule is deleted. Without such clusters, deleting it is the fix.
 */
function replacementFor(placement: Placement, context: CheckContext<RulesSettings>): Partial<Remediation> {
  const { inventory, analysis } = context;
  if (placement.rule.kind === 'nat')
    return {
      text: `Restrict the sources of ${placement.path} to the addresses administrators connect from (an IP group), or remove it and reach the host through Azure Bastion or just-in-time access.`,
      cli: removeCommand(placement),
    };
  const ruleSources = sourceRangesOfRule(placement.rule, context);
  const served = inventory.clusters.filter((cluster) => {
    const path = analysis.egressPathOf(cluster);
    const compiled = path.firewall && analysis.programOf(path.firewall);
    if (!compiled?.ok) return false;
    const { network, application } = compiled.program;
    if (![...network, ...application].some((entry) => entry.rule === placement.rule)) return false;
    if (ruleSources === 'any') return true;
    const clusterRanges = path.sourceCidrs.flatMap((c) => {
      const spec = parseAddressSpec(c);
      return spec.kind === 'ranges' ? spec.ranges : [];
    });
    return intersectRanges(ruleSources, clusterRanges).length > 0;
  });
  const fixes = served.flatMap((cluster) => {
    const fix = fixFor(cluster, inventory, context.settings);
    return 'error' in fix ? [] : [{ cluster: cluster.name, fix }];
  });
  const remove = removeCommand(placement);
  if (fixes.length === 0) {
    return {
      text: `No cluster in the input depends on ${placement.path}: delete it, or replace it with rules for the destinations its sources actually need (the firewall logs show what it allowed).`,
      cli: remove,
    };
  }
  const names = fixes.map((f) => f.cluster).join(', ');
  return {
    text: `Clusters ${names} egress through ${placement.path}. Add the least-privilege rule collection group of each (aro-aks-audit fix --cluster NAME prints it), then delete the broad rule; the firewall logs show what else its sources use.`,
    cli: [...fixes.flatMap((f) => f.fix.commands), remove].join('\n'),
    json: fixes.length === 1 ? fixes[0]?.fix.json : fixes.map((f) => f.fix.json),
  };
}

function ruleDetail(rule: Placement['rule']): string {
  if (rule.kind === 'network')
    return `protocols ${rule.ipProtocols.join(', ')}; destinations ${[...rule.destinationAddresses, ...rule.destinationFqdns].join(', ')}; ports ${rule.destinationPorts.join(', ')}`;
  if (rule.kind === 'nat')
    return `DNAT ${rule.ipProtocols.join(', ')} ${rule.destinationAddresses.join(', ')}:${rule.destinationPorts.join(', ')} → ${rule.translatedAddress ?? rule.translatedFqdn ?? '?'}:${rule.translatedPort ?? '?'}`;
  return `target FQDNs ${rule.targetFqdns.join(', ')}`;
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'overly-broad-rule',
    code: 'AZFW201',
    severity: 'high',
    title: 'Allow rules name the destinations and ports they are for',
    risk: 'A rule that allows any destination on any port (or any FQDN) turns the firewall into a pass-through for the sources it covers: exfiltration and command-and-control traffic are allowed and only the logs would show it.',
    remediation:
      'Replace the rule with rules for the destinations and ports that are actually needed (the firewall logs show what it allowed), or delete it if it was temporary.',
    references: [
      'https://learn.microsoft.com/azure/firewall/rule-processing',
      'https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall',
      'https://learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-overview',
    ],
    messages,
  },
  *run(context): Generator<FindingDraft<MessageId>> {
    const { inventory, analysis } = context;
    const sources: ClusterSources = {
      rangesOf: (rule) => sourceRangesOfRule(rule, context),
      clusters: inventory.clusters.map((cluster) => ({
        name: cluster.name,
        ranges: analysis.egressPathOf(cluster).sourceCidrs.flatMap((cidr) => {
          const spec = parseAddressSpec(cidr);
          return spec.kind === 'ranges' ? spec.ranges : [];
        }),
      })),
    };
    const policyName = new Map(inventory.firewallPolicies.map((p) => [p.id.toLowerCase(), p.name]));
    const candidates = [
      ...inventory.ruleCollectionGroups.flatMap((g) => [
        ...rulesOf(
          g.collections,
          `${policyName.get(g.policyId.toLowerCase()) ?? g.policyId.split('/').at(-1)} / ${g.name}`,
          resourceOf(g),
          { kind: 'policy', policyId: g.policyId, group: g.name },
        ),
      ]),
      // Classic collections apply only to a firewall without a policy (classic-rules-in-use reports the others).
      ...inventory.firewalls.flatMap((f) => [
        ...rulesOf(
          f.policyId
            ? []
            : [...f.classicCollections.nat, ...f.classicCollections.network, ...f.classicCollections.application],
          `${f.name} (classic)`,
          resourceOf(f),
          { kind: 'classic', firewallId: f.id },
        ),
      ]),
    ];
    for (const placement of candidates) {
      const { rule, path, resource } = placement;
      const why = broadness(rule, sources);
      const ruleSources = [...rule.sourceAddresses, ...rule.sourceIpGroups.map((g) => g.split('/').at(-1) ?? g)].join(
        ', ',
      );
      if (why.length === 0) {
        yield {
          status: 'pass',
          messageId: rule.kind === 'nat' ? 'dnatScoped' : 'narrow',
          resource,
          subject: path,
          data: { rule: path, scope: `from ${ruleSources}${rule.kind === 'nat' ? `; ${ruleDetail(rule)}` : ''}` },
        };
      } else {
        yield {
          status: 'fail',
          messageId: rule.kind === 'nat' ? 'dnatExposed' : 'broad',
          resource,
          subject: path,
          data: { rule: path, why: why.join('; ') },
          evidence: [
            {
              kind: 'rule',
              label: path,
              detail: `sources ${ruleSources}; ${ruleDetail(rule)}`,
              resourceId: resource.id,
            },
          ],
          remediation: replacementFor(placement, context),
        };
      }
    }
  },
});

export default check;
