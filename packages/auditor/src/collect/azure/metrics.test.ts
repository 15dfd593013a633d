import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AzureEmulator,
  diagnosticSettingsHandler,
  metricsHandler,
  startAzureEmulator,
} from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeResources } from '../../normalize/index.ts';
import { collectFiles } from '../files.ts';
import { snapshotDocuments } from '../snapshot.ts';
import type { AzureConnection } from './arm-reader.ts';
import { cloudEndpoints } from './clouds.ts';
import { findLogWorkspaces } from './log-workspaces.ts';
import { collectFirewallMetrics, firewallsOf, metricsEndpointFor } from './metrics.ts';

const DEMO = path.resolve(import.meta.dirname, '../../../../../fixtures/demo/arm');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';
const FW = `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/azureFirewalls/afw-hub`;
const OTHER_FW = `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/azureFirewalls/afw-quiet`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-hub-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-hub`;
const WINDOW = { from: Date.parse('2026-11-16T00:00:00Z'), to: Date.parse('2026-11-23T00:00:00Z') };
const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

const hourly = (hours: number, at: (h: number) => { average: number; maximum: number }) =>
  Array.from({ length: hours }, (_, h) => ({
    timeStamp: new Date(WINDOW.from + h * 3_600_000).toISOString(),
    ...at(h),
  }));

describe('Azure Monitor through the loopback emulator', () => {
  let emulator: AzureEmulator;
  let connection: AzureConnection;
  beforeAll(async () => {
    emulator = await startAzureEmulator({
      handlers: [
        metricsHandler({
          series: {
            // A week of hourly points, a peak at hour 100, and one point outside the window.
            [FW]: {
              SNATPortUtilization: [
                ...hourly(168, (h) => ({ average: h === 100 ? 64 : 10, maximum: h === 100 ? 91 : 20 })),
                { timeStamp: '2026-11-23T05:00:00.000Z', average: 99, maximum: 100 },
              ],
            },
          },
        }),
        diagnosticSettingsHandler({
          [FW]: [
            { name: 'to-storage', logs: [{ category: 'AZFWApplicationRule', enabled: true }] },
            {
              name: 'to-law',
              workspaceId: WORKSPACE,
              logs: [
                { category: 'AZFWApplicationRule', enabled: true },
                { category: 'AZFWNetworkRule', enabled: true },
              ],
              logAnalyticsDestinationType: 'Dedicated',
            },
          ],
          [OTHER_FW]: [{ name: 'metrics-only', workspaceId: WORKSPACE, logs: [] }],
        }),
      ],
    });
    connection = {
      credential,
      endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url, logs: emulator.url, metrics: emulator.url }),
      caPem: emulator.caPem,
      maxRetries: 0,
    };
  });
  afterAll(() => emulator.close());

  it('reads SNATPortUtilization into the firewall, and a snapshot of it audits the same', async () => {
    const demo = await collectFiles(DEMO);
    const firewalls = firewallsOf(demo.resources);
    expect(firewalls).toEqual([{ id: FW, location: 'eastus' }]);
    const before = emulator.requests.length;
    const metrics = await collectFirewallMetrics(connection, firewalls, WINDOW);
    expect(metrics.errors).toEqual([]);
    // Only the POST the metrics query needs.
    expect(emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /subscriptions/${SUB}/metrics:getBatch`,
    ]);

    const live = normalizeResources([...demo.resources, ...metrics.resources]).inventory;
    const utilization = live.firewalls[0]?.snatPortUtilization;
    expect(utilization).toMatchObject({
      maximum: 91,
      average: 10.32,
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-22T23:00:00.000Z',
      points: 168,
    });

    // The snapshot writes the metric items as a list file; read back, they normalize to the same metric.
    const dir = await mkdtemp(path.join(tmpdir(), 'snapshot-metrics-'));
    try {
      const documents = snapshotDocuments(
        { resources: [...demo.resources, ...metrics.resources], errors: [], sourcesRead: metrics.sourcesRead },
        { tool: { name: 'aro-aks-audit', version: 'test' }, generatedAt: '2026-11-23T00:00:00Z', source: {} },
      );
      for (const d of documents) await writeFile(path.join(dir, d.path), JSON.stringify(d.body));
      const offline = normalizeResources((await collectFiles(dir)).resources).inventory;
      const { origin: _live, ...liveMetric } = utilization ?? { origin: {} };
      const { origin: offlineOrigin, ...offlineMetric } = offline.firewalls[0]?.snatPortUtilization ?? { origin: {} };
      expect(offlineMetric).toEqual(liveMetric);
      expect(offlineOrigin.file).toBe('microsoft.insights-metrics.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says a refused metrics read is missing and names Monitoring Reader', async () => {
    emulator.injectFault({ kind: 'forbidden', route: 'metrics:getBatch' });
    const metrics = await collectFirewallMetrics(connection, [{ id: FW, location: 'eastus' }], WINDOW);
    expect(metrics.resources).toEqual([]);
    expect(metrics.errors).toEqual([
      {
        resourceId: FW,
        message: expect.stringMatching(
          /^SNATPortUtilization of .* was not read: access denied \(HTTP 403.*Monitoring Reader/,
        ),
      },
    ]);
  });

  it('finds the workspace in the diagnostic settings that send firewall logs to one', async () => {
    const discovery = await findLogWorkspaces(connection, [FW, OTHER_FW]);
    expect(discovery.targets).toEqual([{ workspace: WORKSPACE, firewallIds: [FW] }]);
    expect(discovery.problems).toEqual([
      { firewallId: OTHER_FW, cause: expect.stringMatching(/^no diagnostic setting sends its firewall logs/) },
    ]);
    const reads = emulator.requests.filter((r) => r.path.toLowerCase().endsWith('/diagnosticsettings'));
    expect(reads.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('says diagnostic settings it may not read, naming the role', async () => {
    emulator.injectFault({ kind: 'forbidden', route: 'diagnosticSettings' });
    const discovery = await findLogWorkspaces(connection, [FW]);
    expect(discovery.targets).toEqual([]);
    expect(discovery.problems).toEqual([
      {
        firewallId: FW,
        cause: expect.stringMatching(/diagnostic settings could not be read: access denied .*Monitoring Reader/),
      },
    ]);
  });
});

describe('metricsEndpointFor', () => {
  it('fills the region into the cloud template, and keeps an override as given', () => {
    expect(metricsEndpointFor('https://{region}.metrics.monitor.azure.com', 'East US')).toBe(
      'https://eastus.metrics.monitor.azure.com',
    );
    expect(metricsEndpointFor('https://{region}.metrics.monitor.azure.com', undefined)).toBeUndefined();
    expect(metricsEndpointFor('https://127.0.0.1:8443/', 'eastus')).toBe('https://127.0.0.1:8443');
  });
});
