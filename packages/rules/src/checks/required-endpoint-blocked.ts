import {
  type Check,
  type CheckContext,
  type Cluster,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type Verdict,
} from '@aro-aks-audit/auditor';
import { cloudOf, type ResolvedEndpoint } from '../catalog/resolve.ts';
import { clusterContributions } from '../cluster-egress.ts';
import { egressVerdictsOf } from '../egress-verdicts.ts';
import { allowCommandFor } from '../fixes.ts';
import type { RulesSettings } from '../settings.ts';
import { clusterRef, resourceOf } from './cluster-ref.ts';

const messages = {
  allowed: '{{cluster}} can reach {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{witness}}.',
  denied:
    '{{cluster}} cannot reach required endpoint {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{reason}}.',
  partiallyAllowed:
    '{{cluster}} can reach required endpoint {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}} only in part: {{reason}}.',
  undecidable:
    'Whether {{cluster}} can reach {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}} cannot be decided from the input: {{reason}}.',
  optionalDenied:
    '{{cluster}} cannot reach optional endpoint {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{reason}}. {{purpose}}',
  egressNotThroughFirewall:
    "{{cluster}}'s egress does not pass through a firewall ({{reason}}); egress-bypasses-firewall reports it.",
  egressPathUnknown: "The firewall on {{cluster}}'s egress path could not be determined: {{reason}}.",
  rulesUnreadable:
    "The rules of firewall {{firewall}} on {{cluster}}'s egress path are incomplete, so no verdict is given: {{cause}}.",
  notCatalogued: 'No egress requirements are catalogued for {{kind}} clusters in Azure {{cloud}} cloud.',
  proxiedByService:
    '{{cluster}} reaches {{endpoint}} ({{protocol}} {{port}}) through the ARO service, not the firewall: {{assumption}}.',
  unresolvable: 'Which destination {{cluster}} needs for {{endpointId}} cannot be told from the input: {{reason}}.',
} as const;

type MessageId = keyof typeof messages;

function evidenceOf(
  verdict: Verdict,
  endpoint: ResolvedEndpoint,
  routeReason: string,
  assumption: string | undefined,
): Evidence[] {
  return [
    ...(assumption ? [{ kind: 'assumption' as const, label: assumption }] : []),
    ...endpoint.notes.map((note): Evidence => ({ kind: 'assumption', label: note })),
    ...verdict.trace.map(
      (step): Evidence => ({
        kind: 'rule',
        label: step.path,
        detail: `${step.kind} rule, ${step.action}, matches ${step.match}${step.sources ? ` for ${step.sources.join(', ')}` : ''}${step.note ? ` (${step.note})` : ''}`,
      }),
    ),
    ...verdict.notes.map((note): Evidence => ({ kind: 'trace', label: note })),
    { kind: 'route', label: 'egress path', detail: routeReason },
    {
      kind: 'catalog',
      label: endpoint.entry.id,
      detail: `${endpoint.why} Source: ${endpoint.entry.source.title} (${endpoint.entry.source.date}) ${endpoint.entry.source.url}`,
    },
  ];
}

function* evaluateCluster(cluster: Cluster, context: CheckContext<RulesSettings>): Generator<FindingDraft<MessageId>> {
  const resource = resourceOf(cluster);
  const base = { resource, cluster: clusterRef(cluster) };
  const egress = egressVerdictsOf(cluster, context);
  if (egress.kind === 'not-catalogued') {
    yield {
      ...base,
      status: 'skip',
      messageId: 'notCatalogued',
      data: { kind: cluster.kind.toUpperCase(), cloud: cloudOf(cluster.location) },
    };
    return;
  }
  if (egress.kind === 'not-through-firewall') {
    yield {
      ...base,
      status: 'skip',
      messageId: 'egressNotThroughFirewall',
      data: { cluster: cluster.name, reason: egress.path.reason },
    };
    return;
  }
  if (egress.kind === 'path-unknown') {
    yield {
      ...base,
      status: 'unknown',
      messageId: 'egressPathUnknown',
      data: { cluster: cluster.name, reason: egress.path.reason },
    };
    return;
  }
  if (egress.kind === 'rules-unreadable') {
    yield {
      ...base,
      status: 'unknown',
      messageId: 'rulesUnreadable',
      data: { cluster: cluster.name, firewall: egress.firewall.name, cause: egress.cause },
    };
    return;
  }
  const { firewall, path, program } = egress;
  for (const { endpoint, verdicts, chosen } of egress.results) {
    const common = { ...base, subject: endpoint.entry.id, endpoint: endpoint.endpoint };
    if (endpoint.proxied) {
      const witness = `proxied through the ARO service (${endpoint.proxied.assumption})`;
      yield {
        ...common,
        status: 'pass',
        messageId: 'proxiedByService',
        data: {
          cluster: cluster.name,
          endpoint: endpoint.endpoint.destination,
          protocol: endpoint.endpoint.protocol,
          port: endpoint.endpoint.port,
          assumption: endpoint.proxied.assumption,
        },
        evidence: [{ kind: 'assumption', label: 'ARO egress lockdown', detail: endpoint.proxied.assumption }],
        coverage: {
          endpointId: endpoint.entry.id,
          required: endpoint.required,
          verdict: 'not-required',
          witness,
          firewallId: firewall.id,
        },
      };
      continue;
    }
    if (endpoint.destinations.length === 0) {
      yield {
        ...common,
        status: 'unknown',
        messageId: 'unresolvable',
        data: { cluster: cluster.name, endpointId: endpoint.entry.id, reason: endpoint.unresolved.join('; ') },
        coverage: {
          endpointId: endpoint.entry.id,
          required: endpoint.required,
          verdict: 'unknown',
          witness: endpoint.unresolved.join('; '),
          firewallId: firewall.id,
        },
      };
      continue;
    }
    if (!chosen) continue;
    const { verdict } = chosen;
    const data = {
      cluster: cluster.name,
      endpoint: chosen.destination,
      protocol: endpoint.endpoint.protocol,
      port: endpoint.endpoint.port,
      firewall: firewall.name,
      witness: verdict.witness,
      reason: verdict.reason,
    };
    const draft = {
      ...base,
      subject: endpoint.entry.id,
      endpoint: { ...endpoint.endpoint, destination: chosen.destination },
      evidence: evidenceOf(verdict, endpoint, path.reason, path.assumption),
      coverage: {
        endpointId: endpoint.entry.id,
        required: endpoint.required,
        verdict: verdict.decision,
        witness: verdict.witness,
        firewallId: firewall.id,
      },
    };
    if (verdict.decision === 'allowed') {
      yield { ...draft, status: 'pass', messageId: 'allowed', data };
    } else if (verdict.decision === 'unknown') {
      yield { ...draft, status: 'unknown', messageId: 'undecidable', data };
    } else {
      const target = verdicts.find((v) => v.destinationSpec.kind !== 'any') ?? chosen;
      const fix = allowCommandFor(firewall, program, endpoint, target.destinationSpec, path.sourceCidrs, {
        collection: `allow-${cluster.name}-egress`,
        rule: endpoint.entry.id.replace(/\./g, '-'),
      });
      const explicitDeny = verdict.trace.find(
        (t) => t.action === 'Deny' && t.kind !== 'default' && t.match !== 'unknown',
      );
      const remediation = {
        text: explicitDeny
          ? `Deny rule ${explicitDeny.path} decides first. Allow ${target.destination} (${endpoint.endpoint.protocol} ${endpoint.endpoint.port}) from ${path.sourceCidrs.join(', ')} in a rule collection processed before it (a lower priority number in an earlier group), or narrow the deny.`
          : `Allow ${target.destination} (${endpoint.endpoint.protocol} ${endpoint.endpoint.port}) from ${path.sourceCidrs.join(', ')}: nothing matches it today, so the default deny applies.`,
        cli: fix.cli,
        json: fix.json,
      };
      if (!endpoint.required) {
        yield {
          ...draft,
          status: 'fail',
          severity: 'info',
          messageId: 'optionalDenied',
          data: { ...data, purpose: endpoint.entry.purpose },
          remediation,
        };
      } else {
        yield {
          ...draft,
          status: 'fail',
          messageId: verdict.decision === 'partial' ? 'partiallyAllowed' : 'denied',
          data,
          remediation,
        };
      }
    }
  }
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'required-endpoint-blocked',
    code: 'AZFW101',
    severity: 'high',
    title: 'Every endpoint a cluster requires is allowed by the firewall on its egress path',
    risk: 'A blocked required endpoint breaks node provisioning, scaling, image pulls or cluster upgrades, often only at the next upgrade or scale-out.',
    remediation:
      "Add an allow rule for the endpoint, from the cluster's egress subnets, in a rule collection that is processed before any rule that denies it.",
    references: [
      'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
      'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
      'https://learn.microsoft.com/azure/firewall/rule-processing',
    ],
    messages,
  },
  *run(context) {
    for (const cluster of context.inventory.clusters) yield* evaluateCluster(cluster, context);
  },
  clusters: clusterContributions,
});

export default check;
