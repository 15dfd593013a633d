/**
 * The verdict of the firewall on a cluster's egress path for each endpoint the cluster needs: the one
 * evaluation that required-endpoint-blocked reports and the log checks compare the logs with, computed
 * once per audit and cluster.
 */
import {
  type Analysis,
  type CheckContext,
  type Cluster,
  type Destination,
  type EgressPath,
  evaluateTraffic,
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
}

export interface EndpointVerdicts {
  endpoint: ResolvedEndpoint;
  /** One per documented alternative (empty when proxied or unresolved). */
  verdicts: DestinationVerdict[];
  /** The best alternative: allowing any one of them is enough. */
  chosen?: DestinationVerdict;
}

export type ClusterEgressVerdicts =
  | { kind: 'not-catalogued'; endpoints: ResolvedEndpoint[] }
  | { kind: 'not-through-firewall'; endpoints: ResolvedEndpoint[]; path: EgressPath }
  | { kind: 'path-unknown'; endpoints: ResolvedEndpoint[]; path: EgressPath }
  | { kind: 'rules-unreadable'; endpoints: ResolvedEndpoint[]; path: EgressPath; firewall: Firewall; cause: string }
  | {
      kind: 'evaluated';
      endpoints: ResolvedEndpoint[];
      path: EgressPath;
      firewall: Firewall;
      program: FirewallProgram;
      results: EndpointVerdicts[];
    };

const RANK: Record<Verdict['decision'], number> = { allowed: 3, partial: 2, unknown: 1, denied: 0 };

/** The best verdict over the documented alternatives: allowing any one of them is enough. */
function bestOf<T extends { verdict: Verdict }>(verdicts: T[]): T | undefined {
  return [...verdicts].sort((a, b) => RANK[b.verdict.decision] - RANK[a.verdict.decision])[0];
}

function evaluate(cluster: Cluster, context: CheckContext<RulesSettings>): ClusterEgressVerdicts {
  const options = resolutionOptionsFor(cluster, context.inventory, context.settings);
  const endpoints = requiredEndpointsFor(cluster, options);
  if (endpoints.length === 0) return { kind: 'not-catalogued', endpoints };
  const path = context.analysis.egressPathOf(cluster);
  if (path.status === 'bypass' || path.status === 'partial') return { kind: 'not-through-firewall', endpoints, path };
  const onPath = path.status === 'via-firewall' || (path.status === 'outside-azure' && path.assumption !== undefined);
  if (!onPath || !path.firewall) return { kind: 'path-unknown', endpoints, path };
  const firewall = path.firewall;
  const compiled = context.analysis.programOf(firewall);
  if (!compiled.ok) return { kind: 'rules-unreadable', endpoints, path, firewall, cause: compiled.cause };
  const evaluation = {
    ipGroups: context.inventory.ipGroups,
    serviceTags: context.inventory.serviceTags,
    fqdnTagContainment: fqdnTagContainmentFor(cluster, clusterFacts(cluster, options), options.catalog ?? CATALOG),
  };
  const results = endpoints.map((endpoint): EndpointVerdicts => {
    if (endpoint.proxied || endpoint.destinations.length === 0) return { endpoint, verdicts: [] };
    const verdicts = endpoint.destinations.map((destination) => ({
      destination: describeDestination(destination),
      destinationSpec: destination,
      verdict: evaluateTraffic(
        compiled.program,
        {
          sources: path.sourceCidrs,
          protocol: endpoint.entry.protocol,
          port: endpoint.entry.port,
          destination,
          applicationProtocol: endpoint.entry.applicationProtocol,
        },
        evaluation,
      ),
    }));
    const chosen = bestOf(verdicts);
    return { endpoint, verdicts, ...(chosen && { chosen }) };
  });
  return { kind: 'evaluated', endpoints, path, firewall, program: compiled.program, results };
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
