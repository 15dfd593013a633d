import { defaultDeny, LOG_T0 } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../engine/check.ts';
import { runAudit } from '../engine/run.ts';
import type { FlowRecord, LogEvidence, LogSourceSummary } from '../model/flows.ts';
import { logWindowOf } from '../model/flows.ts';
import { emptyInventory } from '../model/inventory.ts';
import { createLogEvidenceBuilder, mergeLogEvidence } from './evidence.ts';

const T0 = LOG_T0;
const HOUR = 3_600_000;
const FIREWALL = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/afw-hub';

/** A default-action deny from aks-prod's 10.1.0.4 whose row names no firewall. */
const flow = (fields: Partial<FlowRecord>): FlowRecord => defaultDeny({ firewallId: undefined, ...fields });

const summary = (source: string, fields: Partial<LogSourceSummary> = {}): LogSourceSummary => ({
  source,
  tables: ['AZFWApplicationRule'],
  rowsRead: 1,
  rowsRejected: 0,
  rejected: [],
  ...fields,
});

function evidenceOf(records: FlowRecord[], source: LogSourceSummary): LogEvidence {
  const builder = createLogEvidenceBuilder((ip) => (ip.startsWith('10.1.') ? 'aks-prod' : undefined));
  for (const record of records) builder.add(record);
  builder.addSource(source);
  return builder.evidence();
}

describe('createLogEvidenceBuilder', () => {
  it('aggregates by source group and records the firewalls named and the hours that had rows', () => {
    const evidence = evidenceOf(
      [
        flow({ firewallId: FIREWALL }),
        flow({ time: T0 + 10, firewallId: FIREWALL.toUpperCase() }),
        flow({ time: T0 + 3 * HOUR + 5, sourceIp: '192.168.0.9', action: 'Allow', rule: 'r', ruleCollection: 'c' }),
      ],
      summary('a.csv', { rowsRead: 3, firstSeen: T0, lastSeen: T0 + 3 * HOUR + 5 }),
    );
    expect(evidence.firewallIds).toEqual([FIREWALL.toLowerCase()]);
    expect(evidence.coveredHours).toEqual([T0, T0 + 3 * HOUR]);
    expect(evidence.droppedHits).toBe(0);
    expect(evidence.aggregates.map((a) => [a.sourceGroup, a.action, a.hits, a.hourlyHits])).toEqual([
      ['aks-prod', 'Deny', 2, { hours: [T0], hits: [2] }],
      ['unknown:192.168.0.0/24', 'Allow', 1, undefined],
    ]);
    expect(logWindowOf(evidence)).toEqual({ from: T0, to: T0 + 3 * HOUR + 5 });
  });
});

describe('mergeLogEvidence', () => {
  it('sums aggregates with the same key and keeps every source', () => {
    const a = evidenceOf([flow({ sourceIp: '10.1.0.4' })], summary('a.csv', { firstSeen: T0, lastSeen: T0 }));
    const b = evidenceOf(
      [flow({ sourceIp: '10.1.0.5', time: T0 + HOUR, count: 3 }), flow({ destination: 'other.example' })],
      summary('Log Analytics workspace w', { firstSeen: T0 - HOUR, lastSeen: T0 + HOUR }),
    );
    const merged = mergeLogEvidence([a, b]);
    expect(merged.sources.map((s) => s.source)).toEqual(['a.csv', 'Log Analytics workspace w']);
    expect(merged.aggregates.map((x) => [x.destination, x.hits, x.firstSeen, x.lastSeen, x.sampleSourceIps])).toEqual([
      ['mcr.microsoft.com', 4, T0, T0 + HOUR, ['10.1.0.4', '10.1.0.5']],
      ['other.example', 1, T0, T0, ['10.1.0.4']],
    ]);
    expect(merged.aggregates[0]?.hourlyHits).toEqual({ hours: [T0, T0 + HOUR], hits: [1, 3] });
    expect(merged.coveredHours).toEqual([T0, T0 + HOUR]);
    expect(logWindowOf(merged)).toEqual({ from: T0 - HOUR, to: T0 + HOUR });
  });

  it('a window a source was asked for widens the window, even over hours without rows', () => {
    const asked = evidenceOf(
      [flow({})],
      summary('Log Analytics workspace w', {
        firstSeen: T0,
        lastSeen: T0,
        requestedWindow: { from: T0 - 24 * HOUR, to: T0 + HOUR },
      }),
    );
    expect(logWindowOf(asked)).toEqual({ from: T0 - 24 * HOUR, to: T0 + HOUR });
    expect(asked.coveredHours).toEqual([T0]);
  });
});

describe('log evidence in the audit', () => {
  const input = (logs?: LogEvidence) => ({
    inventory: emptyInventory(),
    settings: {},
    tool: { name: 't', version: '0' },
    generatedAt: new Date(T0),
    inputs: [],
    errors: [],
    ...(logs && { logs }),
  });
  const resource = { id: '/x', name: 'x', type: 't' };
  const probe = defineCheck({
    meta: {
      id: 'probe',
      code: 'AZFW999',
      severity: 'high',
      title: 't',
      risk: 'r',
      remediation: 'r',
      references: [],
      messages: { seen: '{{aggregates}} aggregates', none: 'no logs' },
    },
    *run({ logs }) {
      if (!logs) {
        yield { status: 'skip', messageId: 'none', resource };
        return;
      }
      yield {
        status: 'fail',
        messageId: 'seen',
        resource,
        cluster: { id: '/c', name: 'aks-prod', kind: 'aks' },
        data: { aggregates: logs.aggregates.length },
        deniedRequiredHours: [
          { hour: T0 + HOUR, hits: 2 },
          { hour: T0, hits: 5 },
        ],
      };
    },
  });

  it('gives checks the evidence and reports sources, window and the denied required timeline', () => {
    const logs = evidenceOf(
      [flow({})],
      summary('a.csv', {
        rowsRejected: 1,
        rejected: [{ line: 7, reason: 'bad time' }],
        firstSeen: T0,
        lastSeen: T0 + 5,
      }),
    );
    const result = runAudit([probe], input(logs));
    expect(result.findings.map((f) => f.message)).toEqual(['1 aggregates']);
    expect(result.logs).toEqual({
      sources: [
        {
          source: 'a.csv',
          tables: ['AZFWApplicationRule'],
          rowsRead: 1,
          rowsRejected: 1,
          rejected: [{ line: 7, reason: 'bad time' }],
          firstSeen: '2025-11-20T08:00:00.000Z',
          lastSeen: '2025-11-20T08:00:00.005Z',
        },
      ],
      window: { from: '2025-11-20T08:00:00.000Z', to: '2025-11-20T08:00:00.005Z' },
      deniedRequiredTimeline: [
        { cluster: 'aks-prod', hour: '2025-11-20T08:00:00.000Z', hits: 5 },
        { cluster: 'aks-prod', hour: '2025-11-20T09:00:00.000Z', hits: 2 },
      ],
    });
  });

  it('without logs, checks see none and the result has no logs section', () => {
    const result = runAudit([probe], input());
    expect(result.findings.map((f) => f.status)).toEqual(['skip']);
    expect(result.logs).toBeUndefined();
  });
});
