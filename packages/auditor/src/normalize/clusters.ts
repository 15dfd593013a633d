/**
 * Clusters: AKS (`Microsoft.ContainerService/managedClusters`), ARO
 * (`Microsoft.RedHatOpenShift/openShiftClusters`) and Arc-enabled Kubernetes
 * (`Microsoft.Kubernetes/connectedClusters`). Only the facts ARM shows are read here; which egress they
 * imply is the rules package's knowledge.
 *
 * `Cluster.flags` — a flag is set only when the resource carries the field it comes from, so that a
 * missing flag means "not stated", never "off". Names (camelCase) and sources:
 *
 *  AKS (managedClusters, api-version 2026-01-01):
 *   - workloadIdentity          securityProfile.workloadIdentity.enabled
 *   - defender                  securityProfile.defender.securityMonitoring.enabled
 *   - imageCleaner              securityProfile.imageCleaner.enabled
 *   - azureKeyVaultKms          securityProfile.azureKeyVaultKms.enabled
 *   - oidcIssuer                oidcIssuerProfile.enabled
 *   - enableRbac                enableRBAC
 *   - disableLocalAccounts      disableLocalAccounts
 *   - aadManaged                aadProfile.managed
 *   - azureRbac                 aadProfile.enableAzureRBAC
 *   - managedPrometheus         azureMonitorProfile.metrics.enabled
 *   - containerInsights         azureMonitorProfile.containerInsights.enabled (the `omsagent` add-on is in `addons`)
 *   - costAnalysis              metricsProfile.costAnalysis.enabled
 *   - webAppRouting             ingressProfile.webAppRouting.enabled (application routing add-on)
 *   - istio                     serviceMeshProfile.mode == Istio
 *   - keda                      workloadAutoScalerProfile.keda.enabled
 *   - verticalPodAutoscaler     workloadAutoScalerProfile.verticalPodAutoscaler.enabled
 *   - networkIsolated           bootstrapProfile.artifactSource == Cache (network isolated cluster)
 *   - httpProxy                 httpProxyConfig names an httpProxy or httpsProxy
 *   - apiServerVnetIntegration  apiServerAccessProfile.enableVnetIntegration
 *   - privateClusterPublicFqdn  apiServerAccessProfile.enablePrivateClusterPublicFQDN
 *   - disableRunCommand         apiServerAccessProfile.disableRunCommand
 *   - nodeAutoProvisioning      nodeProvisioningProfile.mode == Auto
 *   - fips                      some agent pool has enableFIPS
 *  ARO (openShiftClusters, api-version 2025-07-25):
 *   - ingressPrivate            every ingressProfiles[].visibility == Private
 *   - fipsValidatedModules      clusterProfile.fipsValidatedModules == Enabled
 *   - preconfiguredNsg          networkProfile.preconfiguredNSG == Enabled
 *   - managedIdentities         platformWorkloadIdentityProfile present (managed-identity cluster)
 *  Arc (connectedClusters, api-version 2026-05-01):
 *   - arcGateway                gateway.enabled
 *   - privateLink               privateLinkState == Enabled
 *   - workloadIdentity          securityProfile.workloadIdentity.enabled
 *   - oidcIssuer                oidcIssuerProfile.enabled
 *   - azureRbac                 aadProfile.enableAzureRBAC
 *   - agentAutoUpgrade          arcAgentProfile.agentAutoUpgrade == Enabled
 */
import ipaddr from 'ipaddr.js';
import {
  type Cluster,
  emptyCluster,
  type NodePool,
  type OutboundDependency,
  type ResourceBase,
} from '../model/inventory.ts';
import type { AgentPoolShape, ManagedClusterShape, OutboundDependenciesShape } from './sdk-shapes.ts';
import { distinct, distinctIds, findKey, isJsonObject, Obj, reportError, toStringRecord } from './shape.ts';

/** The tag that declares an Arc cluster's egress source ranges (comma-separated CIDRs). */
export const EGRESS_CIDRS_TAG = 'aro-aks-audit.egress-cidrs';

function setFlag(cluster: Cluster, name: string, value: boolean | undefined): void {
  if (value !== undefined) cluster.flags[name] = value;
}

/** `true` when `value` equals `expected` ignoring case; undefined when value is absent. */
function equalsIgnoringCase(value: string | undefined, expected: string): boolean | undefined {
  return value === undefined ? undefined : value.trim().toLowerCase() === expected.toLowerCase();
}

function cidrsOf(profile: Obj | undefined, plural: string, singular: string): string[] {
  if (!profile) return [];
  const one = profile.str(singular);
  return distinct([...profile.strings(plural), ...(one !== undefined ? [one] : [])]);
}

function setProvisioningState(cluster: Cluster, provisioningState: string | undefined): void {
  if (provisioningState !== undefined) cluster.provisioningState = provisioningState;
}

// ── AKS ──

function agentPool(pool: Obj<AgentPoolShape>): NodePool {
  const out: NodePool = { name: pool.str('name') ?? '', enableNodePublicIp: pool.bool('enableNodePublicIP') ?? false };
  const vmSize = pool.str('vmSize');
  const osType = pool.str('osType');
  const osSku = pool.str('osSKU');
  const mode = pool.str('mode');
  const count = pool.num('count');
  // REST/SDK vnetSubnetID and podSubnetID; CLI vnetSubnetId and podSubnetId.
  const subnetId = pool.str('vnetSubnetID');
  const podSubnetId = pool.str('podSubnetID');
  if (vmSize !== undefined) out.vmSize = vmSize;
  if (osType !== undefined) out.osType = osType;
  if (osSku !== undefined) out.osSku = osSku;
  if (mode !== undefined) out.mode = mode;
  if (count !== undefined) out.count = count;
  if (subnetId !== undefined) out.subnetId = subnetId;
  if (podSubnetId !== undefined) out.podSubnetId = podSubnetId;
  return out;
}

function addons(resource: Obj<ManagedClusterShape>): Cluster['addons'] {
  const out: Cluster['addons'] = {};
  const profiles = resource.obj('addonProfiles');
  if (!profiles) return out;
  for (const [name, value] of Object.entries(profiles.value)) {
    if (value === null) continue;
    const path = `${profiles.path}.${name}`;
    if (!isJsonObject(value)) {
      profiles.wrong(path, 'an object', value);
      continue;
    }
    const addon = new Obj(profiles.ctx, value, path);
    const configKey = findKey(value, 'config');
    const config = configKey !== undefined ? value[configKey] : undefined;
    out[name] = {
      enabled: addon.bool('enabled') ?? false,
      config: isJsonObject(config) ? toStringRecord(addon, config, `${path}.${configKey}`) : {},
    };
    if (config !== undefined && config !== null && !isJsonObject(config)) {
      addon.wrong(`${path}.${configKey}`, 'an object', config);
    }
  }
  return out;
}

export function normalizeManagedCluster(resource: Obj<ManagedClusterShape>, base: ResourceBase): Cluster {
  const cluster = emptyCluster(base, 'aks');
  setProvisioningState(cluster, resource.str('provisioningState'));
  const version = resource.str('currentKubernetesVersion') ?? resource.str('kubernetesVersion');
  if (version !== undefined) cluster.kubernetesVersion = version;

  const pools = resource.list('agentPoolProfiles');
  cluster.nodePools = pools.map(agentPool);
  // With Azure CNI and a pod subnet, pods egress with their own IPs from the pod subnet, not the node subnet:
  // https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet
  cluster.egressSubnetIds = distinctIds(
    cluster.nodePools.flatMap((p) => [p.subnetId, p.podSubnetId].filter((id): id is string => Boolean(id))),
  );
  // The REST spelling of the next five is enableFIPS, privateFQDN, enablePrivateClusterPublicFQDN, enableRBAC,
  // enableAzureRBAC; the SDK's is the one written here. The lookup ignores case and reads both.
  const fips = pools.map((p) => p.bool('enableFips')).filter((v): v is boolean => v !== undefined);
  if (fips.length > 0) cluster.flags.fips = fips.some(Boolean);

  const network = resource.obj('networkProfile');
  if (network) {
    const outboundType = network.str('outboundType');
    const plugin = network.str('networkPlugin');
    const pluginMode = network.str('networkPluginMode');
    const dnsServiceIp = network.str('dnsServiceIP');
    if (outboundType !== undefined) cluster.outboundType = outboundType;
    if (plugin !== undefined) cluster.networkPlugin = plugin;
    if (pluginMode !== undefined) cluster.networkPluginMode = pluginMode;
    if (dnsServiceIp !== undefined) cluster.dnsServiceIp = dnsServiceIp;
    cluster.podCidrs = cidrsOf(network, 'podCidrs', 'podCidr');
    cluster.serviceCidrs = cidrsOf(network, 'serviceCidrs', 'serviceCidr');
  } else {
    // ARM always returns it: without it the export is partial, not a cluster with no network settings.
    resource.missing('networkProfile', 'outbound type, network plugin and pod CIDRs unknown');
  }

  const access = resource.obj('apiServerAccessProfile');
  cluster.apiServer = {
    private: access?.bool('enablePrivateCluster') ?? false,
    authorizedIpRanges: access?.strings('authorizedIPRanges') ?? [],
  };
  const fqdn = resource.str('fqdn');
  const privateFqdn = resource.str('privateFqdn');
  if (fqdn !== undefined) cluster.apiServer.fqdn = fqdn;
  if (privateFqdn !== undefined) cluster.apiServer.privateFqdn = privateFqdn;
  setFlag(cluster, 'apiServerVnetIntegration', access?.bool('enableVnetIntegration'));
  setFlag(cluster, 'privateClusterPublicFqdn', access?.bool('enablePrivateClusterPublicFqdn'));
  setFlag(cluster, 'disableRunCommand', access?.bool('disableRunCommand'));

  cluster.addons = addons(resource);

  const security = resource.obj('securityProfile');
  setFlag(cluster, 'workloadIdentity', security?.obj('workloadIdentity')?.bool('enabled'));
  setFlag(cluster, 'defender', security?.obj('defender')?.obj('securityMonitoring')?.bool('enabled'));
  setFlag(cluster, 'imageCleaner', security?.obj('imageCleaner')?.bool('enabled'));
  setFlag(cluster, 'azureKeyVaultKms', security?.obj('azureKeyVaultKms')?.bool('enabled'));
  setFlag(cluster, 'oidcIssuer', resource.obj('oidcIssuerProfile')?.bool('enabled'));
  setFlag(cluster, 'enableRbac', resource.bool('enableRbac'));
  setFlag(cluster, 'disableLocalAccounts', resource.bool('disableLocalAccounts'));
  const aad = resource.obj('aadProfile');
  setFlag(cluster, 'aadManaged', aad?.bool('managed'));
  setFlag(cluster, 'azureRbac', aad?.bool('enableAzureRbac'));
  const monitor = resource.obj('azureMonitorProfile');
  setFlag(cluster, 'managedPrometheus', monitor?.obj('metrics')?.bool('enabled'));
  setFlag(cluster, 'containerInsights', monitor?.obj('containerInsights')?.bool('enabled'));
  setFlag(cluster, 'costAnalysis', resource.obj('metricsProfile')?.obj('costAnalysis')?.bool('enabled'));
  setFlag(cluster, 'webAppRouting', resource.obj('ingressProfile')?.obj('webAppRouting')?.bool('enabled'));
  setFlag(cluster, 'istio', equalsIgnoringCase(resource.obj('serviceMeshProfile')?.str('mode'), 'Istio'));
  const autoscaler = resource.obj('workloadAutoScalerProfile');
  setFlag(cluster, 'keda', autoscaler?.obj('keda')?.bool('enabled'));
  setFlag(cluster, 'verticalPodAutoscaler', autoscaler?.obj('verticalPodAutoscaler')?.bool('enabled'));
  setFlag(
    cluster,
    'networkIsolated',
    equalsIgnoringCase(resource.obj('bootstrapProfile')?.str('artifactSource'), 'Cache'),
  );
  const proxy = resource.obj('httpProxyConfig');
  if (proxy) setFlag(cluster, 'httpProxy', proxy.has('httpProxy') || proxy.has('httpsProxy'));
  setFlag(
    cluster,
    'nodeAutoProvisioning',
    equalsIgnoringCase(resource.obj('nodeProvisioningProfile')?.str('mode'), 'Auto'),
  );
  return cluster;
}

// ── ARO ──

export function normalizeOpenShiftCluster(resource: Obj, base: ResourceBase): Cluster {
  const cluster = emptyCluster(base, 'aro');
  setProvisioningState(cluster, resource.str('provisioningState'));
  const master = resource.obj('masterProfile');
  const workers = resource.list('workerProfiles');
  // workerProfilesStatus lists the machine sets as they are; their subnets egress too.
  const workerStatus = resource.list('workerProfilesStatus');
  cluster.egressSubnetIds = distinctIds(
    [master, ...workers, ...workerStatus].flatMap((p) => {
      const id = p?.str('subnetId');
      return id !== undefined ? [id] : [];
    }),
  );
  cluster.nodePools = workers.map((w) => {
    const pool: NodePool = { name: w.str('name') ?? '', enableNodePublicIp: false };
    const vmSize = w.str('vmSize');
    const count = w.num('count');
    const subnetId = w.str('subnetId');
    if (vmSize !== undefined) pool.vmSize = vmSize;
    if (count !== undefined) pool.count = count;
    if (subnetId !== undefined) pool.subnetId = subnetId;
    return pool;
  });

  const network = resource.obj('networkProfile');
  if (network) {
    const outboundType = network.str('outboundType');
    if (outboundType !== undefined) cluster.outboundType = outboundType;
    cluster.podCidrs = cidrsOf(network, 'podCidrs', 'podCidr');
    cluster.serviceCidrs = cidrsOf(network, 'serviceCidrs', 'serviceCidr');
    setFlag(cluster, 'preconfiguredNsg', equalsIgnoringCase(network.str('preconfiguredNSG'), 'Enabled'));
  } else {
    resource.missing('networkProfile', 'outbound type and pod CIDRs unknown');
  }

  const profile = resource.obj('clusterProfile');
  const domain = profile?.str('domain');
  if (domain !== undefined) cluster.domain = domain;
  setFlag(cluster, 'fipsValidatedModules', equalsIgnoringCase(profile?.str('fipsValidatedModules'), 'Enabled'));

  const api = resource.obj('apiserverProfile');
  cluster.apiServer = {
    private: equalsIgnoringCase(api?.str('visibility'), 'Private') ?? false,
    authorizedIpRanges: [],
  };
  const url = api?.str('url');
  const ip = api?.str('ip');
  if (url !== undefined) cluster.apiServer.url = url;
  if (ip !== undefined) cluster.apiServer.ip = ip;

  const ingress = resource.list('ingressProfiles');
  if (ingress.length > 0) {
    setFlag(
      cluster,
      'ingressPrivate',
      ingress.every((p) => equalsIgnoringCase(p.str('visibility'), 'Private') === true),
    );
  }
  if (resource.obj('platformWorkloadIdentityProfile')) cluster.flags.managedIdentities = true;
  return cluster;
}

// ── Arc ──

/** A CIDR written as IPv4 four-part decimal or IPv6; a bare address is taken as a single host (/32, /128). */
export function parseCidr(text: string): string | undefined {
  const value = text.trim();
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(value) || ipaddr.IPv6.isValidCIDR(value)) return value;
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return `${value}/32`;
  if (!value.includes('/') && ipaddr.IPv6.isValid(value)) return `${value}/128`;
  return undefined;
}

function declaredEgressCidrs(resource: Obj, base: ResourceBase): string[] {
  const lower = EGRESS_CIDRS_TAG.toLowerCase();
  const tag = Object.keys(base.tags).find((k) => k.toLowerCase() === lower);
  if (tag === undefined) return [];
  const out: string[] = [];
  for (const part of (base.tags[tag] ?? '').split(',')) {
    if (!part.trim()) continue;
    const cidr = parseCidr(part);
    if (cidr) out.push(cidr);
    else reportError(resource.ctx, `tag ${tag}: ${JSON.stringify(part.trim())} is not a CIDR (ignored)`);
  }
  return distinct(out);
}

export function normalizeConnectedCluster(resource: Obj, base: ResourceBase): Cluster {
  const cluster = emptyCluster(base, 'arc');
  setProvisioningState(cluster, resource.str('provisioningState'));
  cluster.declaredEgressCidrs = declaredEgressCidrs(resource, base);
  const version = resource.str('kubernetesVersion');
  const distribution = resource.str('distribution');
  const infrastructure = resource.str('infrastructure');
  if (version !== undefined) cluster.kubernetesVersion = version;
  if (distribution !== undefined) cluster.distribution = distribution;
  if (infrastructure !== undefined) cluster.infrastructure = infrastructure;
  // `gateway: {enabled, resourceId}`; `resourceId` (a Microsoft.HybridCompute/gateways id) exists in the
  // API versions before 2025-08-01-preview; later versions, 2026-05-01 included, carry `enabled` only.
  const gateway = resource.obj('gateway');
  const gatewayId = gateway?.str('resourceId');
  if (gatewayId !== undefined) cluster.arcGatewayId = gatewayId;
  setFlag(cluster, 'arcGateway', gateway?.bool('enabled'));
  setFlag(cluster, 'privateLink', equalsIgnoringCase(resource.str('privateLinkState'), 'Enabled'));
  setFlag(cluster, 'workloadIdentity', resource.obj('securityProfile')?.obj('workloadIdentity')?.bool('enabled'));
  setFlag(cluster, 'oidcIssuer', resource.obj('oidcIssuerProfile')?.bool('enabled'));
  setFlag(cluster, 'azureRbac', resource.obj('aadProfile')?.bool('enableAzureRBAC'));
  setFlag(
    cluster,
    'agentAutoUpgrade',
    equalsIgnoringCase(resource.obj('arcAgentProfile')?.str('agentAutoUpgrade'), 'Enabled'),
  );
  return cluster;
}

/** The id suffix of the pseudo-resource that carries an AKS cluster's outboundNetworkDependenciesEndpoints response. */
export const OUTBOUND_DEPENDENCIES_SUFFIX = '/outboundNetworkDependenciesEndpoints';

/**
 * `GET …/managedClusters/{name}/outboundNetworkDependenciesEndpoints` answers
 * `{value: [{category, endpoints: [{domainName, endpointDetails: [{port, protocol, description}]}]}]}`; the input
 * contract carries it as `{id: <cluster id>/outboundNetworkDependenciesEndpoints, type:
 * Microsoft.ContainerService/managedClusters/outboundNetworkDependenciesEndpoints, value: [...]}`.
 */
export function normalizeOutboundDependencies(resource: Obj<OutboundDependenciesShape>): OutboundDependency[] {
  const endpoints: OutboundDependency[] = [];
  for (const category of resource.list('value')) {
    const name = category.str('category') ?? '';
    for (const endpoint of category.list('endpoints')) {
      const domainName = endpoint.str('domainName');
      if (!domainName) {
        endpoint.missing('domainName', 'endpoint ignored');
        continue;
      }
      const details = endpoint.list('endpointDetails');
      if (details.length === 0) endpoints.push({ category: name, domainName });
      for (const detail of details) {
        const port = detail.num('port');
        const protocol = detail.str('protocol');
        const description = detail.str('description');
        endpoints.push({
          category: name,
          domainName,
          ...(port !== undefined && { port }),
          ...(protocol !== undefined && { protocol }),
          ...(description !== undefined && { description }),
        });
      }
    }
  }
  return endpoints;
}
