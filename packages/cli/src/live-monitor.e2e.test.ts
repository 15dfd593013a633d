import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {
  type AzureEmulator,
  diagnosticSettingsHandler,
  logAnalyticsHandler,
  metricsHandler,
  startAzureEmulator,
  workspaceTablesFromFiles,
} from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './io.ts';
import { runCli } from './test-io.ts';

// The live audit with Log Analytics and Azure Monitor metrics, through the emulator, against the
// offline audit of the same environment with the same log rows (--logs) and the same metric (a
// metrics response file in the input): same findings. And a snapshot of it audits the same.

const repo = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(repo, 'fixtures/demo/arm');
const SERVICE_TAGS = path.join(repo, 'fixtures/azure-emulator');
const LOGS = path.join(repo, 'fixtures/logs');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';
const FW = `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/azureFirewalls/afw-hub`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-hub-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-hub`;
const NOW = new Date('2025-11-21T00:00:00Z');
const LOG_FILES = [
  'azfw-application-rule.kusto.csv',
  'azfw-network-rule.portal.csv',
  'azfw-nat-rule.csv',
  'azfw-dns-query.kusto.csv',
  'azure-diagnostics.portal.csv',
].map((f) => path.join(LOGS, f));
// Hourly SNATPortUtilization over the week before NOW, peaking at 91%.
const POINTS = Array.from({ length: 168 }, (_, h) => ({
  timeStamp: new Date(NOW.getTime() - (168 - h) * 3_600_000).toISOString(),
  average: h === 150 ? 70 : 12,
  maximum: h === 150 ? 91 : 30,
}));

interface Findings {
  incomplete: boolean;
  findings: { id: string; checkId: string; status: string; messageId: string; severity: string }[];
}
const readFindings = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'findings.json'), 'utf8')) as Findings;
const summary = (r: Findings) =>
  r.findings.map((f) => `${f.id} ${f.checkId} ${f.status} ${f.messageId} ${f.severity}`).sort();

describe('live audit with Log Analytics and metrics through the Azure emulator', () => {
  let emulator: AzureEmulator;
  let io: Partial<Io>;
  let offline: Findings;
  const out = (name: string) => mkdtemp(path.join(tmpdir(), `live-monitor-${name}-`));
  const endpoints = () => [
    '--arm-endpoint',
    emulator.url,
    '--logs-endpoint',
    emulator.url,
    '--metrics-endpoint',
    emulator.url,
  ];

  beforeAll(async () => {
    emulator = await startAzureEmulator({
      resources: [DEMO, SERVICE_TAGS],
      handlers: [
        logAnalyticsHandler({ workspaces: { [WORKSPACE]: await workspaceTablesFromFiles(LOG_FILES) } }),
        diagnosticSettingsHandler({
          [FW]: [
            {
              name: 'afw-hub-to-law',
              workspaceId: WORKSPACE,
              logs: [{ categoryGroup: 'allLogs', enabled: true }],
              logAnalyticsDestinationType: 'Dedicated',
            },
          ],
        }),
        metricsHandler({ series: { [FW]: { SNATPortUtilization: POINTS } } }),
      ],
    });
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caPem]);
    io = {
      now: () => NOW,
      azureCredential: { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) },
      azureRequestPolicy: { retryDelayInMs: 5, maxRetryDelayInMs: 20, timeoutMs: 2000 },
    };
    // The offline input: the demo's ARM files and the metric as `az monitor metrics list` saves it.
    const input = await out('input');
    for (const file of await readdir(DEMO)) await copyFile(path.join(DEMO, file), path.join(input, file));
    await writeFile(
      path.join(input, 'afw-hub-snat-metrics.json'),
      JSON.stringify({
        timespan: `${new Date(NOW.getTime() - 7 * 86_400_000).toISOString()}/${NOW.toISOString()}`,
        interval: 'PT1H',
        value: [
          {
            id: `${FW}/providers/Microsoft.Insights/metrics/SNATPortUtilization`,
            type: 'Microsoft.Insights/metrics',
            name: { value: 'SNATPortUtilization', localizedValue: 'SNAT port utilization' },
            unit: 'Percent',
            timeseries: [{ metadatavalues: [], data: POINTS }],
            errorCode: 'Success',
          },
        ],
        namespace: 'Microsoft.Network/azureFirewalls',
        resourceregion: 'eastus',
      }),
    );
    const dir = await out('offline');
    const logs = LOG_FILES.flatMap((f) => ['--logs', f]);
    const run = await runCli(
      ['--input', input, ...logs, '--out', dir, '--format', 'json', '--fail-on', 'none', '-q'],
      io,
    );
    expect(run.code).toBe(0);
    offline = await readFindings(dir);
  });
  afterAll(() => emulator.close());

  it('reads the logs where the diagnostic setting sends them and the SNAT metric: the offline audit of the same rows', async () => {
    const before = emulator.requests.length;
    const dir = await out('live');
    const run = await runCli(
      ['--subscription', SUB, ...endpoints(), '--out', dir, '--format', 'json', '--fail-on', 'none', '-q'],
      io,
    );
    expect(run.stderr).toBe('');
    const live = await readFindings(dir);
    expect(live.incomplete).toBe(false);
    expect(summary(live)).toEqual(summary(offline));
    // The evidence made a difference: the measured utilization fails, and the logs' denies are findings.
    expect(live.findings.filter((f) => f.checkId === 'snat-exhaustion-risk').map((f) => f.messageId)).toEqual([
      'highUtilization',
    ]);
    expect(live.findings.some((f) => f.checkId === 'required-traffic-denied' && f.status === 'fail')).toBe(true);
    // No writes: GETs, and the POSTs of queries (Resource Graph, Log Analytics, the metrics batch).
    const posts = new Set(
      emulator.requests
        .slice(before)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(posts).toEqual(
      new Set([
        'POST /providers/Microsoft.ResourceGraph/resources',
        `POST /v1${WORKSPACE}/query`,
        `POST /subscriptions/${SUB}/metrics:getBatch`,
      ]),
    );
  });

  it('writes the log evidence and the metric into the snapshot, whose offline audit equals the live one', async () => {
    const dir = await out('snapshot');
    const snap = await runCli(['snapshot', '--subscription', SUB, ...endpoints(), '--out', dir, '-q'], io);
    expect(snap.code).toBe(0);
    const files = await readdir(path.join(dir, 'arm'));
    expect(files).toEqual(expect.arrayContaining(['log-evidence-1.json', 'microsoft.insights-metrics.json']));
    const audited = await out('snapshot-audit');
    const run = await runCli(
      ['--input', path.join(dir, 'arm'), '--out', audited, '--format', 'json', '--fail-on', 'none', '-q'],
      io,
    );
    expect(run.code).toBe(0);
    expect(summary(await readFindings(audited))).toEqual(summary(offline));
  });

  it('refuses a --since that is not a duration, before reading anything', async () => {
    const before = emulator.requests.length;
    const run = await runCli(
      ['--subscription', SUB, ...endpoints(), '--since', 'last week', '--out', await out('since')],
      io,
    );
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('--since last week: a duration such as 7d') });
    expect(emulator.requests.length).toBe(before);
  });

  it('refuses --since and --workspace in an offline audit rather than ignoring them', async () => {
    for (const [args, named] of [
      [['--since', '30d'], '--since applies only to a live audit'],
      [['--since', '30d', '--workspace', WORKSPACE], '--since and --workspace apply only to a live audit'],
    ] as const) {
      const run = await runCli(['--input', DEMO, ...args, '--out', await out('offline-since')], io);
      expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining(named) });
    }
  });

  it('names Log Analytics Reader when the workspace refuses, and the audit is incomplete, not clean', async () => {
    emulator.injectFault({ kind: 'forbidden', route: '/v1/', times: Infinity });
    try {
      const dir = await out('forbidden');
      const run = await runCli(
        ['--subscription', SUB, ...endpoints(), '--out', dir, '--format', 'json', '--fail-on', 'none'],
        io,
      );
      expect(run.code).toBe(3);
      const result = await readFindings(dir);
      expect(result.incomplete).toBe(true);
      expect(JSON.stringify(result)).toContain('Log Analytics Reader');
      // A snapshot keeps the refusal: its offline audit is incomplete too, never clean.
      const snapshot = await out('forbidden-snapshot');
      const snap = await runCli(['snapshot', '--subscription', SUB, ...endpoints(), '--out', snapshot, '-q'], io);
      expect(snap.code).toBe(3);
      const audited = await out('forbidden-snapshot-audit');
      const offlineRun = await runCli(
        ['--input', path.join(snapshot, 'arm'), '--out', audited, '--format', 'json', '--fail-on', 'none', '-q'],
        io,
      );
      expect(offlineRun.code).toBe(3);
      expect(summary(await readFindings(audited))).toEqual(summary(result));
    } finally {
      emulator.clearFaults();
    }
  });
});
