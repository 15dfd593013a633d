import {
  type Check,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type Firewall,
  type RuleCollection,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  policyManaged: 'Firewall {{firewall}} is configured through Firewall Policy {{policy}}.',
  classicRules:
    'Firewall {{firewall}} has no Firewall Policy and holds classic rules: {{collections}}. Microsoft recommends Firewall Policy and migrating classic rules to it.',
  noRules: 'Firewall {{firewall}} has neither a Firewall Policy nor classic rules.',
  classicIgnored:
    "Firewall {{firewall}} is configured through Firewall Policy {{policy}} but also holds classic rules that do not apply: {{names}} ({{collections}}). A firewall is configured with either classic rules or a Firewall Policy; with a policy, the policy's rules are the ones processed, so these collections allow and deny nothing, and the audit evaluates the policy alone.",
} as const;

type MessageId = keyof typeof messages;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

type Kind = 'network' | 'application' | 'NAT';

/** The firewall's classic rule collections that hold anything, by kind. */
function classicCollectionsOf(firewall: Firewall): [Kind, RuleCollection[]][] {
  const kinds: [Kind, RuleCollection[]][] = [
    ['network', firewall.classicCollections.network],
    ['application', firewall.classicCollections.application],
    ['NAT', firewall.classicCollections.nat],
  ];
  return kinds.filter(([, collections]) => collections.length > 0);
}

const count = (collections: readonly RuleCollection[]) => collections.reduce((n, c) => n + c.rules.length, 0);

const MIGRATE_DOC = 'https://learn.microsoft.com/azure/firewall-manager/migrate-to-policy';

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'classic-rules-in-use',
    code: 'AZFW204',
    severity: 'low',
    title: 'Firewalls are configured through Firewall Policy, not classic rules',
    risk: 'Classic rules live on one firewall: they cannot be inherited from a central base policy, shared across firewalls or managed in Firewall Manager, and Premium features (TLS inspection, IDPS, URL filtering) and secured virtual hubs need Firewall Policy. Rule sets drift between firewalls.',
    remediation:
      'Migrate the classic rules to a Firewall Policy (in the portal, or with the PowerShell migration script) and associate the policy with the firewall.',
    references: [
      'https://learn.microsoft.com/azure/firewall-manager/policy-overview',
      'https://learn.microsoft.com/azure/firewall/rule-processing',
      MIGRATE_DOC,
      'https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall',
    ],
    messages,
  },
  *run({ inventory }): Generator<FindingDraft<MessageId>> {
    for (const firewall of inventory.firewalls) {
      const base = { resource: resourceOf(firewall), subject: 'rules' };
      const present = classicCollectionsOf(firewall);
      const evidence: Evidence[] = present.flatMap(([kind, list]) =>
        list.map((c) => ({
          kind: 'rule' as const,
          label: `${firewall.name} (classic) / ${c.name}`,
          detail: `${kind} rule collection, ${c.action}, priority ${c.priority}, ${plural(c.rules.length, 'rule')}`,
          resourceId: firewall.id,
        })),
      );
      const collections = present
        .map(([kind, list]) => `${plural(list.length, `${kind} rule collection`)} (${plural(count(list), 'rule')})`)
        .join(', ');
      if (firewall.policyId) {
        const policy = firewall.policyId.split('/').at(-1) ?? firewall.policyId;
        if (present.length === 0) {
          yield { ...base, status: 'pass', messageId: 'policyManaged', data: { firewall: firewall.name, policy } };
          continue;
        }
        // "You can configure NAT rules, network rules, and applications rules on Azure Firewall using either
        // classic rules or Firewall Policy" (https://learn.microsoft.com/azure/firewall/rule-processing).
        yield {
          ...base,
          status: 'fail',
          severity: 'medium',
          messageId: 'classicIgnored',
          data: {
            firewall: firewall.name,
            policy,
            collections,
            names: present.flatMap(([, list]) => list.map((c) => c.name)).join(', '),
          },
          evidence,
          remediation: {
            text: `Move any rule of these classic collections that is still needed into a rule collection group of ${policy}, then remove the classic collections from ${firewall.name}, so that what the firewall resource shows is what it enforces.`,
          },
        };
        continue;
      }
      if (present.length === 0) {
        yield { ...base, status: 'skip', messageId: 'noRules', data: { firewall: firewall.name } };
        continue;
      }
      yield {
        ...base,
        status: 'fail',
        messageId: 'classicRules',
        data: {
          firewall: firewall.name,
          collections,
          rules: present.reduce((n, [, list]) => n + count(list), 0),
        },
        evidence,
        remediation: {
          text: `Migrate the classic rules of ${firewall.name} to a Firewall Policy — from the firewall in the Azure portal, or with the PowerShell script in ${MIGRATE_DOC} — check the policy's rule collection groups against the classic collections, then associate the policy with the firewall.`,
        },
      };
    }
  },
});

export default check;
