import { type Check, defineCheck, type Evidence, type FindingDraft } from '@aro-aks-audit/auditor';
import {
  aggregatesByRule,
  entryKeyOf,
  LOG_RESOURCE,
  logCoverage,
  loggedAllowRules,
  removeEntryCommand,
  resourceOfEntry,
  summarize,
  unjudgedFirewallDrafts,
} from '../log-matching.ts';
import type { RulesSettings } from '../settings.ts';

const messages = {
  unused:
    'Allow rule {{rule}} matched no traffic in the logs of firewall {{firewall}} from {{from}} to {{to}} ({{coveredHours}} of those {{hours}} hours had log rows).',
  used: 'Allow rule {{rule}} matched {{hits}} flows (last on {{lastSeen}}).',
  firewallNotLogged: 'No log row comes from firewall {{firewall}}: whether its rules are used is not known.',
  rulesUnreadable: 'The rules of firewall {{firewall}} could not be read in full: {{cause}}.',
  kindNotLogged:
    'The logs hold no rows of {{tables}}, the tables {{kind}} rules are logged in: whether {{kind}} rules are used is not known.',
  noLogs: 'No firewall logs were given (--logs, or Log Analytics): rule usage is not known.',
  noRows: 'The logs given hold no rows, so they cover no time in which a rule could have been used.',
} as const;

type MessageId = keyof typeof messages;

/** Fewer hours of logs than a day say little about a rule used weekly or monthly: such findings are info. */
const MIN_HOURS = 24;

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'unused-rule',
    code: 'AZFW208',
    severity: 'low',
    title: 'Every allow rule is used by the traffic the logs show',
    risk: 'An allow rule that no traffic uses is access nobody needs: it widens what a compromised workload can reach and makes the rule set harder to review, and it is often a leftover of a decommissioned service.',
    remediation:
      'Confirm with the owner that nothing needs the rule (monthly or yearly jobs may not appear in a short log window), then delete it.',
    references: [
      'https://learn.microsoft.com/azure/firewall/policy-analytics',
      'https://learn.microsoft.com/azure/firewall/monitor-firewall-reference',
    ],
    messages,
  },
  *run(context): Generator<FindingDraft<MessageId>> {
    const { logs } = context;
    if (!logs) {
      yield { status: 'skip', messageId: 'noLogs', resource: LOG_RESOURCE };
      return;
    }
    const coverage = logCoverage(logs);
    if (!coverage) {
      yield { status: 'skip', messageId: 'noRows', resource: LOG_RESOURCE };
      return;
    }
    const { rules, unreadable, notLogged, kindsNotLogged } = loggedAllowRules(context, logs);
    yield* unjudgedFirewallDrafts({ notLogged, unreadable, kindsNotLogged });
    const allowed = aggregatesByRule(logs, 'Allow');
    for (const { entry, firewall, assumption } of rules) {
      const base = { resource: resourceOfEntry(context, entry, firewall), subject: entry.path };
      const aggregates = allowed.get(entryKeyOf(entry)) ?? [];
      if (aggregates.length > 0) {
        const { hits, lastSeen } = summarize(aggregates);
        yield { ...base, status: 'pass', messageId: 'used', data: { rule: entry.path, hits, lastSeen } };
        continue;
      }
      const evidence: Evidence[] = [
        ...(assumption ? [{ kind: 'assumption' as const, label: assumption }] : []),
        {
          kind: 'log',
          label: 'log coverage',
          detail: `${coverage.coveredHours} of ${coverage.hours} hours from ${coverage.from} to ${coverage.to} had rows, from ${logs.sources.map((s) => s.source).join(', ')}`,
        },
      ];
      yield {
        ...base,
        status: 'fail',
        messageId: 'unused',
        data: { rule: entry.path, firewall: firewall.name, ...coverage },
        evidence,
        remediation: { cli: removeEntryCommand(entry, firewall) },
        ...(coverage.coveredHours < MIN_HOURS && { severity: 'info' as const }),
      };
    }
  },
});

export default check;
