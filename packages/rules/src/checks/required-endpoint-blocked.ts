import {
  type Check,
  type CheckContext,
  type Cluster,
  defineCheck,
  type EgressBranch,
  type Evidence,
  type FindingDraft,
  fqdnContainment,
  parseFqdnPattern,
  type Verdict,
} from '@aro-aks-audit/auditor';
import { cloudOf, type ResolvedEndpoint } from '../catalog/resolve.ts';
import { clusterContributions } from '../cluster-egress.ts';
import {
  type BranchVerdicts,
  type ClusterEgressVerdicts,
  type DestinationVerdict,
  type EndpointVerdicts,
  egressVerdictsOf,
} from '../egress-verdicts.ts';
import { allowCommandFor, allowStemFor } from '../fixes.ts';
import type { RulesSettings } from '../settings.ts';
import { clusterRef, resourceOf, shortSubnetName } from './cluster-ref.ts';

const messages = {
  allowed:
    '{{cluster}}{{from}} can reach {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{witness}}.',
  denied:
    '{{cluster}}{{from}} cannot reach required endpoint {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{reason}}.',
  partiallyAllowed:
    '{{cluster}}{{from}} can reach required endpoint {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}} only in part: {{reason}}.',
  undecidable:
    'Whether {{cluster}}{{from}} can reach {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}} cannot be decided from the input: {{reason}}.',
  optionalDenied:
    '{{cluster}}{{from}} cannot reach optional endpoint {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{reason}}. {{purpose}}',
  reachedWithoutFirewall:
    '{{cluster}}{{from}} reaches {{endpoint}} ({{protocol}} {{port}}) without crossing a firewall: route {{witness}} {{reason}}.',
  dropped:
    '{{cluster}}{{from}} cannot reach {{requirement}} endpoint {{endpoint}} ({{protocol}} {{port}}) at all: route {{witness}} drops the traffic (next hop None), so it is lost rather than filtered and no firewall rule can allow it ({{reason}}).',
  routeUndecidable:
    'Where the traffic of {{cluster}}{{from}} to {{endpoint}} ({{protocol}} {{port}}) goes cannot be decided from the input: {{reason}}.',
  answeredByDnsProxy:
    '{{cluster}}{{from}} resolves names through the DNS proxy of firewall {{firewall}} at {{endpoint}} ({{protocol}} {{port}}): {{reason}}.',
  dnsProxyOff:
    '{{cluster}}{{from}} cannot resolve names: its virtual network sends DNS queries to {{endpoint}}, the private IP of firewall {{firewall}}, but {{reason}}.',
  tlsInspected:
    '{{cluster}}{{from}} reaches its API server {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}} only by {{witness}}, which terminates TLS: konnectivity uses ALPN to the API server, and "blocking or rewriting the ALPN extension will cause a failure", so node-to-control-plane communication breaks.',
  conditionallyDenied:
    '{{cluster}}{{from}} cannot reach {{endpoint}} ({{protocol}} {{port}}) through firewall {{firewall}}: {{reason}}. Whether it needs it cannot be told from the input: {{condition}}.',
  egressNotThroughFirewall:
    "{{cluster}}{{from}}'s egress does not pass through a firewall ({{reason}}); egress-bypasses-firewall reports it.",
  egressPathUnknown: "The firewall on {{cluster}}{{from}}'s egress path could not be determined: {{reason}}.",
  rulesUnreadable:
    "The rules of firewall {{firewall}} on {{cluster}}{{from}}'s egress path are incomplete, so no verdict is given: {{cause}}.",
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

/**
 * The AKS outbound rules document (ms.date 06/18/2026) says of `*.hcp.<location>.azmk8s.io`: "Konnectivity also
 * uses Application-Layer Protocol Negotiation (ALPN) to communicate between agent and server. Blocking or rewriting
 * the ALPN extension will cause a failure" (https://learn.microsoft.com/azure/aks/outbound-rules-control-egress).
 * A rule that terminates TLS (Premium TLS inspection) for the API server re-establishes TLS itself: the application
 * rule that allows it, when it terminates TLS on a firewall where TLS inspection runs.
 */
function tlsTerminatingWitness(
  cluster: Cluster,
  context: CheckContext<RulesSettings>,
  chosen: DestinationVerdict,
  endpoint: ResolvedEndpoint,
): string | undefined {
  if (chosen.decidedBy !== 'rules' || chosen.verdict.decision !== 'allowed' || !chosen.firewall) return undefined;
  if (chosen.destinationSpec.kind !== 'fqdn' || !isApiServerName(cluster, chosen.destinationSpec.pattern, endpoint))
    return undefined;
  const compiled = context.analysis.programOf(chosen.firewall);
  if (!compiled.ok || !compiled.program.tlsInspection) return undefined;
  const allowing = new Set(
    chosen.verdict.trace.filter((t) => t.kind === 'application' && t.action === 'Allow').map((t) => t.path),
  );
  const terminating = compiled.program.application.find(
    (e) => allowing.has(e.path) && e.rule.kind === 'application' && e.rule.terminateTls,
  );
  return terminating ? `application rule ${terminating.path}` : undefined;
}

/** The cluster's own API server names, or the regional wildcard they are documented under. */
function isApiServerName(cluster: Cluster, pattern: string, endpoint: ResolvedEndpoint): boolean {
  const target = parseFqdnPattern(pattern);
  if (target.kind === 'invalid') return false;
  const own = [cluster.apiServer.fqdn, cluster.apiServer.privateFqdn].filter((n): n is string => Boolean(n));
  const region = (cluster.location ?? '').toLowerCase().replace(/\s+/g, '');
  const names = [...own.map((n) => parseFqdnPattern(n)), parseFqdnPattern(`*.hcp.${region}.azmk8s.io`)];
  return (
    cluster.kind === 'aks' &&
    endpoint.entry.protocol === 'TCP' &&
    names.some((n) => n.kind !== 'invalid' && fqdnContainment(n, target) === 'all')
  );
}

/** How to fix what a route, a DNS proxy or TLS inspection decides (no rule to add). */
function routeRemediation(chosen: DestinationVerdict, tlsInspectedBy: string | undefined, branch: EgressBranch) {
  if (tlsInspectedBy)
    return {
      text: `Let the API server's TLS through untouched: set terminateTLS to false on ${tlsInspectedBy.replace('application rule ', '')}, or allow ${chosen.destination} in an application rule without TLS termination processed before it.`,
    };
  if (chosen.decidedBy === 'dns-proxy')
    return {
      text: `Enable DNS proxy on ${chosen.firewall?.name ?? 'the firewall'} (in the DNS settings of the Firewall Policy it uses, which its child policies inherit), or set the virtual network's DNS servers to a resolver the cluster can reach.`,
    };
  return {
    text: `Replace the route with next hop None (${chosen.verdict.witness}) by a route to the firewall's private IP (next hop VirtualAppliance) on ${branch.subnets.map((s) => shortSubnetName(s.subnetId)).join(', ')}, or remove it: until then the cluster has no egress to ${chosen.destination}.`,
  };
}

/** How a branch is named in messages and subjects when the cluster's egress takes several ways. */
function branchLabel(branch: EgressBranch, several: boolean): { from: string; suffix: string } {
  if (!several) return { from: '', suffix: '' };
  const names = branch.subnets.map((s) => shortSubnetName(s.subnetId)).join(', ');
  return { from: ` (subnet${branch.subnets.length === 1 ? '' : 's'} ${names})`, suffix: ` [${names}]` };
}

/** The endpoints no branch decides: proxied by the ARO service, or with no destination the input can fill. */
function* undecidedByBranches(
  cluster: Cluster,
  egress: Extract<ClusterEgressVerdicts, { kind: 'branches' | 'path-unknown' }>,
): Generator<FindingDraft<MessageId>> {
  const base = { resource: resourceOf(cluster), cluster: clusterRef(cluster) };
  const firewallId = egress.path.firewall?.id;
  for (const endpoint of egress.endpoints) {
    const common = { ...base, subject: endpoint.entry.id, endpoint: endpoint.endpoint };
    if (endpoint.proxied) {
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
          witness: `proxied through the ARO service (${endpoint.proxied.assumption})`,
          ...(firewallId && { firewallId }),
        },
      };
    } else if (endpoint.destinations.length === 0 && egress.kind === 'branches') {
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
          ...(firewallId && { firewallId }),
        },
      };
    }
  }
}

/** The message of a verdict, by what decided it. */
function messageOf(
  decided: DestinationVerdict,
  required: boolean,
  tlsInspectedBy: string | undefined,
  condition: string | undefined,
): { status: FindingDraft['status']; messageId: MessageId; severity?: 'info' } {
  const { decision } = decided.verdict;
  if (decided.decidedBy === 'dns-proxy')
    return decision === 'allowed'
      ? { status: 'pass', messageId: 'answeredByDnsProxy' }
      : decision === 'unknown'
        ? { status: 'unknown', messageId: 'undecidable' }
        : { status: 'fail', messageId: 'dnsProxyOff' };
  if (decided.decidedBy === 'route')
    return decision === 'allowed'
      ? { status: 'pass', messageId: 'reachedWithoutFirewall' }
      : decision === 'denied'
        ? { status: 'fail', messageId: 'dropped', ...(!required && { severity: 'info' as const }) }
        : { status: 'unknown', messageId: 'routeUndecidable' };
  if (decision === 'allowed')
    return tlsInspectedBy ? { status: 'fail', messageId: 'tlsInspected' } : { status: 'pass', messageId: 'allowed' };
  // An optional endpoint, allowed or not, is the reader's choice: undecided, it is informational as when denied.
  if (decision === 'unknown')
    return { status: 'unknown', messageId: 'undecidable', ...(!required && { severity: 'info' as const }) };
  if (!required) return { status: 'fail', messageId: 'optionalDenied', severity: 'info' };
  // Required only under a condition the input cannot show (konnectivity in sovereign clouds): not a HIGH on an assumption.
  if (condition) return { status: 'unknown', messageId: 'conditionallyDenied' };
  return { status: 'fail', messageId: decision === 'partial' ? 'partiallyAllowed' : 'denied' };
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
  if (egress.kind === 'path-unknown') {
    yield {
      ...base,
      status: 'unknown',
      messageId: 'egressPathUnknown',
      data: { cluster: cluster.name, from: '', reason: egress.path.reason },
    };
    return;
  }
  yield* undecidedByBranches(cluster, egress);
  const several = egress.branches.length > 1;
  for (const branched of egress.branches) {
    const { branch } = branched;
    const { from, suffix } = branchLabel(branch, several);
    const branchSubject = several ? { subject: `egress${suffix}` } : {};
    if (branched.kind === 'not-through-firewall' || branched.kind === 'path-unknown') {
      yield {
        ...base,
        ...branchSubject,
        status: branched.kind === 'path-unknown' ? 'unknown' : 'skip',
        messageId: branched.kind === 'path-unknown' ? 'egressPathUnknown' : 'egressNotThroughFirewall',
        data: { cluster: cluster.name, from, reason: branch.reason },
      };
      continue;
    }
    if (branched.kind === 'rules-unreadable') {
      yield {
        ...base,
        ...branchSubject,
        status: 'unknown',
        messageId: 'rulesUnreadable',
        data: { cluster: cluster.name, from, firewall: branched.firewall.name, cause: branched.cause },
      };
      continue;
    }
    for (const { endpoint, verdicts, chosen } of branched.results) {
      if (!chosen) continue;
      yield findingOf(cluster, context, branched, { endpoint, verdicts, chosen }, { from, suffix });
    }
  }
}

function findingOf(
  cluster: Cluster,
  context: CheckContext<RulesSettings>,
  branched: Extract<BranchVerdicts, { kind: 'evaluated' }>,
  { endpoint, chosen }: EndpointVerdicts & { chosen: DestinationVerdict },
  { from, suffix }: { from: string; suffix: string },
): FindingDraft<MessageId> {
  const { branch } = branched;
  const { verdict } = chosen;
  const firewall = chosen.firewall ?? branched.firewall;
  const tlsInspectedBy = tlsTerminatingWitness(cluster, context, chosen, endpoint);
  const { status, messageId, severity } = messageOf(chosen, endpoint.required, tlsInspectedBy, endpoint.condition);
  const data = {
    cluster: cluster.name,
    from,
    endpoint: chosen.destination,
    protocol: endpoint.endpoint.protocol,
    port: endpoint.endpoint.port,
    firewall: firewall?.name ?? '',
    witness: tlsInspectedBy ?? verdict.witness,
    reason: verdict.reason,
    ...(messageId === 'dropped' && { requirement: endpoint.required ? 'required' : 'optional' }),
    ...(messageId === 'optionalDenied' && { purpose: endpoint.purpose }),
    ...(messageId === 'conditionallyDenied' && endpoint.condition && { condition: endpoint.condition }),
  };
  const draft = {
    resource: resourceOf(cluster),
    cluster: clusterRef(cluster),
    subject: `${endpoint.entry.id}${suffix}`,
    endpoint: { ...endpoint.endpoint, destination: chosen.destination },
    evidence: [
      ...(messageId === 'conditionallyDenied' && endpoint.condition
        ? [{ kind: 'assumption' as const, label: endpoint.condition }]
        : []),
      ...evidenceOf(verdict, endpoint, branch.reason, context.analysis.egressPathOf(cluster).assumption),
    ],
    coverage: {
      endpointId: endpoint.entry.id,
      required: endpoint.required,
      verdict: tlsInspectedBy ? ('denied' as const) : verdict.decision,
      witness: tlsInspectedBy ?? verdict.witness,
      ...(firewall && { firewallId: firewall.id }),
    },
  };
  // An undecided verdict only because an FQDN tag is not documented to hold the name: a concrete rule decides it.
  const fqdnTagDoubt =
    status === 'unknown' &&
    verdict.trace.some((t) => t.match === 'unknown') &&
    verdict.trace
      .filter((t) => t.match === 'unknown')
      .every((t) => /FQDN tag .* not documented to cover/.test(t.note ?? ''));
  const fixable = status === 'fail' || messageId === 'conditionallyDenied' || fqdnTagDoubt;
  if (!fixable || chosen.decidedBy !== 'rules' || !branched.firewall || !branched.program || tlsInspectedBy)
    return {
      ...draft,
      status,
      messageId,
      ...(severity && { severity }),
      data,
      ...(status === 'fail' && { remediation: routeRemediation(chosen, tlsInspectedBy, branch) }),
    };
  const fix = allowCommandFor(
    context.inventory,
    branched.firewall,
    branched.program,
    endpoint,
    branch.sourceCidrs,
    allowStemFor(cluster, endpoint),
    verdict,
  );
  const explicitDeny = verdict.trace.find((t) => t.action === 'Deny' && t.kind !== 'default' && t.match !== 'unknown');
  const sources = branch.sourceCidrs.join(', ');
  const what = `${chosen.destination} (${endpoint.endpoint.protocol} ${endpoint.endpoint.port})`;
  const remediation = {
    text: fqdnTagDoubt
      ? `No document says the FQDN tag holds ${chosen.destination}: allow ${what} from ${sources} by name, so the verdict no longer depends on the tag's unpublished contents.`
      : explicitDeny
        ? `Deny rule ${explicitDeny.path} decides first. Allow ${what} from ${sources} in a rule collection processed before it (a lower priority number in an earlier group), or narrow the deny.`
        : `Allow ${what} from ${sources}: nothing matches it today, so the default deny applies.`,
    ...('note' in fix ? {} : { cli: fix.cli, json: fix.json }),
  };
  if ('note' in fix) remediation.text = `${remediation.text} ${fix.note}.`;
  return { ...draft, status, messageId, ...(severity && { severity }), data, remediation };
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
