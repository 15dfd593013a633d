import {
  type Check,
  defineCheck,
  type FindingDraft,
  type FindingResource,
  type FirewallRule,
  type IpGroup,
  idKey,
  parseAddressSpec,
  type RuleCollection,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { placeholder, scopeArguments, shellQuote } from '../shell.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  resolved: 'Rule {{rule}} references only IP groups that hold addresses, and its addresses are valid.',
  ipGroupMissing:
    'Rule {{rule}} references IP group {{ipGroup}} in its {{field}}, which is not in the input: what the rule matches is unknown.',
  ipGroupEmpty:
    'Rule {{rule}} references IP group {{ipGroup}} in its {{field}}, which holds no addresses: "If you delete all the IP addresses in an IP Group while it is still in use in a rule, that rule is skipped", so this {{action}} rule has no effect.',
  invalidAddress: 'Rule {{rule}} has {{address}} in its {{field}}, which is {{why}}: the rule cannot match it.',
} as const;

type MessageId = keyof typeof messages;

const IP_GROUPS_DOC = 'https://learn.microsoft.com/azure/firewall/ip-groups';

const nameOf = (id: string) => id.split('/').at(-1) ?? id;
/** IPv6 (dual stack, preview, network rules only): not evaluated here, so not reported as invalid. */
const looksIpv6 = (text: string) => /^[0-9a-f:.]+(\/\d{1,3})?$/i.test(text.trim()) && text.includes(':');

interface Located {
  rule: FirewallRule;
  action: RuleCollection['action'];
  path: string;
  resource: FindingResource;
}

function* rulesOf(collections: RuleCollection[], prefix: string, resource: FindingResource): Generator<Located> {
  for (const collection of collections) {
    for (const rule of collection.rules) {
      yield { rule, action: collection.action, path: `${prefix} / ${collection.name} / ${rule.name}`, resource };
    }
  }
}

/** Why an address in a rule field is not one Azure Firewall accepts there, or undefined when it is. */
function invalidity(address: string, field: 'source' | 'destination'): string | undefined {
  if (looksIpv6(address)) return undefined;
  const spec = parseAddressSpec(address);
  if (spec.kind === 'invalid') return 'not an IPv4 address, CIDR, range or *';
  // Service tags are accepted as destinations only (https://learn.microsoft.com/azure/firewall/service-tags).
  if (spec.kind === 'service-tag' && field === 'source')
    return 'not an IPv4 address, CIDR, range or * (service tags are destinations only)';
  return undefined;
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'unknown-rule-reference',
    code: 'AZFW205',
    severity: 'medium',
    title: 'Rules reference IP groups that exist and hold addresses, and valid addresses',
    risk: 'A rule that references an empty IP group is skipped by the firewall, so an allow rule silently allows nothing and a deny rule silently denies nothing; an IP group the audit cannot read, or an address that is not valid, leaves what the rule matches unknown.',
    remediation:
      'Put the addresses back into the IP group or remove the reference from the rule; correct or remove addresses that are not IPv4 addresses, CIDRs, ranges or *; give the audit read access to the IP groups the rules reference.',
    references: [IP_GROUPS_DOC, 'https://learn.microsoft.com/azure/firewall/rule-processing'],
    messages,
  },
  *run({ inventory }): Generator<FindingDraft<MessageId>> {
    const byId = new Map(inventory.ipGroups.map((g) => [idKey(g.id), g]));
    const byName = new Map(inventory.ipGroups.map((g) => [g.name.toLowerCase(), g]));
    const lookup = (ref: string): IpGroup | undefined =>
      byId.get(idKey(ref)) ?? (ref.includes('/') ? undefined : byName.get(ref.toLowerCase()));
    const policyName = new Map(inventory.firewallPolicies.map((p) => [idKey(p.id), p.name]));
    const located = [
      ...inventory.ruleCollectionGroups.flatMap((g) => [
        ...rulesOf(
          g.collections,
          `${policyName.get(idKey(g.policyId)) ?? nameOf(g.policyId)} / ${g.name}`,
          resourceOf(g),
        ),
      ]),
      ...inventory.firewalls.flatMap((f) => [
        ...rulesOf(
          [...f.classicCollections.nat, ...f.classicCollections.network, ...f.classicCollections.application],
          `${f.name} (classic)`,
          resourceOf(f),
        ),
      ]),
    ];

    for (const { rule, action, path, resource } of located) {
      const ruleEvidence = {
        kind: 'rule' as const,
        label: path,
        detail: `${rule.kind} rule, ${action}`,
        resourceId: resource.id,
      };
      const groupRefs = [
        ...rule.sourceIpGroups.map((ref) => ({ ref, field: 'source IP groups' })),
        ...(rule.kind === 'network'
          ? rule.destinationIpGroups.map((ref) => ({ ref, field: 'destination IP groups' }))
          : []),
      ];
      const addresses = [
        ...rule.sourceAddresses.map((address) => ({ address, field: 'source' as const })),
        ...(rule.kind === 'application'
          ? []
          : rule.destinationAddresses.map((address) => ({ address, field: 'destination' as const }))),
      ];
      let problems = 0;
      for (const { ref, field } of groupRefs) {
        const group = lookup(ref);
        const data = { rule: path, ipGroup: nameOf(ref), field, action };
        if (!group) {
          problems++;
          yield {
            status: 'unknown',
            messageId: 'ipGroupMissing',
            resource,
            subject: `${path} [${nameOf(ref)}]`,
            data,
            evidence: [ruleEvidence, { kind: 'resource', label: ref, detail: 'not in the input' }],
          };
        } else if (group.ipAddresses.length === 0) {
          problems++;
          yield {
            status: 'fail',
            messageId: 'ipGroupEmpty',
            resource,
            subject: `${path} [${nameOf(ref)}]`,
            data,
            evidence: [
              ruleEvidence,
              { kind: 'resource', label: group.name, detail: 'ipAddresses: []', resourceId: group.id },
            ],
            remediation: {
              text: `Add the addresses back to IP group ${group.name}, or remove it from ${path} (${IP_GROUPS_DOC}).`,
              cli: `az network ip-group update ${scopeArguments(group.id)} --name ${shellQuote(group.name)} --add ipAddresses ${placeholder('address-or-cidr')}`,
            },
          };
        }
      }
      for (const { address, field } of addresses) {
        const why = invalidity(address, field);
        if (why === undefined) continue;
        problems++;
        yield {
          status: 'fail',
          messageId: 'invalidAddress',
          resource,
          subject: `${path} [${address}]`,
          data: { rule: path, address, field: `${field} addresses`, why },
          evidence: [
            {
              ...ruleEvidence,
              detail: `${ruleEvidence.detail}; ${field} addresses ${(field === 'source' ? rule.sourceAddresses : rule.kind === 'application' ? [] : rule.destinationAddresses).join(', ')}`,
            },
          ],
          remediation: {
            text: `Correct or remove ${address} in the ${field} addresses of ${path}: Azure Firewall takes single IPv4 addresses, CIDRs (10.1.0.0/22), ranges (10.2.0.0-10.2.0.31) or *${field === 'destination' ? ', and service tags' : ''}.`,
          },
        };
      }
      if (problems === 0)
        yield { status: 'pass', messageId: 'resolved', resource, subject: path, data: { rule: path } };
    }
  },
});

export default check;
