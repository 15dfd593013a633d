import {
  type Check,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type FirewallProgram,
  type FlowAggregate,
  rawRowsQueryOf,
} from '@aro-aks-audit/auditor';
import { egressVerdictsOf, soleEvaluation, whyNotEvaluated } from '../egress-verdicts.ts';
import { LOG_RESOURCE, logViewOf, ruleKeyOf, summarize } from '../log-matching.ts';
import type { RulesSettings } from '../settings.ts';
import { clusterRef, resourceOf } from './cluster-ref.ts';

const messages = {
  allowedButDenied:
    'The configuration allows {{cluster}} to reach {{endpoint}} ({{protocol}} {{port}}) by {{witness}}, but the logs show {{hits}} denies between {{firstSeen}} and {{lastSeen}}, decided by {{decidedBy}}: {{cause}}.',
  deniedButAllowed:
    'The configuration denies {{cluster}} traffic to {{endpoint}} ({{protocol}} {{port}}) ({{witness}}), but the logs show {{hits}} allowed flows between {{firstSeen}} and {{lastSeen}}, by {{decidedBy}}: {{cause}}.',
  agrees:
    'The logs agree with the configuration for {{cluster}} → {{endpoint}} ({{protocol}} {{port}}): {{decision}}, {{hits}} hits.',
  notEvaluated:
    "The configuration's verdicts for {{cluster}} are not known ({{reason}}), so they cannot be compared with the logs.",
  noLogs: 'No firewall logs were given (--logs, or Log Analytics).',
} as const;

type MessageId = keyof typeof messages;

const SNI = /sni/i;

/** Whether the configuration read has a rule of this name where the logs place it. */
function hasRule(program: FirewallProgram, aggregate: FlowAggregate): boolean {
  const key = ruleKeyOf(aggregate.ruleCollectionGroup, aggregate.ruleCollection, aggregate.rule);
  return [...program.network, ...program.application, ...program.nat].some(
    (e) => ruleKeyOf(e.group, e.collection, e.rule.name) === key,
  );
}

/** The likeliest explanation the evidence supports, most specific first. */
function causeOf(aggregates: readonly FlowAggregate[], program: FirewallProgram, firewallName: string): string {
  if (aggregates.some((a) => SNI.test(a.actionReason ?? '')))
    return 'the TLS handshakes carried no SNI, so no application rule could match them (an SNI problem in the client, not the rules)';
  const unknownRule = aggregates.find(
    (a) => (a.rule !== undefined || a.ruleCollection !== undefined) && !hasRule(program, a),
  );
  if (unknownRule)
    return `the logs name rule ${unknownRule.decidedBy}, which the configuration read for ${firewallName} does not hold: the snapshot is older or newer than the logs, or the logs come from another firewall`;
  return 'the configuration read is not the one the firewall applied when the rows were logged (a stale snapshot), the traffic reaches the firewall by another path (asymmetric routing), or the logs come from another firewall';
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'config-log-disagreement',
    code: 'AZFW111',
    severity: 'medium',
    title: "The firewall's logged decisions agree with the configuration's verdicts",
    risk: 'When the logs contradict what the rules say, one of the two is not what you think: the audited snapshot is stale, clients omit SNI, traffic takes an asymmetric path, or another firewall decides. Every configuration-based verdict for that cluster is then in doubt.',
    remediation:
      'Compare the snapshot time with the log window, check the rule named in the logs, test the flow with SNI (curl -v https://<fqdn>), and verify the route of the cluster subnet to the firewall; re-run the audit on a fresh snapshot.',
    references: [
      'https://learn.microsoft.com/azure/firewall/rule-processing',
      'https://learn.microsoft.com/azure/firewall/firewall-faq',
      'https://learn.microsoft.com/azure/firewall/integrate-lb',
    ],
    messages,
  },
  *run(context): Generator<FindingDraft<MessageId>> {
    const view = logViewOf(context);
    if (!view) {
      yield { status: 'skip', messageId: 'noLogs', resource: LOG_RESOURCE };
      return;
    }
    for (const clusterLogs of view.clusters) {
      const { cluster, group } = clusterLogs;
      if (clusterLogs.aggregates.length === 0) continue;
      const base = { resource: resourceOf(cluster), cluster: clusterRef(cluster) };
      const egress = egressVerdictsOf(cluster, context);
      const evaluated = soleEvaluation(egress);
      if (!evaluated) {
        yield {
          ...base,
          status: 'skip',
          messageId: 'notEvaluated',
          data: { cluster: cluster.name, reason: whyNotEvaluated(egress) },
        };
        continue;
      }
      const byEndpoint = Map.groupBy(clusterLogs.aggregates, (a) => clusterLogs.endpointOf(a)?.entry.id);
      for (const { endpoint, chosen } of evaluated.results) {
        const flows = byEndpoint.get(endpoint.entry.id);
        // A route or a DNS proxy decides without a rule: the rule logs make no claim about it.
        if (!flows || !chosen || chosen.decidedBy !== 'rules') continue;
        const decision = chosen.verdict.decision;
        // Partial and unknown verdicts make no claim the logs could contradict.
        const contrary =
          decision === 'allowed'
            ? flows.filter((a) => a.action === 'Deny')
            : decision === 'denied'
              ? flows.filter((a) => a.action === 'Allow')
              : [];
        const common = {
          ...base,
          subject: endpoint.entry.id,
          endpoint: { ...endpoint.endpoint, destination: chosen.destination },
        };
        const data = {
          cluster: cluster.name,
          endpoint: chosen.destination,
          protocol: endpoint.endpoint.protocol,
          port: endpoint.endpoint.port,
          witness: chosen.verdict.witness,
        };
        if (contrary.length === 0) {
          if (decision === 'allowed' || decision === 'denied') {
            const { hits } = summarize(flows);
            yield { ...common, status: 'pass', messageId: 'agrees', data: { ...data, decision, hits } };
          }
          continue;
        }
        const top = [...contrary].sort((a, b) => b.hits - a.hits);
        const evidence: Evidence[] = [
          ...chosen.verdict.trace.map(
            (step): Evidence => ({
              kind: 'rule',
              label: step.path,
              detail: `${step.kind} rule, ${step.action}, matches ${step.match}`,
            }),
          ),
          ...top.slice(0, 5).map(
            (a): Evidence => ({
              kind: 'log',
              label: `${a.destination}:${a.port ?? '*'} ${a.protocol} ${a.action} by ${a.decidedBy ?? 'no rule named'}`,
              detail: `${a.hits} hits from ${a.sampleSourceIps.join(', ')} (${a.tables.join(', ')})`,
            }),
          ),
          ...(top[0]
            ? [{ kind: 'log' as const, label: 'KQL for the raw rows', detail: rawRowsQueryOf(top[0], group.cidrs) }]
            : []),
        ];
        yield {
          ...common,
          status: 'fail',
          messageId: decision === 'allowed' ? 'allowedButDenied' : 'deniedButAllowed',
          data: {
            ...data,
            ...summarize(contrary),
            cause: causeOf(contrary, evaluated.program, evaluated.firewall.name),
          },
          evidence,
        };
      }
    }
  },
});

export default check;
