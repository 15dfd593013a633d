import { type AzureEmulator, startAzureEmulator, syntheticTenant } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudEndpoints, collectAzure, ROWS_PER_PAGE } from './index.ts';

const credential = { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) };

describe('a tenant of 1,000 subscriptions', () => {
  const tenant = syntheticTenant(1000);
  let emulator: AzureEmulator;
  beforeAll(async () => {
    emulator = await startAzureEmulator({ resources: tenant.resources, pageSize: 100 });
  });
  afterAll(() => emulator.close());

  it('is discovered in a bounded number of Resource Graph queries, with per-resource GETs only where Graph has no data', async () => {
    const collected = await collectAzure({
      credential,
      endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url }),
      caPem: emulator.caPem,
      scope: { allSubscriptions: true },
      concurrency: 16,
    });
    expect(collected.errors).toEqual([]);
    expect(collected.subscriptions).toHaveLength(1000);
    // 999 spokes × (VNet, route table, AKS cluster) + the hub's VNet, firewall, policy and public IP.
    const rows = 999 * 3 + 4;
    const queries = emulator.requests.filter((r) => r.path === '/providers/Microsoft.ResourceGraph/resources');
    expect(queries).toHaveLength(Math.ceil(rows / ROWS_PER_PAGE));
    expect(collected.stats.resourceGraphQueries).toBe(4);
    // ARM: the subscription list (10 pages of 100), one rule collection group list, 999 AKS
    // outboundNetworkDependenciesEndpoints, one Service Tags list — and no per-subscription listing.
    const gets = emulator.requests.filter((r) => r.method === 'GET');
    expect(gets.filter((r) => r.path.endsWith('/outboundNetworkDependenciesEndpoints'))).toHaveLength(999);
    expect(gets.length).toBe(10 + 1 + 999 + 1);
    expect(collected.stats.armRequests).toBe(gets.length);
    expect(emulator.requests.every((r) => r.method === 'GET' || queries.includes(r))).toBe(true);
  });
});
