import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditDirectory } from './audit.ts';

// The demo environment's findings, pinned: fixtures/README.md says what each scenario must produce.
const repo = path.resolve(import.meta.dirname, '../../..');
const expected = JSON.parse(readFileSync(path.join(repo, 'fixtures/demo/expected-findings.json'), 'utf8')) as {
  findings: { checkId: string; resource: string; subject?: string; status: string; messageId: string }[];
  coverage: { cluster: string; endpointId: string; verdict: string }[];
};

describe('demo environment (fixtures/demo)', async () => {
  const result = await auditDirectory({
    input: path.join(repo, 'fixtures/demo/arm'),
    logs: [],
    clusterCidrs: [],
    now: new Date('2026-11-22T00:00:00Z'),
    version: 'test',
  });

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

  it('pins every cluster × endpoint verdict in the coverage matrix', () => {
    expect(
      result.coverage.map((c) => ({ cluster: c.cluster.name, endpointId: c.endpointId, verdict: c.verdict })),
    ).toEqual(expected.coverage);
  });

  it('names the deciding rule or the default deny for every verdict', () => {
    for (const entry of result.coverage) expect(entry.witness).not.toBe('');
    const denied = result.findings.find((f) => f.messageId === 'denied');
    expect(denied?.evidence.map((e) => e.label)).toContain('no rule matched (default deny)');
    expect(denied?.remediation.cli).toContain("--target-fqdns '*.data.mcr.microsoft.com'");
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
