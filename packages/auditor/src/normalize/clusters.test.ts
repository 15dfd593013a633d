import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../collect/files.ts';
import type { Cluster, Inventory } from '../model/inventory.ts';
import { parseCidr } from './clusters.ts';
import {
  AKS_DEV,
  AKS_PROD,
  ARC,
  ARO,
  FIXTURES_RELATIVE,
  LAW,
  SNET_AKS,
  SNET_ARO_MASTER,
  SNET_ARO_WORKER,
  SNET_GPU,
  SNET_PODS,
  SUB,
} from './fixtures.test-support.ts';
import { normalizeResources } from './index.ts';

const fixtures = path.resolve(import.meta.dirname, FIXTURES_RELATIVE);

describe.each(['rest', 'cli', 'sdk'])('clusters (%s shape)', (shape) => {
  let inventory: Inventory;
  const cluster = (id: string): Cluster => {
    const found = inventory.clusters.find((c) => c.id === id);
    if (!found) throw new Error(`no cluster ${id}`);
    return found;
  };
  beforeAll(async () => {
    const result = normalizeResources((await collectFiles(path.join(fixtures, shape))).resources);
    expect(result.errors).toEqual([]);
    inventory = result.inventory;
  });

  it('lists the clusters in id order, with canonical types', () => {
    expect(inventory.clusters.map((c) => [c.name, c.kind, c.type])).toEqual([
      ['aks-dev', 'aks', 'Microsoft.ContainerService/managedClusters'],
      ['aks-prod', 'aks', 'Microsoft.ContainerService/managedClusters'],
      ['aro-prod', 'aro', 'Microsoft.RedHatOpenShift/openShiftClusters'],
      ['arc-edge', 'arc', 'Microsoft.Kubernetes/connectedClusters'],
    ]);
  });

  it('reads an AKS cluster: node subnets (distinct), node pools, network profile, API server', () => {
    const aks = cluster(AKS_PROD);
    expect(aks).toMatchObject({
      kind: 'aks',
      name: 'aks-prod',
      location: 'westeurope',
      tags: { env: 'prod' },
      provisioningState: 'Succeeded',
      kubernetesVersion: '1.33.2',
      // the win pool names snet-aks in upper case: one subnet; the pod subnet is an egress source too
      egressSubnetIds: [SNET_AKS, SNET_GPU, SNET_PODS],
      declaredEgressCidrs: [],
      outboundType: 'userDefinedRouting',
      networkPlugin: 'azure',
      podCidrs: [],
      serviceCidrs: ['10.250.0.0/16'],
      dnsServiceIp: '10.250.0.10',
      apiServer: {
        private: true,
        fqdn: 'aks-prod-abc123.hcp.westeurope.azmk8s.io',
        privateFqdn: 'aks-prod-abc123.privatelink.westeurope.azmk8s.io',
        authorizedIpRanges: [],
      },
    });
    expect(aks.networkPluginMode).toBeUndefined();
    expect(aks.nodePools).toEqual([
      {
        name: 'system',
        vmSize: 'Standard_D4s_v5',
        osType: 'Linux',
        osSku: 'AzureLinux',
        mode: 'System',
        count: 3,
        subnetId: SNET_AKS,
        podSubnetId: SNET_PODS,
        enableNodePublicIp: false,
      },
      expect.objectContaining({ name: 'win', osType: 'Windows', osSku: 'Windows2022', mode: 'User', count: 2 }),
      {
        name: 'gpu',
        vmSize: 'Standard_NC6s_v3',
        osType: 'Linux',
        mode: 'User',
        count: 1,
        subnetId: SNET_GPU,
        enableNodePublicIp: true,
      },
    ]);
  });

  it('reads AKS add-ons and documented switches as flags', () => {
    const aks = cluster(AKS_PROD);
    expect(aks.addons).toEqual({
      azureKeyvaultSecretsProvider: {
        enabled: true,
        config: { enableSecretRotation: 'true', rotationPollInterval: '2m' },
      },
      omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: LAW, useAADAuth: 'true' } },
      azurepolicy: { enabled: false, config: {} },
    });
    expect(aks.flags).toEqual({
      fips: true,
      privateClusterPublicFqdn: true,
      disableRunCommand: false,
      workloadIdentity: true,
      defender: true,
      imageCleaner: true,
      azureKeyVaultKms: false,
      oidcIssuer: true,
      enableRbac: true,
      disableLocalAccounts: true,
      aadManaged: true,
      azureRbac: true,
      managedPrometheus: true,
      webAppRouting: true,
      istio: true,
      keda: true,
      networkIsolated: false,
    });
  });

  it('reads an AKS cluster in a managed virtual network: pod CIDRs, authorized ranges, and a note', () => {
    const dev = cluster(AKS_DEV);
    expect(dev).toMatchObject({
      egressSubnetIds: [],
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      outboundType: 'loadBalancer',
      podCidrs: ['192.168.0.0/16', 'fd00:10:244::/64'],
      serviceCidrs: ['10.0.0.0/16'],
      kubernetesVersion: '1.32.5',
      apiServer: {
        private: false,
        fqdn: 'aks-dev-xyz.hcp.westeurope.azmk8s.io',
        authorizedIpRanges: ['203.0.113.0/24', '198.51.100.7/32'],
      },
      flags: {},
      addons: {},
    });
    expect(inventory.notes).toContainEqual(
      expect.objectContaining({
        kind: 'assumption',
        resourceId: AKS_DEV,
        message: expect.stringMatching(/names no node subnet/),
      }),
    );
  });

  it('reads an ARO cluster: master and worker subnets, domain, private API server, worker pools', () => {
    const aro = cluster(ARO);
    expect(aro).toMatchObject({
      kind: 'aro',
      type: 'Microsoft.RedHatOpenShift/openShiftClusters',
      egressSubnetIds: [SNET_ARO_MASTER, SNET_ARO_WORKER],
      outboundType: 'UserDefinedRouting',
      podCidrs: ['10.128.0.0/14'],
      serviceCidrs: ['172.30.0.0/16'],
      domain: 'aro.example.com',
      apiServer: { private: true, url: 'https://api.aro.example.com:6443/', ip: '10.1.8.10', authorizedIpRanges: [] },
      nodePools: [
        { name: 'worker', vmSize: 'Standard_D4s_v3', count: 3, subnetId: SNET_ARO_WORKER, enableNodePublicIp: false },
      ],
      flags: { ingressPrivate: true, fipsValidatedModules: true, preconfiguredNsg: false },
      provisioningState: 'Succeeded',
    });
  });

  it('reads an Arc cluster: declared egress CIDRs from the tag (any case), distribution, gateway', () => {
    const arc = cluster(ARC);
    expect(arc).toMatchObject({
      kind: 'arc',
      type: 'Microsoft.Kubernetes/connectedClusters',
      declaredEgressCidrs: ['192.168.10.0/24', '198.51.100.7/32'],
      egressSubnetIds: [],
      distribution: 'k3s',
      infrastructure: 'generic',
      kubernetesVersion: '1.31.4',
      arcGatewayId: `${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/gateways/gw-factory`,
      flags: {
        arcGateway: true,
        privateLink: false,
        workloadIdentity: false,
        oidcIssuer: true,
        agentAutoUpgrade: true,
      },
    });
  });
});

describe('Arc egress CIDR tag', () => {
  const id = `${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c`;
  const normalize = (tags: Record<string, string>) =>
    normalizeResources([
      {
        body: { id, type: 'Microsoft.Kubernetes/connectedClusters', tags, properties: {} },
        origin: { file: 'c.json' },
      },
    ]);

  it('keeps the valid CIDRs and reports each invalid value with the resource', () => {
    const { inventory, errors } = normalize({
      'Aro-Aks-Audit.Egress-Cidrs': '10.20.0.0/16, 10.0.0.0/33, bogus, ,2001:db8::/48,10.20.0.0/16',
    });
    expect(inventory.clusters[0]?.declaredEgressCidrs).toEqual(['10.20.0.0/16', '2001:db8::/48']);
    expect(errors).toEqual([
      {
        file: 'c.json',
        resourceId: id,
        message: `${id}: tag Aro-Aks-Audit.Egress-Cidrs: "10.0.0.0/33" is not a CIDR (ignored)`,
      },
      {
        file: 'c.json',
        resourceId: id,
        message: `${id}: tag Aro-Aks-Audit.Egress-Cidrs: "bogus" is not a CIDR (ignored)`,
      },
    ]);
  });

  it('declares nothing without the tag, and nothing for an empty tag', () => {
    expect(normalize({}).inventory.clusters[0]?.declaredEgressCidrs).toEqual([]);
    expect(normalize({ 'aro-aks-audit.egress-cidrs': ' ' }).errors).toEqual([]);
  });
});

describe('parseCidr', () => {
  it('accepts IPv4 and IPv6 CIDRs as written, and single addresses as host prefixes', () => {
    expect(parseCidr(' 10.0.0.0/8 ')).toBe('10.0.0.0/8');
    expect(parseCidr('10.1.2.3/24')).toBe('10.1.2.3/24');
    expect(parseCidr('2001:db8::/32')).toBe('2001:db8::/32');
    expect(parseCidr('203.0.113.9')).toBe('203.0.113.9/32');
    expect(parseCidr('2001:db8::1')).toBe('2001:db8::1/128');
  });

  it('rejects what is not a CIDR', () => {
    for (const bad of ['10.0.0.0/33', '10.1/8', '010.0.0.0/8', '2001:db8::/129', 'bogus', '', '10.0.0.0/']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });
});

describe('AKS edge cases', () => {
  const id = `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/k`;
  it('reports a cluster without the network profile ARM always returns: a partial export, not defaults', () => {
    const aro = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RedHatOpenShift/openShiftClusters/aro';
    const { inventory, errors } = normalizeResources([
      { body: { id, type: 'Microsoft.ContainerService/managedClusters', properties: {} }, origin: { file: 'c.json' } },
      {
        body: { id: aro, type: 'Microsoft.RedHatOpenShift/openShiftClusters', properties: {} },
        origin: { file: 'o.json' },
      },
    ]);
    expect(inventory.clusters.map((c) => c.outboundType)).toEqual([undefined, undefined]);
    expect(errors.map((e) => [e.file, e.message])).toEqual([
      ['c.json', `${id}: networkProfile is missing (outbound type, network plugin and pod CIDRs unknown)`],
      ['o.json', `${aro}: networkProfile is missing (outbound type and pod CIDRs unknown)`],
    ]);
  });

  it('reads podCidr and podCidrs together without duplicates, and reports malformed add-ons', () => {
    const { inventory, errors } = normalizeResources([
      {
        body: {
          id,
          type: 'Microsoft.ContainerService/ManagedClusters',
          properties: {
            kubernetesVersion: '1.30',
            networkProfile: { podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'], serviceCidr: '10.0.0.0/16' },
            addonProfiles: { omsagent: true, azurepolicy: { enabled: 'true', config: 'x' } },
            httpProxyConfig: { httpsProxy: 'http://proxy:3128', noProxy: ['localhost'] },
            nodeProvisioningProfile: { mode: 'Auto' },
            bootstrapProfile: { artifactSource: 'Cache' },
          },
        },
        origin: { file: 'k.json' },
      },
    ]);
    const cluster = inventory.clusters[0];
    expect(cluster?.kubernetesVersion).toBe('1.30');
    expect(cluster?.podCidrs).toEqual(['10.244.0.0/16']);
    expect(cluster?.addons).toEqual({ azurepolicy: { enabled: true, config: {} } });
    expect(cluster?.flags).toEqual({ httpProxy: true, nodeAutoProvisioning: true, networkIsolated: true });
    expect(errors.map((e) => e.message.slice(id.length + 2))).toEqual([
      'properties.addonProfiles.omsagent must be an object, not a boolean (ignored)',
      'properties.addonProfiles.azurepolicy.config must be an object, not the string "x" (ignored)',
    ]);
  });
});

describe('AKS pod subnets', () => {
  it('count as egress subnets: with Azure CNI pod subnets, pods egress with their own IPs', () => {
    const nodes = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes';
    const pods = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pods';
    const { inventory } = normalizeResources([
      {
        body: {
          id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-pods',
          name: 'aks-pods',
          type: 'Microsoft.ContainerService/managedClusters',
          location: 'eastus',
          properties: { agentPoolProfiles: [{ name: 'np', vnetSubnetID: nodes, podSubnetID: pods }] },
        },
        origin: { file: 'aks.json' },
      },
    ]);
    expect(inventory.clusters[0]?.egressSubnetIds).toEqual([nodes, pods]);
  });
});
