/**
 * The required-endpoint-blocked check's account of each cluster as a whole, for the result's
 * per-cluster verdicts: why no endpoint could be judged (from the same shared evaluation the check
 * reports), and the allow rules that reach beyond the cluster's requirements.
 */
import type { CheckContext, ClusterContribution } from '@aro-aks-audit/auditor';
import { beyondRequiredOf } from './beyond-required.ts';
import { cloudOf } from './catalog/resolve.ts';
import { type ClusterEgressVerdicts, egressVerdictsOf } from './egress-verdicts.ts';
import type { RulesSettings } from './settings.ts';

function undecidedOf(egress: ClusterEgressVerdicts, kind: string, location: string | undefined) {
  switch (egress.kind) {
    case 'not-catalogued':
      return {
        verdict: 'not-audited' as const,
        reason: `no egress requirements are catalogued for ${kind.toUpperCase()} clusters in Azure ${cloudOf(location)} cloud`,
      };
    case 'path-unknown':
      return {
        verdict: 'unknown' as const,
        reason: `the firewall on its egress path is not known: ${egress.path.reason}`,
      };
    case 'branches': {
      // A branch that could not be judged leaves the cluster undecided, whatever the other branches say.
      const reasons = egress.branches.flatMap((b) =>
        b.kind === 'rules-unreadable'
          ? [`the rules of firewall ${b.firewall.name} could not all be read: ${b.cause}`]
          : b.kind === 'path-unknown'
            ? [`where its traffic goes is not known: ${b.branch.reason}`]
            : [],
      );
      return reasons.length > 0 ? { verdict: 'unknown' as const, reason: reasons.join('; ') } : undefined;
    }
  }
}

export function* clusterContributions(context: CheckContext<RulesSettings>): Generator<ClusterContribution> {
  for (const cluster of context.inventory.clusters) {
    const egress = egressVerdictsOf(cluster, context);
    const undecided = undecidedOf(egress, cluster.kind, cluster.location);
    yield {
      clusterId: cluster.id,
      ...(undecided && { undecided }),
      beyondRequired: beyondRequiredOf(cluster, egress.endpoints, context),
    };
  }
}
