/** Phases that note what the input lacks, for the reader of the report to weigh. */
import type { Draft } from './draft.ts';

export function noteClustersWithoutSubnets({ inventory, notes }: Draft): void {
  for (const cluster of inventory.clusters) {
    if (cluster.kind === 'aks' && cluster.egressSubnetIds.length === 0) {
      notes.push({
        kind: 'assumption',
        resourceId: cluster.id,
        message: `AKS cluster ${cluster.name} names no node subnet (no agent pool has vnetSubnetID): its nodes are in a virtual network that AKS manages, which the input does not describe`,
      });
    } else if (cluster.kind === 'aro' && cluster.egressSubnetIds.length === 0) {
      notes.push({
        kind: 'warning',
        resourceId: cluster.id,
        message: `ARO cluster ${cluster.name} names no master or worker subnet`,
      });
    }
  }
}
