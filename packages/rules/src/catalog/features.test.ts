import { cluster, hubAndSpoke, inventoryOf, vnet } from '@aro-aks-audit/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FEATURES, featuresOf } from './features.ts';
import type { Feature } from './types.ts';

describe('feature detection from the cluster resource', () => {
  it('lists every feature of the Feature type', () => {
    expectTypeOf<(typeof FEATURES)[number]>().toEqualTypeOf<Feature>();
    expect(new Set(FEATURES).size).toBe(FEATURES.length);
  });

  it('reads GPU VM sizes, Windows pools, the default Ubuntu OS SKU, add-ons and security profile switches', () => {
    const aks = cluster('aks', 'aks-1', {
      nodePools: [
        { name: 'gpu', vmSize: 'Standard_NC6s_v3', osType: 'Linux', enableNodePublicIp: false },
        { name: 'win', vmSize: 'Standard_D4s_v5', osType: 'Windows', enableNodePublicIp: false },
      ],
      addons: {
        omsagent: { enabled: true, config: {} },
        azurepolicy: { enabled: false, config: {} },
        azureKeyvaultSecretsProvider: { enabled: true, config: {} },
      },
      flags: { workloadIdentity: true, defender: true, costAnalysis: false },
    });
    expect(featuresOf(aks, undefined).map((f) => f.feature)).toEqual([
      'gpu',
      'ubuntu',
      'windows',
      'monitoring',
      'defender',
      'keyvault-secrets-provider',
      'workload-identity',
    ]);
  });

  it('does not take a D-series or an Azure Linux pool for GPU or Ubuntu', () => {
    const aks = cluster('aks', 'aks-1', {
      nodePools: [
        { name: 'sys', vmSize: 'Standard_D4ds_v5', osType: 'Linux', osSku: 'AzureLinux', enableNodePublicIp: false },
      ],
    });
    expect(featuresOf(aks, undefined)).toEqual([]);
  });

  it('finds custom DNS servers on the virtual network of the egress subnets, and adds declared features', () => {
    const topo = hubAndSpoke();
    const spoke = { ...vnet('vnet-spoke', ['10.1.0.0/16']), dnsServers: ['10.0.5.4', '10.0.5.5'] };
    const inventory = inventoryOf(...topo.items.filter((i) => i.name !== 'vnet-spoke'), spoke);
    const aks = inventory.clusters[0];
    if (!aks) throw new Error('no cluster');
    expect(featuresOf(aks, inventory, ['gitops'])).toEqual([
      { feature: 'custom-dns', evidence: 'virtual network vnet-spoke uses DNS servers 10.0.5.4, 10.0.5.5' },
      { feature: 'gitops', evidence: 'declared with --features' },
    ]);
  });
});
