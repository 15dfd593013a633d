import { type Check, compareText, defineCheck, type Evidence, type FindingDraft } from '@aro-aks-audit/auditor';
import { LOG_RESOURCE, logViewOf, summarize, unknownRangeOf } from '../log-matching.ts';
import type { RulesSettings } from '../settings.ts';

const messages = {
  unknownSource:
    'Traffic from {{range}}, which is no cluster and no subnet in the input, reached the firewall: {{hits}} flows to {{destinationCount}} destinations ({{actions}}) between {{firstSeen}} and {{lastSeen}}, from {{sources}}.',
  allKnown: 'Every logged source belongs to a cluster or a subnet in the input ({{groups}} source groups).',
  noLogs: 'No firewall logs were given (--logs, or Log Analytics).',
} as const;

type MessageId = keyof typeof messages;

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'unknown-source-traffic',
    code: 'AZFW501',
    severity: 'info',
    title: 'All traffic through the firewall comes from clusters and subnets the audit knows',
    risk: 'Traffic from ranges that are in no audited subnet is either a network the audit was not given (its findings are then incomplete for it) or something that should not use this firewall at all (an on-premises range, a peered network, a misrouted spoke).',
    remediation:
      'Identify the range (the sample sources help), then add its virtual network to the audit input, or declare a cluster outside Azure with --cluster-cidr NAME=CIDR; if nothing should send from it, find out why it reaches the firewall.',
    references: [
      'https://learn.microsoft.com/azure/firewall/monitor-firewall-reference',
      'https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview',
    ],
    messages,
  },
  *run(context): Generator<FindingDraft<MessageId>> {
    const view = logViewOf(context);
    if (!view) {
      yield { status: 'skip', messageId: 'noLogs', resource: LOG_RESOURCE };
      return;
    }
    const byRange = Map.groupBy(view.unknownSources, (a) => a.sourceGroup);
    if (byRange.size === 0) {
      const groups = new Set(view.logs.aggregates.map((a) => a.sourceGroup)).size;
      yield { status: 'pass', messageId: 'allKnown', resource: LOG_RESOURCE, data: { groups } };
      return;
    }
    for (const [group, aggregates] of [...byRange].sort(([a], [b]) => compareText(a, b))) {
      const range = unknownRangeOf(group) ?? group;
      const summary = summarize(aggregates);
      const actions = new Map<string, number>();
      for (const a of aggregates) actions.set(a.action, (actions.get(a.action) ?? 0) + a.hits);
      const top = [...aggregates].sort((a, b) => b.hits - a.hits).slice(0, 5);
      yield {
        status: 'fail',
        messageId: 'unknownSource',
        resource: LOG_RESOURCE,
        subject: range,
        data: {
          range,
          hits: summary.hits,
          destinationCount: new Set(aggregates.map((a) => `${a.destination}|${a.port ?? ''}`)).size,
          actions: [...actions]
            .sort(([a], [b]) => compareText(a, b))
            .map(([action, hits]) => `${action} ${hits}`)
            .join(', '),
          firstSeen: summary.firstSeen,
          lastSeen: summary.lastSeen,
          sources: summary.sources,
        },
        evidence: top.map(
          (a): Evidence => ({
            kind: 'log',
            label: `${a.destination || '(none logged)'}:${a.port ?? '*'} ${a.protocol} ${a.action} by ${a.decidedBy ?? 'no rule named'}`,
            detail: `${a.hits} hits from ${a.sampleSourceIps.join(', ')}`,
          }),
        ),
      };
    }
  },
});

export default check;
