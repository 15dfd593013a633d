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

/** Why a rule allows more than a reviewer would expect, or nothing when it is scoped. */
export function broadness(rule: FirewallRule): string[] {
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
  } else if (rule.kind === 'application') {
    const r: ApplicationRule = rule;
    if (r.targetFqdns.some((f) => f.trim() === '*')) why.push('any FQDN (target *)');
  }
  return why;
}

interface Placement {
  rule: NetworkRule | ApplicationRule;
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
    if (collection.action !== 'Allow') continue;
    for (const rule of collection.rules)
      if (rule.kind !== 'nat')
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
    ],
    messages,
  },
  *run(context): Generator<FindingDraft<MessageId>> {
    const { inventory } = context;
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
      ...inventory.firewalls.flatMap((f) => [
        ...rulesOf(
          [...f.classicCollections.network, ...f.classicCollections.application],
          `${f.name} (classic)`,
          resourceOf(f),
          { kind: 'classic', firewallId: f.id },
        ),
      ]),
    ];
    for (const placement of candidates) {
      const { rule, path, resource } = placement;
      const why = broadness(rule);
      const sources = [...rule.sourceAddresses, ...rule.sourceIpGroups.map((g) => g.split('/').at(-1) ?? g)].join(', ');
      if (why.length === 0) {
        yield {
          status: 'pass',
          messageId: 'narrow',
          resource,
          subject: path,
          data: { rule: path, scope: `from ${sources}` },
        };
      } else {
        yield {
          status: 'fail',
          messageId: 'broad',
          resource,
          subject: path,
          data: { rule: path, why: why.join('; ') },
          evidence: [
            {
              kind: 'rule',
              label: path,
              detail: `sources ${sources}; ${rule.kind === 'network' ? `protocols ${rule.ipProtocols.join(', ')}; destinations ${[...rule.destinationAddresses, ...rule.destinationFqdns].join(', ')}; ports ${rule.destinationPorts.join(', ')}` : `target FQDNs ${rule.targetFqdns.join(', ')}`}`,
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
