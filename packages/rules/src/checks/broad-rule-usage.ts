import {
  type Check,
  compareText,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type FlowAggregate,
  parseAddressSpec,
  type SourceGroup,
} from '@aro-aks-audit/auditor';
import { replacementRulesFor } from '../fixes.ts';
import {
  aggregatesByRule,
  describeSourceGroup,
  entryKeyOf,
  LOG_RESOURCE,
  logCoverage,
  loggedAllowRules,
  logViewOf,
  removeEntryCommand,
  resourceOfEntry,
  summarize,
  unjudgedFirewallDrafts,
  unknownRangeOf,
} from '../log-matching.ts';
import type { RulesSettings } from '../settings.ts';
import { broadness } from './overly-broad-rule.ts';

const messages = {
  usage:
    'Over-broad allow rule {{rule}} ({{why}}) allowed {{hits}} flows to {{destinationCount}} distinct destinations between {{firstSeen}} and {{lastSeen}}, from {{sourceGroups}}; {{ruleCount}} narrow rules allow exactly that.',
  notUsed:
    'Over-broad allow rule {{rule}} ({{why}}) allowed nothing in the logs ({{coveredHours}} of {{hours}} hours had rows); unused-rule reports it.',
  firewallNotLogged: 'No log row comes from firewall {{firewall}}: what its broad rules allow is not known.',
  rulesUnreadable: 'The rules of firewall {{firewall}} could not be read in full: {{cause}}.',
  kindNotLogged:
    'The logs hold no rows of {{tables}}, the tables {{kind}} rules are logged in: what broad {{kind}} rules allow is not known.',
  noLogs: 'No firewall logs were given (--logs, or Log Analytics): what broad rules allow is not known.',
} as const;

type MessageId = keyof typeof messages;

/** The ranges a source group stands for: its CIDRs, or the `/24` (`/64`) an unknown group names. */
function rangesOfGroup(groups: readonly SourceGroup[], name: string): string[] {
  const range = unknownRangeOf(name);
  if (range !== undefined) return [range];
  return groups.find((g) => g.group === name)?.cidrs ?? [];
}

/** The rule's own sources when they are specific; otherwise the sources the logs show using it. */
function replacementSources(
  rule: { sourceAddresses: string[]; sourceIpGroups: string[] },
  used: readonly FlowAggregate[],
  groups: readonly SourceGroup[],
): string[] {
  const anySource =
    rule.sourceIpGroups.length === 0 && rule.sourceAddresses.some((a) => parseAddressSpec(a).kind === 'any');
  if (!anySource) return rule.sourceAddresses;
  return [...new Set(used.flatMap((a) => rangesOfGroup(groups, a.sourceGroup)))].sort();
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'broad-rule-usage',
    code: 'AZFW209',
    severity: 'medium',
    title: 'What an over-broad rule allows in practice is known, and narrow rules can replace it',
    risk: 'An over-broad rule hides what really depends on it: removing it blind breaks workloads, keeping it keeps the exfiltration path open. The logs show the destinations it actually serves.',
    remediation:
      'Add the narrow rules listed in the finding (the destinations, protocols and ports the logs show it allowed), watch the deny logs for a while, then delete the broad rule.',
    references: [
      'https://learn.microsoft.com/azure/firewall/policy-analytics',
      'https://learn.microsoft.com/azure/firewall/rule-processing',
    ],
    messages,
  },
  *run(context): Generator<FindingDraft<MessageId>> {
    const view = logViewOf(context);
    const coverage = view && logCoverage(view.logs);
    if (!view || !coverage) {
      yield { status: 'skip', messageId: 'noLogs', resource: LOG_RESOURCE };
      return;
    }
    const { rules, unreadable, notLogged, kindsNotLogged } = loggedAllowRules(context, view.logs);
    yield* unjudgedFirewallDrafts({ notLogged, unreadable, kindsNotLogged });
    const allowed = aggregatesByRule(view.logs, 'Allow');
    for (const { entry, firewall, assumption } of rules) {
      const why = broadness(entry.rule);
      if (why.length === 0) continue;
      const base = { resource: resourceOfEntry(context, entry, firewall), subject: entry.path };
      const used = allowed.get(entryKeyOf(entry)) ?? [];
      if (used.length === 0) {
        yield {
          ...base,
          status: 'pass',
          messageId: 'notUsed',
          data: { rule: entry.path, why: why.join('; '), ...coverage },
        };
        continue;
      }
      const sources = replacementSources(entry.rule, used, view.groups);
      const replacement = replacementRulesFor(entry.rule.name, sources, used);
      const byDestination = new Map<string, number>();
      for (const a of used) {
        const key = `${a.destination || '(none logged)'} ${a.protocol} ${a.port ?? '*'}`;
        byDestination.set(key, (byDestination.get(key) ?? 0) + a.hits);
      }
      const ranked = [...byDestination].sort(([a, x], [b, y]) => y - x || compareText(a, b));
      const summary = summarize(used);
      const evidence: Evidence[] = [
        ...(assumption ? [{ kind: 'assumption' as const, label: assumption }] : []),
        ...ranked
          .slice(0, 10)
          .map(([destination, hits]): Evidence => ({ kind: 'log', label: destination, detail: `${hits} hits` })),
        ...(ranked.length > 10
          ? [
              {
                kind: 'log' as const,
                label: `${ranked.length - 10} more destinations`,
                detail: 'listed in the replacement rules',
              },
            ]
          : []),
        ...replacement.notes.map((note): Evidence => ({ kind: 'assumption', label: note })),
      ];
      yield {
        ...base,
        status: 'fail',
        messageId: 'usage',
        data: {
          rule: entry.path,
          why: why.join('; '),
          hits: summary.hits,
          destinationCount: new Set(used.map((a) => `${a.destination}|${a.protocol}|${a.port ?? ''}`)).size,
          firstSeen: summary.firstSeen,
          lastSeen: summary.lastSeen,
          sourceGroups: [...new Set(used.map((a) => a.sourceGroup))].sort().map(describeSourceGroup).join(', '),
          ruleCount: replacement.rules.length,
        },
        evidence,
        remediation: {
          text: `Replace ${entry.path} with the ${replacement.rules.length} rules in the JSON (from ${sources.join(', ')}), in the same rule collection; after a quiet period in the deny logs, delete the broad rule.`,
          cli: removeEntryCommand(entry, firewall),
          json: replacement.rules,
        },
      };
    }
  },
});

export default check;
