import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './demo.test-support.ts';
import { runCli } from './test-io.ts';

/**
 * The scenarios of fixtures/scenarios/: each a small environment as ARM input that shows one documented
 * behaviour, and what the documentation says the audit must find there (its README cites the documents;
 * expected.json pins every finding of the checks it names, the exit code and completeness).
 */
interface Expected {
  item: string;
  exitCode: number;
  incomplete: boolean;
  checks: string[];
  findings: {
    checkId: string;
    resource: string;
    subject?: string;
    status: string;
    severity: string;
    messageId: string;
  }[];
}

interface FindingJson {
  checkId: string;
  resource: { name: string };
  subject?: string;
  status: string;
  severity: string;
  messageId: string;
}

const scenarios = path.join(REPO, 'fixtures/scenarios');
const names = readdirSync(scenarios, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('scenarios (fixtures/scenarios)', () => {
  it('has the scenarios of issue 15', () => {
    expect(names.length).toBeGreaterThanOrEqual(16);
  });

  it.each(names)('%s', async (name) => {
    const expected = JSON.parse(readFileSync(path.join(scenarios, name, 'expected.json'), 'utf8')) as Expected;
    const out = mkdtempSync(path.join(tmpdir(), `aro-aks-audit-scenario-${name}-`));
    const { code } = await runCli([
      '--input',
      path.join(scenarios, name, 'arm'),
      '--out',
      out,
      '--format',
      'json',
      '--quiet',
    ]);
    const result = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as {
      incomplete: boolean;
      findings: FindingJson[];
    };
    expect({ code, incomplete: result.incomplete }).toEqual({
      code: expected.exitCode,
      incomplete: expected.incomplete,
    });
    const actual = result.findings
      .filter((f) => expected.checks.includes(f.checkId))
      .map((f) => ({
        checkId: f.checkId,
        resource: f.resource.name,
        ...(f.subject !== undefined && { subject: f.subject }),
        status: f.status,
        severity: f.severity,
        messageId: f.messageId,
      }));
    expect(actual).toEqual(expected.findings);
  });
});
