import path from 'node:path';
import { createLogEvidenceBuilder, type FlowRecord, type LogEvidence } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import { describe, expect, it } from 'vitest';
import { auditCollected } from './audit.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const demo = path.join(repo, 'fixtures/demo/arm');
const applicationLog = path.join(repo, 'fixtures/demo/logs/afw-hub.AZFWApplicationRule.csv');
const WORKSPACE = 'Log Analytics workspace 00000000-0000-0000-0000-00000000beef';

/** Evidence as the Log Analytics path hands it in: aggregated by the same source groups (here: by hand). */
function workspaceEvidence(records: FlowRecord[]): LogEvidence {
  const builder = createLogEvidenceBuilder((ip) => (ip.startsWith('10.2.') ? 'aks-teamb-eastus' : undefined));
  for (const record of records) builder.add(record);
  builder.addSource({
    source: WORKSPACE,
    tables: ['AZFWApplicationRule'],
    rowsRead: records.length,
    rowsRejected: 0,
    rejected: [],
    firstSeen: Math.min(...records.map((r) => r.time)),
    lastSeen: Math.max(...records.map((r) => r.time)),
  });
  return builder.evidence();
}

const teambDeny: FlowRecord = {
  time: Date.UTC(2026, 10, 21, 20, 0, 0),
  table: 'AZFWApplicationRule',
  sourceIp: '10.2.0.9',
  destination: 'eastus.data.mcr.microsoft.com',
  port: 443,
  protocol: 'HTTPS',
  action: 'Deny',
  actionReason: 'Default Action',
  count: 5,
};

describe('auditCollected with log evidence handed in by a caller', () => {
  const options = { clusterCidrs: [], now: new Date('2026-11-22T00:00:00Z'), version: 'test', inputs: [demo] };

  it('merges it with the files: sources listed in order, the same flows summed', async () => {
    const result = await auditCollected(await collectFiles(demo), {
      ...options,
      logs: [applicationLog],
      logEvidence: [workspaceEvidence([teambDeny])],
    });
    expect(result.logs?.sources.map((s) => path.basename(s.source))).toEqual([
      'afw-hub.AZFWApplicationRule.csv',
      WORKSPACE,
    ]);
    const denied = result.findings.find((f) => f.checkId === 'required-traffic-denied' && f.status === 'fail');
    expect(denied?.data).toMatchObject({ hits: 24 + 5, lastSeen: '2026-11-21T20:00:00.000Z' });
    expect(result.logs?.deniedRequiredTimeline.at(-1)).toEqual({
      cluster: 'aks-teamb-eastus',
      hour: '2026-11-21T20:00:00.000Z',
      hits: 5,
    });
    expect(result.incomplete).toBe(false);
  });

  it('without files or evidence, the log checks skip and the result has no logs section', async () => {
    const result = await auditCollected(await collectFiles(demo), { ...options, logs: [] });
    expect(result.logs).toBeUndefined();
    expect(result.findings.filter((f) => f.checkId === 'unused-rule').map((f) => [f.status, f.messageId])).toEqual([
      ['skip', 'noLogs'],
    ]);
  });
});
