import { type Cluster, type Inventory, idKey } from '@aro-aks-audit/auditor';
import type { Feature } from './types.ts';

/** A feature and the fact that shows it, so every resolved endpoint can say why it applies. */
export interface DetectedFeature {
  feature: Feature;
  evidence: string;
}

// N-series VM sizes carry GPUs (NC, ND, NV, NG, …): https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated
const GPU_VM_SIZE = /^standard_n[a-z]*\d/i;

const addonEnabled = (cluster: Cluster, name: string) =>
  Object.entries(cluster.addons).some(([key, addon]) => key.toLowerCase() === name.toLowerCase() && addon.enabled);

/**
 * The features a cluster's resource shows, plus the ones the user declared (extensions, GitOps,
 * Cluster Connect…: ARM keeps those in other resources or inside the cluster).
 */
export function featuresOf(
  cluster: Cluster,
  inventory: Inventory | undefined,
  declared: readonly Feature[] = [],
): DetectedFeature[] {
  const found: DetectedFeature[] = [];
  const add = (feature: Feature, evidence: string) => {
    if (!found.some((f) => f.feature === feature)) found.push({ feature, evidence });
  };
  for (const pool of cluster.nodePools) {
    if (pool.vmSize && GPU_VM_SIZE.test(pool.vmSize))
      add('gpu', `node pool ${pool.name} has GPU VM size ${pool.vmSize}`);
    if (pool.osType?.toLowerCase() === 'windows') add('windows', `node pool ${pool.name} runs Windows`);
    if (
      cluster.kind === 'aks' &&
      pool.osType?.toLowerCase() !== 'windows' &&
      (!pool.osSku || pool.osSku.toLowerCase().startsWith('ubuntu'))
    ) {
      add('ubuntu', `node pool ${pool.name} runs Ubuntu${pool.osSku ? '' : ' (the default OS SKU)'}`);
    }
  }
  if (addonEnabled(cluster, 'omsagent')) add('monitoring', 'add-on omsagent (Container insights) is enabled');
  if (cluster.flags.containerInsights) add('monitoring', 'azureMonitorProfile.containerInsights is enabled');
  if (cluster.flags.managedPrometheus) add('monitoring', 'azureMonitorProfile.metrics (managed Prometheus) is enabled');
  if (addonEnabled(cluster, 'azurepolicy')) add('azure-policy', 'add-on azurepolicy is enabled');
  if (cluster.flags.defender) add('defender', 'securityProfile.defender.securityMonitoring is enabled');
  if (addonEnabled(cluster, 'azureKeyvaultSecretsProvider'))
    add('keyvault-secrets-provider', 'add-on azureKeyvaultSecretsProvider is enabled');
  if (cluster.flags.workloadIdentity) add('workload-identity', 'securityProfile.workloadIdentity is enabled');
  if (cluster.flags.costAnalysis) add('cost-analysis', 'metricsProfile.costAnalysis is enabled');
  if (cluster.kind === 'arc' && cluster.flags.azureRbac) add('azure-rbac', 'aadProfile.enableAzureRBAC is set');
  for (const dns of customDnsServersOf(cluster, inventory))
    add('custom-dns', `virtual network ${dns.vnet} uses DNS servers ${dns.servers.join(', ')}`);
  for (const feature of declared) add(feature, 'declared with --features');
  return found;
}

/** The custom DNS servers of the virtual networks the cluster's egress subnets belong to. */
export function customDnsServersOf(
  cluster: Cluster,
  inventory: Inventory | undefined,
): { vnet: string; servers: string[] }[] {
  if (!inventory) return [];
  const result: { vnet: string; servers: string[] }[] = [];
  for (const subnetId of cluster.egressSubnetIds) {
    const vnetId = subnetId.replace(/\/subnets\/[^/]+$/i, '');
    const vnet = inventory.virtualNetworks.find((v) => idKey(v.id) === idKey(vnetId));
    if (vnet && vnet.dnsServers.length > 0 && !result.some((r) => r.vnet === vnet.name))
      result.push({ vnet: vnet.name, servers: vnet.dnsServers });
  }
  return result;
}

/** Every feature name, for validating `--features`; features.test.ts keeps it in step with the union. */
export const FEATURES = [
  'gpu',
  'windows',
  'monitoring',
  'app-insights',
  'azure-policy',
  'defender',
  'keyvault-secrets-provider',
  'workload-identity',
  'cost-analysis',
  'extensions',
  'marketplace-extensions',
  'gitops',
  'cluster-connect',
  'azure-rbac',
  'portal',
  'onboarding',
  'data-services',
  'secret-store-extension',
  'cert-manager',
  'iot-operations',
  'custom-dns',
  'api-server-access',
  'ubuntu',
] as const satisfies readonly Feature[];
