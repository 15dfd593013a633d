import {
  type ApplicationRule,
  type Check,
  defineCheck,
  type FindingDraft,
  type FindingResource,
  type FirewallRule,
  type NetworkRule,
  parseAddressSpec,
  prefixLength,
  type RuleCollection,
} from '@aro-aks-audit/auditor';
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

function* rulesOf(collections: RuleCollection[], prefix: string, resource: FindingResource) {
  for (const collection of collections) {
    if (collection.action !== 'Allow') continue;
    for (const rule of collection.rules)
      if (rule.kind !== 'nat') yield { rule, path: `${prefix} / ${collection.name} / ${rule.name}`, resource };
  }
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
  *run({ inventory }): Generator<FindingDraft<MessageId>> {
    const policyName = new Map(inventory.firewallPolicies.map((p) => [p.id.toLowerCase(), p.name]));
    const candidates = [
      ...inventory.ruleCollectionGroups.flatMap((g) => [
        ...rulesOf(
          g.collections,
          `${policyName.get(g.policyId.toLowerCase()) ?? g.policyId.split('/').at(-1)} / ${g.name}`,
          resourceOf(g),
        ),
      ]),
      ...inventory.firewalls.flatMap((f) => [
        ...rulesOf(
          [...f.classicCollections.network, ...f.classicCollections.application],
          `${f.name} (classic)`,
          resourceOf(f),
        ),
      ]),
    ];
    for (const { rule, path, resource } of candidates) {
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
        };
      }
    }
  },
});

export default check;
