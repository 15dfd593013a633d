import type { Analysis, EgressPath } from '../evaluate/egress-paths.ts';
import { compareText } from '../model/compare.ts';
import type {
  BeyondRequiredRule,
  ClusterEgressPath,
  ClusterVerdict,
  CoverageEntry,
  CoverageVerdict,
} from '../model/finding.ts';
import { type Cluster, idKey } from '../model/inventory.ts';
import type { ClusterContribution } from './check.ts';

/**
 * The per-cluster verdicts of a result: each cluster's egress paths (from the path analysis), its
 * required and optional endpoints counted from the coverage the checks decided, and what the checks
 * that decide cluster egress said about the cluster as a whole. Nothing is evaluated again here, so
 * the verdicts follow the checks when their evaluation changes.
 */

const BREADTH_ORDER: Record<BeyondRequiredRule['breadth'], number> = {
  anything: 0,
  'any destination': 1,
  'any port': 2,
  wildcard: 3,
  specific: 4,
};

/** `vnet/subnet` from a subnet's ARM id. */
function subnetLabel(subnetId: string): string {
  const parts = subnetId.split('/');
  return parts.length >= 3 ? `${parts.at(-3)}/${parts.at(-1)}` : subnetId;
}

function destinationOf(status: EgressPath['subnets'][number]['route']['status']): ClusterEgressPath['to'] {
  switch (status) {
    case 'via-firewall':
      return 'firewall';
    case 'bypass':
    case 'partial':
      return 'bypass';
    case 'drop':
      return 'drop';
    case 'unknown':
      return 'unknown';
  }
}

export function pathsOf(path: EgressPath, analysis: Analysis): ClusterEgressPath[] {
  const firewallRef = (id: string | undefined) => {
    const firewall = id ? analysis.firewallById(id) : undefined;
    return firewall ? { firewall: { id: firewall.id, name: firewall.name } } : {};
  };
  if (path.subnets.length === 0) {
    return [
      {
        from: 'declared ranges',
        sources: path.sourceCidrs,
        to: path.firewall ? 'firewall' : 'unknown',
        ...firewallRef(path.firewall?.id),
        reason: path.assumption ?? path.reason,
      },
    ];
  }
  return path.subnets.map((subnet) => {
    const to = destinationOf(subnet.route.status);
    return {
      subnetId: subnet.subnetId,
      from: subnetLabel(subnet.subnetId),
      sources: subnet.addressPrefixes,
      to,
      ...(to !== 'bypass' || subnet.route.status === 'partial' ? firewallRef(subnet.route.firewallId) : {}),
      reason: subnet.route.reason,
    };
  });
}

type EndpointOutcome = 'allowed' | 'blocked' | 'unknown' | 'proxied';

/** One outcome per endpoint over every path that decided it: any block blocks, any doubt is unknown. */
function outcomeOf(verdicts: readonly CoverageVerdict[]): EndpointOutcome {
  if (verdicts.includes('not-required')) return 'proxied';
  if (verdicts.includes('denied') || verdicts.includes('partial')) return 'blocked';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'allowed';
}

const listOf = (items: readonly string[], max = 3) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function verdictOf(
  counts: Pick<ClusterVerdict, 'required' | 'allowed' | 'blocked' | 'unknown' | 'proxied'>,
  blockedNames: string[],
  unknownNames: string[],
  paths: ClusterEgressPath[],
  undecided: ClusterContribution['undecided'],
): Pick<ClusterVerdict, 'verdict' | 'reason'> {
  const bypassing = paths.filter((p) => p.to === 'bypass');
  const bypassText =
    bypassing.length > 0
      ? `Internet-bound traffic of ${listOf(bypassing.map((p) => p.from))} goes around the firewall`
      : undefined;
  if (counts.blocked > 0) {
    const text = `cannot reach ${plural(counts.blocked, 'required endpoint')}: ${listOf(blockedNames)}`;
    return { verdict: 'blocked', reason: bypassText ? `${text}; ${bypassText}` : text };
  }
  if (bypassText) return { verdict: 'bypass', reason: bypassText };
  if (undecided) return { verdict: undecided.verdict, reason: undecided.reason };
  const unknownPaths = paths.filter((p) => p.to === 'unknown');
  if (counts.unknown > 0 || unknownPaths.length > 0) {
    const parts = [
      ...(counts.unknown > 0
        ? [`whether it can reach ${plural(counts.unknown, 'required endpoint')} (${listOf(unknownNames)}) is not known`]
        : []),
      ...unknownPaths.map((p) => `where ${p.from} sends its traffic is not known: ${p.reason}`),
    ];
    return { verdict: 'unknown', reason: parts.join('; ') };
  }
  if (counts.required === 0)
    return { verdict: 'not-audited', reason: 'no check judged its required endpoints in this audit' };
  const firewalls = [...new Set(paths.flatMap((p) => p.firewall?.name ?? []))];
  const throughFirewalls =
    firewalls.length > 0 ? `through ${firewalls.length === 1 ? 'firewall' : 'firewalls'} ${listOf(firewalls)}` : '';
  const direct = counts.required - counts.proxied;
  const all = `reaches its ${plural(counts.required, 'required endpoint')}`;
  const reason =
    counts.proxied === 0
      ? [all, throughFirewalls].filter(Boolean).join(' ')
      : direct === 0
        ? `${all} through the ARO service (egress lockdown)`
        : `${all}: ${[direct, throughFirewalls].filter(Boolean).join(' ')}, ${counts.proxied} through the ARO service (egress lockdown)`;
  return { verdict: 'ok', reason };
}

export function clusterVerdictsOf(
  clusters: readonly Cluster[],
  analysis: Analysis,
  coverage: readonly CoverageEntry[],
  contributions: readonly ClusterContribution[],
): ClusterVerdict[] {
  const coverageOf = new Map<string, Map<string, CoverageEntry[]>>();
  for (const entry of coverage) {
    const perCluster = coverageOf.get(idKey(entry.cluster.id)) ?? new Map<string, CoverageEntry[]>();
    perCluster.set(entry.endpointId, [...(perCluster.get(entry.endpointId) ?? []), entry]);
    coverageOf.set(idKey(entry.cluster.id), perCluster);
  }
  return clusters
    .map((cluster): ClusterVerdict => {
      const key = idKey(cluster.id);
      const counts = { required: 0, allowed: 0, blocked: 0, unknown: 0, proxied: 0 };
      const optional = { allowed: 0, denied: 0, unknown: 0 };
      const blockedNames: string[] = [];
      const unknownNames: string[] = [];
      for (const entries of coverageOf.get(key)?.values() ?? []) {
        const first = entries[0];
        if (!first) continue;
        const outcome = outcomeOf(entries.map((e) => e.verdict));
        if (first.required) {
          counts.required++;
          counts[outcome]++;
          if (outcome === 'blocked') blockedNames.push(first.endpoint.destination);
          if (outcome === 'unknown') unknownNames.push(first.endpoint.destination);
        } else if (outcome === 'blocked') optional.denied++;
        else if (outcome === 'allowed' || outcome === 'proxied') optional.allowed++;
        else optional.unknown++;
      }
      const mine = contributions.filter((c) => idKey(c.clusterId) === key);
      const paths = pathsOf(analysis.egressPathOf(cluster), analysis);
      const beyondRequired = mine
        .flatMap((c) => c.beyondRequired ?? [])
        .sort((a, b) => BREADTH_ORDER[a.breadth] - BREADTH_ORDER[b.breadth] || compareText(a.rule, b.rule));
      const undecided = mine.find((c) => c.undecided)?.undecided;
      return {
        id: cluster.id,
        name: cluster.name,
        kind: cluster.kind,
        ...verdictOf(counts, blockedNames.sort(compareText), unknownNames.sort(compareText), paths, undecided),
        paths,
        ...counts,
        optional,
        beyondRequired,
      };
    })
    .sort((a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(idKey(a.id), idKey(b.id)));
}
