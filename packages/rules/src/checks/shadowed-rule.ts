import {
  type Check,
  type CoveringRule,
  defineCheck,
  type FindingDraft,
  type RuleCoverage,
  type Severity,
} from '@aro-aks-audit/auditor';
import { placement, type RuleJudgement, ruleEvidence, ruleOrderFindings } from '../rule-order.ts';
import type { RulesSettings } from '../settings.ts';

const messages = {
  shadowedAllow:
    'Allow rule {{rule}} never matches: the earlier deny rule {{coveredBy}} matches all of its traffic, so the traffic it was written to allow is denied.',
  unenforcedDeny:
    'Deny rule {{rule}} is never reached: the earlier allow rule {{coveredBy}} matches all of its traffic, so the traffic it was written to block is allowed.',
  possiblyShadowed:
    '{{action}} rule {{rule}} may never match: the earlier {{coveringAction}} rule {{coveredBy}} matches all of its traffic in every respect that can be decided offline (undecided: {{why}}).',
  noneShadowed:
    'No network or application rule of {{target}} is shadowed by an earlier rule with the other action ({{rules}} rules compared).',
  rulesUnreadable: 'The rules of {{target}} could not be read completely: {{cause}}.',
  noRules: '{{target}} has no network or application rules.',
} as const;

type MessageId = keyof typeof messages;

const RULE_PROCESSING = 'https://learn.microsoft.com/azure/firewall/rule-processing';

function shadowRemediation(earlier: CoveringRule, later: RuleCoverage): string {
  const L = later.entry.path;
  const E = earlier.entry.path;
  const where = placement(earlier, later);
  if (later.entry.action === 'Deny') {
    switch (where) {
      case 'network-first':
        return `${E} is a network rule, and network rules are processed before every application rule whatever their priority: no priority puts the application deny ${L} first. Add the deny as a network rule (by address and port) before ${E}, or narrow ${E} (for example replace it with application rules for the names that need it); until then the traffic ${L} was written to block is allowed.`;
      case 'parent-policy':
        return `${E} is in the parent policy ${earlier.entry.policy}, whose rule collection groups are processed before the child policy's whatever their priority: put the deny into the parent policy before ${E}, or narrow ${E} there; until then the traffic ${L} was written to block is allowed.`;
      default:
        return `Move the deny ${L} into a deny collection processed before ${E} (${where === 'same-group' ? `a lower priority number than ${earlier.entry.collectionPriority} in group ${earlier.entry.group}` : 'a lower collection priority number, or a group with a lower priority number'}), or narrow the allow ${E} so that it no longer matches this traffic; until then the traffic ${L} was written to block is allowed.`;
    }
  }
  switch (where) {
    case 'network-first':
      return `${E} is a network rule, and network rules are processed before every application rule whatever their priority: narrow ${E} so that it no longer matches this traffic if ${L} should allow it, or delete ${L} if the deny is intended.`;
    case 'parent-policy':
      return `${E} is in the parent policy ${earlier.entry.policy}, whose rule collection groups are processed before the child policy's whatever their priority: narrow the deny there (or allow the traffic in the parent policy before it) if ${L} should allow it, or delete ${L} if the deny is intended.`;
    default:
      return `If the traffic should be allowed, move ${L} into an allow collection processed before ${E} (${where === 'same-group' ? `a lower priority number than ${earlier.entry.collectionPriority} in group ${earlier.entry.group}` : 'a lower collection priority number, or a group with a lower priority number'}) or narrow the deny ${E}; if the deny is intended, delete ${L}.`;
  }
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'shadowed-rule',
    code: 'AZFW206',
    severity: 'medium',
    title: 'No rule is shadowed by an earlier rule with the other action',
    risk: 'Azure Firewall rules terminate, network rules are processed before application rules, and collections in priority order: a rule whose traffic an earlier rule with the other action matches entirely never takes effect. A shadowed allow leaves required traffic denied; a shadowed deny (high) leaves the traffic it was written to block allowed, while the rule set reads as if it were blocked.',
    remediation:
      'Put the rule before the rule that shadows it (a collection or group with a lower priority number; a network rule for traffic an application rule cannot reach), or narrow the earlier rule; delete the rule if the earlier decision is the intended one.',
    references: [RULE_PROCESSING, 'https://learn.microsoft.com/azure/firewall/policy-rule-sets'],
    messages,
  },
  run(context): Generator<FindingDraft<MessageId>> {
    return ruleOrderFindings(
      context,
      { unreadable: 'rulesUnreadable', noRules: 'noRules', none: 'noneShadowed' },
      (rule): RuleJudgement<MessageId> | undefined => {
        const { entry } = rule;
        const cover = rule.coveredBy;
        const deny = entry.action === 'Deny';
        if (cover?.relation === 'shadowed') {
          return {
            status: 'fail',
            messageId: deny ? 'unenforcedDeny' : 'shadowedAllow',
            data: { rule: entry.path, coveredBy: cover.entry.path },
            evidence: ruleEvidence(entry, cover.entry),
            remediation: { text: shadowRemediation(cover, rule) },
            ...(deny && { severity: 'high' as Severity }),
          };
        }
        const possible = cover ? undefined : rule.possiblyCoveredBy.find((p) => p.relation === 'shadowed');
        if (!possible) return undefined;
        const why = [...new Set(possible.why)].join('; ');
        return {
          status: 'unknown',
          messageId: 'possiblyShadowed',
          data: {
            rule: entry.path,
            action: entry.action,
            coveredBy: possible.entry.path,
            coveringAction: possible.entry.action.toLowerCase(),
            why,
          },
          evidence: ruleEvidence(entry, possible.entry, possible.why),
          remediation: {
            text: `Check whether ${possible.entry.path} matches all of the traffic of ${entry.path} (${why}). If it does: ${shadowRemediation(possible, rule)}`,
          },
          ...(deny && { severity: 'high' as Severity }),
        };
      },
    );
  },
});

export default check;
