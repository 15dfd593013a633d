import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from './index.ts';

const DEMO = path.resolve(import.meta.dirname, '../../../fixtures/demo/arm');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';

/** A bare HTTPS call trusting only the emulator's certificate. */
function call(
  emulator: AzureEmulator,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(url, emulator.url), { method, ca: emulator.caPem }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const json = async (p: Promise<{ text: string }>) => JSON.parse((await p).text) as Record<string, unknown>;

describe('azure emulator', () => {
  let emulator: AzureEmulator;
  beforeAll(async () => {
    emulator = await startAzureEmulator({ resources: DEMO, subscriptions: ['00000000-0000-0000-0000-000000000001'] });
  });
  afterAll(() => emulator.close());

  it('lists with absolute nextLinks back to itself until every item is served', async () => {
    const names: string[] = [];
    let next: string | undefined =
      `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?api-version=2024-05-01`;
    let pages = 0;
    while (next) {
      const page = await json(call(emulator, 'GET', next));
      names.push(...(page.value as { name: string }[]).map((v) => v.name));
      next = page.nextLink as string | undefined;
      if (next) expect(next.startsWith(`${emulator.url}/`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(names.sort()).toEqual([
      'vnet-hub',
      'vnet-spoke-aks-legacy',
      'vnet-spoke-aks-prod',
      'vnet-spoke-aks-teamb',
      'vnet-spoke-aro-prod',
    ]);
  });

  it('gets by id case-insensitively, child lists and sub-resources embedded in the parent', async () => {
    const vnet = `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
    expect((await json(call(emulator, 'GET', `${vnet.toLowerCase()}?api-version=2024-05-01`))).name).toBe('vnet-hub');
    const subnets = await json(call(emulator, 'GET', `${vnet}/subnets?api-version=2024-05-01`));
    expect((subnets.value as { name: string }[]).map((s) => s.name)).toEqual(['AzureFirewallSubnet', 'GatewaySubnet']);
    const subnet = await json(call(emulator, 'GET', `${vnet}/subnets/GatewaySubnet?api-version=2024-05-01`));
    expect(subnet.name).toBe('GatewaySubnet');
    const policy = `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/firewallPolicies/afwp-hub-eastus`;
    const groups = await json(call(emulator, 'GET', `${policy}/ruleCollectionGroups?api-version=2024-05-01`));
    expect((groups.value as { name: string }[]).map((g) => g.name)).toEqual(['rcg-app-teams', 'rcg-dnat']);
    const missing = await call(emulator, 'GET', `${vnet}-nope?api-version=2024-05-01`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('ResourceNotFound');
    expect((await call(emulator, 'GET', vnet)).status).toBe(400);
  });

  it('lists the subscriptions the caller sees', async () => {
    const subs = await json(call(emulator, 'GET', '/subscriptions?api-version=2022-12-01'));
    expect(subs.value).toHaveLength(2);
  });

  it('answers Resource Graph queries with lower-case types and $skipToken paging', async () => {
    const query = {
      subscriptions: [SUB],
      query:
        "Resources | where type in~ ('Microsoft.Network/azureFirewalls', 'microsoft.network/publicipaddresses') | order by id asc",
      options: { $top: 2 },
    };
    const first = await json(
      call(emulator, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', query),
    );
    expect(first.totalRecords).toBe(4);
    expect((first.data as { type: string }[]).every((r) => r.type === r.type.toLowerCase())).toBe(true);
    const second = await json(
      call(emulator, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', {
        ...query,
        options: { $top: 2, $skipToken: first.$skipToken },
      }),
    );
    expect(second.$skipToken).toBeUndefined();
    expect((second.data as unknown[]).length).toBe(2);
    const unsupported = await call(
      emulator,
      'POST',
      '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01',
      {
        subscriptions: [SUB],
        query: 'Resources | extend x = 1',
      },
    );
    expect(unsupported.status).toBe(400);
  });

  it('refuses writes and records every request with its api-version', async () => {
    const before = emulator.requests.length;
    const put = await call(emulator, 'PUT', `/subscriptions/${SUB}/resourceGroups/x?api-version=2024-05-01`, {});
    expect(put.status).toBe(405);
    expect(emulator.requests.slice(before)).toEqual([
      {
        method: 'PUT',
        path: `/subscriptions/${SUB}/resourceGroups/x`,
        apiVersion: '2024-05-01',
        status: 405,
        body: {},
      },
    ]);
  });

  it('injects each fault on the matching route only, for as many requests as asked', async () => {
    const list = `/subscriptions/${SUB}/providers/Microsoft.Network/routeTables?api-version=2024-05-01`;
    emulator.injectFault({ kind: 'throttle', route: '/routeTables', retryAfterSeconds: 3 });
    const throttled = await call(emulator, 'GET', list);
    expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '3']);
    expect((await call(emulator, 'GET', list)).status).toBe(200);

    emulator.injectFault({ kind: 'forbidden', route: /azureFirewalls/i });
    const denied = await call(
      emulator,
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.Network/azureFirewalls?api-version=2024-05-01`,
    );
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text).error.message).toContain("'Microsoft.Network/azureFirewalls/read'");

    emulator.injectFault({ kind: 'truncated', route: '/routeTables' });
    await expect(call(emulator, 'GET', list)).rejects.toThrow();

    emulator.injectFault({ kind: 'timeout', route: '/routeTables' });
    const timedOut = new Promise((_, reject) => {
      const req = httpsRequest(new URL(list, emulator.url), { ca: emulator.caPem, timeout: 100 });
      req.on('timeout', () => req.destroy(new Error('client timeout')));
      req.on('error', reject);
      req.end();
    });
    await expect(timedOut).rejects.toThrow('client timeout');

    emulator.injectFault({ kind: 'looping-next-link', route: '/routeTables', times: 2 });
    const looped = await json(call(emulator, 'GET', list));
    expect(looped.nextLink).toBe(`${emulator.url}${new URL(list, emulator.url).pathname}?api-version=2024-05-01`);
    emulator.clearFaults();
    expect((await call(emulator, 'GET', list)).status).toBe(200);
    expect(emulator.requests.filter((r) => r.path.endsWith('/routeTables')).map((r) => r.status)).toEqual([
      429,
      200,
      'truncated',
      'timeout',
      200,
      200,
    ]);
  });
});
