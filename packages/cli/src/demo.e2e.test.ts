import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditDemo } from './demo.test-support.ts';

// The demo environment's findings, pinned: fixtures/README.md says what each scenario must produce.
const repo = path.resolve(import.meta.dirname, '../../..');
const expected = JSON.parse(readFileSync(path.join(repo, 'fixtures/demo/expected-findings.json'), 'utf8')) as {
  findings: { checkId: string; resource: string; subject?: string; status: string; messageId: string }[];
  coverage: { cluster: string; endpointId: string; verdict: string }[];
};

describe('demo environment (fixtures/demo)', async () => {
  const result = await auditDemo();

  it('yields exactly the pinned failing, unknown and skipped findings', () => {
    const actual = result.findings
      .filter((f) => f.status !== 'pass')
      .map((f) => ({
        checkId: f.checkId,
        resource: f.resource.name,
        ...(f.subject !== undefined && { subject: f.subject }),
        status: f.status,
        messageId: f.messageId,
      }));
    expect(actual).toEqual(expected.findings);
  });

  it('keeps and marks the findings the suppressions file accepts; the expired entry suppresses nothing', () => {
    const suppressed = result.findings.filter((f) => f.suppressed);
    expect(suppressed.map((f) => [f.checkId, f.subject, f.suppressed?.owner])).toEqual(
      [
        '*.ingest.monitor.azure.com',
        '*.metrics.ingest.monitor.azure.com',
        '*.ods.opinsights.azure.com',
        '*.oms.opinsights.azure.com',
      ].map((w) => [
        'multi-tenant-wildcard',
        `afwp-base / rcg-platform-aks / aks-fqdn-required / aks-monitoring [${w}]`,
        'platform-network@contoso.example',
      ]),
    );
    const threatIntel = result.findings.filter((f) => f.checkId === 'threat-intel-off' && f.status === 'fail');
    expect(threatIntel.map((f) => f.suppressed)).toEqual([undefined, undefined]);
  });

  it('pins every cluster × endpoint verdict in the coverage matrix', () => {
    expect(
      result.coverage.map((c) => ({ cluster: c.cluster.name, endpointId: c.endpointId, verdict: c.verdict })),
    ).toEqual(expected.coverage);
  });

  it('names the deciding rule or the default deny for every verdict', () => {
    for (const entry of result.coverage) expect(entry.witness).not.toBe('');
    const denied = result.findings.find((f) => f.messageId === 'denied' && f.subject === 'aks.public.mcr-data');
    expect(denied?.evidence.map((e) => e.label)).toContain('no rule matched (default deny)');
    expect(denied?.remediation.cli).toContain("--target-fqdns '*.data.mcr.microsoft.com'");
  });

  it('records how much log evidence there was, and when team-b was denied its image layers', () => {
    expect(
      result.logs?.sources.map((s) => [
        path.basename(s.source),
        s.tables,
        s.rowsRead,
        s.rowsRejected,
        s.firstSeen,
        s.lastSeen,
      ]),
    ).toEqual([
      [
        'afw-hub.AZFWApplicationRule.csv',
        ['AZFWApplicationRule'],
        158,
        0,
        '2026-11-21T00:00:05.120Z',
        '2026-11-21T23:20:01.500Z',
      ],
      [
        'afw-hub.AZFWNetworkRule.csv',
        ['AZFWNetworkRule'],
        41,
        0,
        '2026-11-21T00:00:01.250Z',
        '2026-11-21T23:00:01.250Z',
      ],
    ]);
    expect(result.logs?.window).toEqual({ from: '2026-11-21T00:00:01.250Z', to: '2026-11-21T23:20:01.500Z' });
    const timeline = result.logs?.deniedRequiredTimeline ?? [];
    expect(new Set(timeline.map((t) => t.cluster))).toEqual(new Set(['aks-teamb-eastus']));
    expect(timeline.map((t) => [t.hour.slice(11, 13), t.hits])).toEqual([
      ['09', 2],
      ['10', 6],
      ['11', 6],
      ['12', 2],
      ['13', 2],
      ['14', 2],
      ['15', 2],
      ['16', 2],
    ]);
    const denied = result.findings.find((f) => f.checkId === 'required-traffic-denied' && f.status === 'fail');
    expect(denied?.data).toMatchObject({ hits: 24, sources: '10.2.0.4, 10.2.0.5', decidedBy: 'Default Action' });
    expect(denied?.evidence.find((e) => e.label === 'KQL for the raw rows')?.detail).toContain(
      'Fqdn =~ "eastus.data.mcr.microsoft.com" and DestinationPort == 443 and Action == "Deny"',
    );
    const usage = result.findings.find((f) => f.checkId === 'broad-rule-usage' && f.status === 'fail');
    expect(usage?.data).toMatchObject({ hits: 9, destinationCount: 3, ruleCount: 3 });
  });

  it('lists the resource types it does not know as notes, and is complete', () => {
    expect(
      result.notes
        .filter((n) => n.kind === 'unknown-type')
        .map((n) => n.message)
        .join('\n'),
    ).toMatch(/Microsoft\.Storage\/storageAccounts/i);
    expect(result.errors).toEqual([]);
    expect(result.incomplete).toBe(false);
  });
});
