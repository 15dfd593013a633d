import path from 'node:path';
import { normalizeResources, parseFqdnPattern } from '@aro-aks-audit/auditor';
import { cluster, fixtureInventory } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { describedCluster } from '../allowlist.ts';
import { CATALOG } from './index.ts';
import { REGIONS } from './regions.ts';
import { describeDestination, requiredEndpointsFor } from './resolve.ts';
import type { Cloud } from './types.ts';

const destinationsOf = (
  c: Parameters<typeof requiredEndpointsFor>[0],
  options: Parameters<typeof requiredEndpointsFor>[1] = {},
) => requiredEndpointsFor(c, options).flatMap((e) => (e.proxied ? [] : e.destinations.map(describeDestination)));

const aks = (region: string, extra: Partial<Parameters<typeof cluster>[2]> = {}) =>
  cluster('aks', `aks-${region}`, { location: region, ...extra });

describe('requiredEndpointsFor: representative clusters of each kind and cloud', () => {
  it.each([
    ['eastus', 'public', '*.hcp.eastus.azmk8s.io', 'management.azure.com'],
    ['chinaeast2', 'china', '*.hcp.chinaeast2.cx.prod.service.azk8s.cn', 'management.chinacloudapi.cn'],
    ['usgovvirginia', 'usgov', '*.hcp.usgovvirginia.cx.aks.containerservice.azure.us', 'management.usgovcloudapi.net'],
  ])('AKS in %s (%s cloud) needs its cloud API server and ARM endpoints', (region, _cloud, apiServer, arm) => {
    const destinations = destinationsOf(aks(region));
    expect(destinations).toContain(apiServer);
    expect(destinations).toContain(arm);
    expect(destinations).toContain('mcr.microsoft.com');
  });

  it('a private AKS cluster needs no public API server FQDN and no tunnel', () => {
    const endpoints = requiredEndpointsFor(aks('eastus', { apiServer: { private: true, authorizedIpRanges: [] } }));
    expect(endpoints.map((e) => e.endpoint.destination)).not.toContain('*.hcp.eastus.azmk8s.io');
    expect(endpoints.some((e) => e.entry.port === 1194)).toBe(false);
  });

  it('the tunnel is satisfied by * or AzureCloud.<region>; the API server IP is not in the resource', () => {
    const tunnel = requiredEndpointsFor(aks('westeurope')).find((e) => e.entry.port === 1194);
    expect(tunnel?.destinations.map(describeDestination)).toEqual(['*', 'AzureCloud.westeurope']);
    expect(tunnel?.unresolved.join()).toMatch(/API server IP/);
  });

  it('features add their endpoints with the fact that shows them', () => {
    const gpuWindows = aks('eastus', {
      nodePools: [
        { name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', osType: 'Linux', enableNodePublicIp: false },
        { name: 'win', vmSize: 'Standard_D4s_v5', osType: 'Windows', enableNodePublicIp: false },
      ],
      addons: { azureKeyvaultSecretsProvider: { enabled: true, config: {} } },
    });
    const endpoints = requiredEndpointsFor(gpuWindows);
    const nvidia = endpoints.find((e) => e.endpoint.destination === 'us.download.nvidia.com');
    expect(nvidia?.why).toMatch(/gpu \(node pool gpu has GPU VM size Standard_NC24ads_A100_v4\)/);
    expect(endpoints.map((e) => e.endpoint.destination)).toContain('go.microsoft.com');
    const vault = endpoints.find((e) => e.endpoint.destination === '*.vault.azure.net');
    expect(vault?.notes.join()).toMatch(/vault-name is not in the cluster resource/);
  });

  it('ARO: egress lockdown (assumed on) proxies the service endpoints; the tag turns it off', () => {
    const aro = cluster('aro', 'aro-1', { location: 'eastus' });
    const proxied = requiredEndpointsFor(aro).filter((e) => e.proxied);
    expect(proxied.map((e) => e.endpoint.destination)).toContain('arosvc.azurecr.io');
    expect(proxied[0]?.proxied?.assumption).toMatch(/assumed on/);
    const off = cluster('aro', 'aro-2', { location: 'eastus', tags: { 'aro-aks-audit.egress-lockdown': 'false' } });
    expect(requiredEndpointsFor(off).filter((e) => e.proxied)).toEqual([]);
    expect(requiredEndpointsFor(aro, { aroEgressLockdown: false }).filter((e) => e.proxied)).toEqual([]);
  });

  it('Arc: the gateway variant uses the short region code; without a gateway the full list applies', () => {
    const withGateway = destinationsOf(describedCluster({ kind: 'arc', region: 'eastus', arcGateway: true }));
    expect(withGateway).toContain('eus.his.arc.azure.com');
    expect(withGateway).not.toContain('eastus.dp.kubernetesconfiguration.azure.com');
    const without = destinationsOf(describedCluster({ kind: 'arc', region: 'eastus' }));
    expect(without).toContain('eastus.dp.kubernetesconfiguration.azure.com');
    expect(without).toContain('*.his.arc.azure.com');
  });

  it('detects features from the demo resources (omsagent) and custom DNS from the virtual network', async () => {
    const inventory = await fixtureInventory(path.resolve(import.meta.dirname, '../../../../fixtures/demo/arm'));
    const prod = inventory.clusters.find((c) => c.name === 'aks-prod-eastus');
    if (!prod) throw new Error('demo cluster missing');
    const monitoring = requiredEndpointsFor(prod, { inventory }).filter((e) =>
      e.entry.when?.features?.includes('monitoring'),
    );
    expect(monitoring.length).toBeGreaterThan(0);
    expect(monitoring[0]?.why).toMatch(/add-on omsagent/);
  });
});

describe('the whole catalog', () => {
  const current = CATALOG.filter((e) => e.status !== 'legacy');

  it('has unique ids', () => {
    const ids = CATALOG.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('resolves every placeholder of every current entry in every region of its clouds that has the data', () => {
    const problems: string[] = [];
    for (const entry of current) {
      for (const cloud of entry.clouds) {
        const region = REGIONS.find(
          (r) => r.cloud === cloud && (r.shortCode || !JSON.stringify(entry.destinations).includes('<region-short>')),
        );
        if (!region) continue;
        const c = {
          ...describedCluster({
            kind: entry.kinds[0] ?? 'aks',
            region: region.name,
            arcGateway: entry.when?.arcGateway ?? false,
          }),
          domain: 'example.aroapp.io',
        };
        const resolved = requiredEndpointsFor(c, { catalog: [{ ...entry, when: {} }] })[0];
        for (const reason of resolved?.unresolved ?? []) {
          if (!/API server IP|custom DNS/.test(reason)) problems.push(`${entry.id} in ${region.name}: ${reason}`);
        }
        for (const d of resolved?.destinations ?? []) {
          if (d.kind === 'fqdn' && parseFqdnPattern(d.pattern).kind === 'invalid')
            problems.push(`${entry.id}: ${d.pattern} is not a valid Azure Firewall FQDN pattern`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every entry a protocol, a port, a source with an https URL and an ISO date', () => {
    for (const e of CATALOG) {
      expect(['TCP', 'UDP'], e.id).toContain(e.protocol);
      expect(e.port, e.id).toBeGreaterThan(0);
      expect(e.port, e.id).toBeLessThanOrEqual(65535);
      expect(e.source.url, e.id).toMatch(/^https:\/\//);
      expect(e.source.date, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.purpose.length, e.id).toBeGreaterThan(10);
    }
  });

  it('covers every cloud for AKS and Arc', () => {
    for (const kind of ['aks', 'arc'] as const) {
      for (const cloud of ['public', 'china', 'usgov'] as Cloud[]) {
        expect(
          current.some((e) => e.kinds.includes(kind) && e.clouds.includes(cloud) && e.requirement === 'required'),
          `${kind} ${cloud}`,
        ).toBe(true);
      }
    }
  });
});

describe("merging the cluster's own outboundNetworkDependenciesEndpoints response", () => {
  const clusterId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-api';
  const resources = [
    {
      body: {
        id: clusterId,
        name: 'aks-api',
        type: 'Microsoft.ContainerService/managedClusters',
        location: 'eastus',
        properties: { networkProfile: { outboundType: 'userDefinedRouting', networkPlugin: 'azure' } },
      },
      origin: { file: 'aks.json' },
    },
    {
      body: {
        id: `${clusterId}/outboundNetworkDependenciesEndpoints`,
        type: 'Microsoft.ContainerService/managedClusters/outboundNetworkDependenciesEndpoints',
        // The shape of the AKS API response (ARM example, categories as in the Go SDK example).
        value: [
          {
            category: 'images',
            endpoints: [
              {
                domainName: 'mcr.microsoft.com',
                endpointDetails: [{ port: 443, protocol: 'Https', description: 'mcr' }],
              },
            ],
          },
          {
            category: 'tunnel-classic',
            endpoints: [{ domainName: '*.azmk8s.io', endpointDetails: [{ port: 9000, protocol: 'TCP' }] }],
          },
          {
            category: 'artifacts',
            endpoints: [
              {
                domainName: 'newmirror.example.azure.com',
                endpointDetails: [{ port: 443, protocol: 'Https', description: 'a new mirror' }],
              },
            ],
          },
          {
            category: 'ubuntu-optional',
            endpoints: [{ domainName: 'extra.ubuntu.com', endpointDetails: [{ port: 80, protocol: 'Http' }] }],
          },
        ],
      },
      origin: { file: 'aks-deps.json' },
    },
  ];

  it('notes the endpoints the catalog knows, and adds the ones it lacks with the API as their source', () => {
    const { inventory, errors } = normalizeResources(resources);
    expect(errors).toEqual([]);
    const aksApi = inventory.clusters[0];
    if (!aksApi) throw new Error('cluster missing');
    expect(aksApi.outboundDependencies?.endpoints).toHaveLength(4);
    const endpoints = requiredEndpointsFor(aksApi, { inventory });
    const mcr = endpoints.find((e) => e.entry.id === 'aks.public.mcr');
    expect(mcr?.notes.join()).toMatch(
      /also listed by the cluster's outboundNetworkDependenciesEndpoints \(category images, aks-deps\.json\)/,
    );
    expect(endpoints.find((e) => e.entry.id === 'aks.public.tunnel-tcp-9000')?.notes.join()).toMatch(/tunnel-classic/);
    const added = endpoints.filter((e) => e.entry.id.startsWith('aks.api.'));
    expect(added.map((e) => [e.entry.id, e.required, e.endpoint.protocol])).toEqual([
      ['aks.api.artifacts.newmirror.example.azure.com:443', true, 'TCP/Https'],
      ['aks.api.ubuntu-optional.extra.ubuntu.com:80', false, 'TCP/Http'],
    ]);
    expect(added[0]?.why).toMatch(/^AKS API: listed by/);
  });

  it('warns when the response names a cluster that is not in the input', () => {
    const { notes } = normalizeResources(resources.slice(1)).inventory;
    expect(notes.map((n) => n.message).join()).toMatch(/that AKS cluster is not in the input/);
  });
});
