import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KqlTable } from '@aro-aks-audit/azure-emulator';
import {
  type AzureEmulator,
  logAnalyticsHandler,
  startAzureEmulator,
  workspaceTablesFromFiles,
} from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogEvidenceBuilder } from '../../ingest/evidence.ts';
import { classifierFor, type SourceGroup, sourceGroupsOf } from '../../ingest/sources.ts';
import type { FlowAggregate, LogEvidence } from '../../model/flows.ts';
import { normalizeResources } from '../../normalize/index.ts';
import { collectFiles } from '../files.ts';
import { readLogFile } from '../logs.ts';
import { cloudEndpoints } from './clouds.ts';
import { parseDuration } from './duration.ts';
import { queryLogAnalytics } from './log-analytics.ts';
import { createLogsQueryClient } from './log-query.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../../fixtures');
const LOGS = path.join(FIXTURES, 'logs');
// Every well-formed export of both table families: the resource-specific tables (with the hourly
// aggregation tables) and the legacy AzureDiagnostics rows in every documented message form.
const FILES = [
  'azfw-application-rule.kusto.csv',
  'azfw-network-rule.portal.csv',
  'azfw-nat-rule.csv',
  'azfw-dns-query.kusto.csv',
  'azfw-threat-intel.csv',
  'azfw-idps-signature.csv',
  'azfw-application-rule-aggregation.csv',
  'azfw-network-rule-aggregation.csv',
  'azfw-nat-rule-aggregation.csv',
  'azure-diagnostics.portal.csv',
  'azure-diagnostics.az-cli.json',
].map((f) => path.join(LOGS, f));

const WORKSPACE = '6c1b7a7e-1f2d-4c55-9c0e-3a9f5d2e8b41';
const WORKSPACE_ARM_ID =
  '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c/resourceGroups/rg-hub-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-hub';
const WINDOW = { from: Date.parse('2025-11-01T00:00:00Z'), to: Date.parse('2025-12-01T00:00:00Z') };
const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Aggregates with their sample sources as a set: Kusto's make_set does not promise an order. */
const comparable = (aggregates: FlowAggregate[]) =>
  aggregates.map((a) => ({ ...a, sampleSourceIps: [...a.sampleSourceIps].sort() }));

async function fileEvidence(groups: SourceGroup[]): Promise<LogEvidence> {
  const builder = createLogEvidenceBuilder(classifierFor(groups));
  for (const file of FILES) {
    const summary = await readLogFile(file, (record) => {
      if (record.time >= WINDOW.from && record.time < WINDOW.to) builder.add(record);
    });
    builder.addSource(summary);
  }
  return builder.evidence();
}

describe('Log Analytics through the loopback emulator', () => {
  let groups: SourceGroup[];
  let tables: Map<string, KqlTable>;
  let fromFiles: LogEvidence;
  const emulators: AzureEmulator[] = [];

  const start = async (
    options: {
      resultRowLimit?: number;
      partialFailure?: RegExp;
      maxRetries?: number;
      tables?: Map<string, KqlTable>;
    } = {},
  ) => {
    const { maxRetries = 0, tables: workspaceTables = tables, ...limits } = options;
    const emulator = await startAzureEmulator({
      handlers: [
        logAnalyticsHandler({
          workspaces: { [WORKSPACE]: workspaceTables, [WORKSPACE_ARM_ID]: workspaceTables },
          ...limits,
        }),
      ],
    });
    emulators.push(emulator);
    const client = createLogsQueryClient({
      credential,
      endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url, logs: emulator.url, metrics: emulator.url }),
      caPem: emulator.caPem,
      maxRetries,
      retryDelayInMs: 1,
      maxRetryDelayInMs: 5,
    });
    return { emulator, querier: client };
  };

  beforeAll(async () => {
    const { inventory } = normalizeResources((await collectFiles(path.join(FIXTURES, 'demo/arm'))).resources);
    groups = sourceGroupsOf(inventory);
    tables = await workspaceTablesFromFiles(FILES);
    fromFiles = await fileEvidence(groups);
  });
  afterAll(async () => {
    for (const emulator of emulators) await emulator.close();
  });

  it('aggregates in KQL to exactly what the file path aggregates from the same rows, for both table families', async () => {
    const { querier: client, emulator } = await start();
    const { evidence, queries } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
    const [summary] = evidence.sources;
    expect(summary?.error).toBeUndefined();
    expect(comparable(evidence.aggregates)).toEqual(comparable(fromFiles.aggregates));
    expect(evidence.aggregates.length).toBeGreaterThan(20);
    // Denied traffic per hour, the hours the logs cover and the firewalls they name agree too.
    expect(evidence.coveredHours).toEqual(fromFiles.coveredHours);
    expect(evidence.firewallIds).toEqual(fromFiles.firewallIds);
    // Both families are found and said: the nine resource-specific tables and the three legacy categories.
    expect(summary?.tables).toEqual([
      'AZFWApplicationRule',
      'AZFWApplicationRuleAggregation',
      'AZFWDnsQuery',
      'AZFWIdpsSignature',
      'AZFWNatRule',
      'AZFWNatRuleAggregation',
      'AZFWNetworkRule',
      'AZFWNetworkRuleAggregation',
      'AZFWThreatIntel',
      'AzureFirewallApplicationRule',
      'AzureFirewallDnsProxy',
      'AzureFirewallNetworkRule',
    ]);
    const rowsInWorkspace = [...tables.values()].reduce((sum, t) => sum + t.rows.length, 0);
    const legacyOtherCategories = (tables.get('AzureDiagnostics')?.rows ?? []).filter(
      (r) =>
        !['AzureFirewallApplicationRule', 'AzureFirewallNetworkRule', 'AzureFirewallDnsProxy'].includes(
          String(r.Category),
        ),
    ).length;
    expect(summary?.rowsRead).toBe(rowsInWorkspace - legacyOtherCategories);
    expect(summary?.rowsRejected).toBe(0);
    expect(summary?.firstSeen).toBe(Math.min(...fromFiles.sources.flatMap((s) => (s.firstSeen ? [s.firstSeen] : []))));
    // One presence query, one summarize per table found, one for the legacy categories: no raw rows pulled.
    expect(queries).toBe(1 + 9 + 1);
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      Array.from({ length: queries }, () => `POST /v1/workspaces/${WORKSPACE}/query`),
    );
  });

  it('queries a workspace named by its ARM id through the resource-id route', async () => {
    const { querier: client, emulator } = await start();
    const { evidence } = await queryLogAnalytics(client, { workspace: WORKSPACE_ARM_ID }, { groups, window: WINDOW });
    expect(comparable(evidence.aggregates)).toEqual(comparable(fromFiles.aggregates));
    expect(new Set(emulator.requests.map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set([`POST /v1${WORKSPACE_ARM_ID}/query`]),
    );
  });

  it('splits a range whose result exceeds the size limit by time and still gets every row', async () => {
    const { querier: client, emulator } = await start({ resultRowLimit: 4 });
    const { evidence, queries } = await queryLogAnalytics(
      client,
      { workspace: WORKSPACE },
      { groups, window: WINDOW, minSplitMs: 1 },
    );
    expect(evidence.sources[0]?.error).toBeUndefined();
    expect(comparable(evidence.aggregates)).toEqual(comparable(fromFiles.aggregates));
    expect(queries).toBeGreaterThan(11);
    // The halves are narrower timespans of the same query.
    const spans = emulator.requests.map((r) => (r.body as { timespan: string }).timespan);
    expect(spans).toContain(
      `${new Date(WINDOW.from).toISOString()}/${new Date((WINDOW.from + WINDOW.to) / 2).toISOString()}`,
    );
  });

  it('surfaces a result still too large at the narrowest range as incomplete, with the rows it did get', async () => {
    const { querier: client } = await start({ resultRowLimit: 1 });
    const { evidence } = await queryLogAnalytics(
      client,
      { workspace: WORKSPACE },
      { groups, window: WINDOW, minSplitMs: 10 * 86_400_000 },
    );
    const [summary] = evidence.sources;
    expect(summary?.error).toMatch(/partial .*E_QUERY_RESULT_SET_TOO_LARGE.*even for a range of/);
    expect(evidence.aggregates.length).toBeGreaterThan(0);
    expect(evidence.aggregates.length).toBeLessThan(fromFiles.aggregates.length);
  });

  it('surfaces a partial error a split cannot cure, naming the table, and keeps the partial rows', async () => {
    const { querier: client } = await start({ partialFailure: /^AZFWNetworkRule\n/ });
    const { evidence, queries } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
    expect(queries).toBe(11);
    expect(evidence.sources[0]?.error).toMatch(/AZFWNetworkRule: the result for .* is partial \(PartialError/);
    const network = (e: LogEvidence) => e.aggregates.filter((a) => a.tables.includes('AZFWNetworkRule'));
    expect(network(evidence).length).toBeGreaterThan(0);
    expect(network(evidence).length).toBeLessThan(network(fromFiles).length);
  });

  it('names the Log Analytics Reader role when the workspace refuses', async () => {
    const { querier: client, emulator } = await start();
    emulator.injectFault({ kind: 'forbidden', route: '/v1/', times: 100 });
    const { evidence } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
    expect(evidence.sources[0]?.error).toMatch(/access denied \(HTTP 403.*Log Analytics Reader/);
    expect(evidence.aggregates).toEqual([]);
    // The presence query failed: nothing else was asked.
    expect(emulator.requests).toHaveLength(1);
  });

  it('retries a throttled query (429, Retry-After) and gets the complete result', async () => {
    const { querier: client, emulator } = await start({ maxRetries: 2 });
    emulator.injectFault({ kind: 'throttle', route: '/v1/', times: 2 });
    const { evidence } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
    expect(evidence.sources[0]?.error).toBeUndefined();
    expect(comparable(evidence.aggregates)).toEqual(comparable(fromFiles.aggregates));
    expect(emulator.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('surfaces a service that keeps failing (500 after the retries) as an error, not as no logs', async () => {
    const { querier: client, emulator } = await start({ maxRetries: 1 });
    emulator.injectFault({ kind: 'server-error', route: '/v1/', times: 2 });
    const { evidence } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
    expect(evidence.sources[0]?.error).toMatch(/query for .* failed: HTTP 500/);
    expect(evidence.aggregates).toEqual([]);
    expect(emulator.requests.map((r) => r.status)).toEqual([500, 500]);
  });

  it('says the service reason when a workspace has none of the firewall tables', async () => {
    const { querier: client } = await start({ tables: new Map() });
    const { evidence } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
    expect(evidence.sources[0]?.error).toMatch(
      /HTTP 400: .*Failed to resolve table expression named 'AZFWApplicationRule'/,
    );
  });

  it('groups IPv6 sources no group holds by their /64, as the file path does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'la-ipv6-'));
    try {
      const file = path.join(dir, 'ipv6.csv');
      await writeFile(
        file,
        [
          'TimeGenerated,SourceIp,SourcePort,DestinationIp,DestinationPort,Protocol,Action,Policy,RuleCollectionGroup,RuleCollection,Rule,ActionReason,Type',
          '2025-11-20T08:00:00Z,2001:db8:1:2::10,50000,2603:1030::5,443,TCP,Deny,,,,,Default Action,AZFWNetworkRule',
          '2025-11-20T08:00:01Z,2001:db8:1:2:ffff::1,50001,2603:1030::5,443,TCP,Deny,,,,,Default Action,AZFWNetworkRule',
          '2025-11-20T08:00:02Z,2001:db8:1:3::1,50002,2603:1030::5,443,TCP,Deny,,,,,Default Action,AZFWNetworkRule',
        ].join('\n'),
      );
      const { querier: client } = await start({ tables: await workspaceTablesFromFiles([file]) });
      const { evidence } = await queryLogAnalytics(client, { workspace: WORKSPACE }, { groups, window: WINDOW });
      const builder = createLogEvidenceBuilder(classifierFor(groups));
      builder.addSource(await readLogFile(file, builder.add));
      expect(comparable(evidence.aggregates)).toEqual(comparable(builder.evidence().aggregates));
      expect(evidence.aggregates.map((a) => `${a.sourceGroup} ${a.hits}`)).toEqual([
        'unknown:2001:db8:1:2::/64 2',
        'unknown:2001:db8:1:3::/64 1',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads only the firewalls it is given when the workspace holds others', async () => {
    const { querier: client } = await start();
    const { evidence } = await queryLogAnalytics(
      client,
      {
        workspace: WORKSPACE,
        firewallIds: [
          '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c/resourceGroups/rg-other/providers/Microsoft.Network/azureFirewalls/afw-other',
        ],
      },
      { groups, window: WINDOW },
    );
    expect(evidence.aggregates).toEqual([]);
    expect(evidence.sources[0]).toMatchObject({ rowsRead: 0, tables: [] });
    expect(evidence.sources[0]?.error).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['36h', 36 * 3_600_000],
    ['90m', 90 * 60_000],
    ['P7D', 7 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P1DT6H', 30 * 3_600_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '7', 'seven days', 'P', 'PT', '-1d'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});
