/**
 * AKS in Terraform (hashicorp/terraform-provider-azurerm, website/docs/r): `azurerm_kubernetes_cluster`
 * and `azurerm_kubernetes_cluster_node_pool`, as `Microsoft.ContainerService/managedClusters` with its
 * `agentPoolProfiles`. Only what the audit reads of a cluster is written: node pools and their subnets,
 * the network profile, API server access, and the add-ons and switches that make endpoints required.
 * 3.x and 4.x names: `enable_node_public_ip` / `node_public_ip_enabled`, top-level
 * `api_server_authorized_ip_ranges` / `api_server_access_profile.authorized_ip_ranges`.
 */
import type { JsonObject } from '../types.ts';
import {
  armResource,
  childOfReferenced,
  compact,
  nonEmpty,
  type TfContext,
  type TfMapping,
  topLevelId,
} from './mapping.ts';
import type { TfObject } from './values.ts';

const CLUSTERS = 'Microsoft.ContainerService/managedClusters';
const AGENT_POOLS = 'Microsoft.ContainerService/managedClusters/agentPools';

/** A node pool's fields as ARM names them (flat in `agentPoolProfiles`, under `properties` for an agentPools resource). */
function poolFields(pool: TfObject, context: TfContext, mode: string | undefined): JsonObject {
  const publicIp = pool.has('node_public_ip_enabled')
    ? pool.bool('node_public_ip_enabled')
    : pool.bool('enable_node_public_ip');
  return compact({
    vmSize: pool.str('vm_size'),
    count: pool.num('node_count'),
    // default_node_pool has no os_type: it is the system pool, and AKS system pools run Linux.
    osType: pool.str('os_type') ?? (mode === 'System' ? 'Linux' : undefined),
    osSKU: pool.str('os_sku'),
    mode: mode ?? pool.str('mode'),
    vnetSubnetID: context.ref(pool, 'vnet_subnet_id'),
    podSubnetID: context.ref(pool, 'pod_subnet_id'),
    enableNodePublicIP: publicIp,
    enableFIPS: pool.bool('fips_enabled'),
  });
}

const enabledIf = (present: boolean | undefined) => (present === undefined ? undefined : { enabled: present });

function addonProfiles(after: TfObject): JsonObject | undefined {
  const oms = after.block('oms_agent');
  const out = compact({
    omsagent: after.isUnknown('oms_agent')
      ? undefined
      : compact({
          enabled: oms !== undefined,
          config: oms ? compact({ logAnalyticsWorkspaceResourceID: oms.str('log_analytics_workspace_id') }) : undefined,
        }),
    azurepolicy: enabledIf(after.bool('azure_policy_enabled')),
    azureKeyvaultSecretsProvider: after.isUnknown('key_vault_secrets_provider')
      ? undefined
      : { enabled: after.block('key_vault_secrets_provider') !== undefined },
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

function networkProfile(after: TfObject): JsonObject | undefined {
  const network = after.block('network_profile');
  if (!network) return undefined;
  return compact({
    networkPlugin: network.str('network_plugin'),
    networkPluginMode: network.str('network_plugin_mode'),
    outboundType: network.str('outbound_type'),
    podCidr: network.str('pod_cidr'),
    podCidrs: nonEmpty(network.strings('pod_cidrs')),
    serviceCidr: network.str('service_cidr'),
    serviceCidrs: nonEmpty(network.strings('service_cidrs')),
    dnsServiceIP: network.str('dns_service_ip'),
  });
}

export const kubernetesCluster: TfMapping = {
  armType: CLUSTERS,
  id: topLevelId(CLUSTERS),
  put(after, id, context) {
    const pool = after.block('default_node_pool');
    const access = after.block('api_server_access_profile');
    const runCommand = after.bool('run_command_enabled');
    const rbac = after.block('azure_active_directory_role_based_access_control');
    const properties = {
      kubernetesVersion: after.str('kubernetes_version'),
      currentKubernetesVersion: after.str('current_kubernetes_version', { computed: true }),
      dnsPrefix: after.str('dns_prefix'),
      fqdn: after.str('fqdn', { computed: true }),
      privateFQDN: after.str('private_fqdn', { computed: true }),
      agentPoolProfiles: pool ? [{ name: pool.str('name'), ...poolFields(pool, context, 'System') }] : undefined,
      networkProfile: networkProfile(after),
      apiServerAccessProfile: compact({
        enablePrivateCluster: after.bool('private_cluster_enabled'),
        enablePrivateClusterPublicFQDN: after.bool('private_cluster_public_fqdn_enabled'),
        disableRunCommand: runCommand === undefined ? undefined : !runCommand,
        authorizedIPRanges: nonEmpty([
          ...(access?.strings('authorized_ip_ranges') ?? []),
          ...after.strings('api_server_authorized_ip_ranges'),
        ]),
      }),
      addonProfiles: addonProfiles(after),
      securityProfile: compact({
        workloadIdentity: enabledIf(after.bool('workload_identity_enabled')),
        imageCleaner: enabledIf(after.bool('image_cleaner_enabled')),
        defender: after.isUnknown('microsoft_defender')
          ? undefined
          : { securityMonitoring: { enabled: after.block('microsoft_defender') !== undefined } },
      }),
      oidcIssuerProfile: enabledIf(after.bool('oidc_issuer_enabled')),
      enableRBAC: after.bool('role_based_access_control_enabled'),
      disableLocalAccounts: after.bool('local_account_disabled'),
      aadProfile: rbac ? compact({ managed: true, enableAzureRBAC: rbac.bool('azure_rbac_enabled') }) : undefined,
      azureMonitorProfile: after.isUnknown('monitor_metrics')
        ? undefined
        : { metrics: { enabled: after.block('monitor_metrics') !== undefined } },
      metricsProfile: compact({ costAnalysis: enabledIf(after.bool('cost_analysis_enabled')) }),
      serviceMeshProfile: compact({ mode: after.block('service_mesh_profile')?.str('mode') }),
    };
    return [
      {
        op: 'put',
        resource: armResource(id, CLUSTERS, after, properties),
        // Other node pools are azurerm_kubernetes_cluster_node_pool resources: an update of the cluster keeps them.
        keep: [{ property: 'agentPoolProfiles', mode: 'other-items' }],
      },
    ];
  },
};

export const kubernetesClusterNodePool: TfMapping = {
  armType: AGENT_POOLS,
  id: childOfReferenced('kubernetes_cluster_id', 'agentPools'),
  put(after, id, context) {
    const properties = poolFields(after, context, undefined);
    return [{ op: 'put', resource: { id, name: after.str('name'), type: AGENT_POOLS, properties } }];
  },
};

export const CLUSTER_MAPPINGS: Record<string, TfMapping> = {
  azurerm_kubernetes_cluster: kubernetesCluster,
  azurerm_kubernetes_cluster_node_pool: kubernetesClusterNodePool,
};
