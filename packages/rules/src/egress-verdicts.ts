/**
 * The verdict on each endpoint a cluster needs, per egress branch of the cluster (the subnets whose
 * traffic takes the same way: one firewall, a bypass, a None route): the one evaluation that
 * required-endpoint-blocked reports and the log checks compare the logs with, computed once per audit
 * and cluster.
 */
import {
  type Analysis,
  type BranchVerdict,
  type CheckContext,
  type Cluster,
  type DecidedBy,
  type Destination,
  type EgressBranch,
  type EgressPath,
  evaluateOnBranch,
  type Firewall,
  type FirewallProgram,
  type Verdict,
} from '@aro-aks-audit/auditor';
import { fqdnTagContainmentFor } from './catalog/fqdn-tag-coverage.ts';
import { CATALOG } from './catalog/index.ts';
import { clusterFacts, describeDestination, type ResolvedEndpoint, requiredEndpointsFor } from './catalog/resolve.ts';
import { type RulesSettings, resolutionOptionsFor } from './settings.ts';

export interface DestinationVerdict {
  /** As people write it: `*.data.mcr.microsoft.com`, `AzureCloud.eastus`. */
  destination: string;
  destinationSpec: Destination;
  verdict: Verdict;
  /** Rules, a route or a DNS proxy decide; `firewall` is the one whose rules or proxy do. */
  decidedBy: DecidedBy;
  firewall?: Firewall;
}

export interface EndpointVerdicts {
  endpoint: ResolvedEndpoint;
  /** One per documented alternative (empty when proxied or unresolved). */
  verdicts: DestinationVerdict[];
  /** The best alternative: allowing any one of them is enough. */
  chosen?: DestinationVerdict;
}

/** What is decided for one egress branch of a cluster. */
export type BranchVerdicts =
  | { kind: 'not-through-firewall'; branch: EgressBranch }
  | { kind: 'path-unknown'; branch: EgressBranch }
  | { kind: 'rules-unreadable'; branch: EgressBranch; firewall: Firewall; cause: string }
  | {
      kind: 'evaluated';
      branch: EgressBranch;
      /** The branch's firewall and its program; absent when a route decides everything (a None route). */
      firewall?: Firewall;
      program?: FirewallProgram;
      results: EndpointVerdicts[];
    };

export type ClusterEgressVerdicts =
  | { kind: 'not-catalogued'; endpoints: ResolvedEndpoint[] }
  | { kind: 'path-unknown'; endpoints: ResolvedEndpoint[]; path: EgressPath }
  | { kind: 'branches'; endpoints: ResolvedEndpoint[]; path: EgressPath; branches: BranchVerdicts[] };

const RANK: Record<Verdict['decision'], number> = { allowed: 3, partial: 2, unknown: 1, denied: 0 };

/** The best verdict over the documented alternatives: allowing any one of them is enough. */
function bestOf<T extends { verdict: Verdict }>(verdicts: T[]): T | undefined {
  return [...verdicts].sort((a, b) => RANK[b.verdict.decision] - RANK[a.verdict.decision])[0];
}

/**
 * A cluster outside Azure has no subnets: its one branch is its declared sources and the firewall its
 * traffic is taken to reach (path.assumption).
 */
function branchesOf(path: EgressPath): EgressBranch[] {
  if (path.status !== 'outside-azure') return path.branches;
  return path.firewall
    ? [
        {
          status: 'via-firewall',
          firewall: path.firewall,
          subnets: [],
          sourceCidrs: path.sourceCidrs,
          reason: path.reason,
        },
      ]
    : [];
}

function evaluate(cluster: Cluster, context: CheckContext<RulesSettings>): ClusterEgressVerdicts {
  const options = resolutionOptionsFor(cluster, context.inventory, context.settings);
  const endpoints = requiredEndpointsFor(cluster, options);
  if (endpoints.length === 0) return { kind: 'not-catalogued', endpoints };
  const path = context.analysis.egressPathOf(cluster);
  const branches = branchesOf(path);
  if (branches.length === 0) return { kind: 'path-unknown', endpoints, path };
  const ctx = {
    inventory: context.inventory,
    programOf: context.analysis.programOf,
    options: {
      ipGroups: context.inventory.ipGroups,
      serviceTags: context.inventory.serviceTags,
      fqdnTagContainment: fqdnTagContainmentFor(cluster, clusterFacts(cluster, options), options.catalog ?? CATALOG),
    },
  };
  const verdictsOn = (branch: EgressBranch): BranchVerdicts => {
    if (branch.status === 'bypass') return { kind: 'not-through-firewall', branch };
    if (branch.status === 'unknown') return { kind: 'path-unknown', branch };
    const firewall = branch.firewall;
    const compiled = firewall ? context.analysis.programOf(firewall) : undefined;
    if (firewall && compiled && !compiled.ok)
      return { kind: 'rules-unreadable', branch, firewall, cause: compiled.cause };
    const results = endpoints.map((endpoint): EndpointVerdicts => {
      if (endpoint.proxied || endpoint.destinations.length === 0) return { endpoint, verdicts: [] };
      const verdicts = endpoint.destinations.map((destination): DestinationVerdict => {
        const decided: BranchVerdict = evaluateOnBranch(ctx, branch, {
          sources: branch.sourceCidrs,
          protocol: endpoint.entry.protocol,
          port: endpoint.entry.port,
          destination,
          applicationProtocol: endpoint.entry.applicationProtocol,
        });
        return {
          destination: describeDestination(destination),
          destinationSpec: destination,
          verdict: decided.verdict,
          decidedBy: decided.decidedBy,
          ...(decided.firewall && { firewall: decided.firewall }),
        };
      });
      const chosen = bestOf(verdicts);
      return { endpoint, verdicts, ...(chosen && { chosen }) };
    });
    return {
      kind: 'evaluated',
      branch,
      ...(firewall && { firewall }),
      ...(compiled?.ok && { program: compiled.program }),
      results,
    };
  };
  return { kind: 'branches', endpoints, path, branches: branches.map(verdictsOn) };
}

/**
 * The one firewall evaluation of a cluster whose egress takes a single way through one firewall: what
 * the log checks compare the logs with. A cluster split across branches has no single verdict to compare.
 */
export function soleEvaluation(
  egress: ClusterEgressVerdicts,
): { firewall: Firewall; program: FirewallProgram; results: EndpointVerdicts[] } | undefined {
  if (egress.kind !== 'branches' || egress.branches.length !== 1) return undefined;
  const [only] = egress.branches;
  return only?.kind === 'evaluated' && only.firewall && only.program
    ? { firewall: only.firewall, program: only.program, results: only.results }
    : undefined;
}

/** Why a cluster has no single firewall evaluation, for the checks that need one. */
export function whyNotEvaluated(egress: ClusterEgressVerdicts): string {
  if (egress.kind === 'not-catalogued') return 'no requirements are catalogued for it';
  if (egress.kind === 'path-unknown') return egress.path.reason;
  if (egress.branches.length > 1)
    return `its egress takes ${egress.branches.length} ways (${egress.path.reason}), each judged on its own`;
  const [only] = egress.branches;
  if (only?.kind === 'rules-unreadable') return only.cause;
  return only?.branch.reason ?? egress.path.reason;
}

// Per audit (the analysis is created once per audit) and cluster: the checks share one evaluation.
const CACHE = new WeakMap<Analysis, Map<string, ClusterEgressVerdicts>>();

export function egressVerdictsOf(cluster: Cluster, context: CheckContext<RulesSettings>): ClusterEgressVerdicts {
  let perCluster = CACHE.get(context.analysis);
  if (!perCluster) {
    perCluster = new Map();
    CACHE.set(context.analysis, perCluster);
  }
  const key = cluster.id.toLowerCase();
  let result = perCluster.get(key);
  if (!result) {
    result = evaluate(cluster, context);
    perCluster.set(key, result);
  }
  return result;
}
