import {
  type Check,
  type CoveringRule,
  defineCheck,
  type FindingDraft,
  type RuleCoverage,
} from '@aro-aks-audit/auditor';
import { placement, type RuleJudgement, ruleEvidence, ruleOrderFindings } from '../rule-order.ts';
import type { RulesSettings } from '../settings.ts';

const messages = {
  redundant:
    '{{action}} rule {{rule}} is redundant: the earlier {{action}} rule {{coveredBy}} already matches all of its traffic, so removing it changes nothing.',
  redundantByNetworkRule:
    'Application rule {{rule}} is redundant: network rule {{coveredBy}}, processed before every application rule, already decides all of its traffic ({{action}}) by address and port, without looking at names.',
  duplicate: '{{action}} rule {{rule}} repeats {{coveredBy}} of the same collection field for field.',
  possiblyRedundant:
    '{{action}} rule {{rule}} may be redundant: the earlier {{action}} rule {{coveredBy}} matches all of its traffic in every respect that can be decided offline (undecided: {{why}}).',
  noneRedundant:
    'No network or application rule of {{target}} is made redundant by an earlier rule with the same action ({{rules}} rules compared).',
  rulesUnreadable: 'The rules of {{target}} could not be read completely: {{cause}}.',
  noRules: '{{target}} has no network or application rules.',
} as const;

type MessageId = keyof typeof messages;

function redundancyRemediation(earlier: CoveringRule, later: RuleCoverage): string {
  const L = later.entry.path;
  const E = earlier.entry.path;
  if (placement(earlier, later) === 'network-first')
    return later.entry.action === 'Allow'
      ? `Delete ${L}, or — more likely the intent — narrow the network rule ${E}: it allows this HTTP/HTTPS traffic by address and port before any application rule can filter it by name.`
      : `Delete ${L}: the network rule ${E} already denies all of its traffic before any application rule is processed.`;
  return `Delete ${L}: ${E} already matches all of its traffic with the same action, so removing it changes nothing. If ${E} is broader than intended, narrow it first; then ${L} may be needed.`;
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'redundant-rule',
    code: 'AZFW207',
    severity: 'low',
    title: 'No rule is made redundant by an earlier rule with the same action',
    risk: 'A rule whose traffic an earlier rule with the same action matches entirely never takes effect: it makes the rule set longer and harder to review, suggests a control that is not what decides, and keeps access in place after the earlier rule is narrowed. A network rule that makes an application rule redundant allows or denies the traffic without FQDN filtering.',
    remediation:
      'Delete the redundant rule (the one processed later), or narrow the earlier rule if it is broader than intended; delete exact duplicates within a collection.',
    references: [
      'https://learn.microsoft.com/azure/firewall/rule-processing',
      'https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall',
    ],
    messages,
  },
  run(context): Generator<FindingDraft<MessageId>> {
    return ruleOrderFindings(
      context,
      { unreadable: 'rulesUnreadable', noRules: 'noRules', none: 'noneRedundant' },
      (rule): RuleJudgement<MessageId> | undefined => {
        const { entry } = rule;
        if (rule.duplicateOf) {
          return {
            status: 'fail',
            messageId: 'duplicate',
            data: { rule: entry.path, coveredBy: rule.duplicateOf.path, action: entry.action },
            evidence: ruleEvidence(entry, rule.duplicateOf),
            remediation: { text: `Delete ${entry.path}: it repeats ${rule.duplicateOf.path} of the same collection.` },
          };
        }
        const cover = rule.coveredBy;
        if (cover?.relation === 'redundant') {
          return {
            status: 'fail',
            messageId: placement(cover, rule) === 'network-first' ? 'redundantByNetworkRule' : 'redundant',
            data: { rule: entry.path, coveredBy: cover.entry.path, action: entry.action },
            evidence: ruleEvidence(entry, cover.entry),
            remediation: { text: redundancyRemediation(cover, rule) },
          };
        }
        const possible = cover ? undefined : rule.possiblyCoveredBy.find((p) => p.relation === 'redundant');
        if (!possible) return undefined;
        const why = [...new Set(possible.why)].join('; ');
        return {
          status: 'unknown',
          messageId: 'possiblyRedundant',
          data: { rule: entry.path, coveredBy: possible.entry.path, action: entry.action, why },
          evidence: ruleEvidence(entry, possible.entry, possible.why),
          remediation: {
            text: `Check whether ${possible.entry.path} matches all of the traffic of ${entry.path} (${why}). If it does: ${redundancyRemediation(possible, rule)}`,
          },
        };
      },
    );
  },
});

export default check;
