/**
 * AKS clusters and node pools in Terraform plans, taken through the change model and the
 * normalizer. Attribute names from the azurerm docs (hashicorp/terraform-provider-azurerm
 * website/docs/r/*.html.markdown) at v3.117.1 and 4.x; see fixtures/what-if/README.md.
 */
import { describe, expect, it } from 'vitest';
import type { RawResource } from '../../model/raw.ts';
import type { JsonObject } from '../types.ts';
import { CLUSTER, created, plan, proposed, rc, SUB, SUBNET, TODAY, VNET } from './plan.test-support.ts';

describe('Terraform plans: AKS', () => {
  const cluster = (names: JsonObject) => ({
    id: CLUSTER,
    name: 'aks',
    resource_group_name: 'rg-aks',
    location: 'eastus',
    kubernetes_version: '1.33.2',
    default_node_pool: [
      { name: 'system', vm_size: 'Standard_D4ds_v5', vnet_subnet_id: SUBNET, node_count: 3, ...names },
    ],
    network_profile: [
      {
        network_plugin: 'azure',
        network_plugin_mode: 'overlay',
        outbound_type: 'userDefinedRouting',
        pod_cidr: '192.168.0.0/16',
        service_cidr: '172.16.0.0/16',
        dns_service_ip: '172.16.0.10',
      },
    ],
    oms_agent: [
      {
        log_analytics_workspace_id: `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/log`,
      },
    ],
    azure_policy_enabled: false,
    workload_identity_enabled: true,
    oidc_issuer_enabled: true,
  });

  it.each([
    [
      '4.x node_public_ip_enabled, api_server_access_profile',
      { node_public_ip_enabled: false },
      { api_server_access_profile: [{ authorized_ip_ranges: ['203.0.113.0/24'] }] },
    ],
    [
      '3.x enable_node_public_ip, api_server_authorized_ip_ranges',
      { enable_node_public_ip: false },
      { api_server_authorized_ip_ranges: ['203.0.113.0/24'] },
    ],
  ])('%s', (_, poolNames, clusterNames) => {
    const today: RawResource[] = [
      ...TODAY,
      {
        body: {
          id: CLUSTER,
          type: 'Microsoft.ContainerService/managedClusters',
          properties: {
            networkProfile: {},
            agentPoolProfiles: [{ name: 'system' }, { name: 'user', vmSize: 'Standard_NC6s_v3', vnetSubnetID: SUBNET }],
          },
        },
        origin: {},
      },
    ];
    const { inventory, errors } = proposed(
      plan([rc('azurerm_kubernetes_cluster.aks', ['update'], {}, { ...cluster(poolNames), ...clusterNames })]),
      today,
    );
    expect(errors).toEqual([]);
    const [aks] = inventory.clusters;
    expect(aks).toEqual(
      expect.objectContaining({
        kind: 'aks',
        kubernetesVersion: '1.33.2',
        outboundType: 'userDefinedRouting',
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        podCidrs: ['192.168.0.0/16'],
        serviceCidrs: ['172.16.0.0/16'],
        dnsServiceIp: '172.16.0.10',
        egressSubnetIds: [SUBNET],
      }),
    );
    expect(aks?.apiServer.authorizedIpRanges).toEqual(['203.0.113.0/24']);
    // The other pool is an azurerm_kubernetes_cluster_node_pool: the cluster's update keeps it.
    expect(aks?.nodePools.map((p) => [p.name, p.vmSize, p.mode, p.osType, p.enableNodePublicIp])).toEqual([
      ['system', 'Standard_D4ds_v5', 'System', 'Linux', false],
      ['user', 'Standard_NC6s_v3', undefined, undefined, false],
    ]);
    expect(aks?.addons.omsagent?.enabled).toBe(true);
    expect(aks?.addons.azurepolicy?.enabled).toBe(false);
    expect(aks?.flags).toEqual(expect.objectContaining({ workloadIdentity: true, oidcIssuer: true, defender: false }));
  });

  it('azurerm_kubernetes_cluster_node_pool goes into its cluster', () => {
    const today: RawResource[] = [
      {
        body: {
          id: CLUSTER,
          type: 'Microsoft.ContainerService/managedClusters',
          properties: { networkProfile: {}, agentPoolProfiles: [{ name: 'system', vnetSubnetID: SUBNET }] },
        },
        origin: {},
      },
    ];
    const gpu = created('azurerm_kubernetes_cluster_node_pool.gpu', {
      name: 'gpu',
      kubernetes_cluster_id: CLUSTER,
      vm_size: 'Standard_NC6s_v3',
      os_type: 'Linux',
      mode: 'User',
      vnet_subnet_id: `${VNET}/subnets/snet-gpu`,
    });
    const { inventory } = proposed(plan([gpu]), today);
    expect(inventory.clusters[0]?.nodePools.map((p) => [p.name, p.vmSize, p.subnetId])).toEqual([
      ['system', undefined, SUBNET],
      ['gpu', 'Standard_NC6s_v3', `${VNET}/subnets/snet-gpu`],
    ]);
  });
});
