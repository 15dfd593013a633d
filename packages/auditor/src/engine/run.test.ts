import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AuditError } from '../model/finding.ts';
import { emptyInventory } from '../model/inventory.ts';
import { CSV_COLUMNS, renderCsv } from '../report/csv.ts';
import { ocsfFindings } from '../report/ocsf.ts';
import { defineCheck } from './check.ts';
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
