import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditResult, Finding } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { auditDirectory } from './audit.ts';
import { REPO } from './demo.test-support.ts';

// Public hub configurations rebuilt as ARM input (fixtures/real-world/<name>/arm), each with the findings
// the documentation says it must produce (expected.json, every entry citing the document that decides
// it). The expectations come from the documents, not from this tool: a failure here is a wrong verdict.

interface Expectation {
  checkId: string;
  /** The finding's resource, by name or ARM id. */
  resource: string;
  /** The finding's subject (an endpoint id, a subnet id, a rule path), compared case-insensitively. */
  subject?: string;
  status: Finding['status'];
  /** Facts of the finding's data that the documents decide (e.g. whether a documented requirement uses a wildcard). */
  data?: Record<string, unknown>;
  because: string;
}

const CORPUS = path.join(REPO, 'fixtures/real-world');
const folders = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const matching = (findings: Finding[], e: Expectation) =>
  findings.filter(
    (f) =>
      f.checkId === e.checkId &&
      (f.resource.name === e.resource || sameId(f.resource.id, e.resource)) &&
      (e.subject === undefined || (f.subject !== undefined && sameId(f.subject, e.subject))),
  );

const describeFinding = (f: Finding) =>
  `${f.status} [${f.messageId}] ${f.subject ?? ''}: ${f.message} ${JSON.stringify(f.data)}`;

describe('the real-world corpus', () => {
  it('holds at least six public hub configurations, each with its README and expectations', () => {
    expect(folders.length).toBeGreaterThanOrEqual(6);
    for (const folder of folders) {
      const files = readdirSync(path.join(CORPUS, folder));
      expect(files, folder).toEqual(expect.arrayContaining(['README.md', 'expected.json', 'arm']));
    }
  });
});

describe.each(folders)('real-world hub %s', async (folder) => {
  const dir = path.join(CORPUS, folder);
  const { expectations } = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
    expectations: Expectation[];
  };
  const result: AuditResult = await auditDirectory({
    input: path.join(dir, 'arm'),
    logs: [],
    clusterCidrs: [],
    now: new Date('2026-11-22T00:00:00Z'),
    version: 'test',
  });

  it('reads its whole ARM input: every file parses and every reference resolves', () => {
    expect(result.errors).toEqual([]);
    expect(result.incomplete).toBe(false);
  });

  it('has expectations, each with a documented reason', () => {
    expect(expectations.length).toBeGreaterThan(0);
    for (const e of expectations) expect(e.because, JSON.stringify(e)).toMatch(/https:\/\/learn\.microsoft\.com\//);
  });

  for (const e of expectations) {
    it(`${e.checkId} ${e.resource}${e.subject ? ` ${e.subject}` : ''}: ${e.status}${e.data ? ` ${JSON.stringify(e.data)}` : ''}`, () => {
      const found = matching(result.findings, e);
      const why = [
        `expected ${e.status}${e.data ? ` with ${JSON.stringify(e.data)}` : ''} because ${e.because}`,
        found.length === 0
          ? 'the audit reported no such finding'
          : `the audit says:\n  ${found.map(describeFinding).join('\n  ')}`,
      ].join('\n');
      expect(found.length, why).toBeGreaterThan(0);
      expect(
        found.map((f) => f.status),
        why,
      ).toEqual(found.map(() => e.status));
      if (e.data) for (const f of found) expect(f.data, why).toMatchObject(e.data);
    });
  }
});
