import type { Cluster, FindingCluster, FindingResource } from '@aro-aks-audit/auditor';

export const clusterRef = (cluster: Cluster): FindingCluster => ({
  id: cluster.id,
  name: cluster.name,
  kind: cluster.kind,
});
export const resourceOf = (r: { id: string; name: string; type: string }): FindingResource => ({
  id: r.id,
  name: r.name,
  type: r.type,
});

/** The last two segments of an ARM id (`vnet-spoke/subnets/snet-nodes` → `vnet-spoke/snet-nodes`). */
export function shortSubnetName(subnetId: string): string {
  const parts = subnetId.split('/');
  return `${parts.at(-3) ?? ''}/${parts.at(-1) ?? ''}`;
}
