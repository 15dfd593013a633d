import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AuditError } from '../model/finding.ts';
import { emptyInventory } from '../model/inventory.ts';
import { CSV_COLUMNS, renderCsv } from '../report/csv.ts';
import { ocsfFindings } from '../report/ocsf.ts';
import { defineCheck, type FindingDraft } from './check.ts';
import { AUDIT_ERROR_CHECK, runAudit } from './run.ts';

const input = (errors: AuditError[] = []) => ({
  inventory: emptyInventory(),
  settings: {},
  tool: { name: 't', version: '0' },
  generatedAt: new Date('2025-11-20T08:00:00Z'),
  inputs: ['arm/'],
  errors,
});

const meta = (id: string) => ({
  id,
  code: 'AZFW100' as const,
  severity: 'high' as const,
  title: 't',
  risk: 'r',
  remediation: 'r',
  references: [],
  messages: { ok: 'fine' },
});

const passing = defineCheck({
  meta: meta('passing'),
  *run() {
    yield { status: 'pass', messageId: 'ok', resource: { id: '/x', name: 'x', type: 't' } };
  },
});

const crashing = defineCheck({
  meta: { ...meta('crashing'), code: 'AZFW101' },
  // biome-ignore lint/correctness/useYield: a check that throws before its first finding
  *run() {
    throw new Error('boom');
  },
});

describe('runAudit errors', () => {
  it('become unknown audit-error findings, so no report of a run with errors looks clean', () => {
    const result = runAudit([passing, crashing], input([{ source: 'logs/a.csv', message: 'permission denied' }]));
    expect(result.incomplete).toBe(true);
    const errors = result.findings.filter((f) => f.checkId === AUDIT_ERROR_CHECK.meta.id);
    expect(errors.map((f) => [f.status, f.severity, f.messageId, f.data])).toEqual([
      ['unknown', 'high', 'failed', { source: 'check crashing', message: 'boom' }],
      ['unknown', 'high', 'failed', { source: 'logs/a.csv', message: 'permission denied' }],
    ]);
    expect(result.checks.map((c) => c.id)).toEqual(['passing', 'crashing', 'audit-error']);
    // Writers that show findings only: the CSV has the rows, a SIEM gets the events.
    const rows = Papa.parse<string[]>(renderCsv(result).trimEnd()).data.slice(1);
    expect(rows.filter((r) => r[CSV_COLUMNS.indexOf('check_id')] === 'audit-error')).toHaveLength(2);
    expect(ocsfFindings(result).map((e) => e.finding_info.analytic.name)).toEqual(['audit-error', 'audit-error']);
  });

  it('without errors, the run has no audit-error finding and does not list the check', () => {
    const result = runAudit([passing], input());
    expect(result.incomplete).toBe(false);
    expect(result.findings.map((f) => f.checkId)).toEqual(['passing']);
    expect(result.checks.map((c) => c.id)).toEqual(['passing']);
  });
});

// ── The engine's own contract, without goldens ──

const cluster = (name: string) => ({
  id: `/subscriptions/s/resourceGroups/rg/providers/k/c/${name}`,
  name,
  kind: 'aks',
});
const endpoint = { destination: 'mcr.microsoft.com', protocol: 'Https', port: '443' };

/** A check that yields the given drafts, in the given order. */
const yielding = (id: string, drafts: FindingDraft[]) =>
  defineCheck({
    meta: { ...meta(id), messages: { ok: 'fine', bad: 'bad {{what}}' } },
    *run() {
      yield* drafts as FindingDraft<'ok' | 'bad'>[];
    },
  });

const resource = (id: string) => ({ id, name: id.split('/').pop() ?? id, type: 't' });

describe('runAudit: order of findings', () => {
  it('severity; then fail, unknown, pass, skip; then check id, resource id (any case), subject', () => {
    const drafts: FindingDraft[] = [
      { status: 'pass', messageId: 'ok', resource: resource('/a') },
      { status: 'skip', messageId: 'ok', resource: resource('/a') },
      { status: 'fail', messageId: 'ok', resource: resource('/B'), severity: 'low' },
      { status: 'fail', messageId: 'ok', resource: resource('/b'), subject: 'y' },
      { status: 'fail', messageId: 'ok', resource: resource('/a'), subject: 'z' },
      { status: 'unknown', messageId: 'ok', resource: resource('/a') },
      { status: 'fail', messageId: 'ok', resource: resource('/a'), subject: 'a' },
    ];
    const result = runAudit([yielding('z-check', drafts.slice(0, 4)), yielding('a-check', drafts.slice(4))], input());
    expect(result.findings.map((f) => [f.status, f.severity, f.checkId, f.resourceId, f.subject ?? ''])).toEqual([
      ['fail', 'high', 'a-check', '/a', 'a'],
      ['fail', 'high', 'a-check', '/a', 'z'],
      ['fail', 'high', 'z-check', '/b', 'y'],
      ['unknown', 'high', 'a-check', '/a', ''],
      ['fail', 'low', 'z-check', '/B', ''],
      ['pass', 'info', 'z-check', '/a', ''],
      ['skip', 'info', 'z-check', '/a', ''],
    ]);
  });
});

describe('runAudit: coverage and the denied-required timeline', () => {
  const HOUR = 3_600_000;
  const t0 = Date.parse('2025-11-19T10:00:00Z');
  const withLogs = () => ({
    ...input(),
    logs: {
      sources: [
        {
          source: 'logs/a.csv',
          tables: [],
          rowsRead: 3,
          rowsRejected: 0,
          rejected: [],
          firstSeen: t0,
          lastSeen: t0 + 2 * HOUR,
        },
      ],
      aggregates: [],
      droppedHits: 0,
      firewallIds: [],
      coveredHours: [],
    },
  });
  const coverageDraft = (clusterName: string, endpointId: string, firewallId?: string): FindingDraft => ({
    status: 'pass',
    messageId: 'ok',
    resource: resource(`/c/${clusterName}/${endpointId}/${firewallId ?? ''}`),
    cluster: cluster(clusterName),
    endpoint,
    coverage: {
      endpointId,
      required: true,
      verdict: 'allowed',
      witness: 'rule r',
      ...(firewallId !== undefined && { firewallId }),
    },
  });

  it('collects a coverage entry per draft that has one and names a cluster and an endpoint, sorted', () => {
    const result = runAudit(
      [
        yielding('c', [
          coverageDraft('zeta', 'mcr'),
          coverageDraft('alpha', 'mcr', '/fw/2'),
          coverageDraft('alpha', 'mcr', '/fw/1'),
          coverageDraft('alpha', 'arm'),
          // no cluster: no coverage entry
          { ...coverageDraft('alpha', 'lost'), cluster: undefined } as FindingDraft,
        ]),
      ],
      input(),
    );
    expect(result.coverage.map((c) => [c.cluster.name, c.endpointId, c.firewallId ?? ''])).toEqual([
      ['alpha', 'arm', ''],
      ['alpha', 'mcr', '/fw/1'],
      ['alpha', 'mcr', '/fw/2'],
      ['zeta', 'mcr', ''],
    ]);
    expect(result.coverage[0]).toEqual({
      cluster: cluster('alpha'),
      endpoint,
      endpointId: 'arm',
      required: true,
      verdict: 'allowed',
      witness: 'rule r',
    });
  });

  it('adds the denied hits of every check per cluster and hour, in cluster then hour order', () => {
    const denied = (name: string, hours: { hour: number; hits: number }[]): FindingDraft => ({
      status: 'fail',
      messageId: 'ok',
      resource: resource(`/c/${name}`),
      cluster: cluster(name),
      deniedRequiredHours: hours,
    });
    const checks = [
      yielding('one', [
        denied('beta', [{ hour: t0 + HOUR, hits: 2 }]),
        denied('alpha', [
          { hour: t0 + HOUR, hits: 5 },
          { hour: t0, hits: 1 },
        ]),
      ]),
      yielding('two', [denied('alpha', [{ hour: t0 + HOUR, hits: 3 }])]),
    ];
    const result = runAudit(checks, withLogs());
    expect(result.logs?.deniedRequiredTimeline).toEqual([
      { cluster: 'alpha', hour: '2025-11-19T10:00:00.000Z', hits: 1 },
      { cluster: 'alpha', hour: '2025-11-19T11:00:00.000Z', hits: 8 },
      { cluster: 'beta', hour: '2025-11-19T11:00:00.000Z', hits: 2 },
    ]);
    expect(result.logs?.window).toEqual({ from: '2025-11-19T10:00:00.000Z', to: '2025-11-19T12:00:00.000Z' });
    expect(result.logs?.sources.map((s) => [s.source, s.firstSeen, s.lastSeen])).toEqual([
      ['logs/a.csv', '2025-11-19T10:00:00.000Z', '2025-11-19T12:00:00.000Z'],
    ]);
    // Without logs there is no log report at all, even if a check reports denied hours.
    expect(runAudit(checks, input()).logs).toBeUndefined();
  });
});

describe('runAudit: origins, incompleteness, crashes', () => {
  it('attaches the file and pointer the resource was read from, matching its id in any case', () => {
    const inventory = emptyInventory();
    inventory.routeTables.push({
      id: '/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt',
      name: 'rt',
      type: 'Microsoft.Network/routeTables',
      tags: {},
      origin: { file: 'arm/rt.json', pointer: '/value/0' },
      routes: [],
      subnetIds: [],
      disableBgpRoutePropagation: false,
    });
    const check = yielding('c', [
      { status: 'fail', messageId: 'ok', resource: resource(inventory.routeTables[0]?.id.toLowerCase() ?? '') },
      { status: 'fail', messageId: 'ok', resource: resource('/not/in/the/inventory') },
    ]);
    const result = runAudit([check], { ...input(), inventory });
    // '/not/…' sorts before '/subscriptions/…'.
    expect(result.findings.map((f) => f.origin)).toEqual([undefined, { file: 'arm/rt.json', pointer: '/value/0' }]);
    expect(result.scope).toEqual({ inputs: ['arm/'], subscriptions: ['s1'], clusters: 0, firewalls: 0, resources: 1 });
  });

  it('is incomplete when a resource could not be read, even with no error and no crash', () => {
    const inventory = emptyInventory();
    inventory.unavailable.push({ what: 'route tables of subscription s', cause: '403' });
    const result = runAudit([passing], { ...input(), inventory });
    expect(result.incomplete).toBe(true);
    expect(result.errors).toEqual([]);
  });

  it('keeps what a check yielded before it threw, and says the crash', () => {
    const halfway = defineCheck({
      meta: { ...meta('halfway'), messages: { ok: 'fine' } },
      *run() {
        yield { status: 'fail', messageId: 'ok', resource: resource('/kept') };
        throw new Error('lost the rest');
      },
    });
    const result = runAudit([halfway], input());
    expect(result.findings.map((f) => [f.checkId, f.resourceId, f.status])).toEqual([
      ['halfway', '/kept', 'fail'],
      ['audit-error', '/', 'unknown'],
    ]);
    expect(result.errors).toEqual([{ source: 'check halfway', message: 'lost the rest' }]);
    expect(result.findings[1]?.message).toBe(
      'check halfway failed: lost the rest. What it would have found is not in this report.',
    );
  });

  it('a draft naming a message its check does not have is the check crashing, not a finding', () => {
    const wrong = yielding('wrong', [
      { status: 'fail', messageId: 'nope', resource: resource('/x') } as unknown as FindingDraft,
    ]);
    const result = runAudit([wrong], input());
    expect(result.errors).toEqual([
      { source: 'check wrong', message: 'check wrong reported unknown message id "nope"' },
    ]);
    expect(result.findings.map((f) => f.checkId)).toEqual(['audit-error']);
  });

  it('a pass is info; a fail takes the draft severity, else the check’s; data fills the message', () => {
    const check = yielding('s', [
      { status: 'pass', messageId: 'ok', resource: resource('/p'), severity: 'critical' },
      { status: 'fail', messageId: 'bad', resource: resource('/f'), data: { what: 'route' } },
      { status: 'fail', messageId: 'bad', resource: resource('/g'), severity: 'medium', data: { what: 'rule' } },
    ]);
    const result = runAudit([check], input());
    expect(result.findings.map((f) => [f.resourceId, f.severity, f.message])).toEqual([
      ['/f', 'high', 'bad route'],
      ['/g', 'medium', 'bad rule'],
      ['/p', 'info', 'fine'],
    ]);
  });
});

describe('runAudit order and headings', () => {
  const mixed = defineCheck({
    meta: {
      ...meta('mixed'),
      title: 'Every required endpoint is allowed',
      messages: {
        ok: '{{name}} can reach its endpoints.',
        blocked: '{{name}} cannot reach mcr.microsoft.com: default deny.',
      },
    },
    *run() {
      const resource = (name: string) => ({ id: `/x/${name}`, name, type: 't' });
      yield { status: 'pass', messageId: 'ok', resource: resource('a'), data: { name: 'aks-a' } };
      yield {
        status: 'unknown',
        messageId: 'blocked',
        resource: resource('b'),
        data: { name: 'aks-b' },
        severity: 'medium',
      };
      yield { status: 'fail', messageId: 'blocked', resource: resource('c'), data: { name: 'aks-c' }, severity: 'low' };
      yield {
        status: 'fail',
        messageId: 'blocked',
        resource: resource('d'),
        data: { name: 'aks-d' },
        severity: 'medium',
      };
    },
  });

  it('sorts by severity, then status: a medium undecided finding comes before a low failing one', () => {
    const result = runAudit([mixed], input());
    expect(result.findings.map((f) => [f.severity, f.status, f.resource.name])).toEqual([
      ['medium', 'fail', 'd'],
      ['medium', 'unknown', 'b'],
      ['low', 'fail', 'c'],
      ['info', 'pass', 'a'],
    ]);
  });

  it('heads each finding with its own problem, in the result and the CSV title column', () => {
    const result = runAudit([mixed], input());
    expect(result.findings.map((f) => f.title)).toEqual([
      'aks-d cannot reach mcr.microsoft.com',
      'aks-b cannot reach mcr.microsoft.com',
      'aks-c cannot reach mcr.microsoft.com',
      'aks-a can reach its endpoints',
    ]);
    const rows = Papa.parse<string[]>(renderCsv(result).trimEnd()).data.slice(1);
    expect(rows.map((r) => r[CSV_COLUMNS.indexOf('title')])).toEqual(result.findings.map((f) => f.title));
    // The check's statement of the desired condition stays the check's title.
    expect(result.checks[0]?.title).toBe('Every required endpoint is allowed');
  });
});
