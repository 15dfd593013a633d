import path from 'node:path';
import { type AzureEmulator, type FaultKind, startAzureEmulator } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArmReader,
  AUDITED_TYPES,
  type AzureCollected,
  type AzureScope,
  cloudEndpoints,
  collectAzure,
  referencedIds,
} from './index.ts';

const repo = path.resolve(import.meta.dirname, '../../../../..');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';
const AKS_PROD = `/subscriptions/${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus`;

// Long enough for a loaded machine; the timeout faults cost it once or twice per client.
const TIMEOUT_MS = 700;

const credential = { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) };

describe('live collection against the emulator', () => {
  let emulator: AzureEmulator;
  const collect = (scope: AzureScope): Promise<AzureCollected> =>
    collectAzure({
      credential,
      endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url }),
      caPem: emulator.caPem,
      scope,
      retryDelayInMs: 5,
      maxRetryDelayInMs: 20,
      timeoutMs: TIMEOUT_MS,
      transportRetries: 1,
    });
  const ids = (c: AzureCollected) => c.resources.map((r) => String(r.body.id).toLowerCase()).sort();
  let baseline: AzureCollected;

  beforeAll(async () => {
    emulator = await startAzureEmulator({
      resources: [path.join(repo, 'fixtures/demo/arm'), path.join(repo, 'fixtures/azure-emulator')],
      subscriptions: ['00000000-0000-4000-8000-000000000001'],
      managementGroups: { 'mg-platform': [SUB] },
    });
    baseline = await collect({ subscriptions: [SUB] });
  });
  afterAll(() => emulator.close());

  it('reads every audited resource of the demo, plus each policy’s groups, AKS outbound endpoints and service tags', () => {
    expect(baseline.errors).toEqual([]);
    const types = baseline.resources.map((r) => String(r.body.type).toLowerCase());
    expect(types.filter((t) => t === 'microsoft.network/firewallpolicies/rulecollectiongroups')).toHaveLength(3);
    expect(types.filter((t) => t.endsWith('/outboundnetworkdependenciesendpoints'))).toHaveLength(3);
    expect(types.filter((t) => t === 'microsoft.network/servicetags')).toHaveLength(1);
    // Types the audit does not model (storage accounts, NSGs, workspaces, load balancers) are not read.
    expect(types.filter((t) => /storage|networksecuritygroups|operationalinsights|loadbalancers/.test(t))).toEqual([]);
    expect(baseline.stats).toEqual({ resourceGraphQueries: 1, armRequests: 6 });
  });

  it('follows references out of a resource-group scope: the peered hub, its firewall, policies, public IPs', async () => {
    const before = emulator.requests.length;
    const scoped = await collect({ subscriptions: [SUB], resourceGroups: ['rg-aks-prod'] });
    expect(scoped.errors).toEqual([]);
    const names = scoped.resources.map((r) => String(r.body.name ?? '')).sort();
    for (const name of [
      'aks-prod-eastus',
      'vnet-spoke-aks-prod',
      'rt-aks-prod',
      'vnet-hub',
      'afw-hub',
      'afwp-hub-eastus',
      'afwp-base',
      'pip-afw-hub-01',
      'ipg-aks-nodes',
    ])
      expect(names).toContain(name);
    expect(names).not.toContain('aks-teamb-eastus');
    const query = emulator.requests.slice(before).find((r) => r.method === 'POST')?.body as { query: string };
    expect(query.query).toContain("where resourceGroup in~ ('rg-aks-prod')");
  });

  it('resolves --all-subscriptions through ARM and management groups through Resource Graph', async () => {
    const all = await collect({ allSubscriptions: true });
    expect(all.subscriptions).toEqual(['00000000-0000-4000-8000-000000000001', SUB]);
    expect(ids(all)).toEqual(ids(baseline));
    const group = await collect({ managementGroups: ['mg-platform'] });
    expect(group.subscriptions).toEqual([SUB]);
    expect(ids(group)).toEqual(ids(baseline));
  });

  // One route per client and request kind: the Resource Graph client, ARM lists (rule collection
  // groups, AKS outbound dependencies, subscriptions) and ARM gets (service tags, references).
  // Timeouts are tried once per client (Resource Graph, and the ARM reader every ARM route shares):
  // each costs the whole timeout.
  const routes = [
    {
      client: 'Resource Graph query',
      // Without Resource Graph, ARM lists per subscription read the same resources.
      fallback: true,
      pages: true,
      timeouts: true,
      route: '/providers/Microsoft.ResourceGraph/resources',
      scope: { subscriptions: [SUB] },
    },
    {
      client: 'ARM list (rule collection groups)',
      fallback: false,
      pages: true,
      timeouts: true,
      route: 'afwp-base/ruleCollectionGroups',
      scope: { subscriptions: [SUB] },
    },
    {
      client: 'ARM list (AKS outbound dependencies)',
      fallback: false,
      pages: true,
      timeouts: false,
      route: 'aks-prod-eastus/outboundNetworkDependenciesEndpoints',
      scope: { subscriptions: [SUB] },
    },
    {
      client: 'ARM list (subscriptions)',
      fallback: false,
      pages: true,
      timeouts: false,
      route: 'GET /subscriptions?',
      scope: { allSubscriptions: true },
    },
    {
      client: 'ARM get (service tags)',
      fallback: false,
      pages: false,
      timeouts: false,
      route: '/serviceTags',
      scope: { subscriptions: [SUB] },
    },
    {
      client: 'ARM get (referenced hub VNet)',
      fallback: false,
      pages: false,
      timeouts: false,
      route: 'virtualNetworks/vnet-hub?',
      scope: { subscriptions: [SUB], resourceGroups: ['rg-aks-prod'] },
    },
  ] as const;

  describe.each(routes)('$client', ({ route, scope, pages, timeouts, fallback }) => {
    let reference: AzureCollected;
    beforeAll(async () => {
      emulator.clearFaults();
      reference = await collect(scope);
      expect(reference.errors).toEqual([]);
    });

    const transient: FaultKind[] = ['throttle', 'server-error', 'unavailable', 'timeout', 'truncated'];
    it.each(transient.filter((kind) => kind !== 'timeout' || timeouts))(
      'after a transient %s, the retries read exactly what a fault-free run reads',
      async (kind) => {
        emulator.injectFault({ kind, route, times: 1, retryAfterSeconds: 0 });
        const before = emulator.requests.length;
        const result = await collect(scope);
        const sent = emulator.requests.slice(before);
        expect(emulator.requests.length - before).toBeGreaterThan(0);
        expect(result.errors).toEqual([]);
        expect(ids(result)).toEqual(ids(reference));
        // The faulted request was sent again; nothing was written.
        expect(sent.filter((r) => typeof r.status !== 'number' || r.status >= 400)).toHaveLength(1);
        expect(sent.every((r) => r.method === 'GET' || r.path === '/providers/Microsoft.ResourceGraph/resources')).toBe(
          true,
        );
      },
    );

    const persistent: [FaultKind, RegExp][] = [
      ['forbidden', /access denied \(403 AuthorizationFailed\); the Reader role on this scope is needed/],
      ['server-error', /HTTP 500 InternalServerError/],
      ['throttle', /still throttled \(429\)/],
      ['timeout', /no response within 0.7 s/],
      ['looping-next-link', /already followed/],
    ];
    it.each(persistent.filter(([kind]) => (kind !== 'looping-next-link' || pages) && (kind !== 'timeout' || timeouts)))(
      'a persistent %s is reported with its cause, and nothing goes missing silently',
      async (kind, cause) => {
        emulator.injectFault({ kind, route, times: Infinity, retryAfterSeconds: 0 });
        try {
          const result = await collect(scope);
          if (fallback) {
            // Replaced, not lost: ARM lists read the same resources, and a note gives the cause.
            expect(result.errors).toEqual([]);
            expect(ids(result)).toEqual(ids(reference));
            expect(result.notes.join('\n')).toMatch(cause);
            return;
          }
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors.map((e) => e.message).join('\n')).toMatch(cause);
          // Every resource the fault-free run read is either read or accounted for by an error.
          const errorText = result.errors.map((e) => `${e.resourceId ?? ''} ${e.message}`.toLowerCase()).join('\n');
          const lost = ids(reference).filter((id) => !ids(result).includes(id));
          const named = (id: string) =>
            errorText.includes(id) ||
            result.errors.some((e) => e.resourceId && id.startsWith(e.resourceId.toLowerCase()));
          // Every reference out of what was read was followed, or its failure is named…
          const dangling = result.resources
            .flatMap((r) => referencedIds(r.body, String(r.body.id)))
            .map((id) => id.toLowerCase())
            .filter((id) => !ids(result).includes(id) && !named(id));
          expect(dangling).toEqual([]);
          // …so what is lost was named, or sat behind something named (reachable only through it), or
          // behind a discovery that failed as a whole.
          const referenced = new Set(
            result.resources.flatMap((r) => referencedIds(r.body, String(r.body.id)).map((id) => id.toLowerCase())),
          );
          const wholeDiscoveryFailed = /subscriptions this credential|service tags/i.test(errorText);
          expect(lost.filter((id) => !named(id) && referenced.has(id) && !wholeDiscoveryFailed)).toEqual([]);
        } finally {
          emulator.clearFaults();
        }
      },
    );
  });

  it('names the resource a failed per-resource read concerns', async () => {
    emulator.injectFault({
      kind: 'forbidden',
      route: 'aks-prod-eastus/outboundNetworkDependenciesEndpoints',
      times: Infinity,
    });
    try {
      const result = await collect({ subscriptions: [SUB] });
      expect(result.errors.map((e) => e.resourceId)).toEqual([AKS_PROD]);
      expect(result.errors[0]?.message).toMatch(
        /^outbound network dependencies of \/subscriptions\/.*aks-prod-eastus: /,
      );
      // The cluster itself was read: only its API-reported dependencies are missing.
      expect(ids(result)).toContain(AKS_PROD.toLowerCase());
    } finally {
      emulator.clearFaults();
    }
  });

  it('reports a discovery it could not run, type by type, instead of an empty inventory', async () => {
    emulator.injectFault({ kind: 'forbidden', route: '/providers/Microsoft.ResourceGraph/resources', times: Infinity });
    emulator.injectFault({
      kind: 'forbidden',
      route: new RegExp(`^GET /subscriptions/${SUB}/providers/`, 'i'),
      times: Infinity,
    });
    try {
      const result = await collect({ subscriptions: [SUB] });
      expect(result.resources).toEqual([]);
      expect(result.notes).toHaveLength(1);
      expect(result.notes[0]).toMatch(
        new RegExp(
          `^discovery through Resource Graph failed in subscriptions ${SUB} \\(Resource Graph query: access denied \\(403 AuthorizationFailed\\); the Reader role on this scope is needed\\. .*\\); listed through ARM instead$`,
        ),
      );
      expect(result.errors.map((e) => e.message.split(':')[0])).toEqual(
        AUDITED_TYPES.map((t) => `${t.type} in /subscriptions/${SUB}`),
      );
      expect(
        result.errors.every((e) => e.resourceId === `/subscriptions/${SUB}` && /the Reader role/.test(e.message)),
      ).toBe(true);
    } finally {
      emulator.clearFaults();
    }
  });
});

describe('referenced resources', () => {
  it("skips the hub's managed network behind a Virtual WAN connection's peering, and follows the rest", () => {
    const spoke = `/subscriptions/${SUB}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
    const hub =
      '/subscriptions/e6a2d1c4-3b5f-4a7e-9d8c-0f1e2a3b4c5d/resourceGroups/RG_vhub_1/providers/Microsoft.Network/virtualNetworks/HV_vhub_1';
    const peered = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
    const body = {
      id: spoke,
      properties: {
        virtualNetworkPeerings: [
          { name: 'RemoteVnetToHubPeering_0f3c', properties: { remoteVirtualNetwork: { id: hub } } },
          { name: 'spoke-to-hub', properties: { remoteVirtualNetwork: { id: peered } } },
        ],
      },
    };
    expect(referencedIds(body, spoke)).toEqual([peered]);
  });
});

describe('ARM reader', () => {
  it('does not follow a nextLink to another host: the bearer token would go with it', async () => {
    const emulator = await startAzureEmulator({
      handlers: [
        (request) =>
          request.url.pathname === '/subscriptions'
            ? { status: 200, body: { value: [{ subscriptionId: 'a' }], nextLink: 'https://attacker.invalid/page2' } }
            : undefined,
      ],
    });
    try {
      const reader = new ArmReader({
        credential,
        endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url }),
        caPem: emulator.caPem,
      });
      const listed = await reader.list('/subscriptions', '2022-12-01');
      expect(listed.items).toEqual([{ subscriptionId: 'a' }]);
      expect(listed.error).toBe(
        'the service returned a nextLink to another host (https://attacker.invalid/page2): not followed, the list may be incomplete',
      );
      expect(emulator.requests).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });
});
