import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from './demo.test-support.ts';
import { EXIT } from './exit-codes.ts';
import { stampedName } from './schedule.ts';
import { runCli } from './test-io.ts';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-schedule-'));
const audit = (...extra: string[]) => ['--input', DEMO.input, '--fail-on', 'none', '--quiet', ...extra];
const findingsOf = (out: string) => JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));

describe('the scheduled job', () => {
  it('--baseline marks findings new or unchanged and lists what was resolved and what the catalog changed', async () => {
    // The previous run, edited: it lacked the SNAT finding, had one more finding, and one more required endpoint.
    const previousOut = scratch();
    await runCli(audit('--out', previousOut, '--format', 'json'));
    const previous = findingsOf(previousOut);
    const isSnat = (f: { checkId: string }) => f.checkId === 'snat-exhaustion-risk';
    const snatId: string = previous.findings.find(isSnat).id;
    const broad = previous.findings.find(
      (f: { checkId: string; status: string }) => f.checkId === 'overly-broad-rule' && f.status === 'fail',
    );
    previous.findings = [
      ...previous.findings.filter((f: { checkId: string }) => !isSnat(f)),
      { ...broad, id: 'fixed-since', resourceId: `${broad.resourceId}/gone` },
    ];
    const required = previous.coverage.find((c: { required: boolean }) => c.required);
    previous.coverage.push({ ...required, endpointId: 'aks.public.retired-endpoint' });
    const baseline = path.join(previousOut, 'baseline.json');
    writeFileSync(baseline, JSON.stringify(previous));

    const out = scratch();
    const { code, stdout } = await runCli([
      '--input',
      DEMO.input,
      '--fail-on',
      'none',
      '--out',
      out,
      '--format',
      'json',
      '--baseline',
      baseline,
    ]);
    expect(code).toBe(EXIT.clean);
    const result = findingsOf(out);
    const changeOf = (id: string) => result.findings.find((f: { id: string }) => f.id === id)?.change;
    expect(changeOf(snatId)).toBe('new');
    expect(changeOf(broad.id)).toBe('unchanged');
    expect(result.baseline.newFindings).toBe(1);
    expect(result.baseline.resolved.map((r: { id: string }) => r.id)).toEqual(['fixed-since']);
    expect(result.baseline.catalogChanges).toEqual([
      { cluster: required.cluster.name, added: [], removed: ['aks.public.retired-endpoint'] },
    ]);
    expect(stdout).toContain('since the baseline: 1 new, 1 resolved');
  });

  it.each([
    ['--baseline', 'missing.json', /--baseline .*missing\.json: it does not exist/],
    ['--suppressions', 'missing.yaml', /--suppressions .*missing\.yaml: it does not exist/],
  ])('%s with a file that cannot be read is a usage error naming it', async (option, file, message) => {
    const { code, stderr } = await runCli([...audit('--out', scratch(), option, path.join(scratch(), file))]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(message);
  });

  it('--baseline with a document that is not a findings.json is a usage error', async () => {
    const file = path.join(scratch(), 'other.json');
    writeFileSync(file, '{"value": []}');
    const { code, stderr } = await runCli([...audit('--out', scratch(), '--baseline', file)]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/not a findings\.json of aro-aks-audit/);
  });

  it('--suppressions marks findings, an invalid entry is an error naming its line, and the audit is incomplete', async () => {
    const file = path.join(scratch(), 'suppressions.yaml');
    writeFileSync(
      file,
      `${readFileSync(DEMO.suppressions, 'utf8')}  - check: overly-broad-rule\n    resource: "**"\n    reason: no owner given\n`,
    );
    const out = scratch();
    const { code, stderr } = await runCli([...audit('--out', out, '--format', 'json', '--suppressions', file)]);
    expect(code).toBe(EXIT.incomplete);
    expect(stderr).toMatch(/suppressions\.yaml:\d+: owner is required/);
    const result = findingsOf(out);
    expect(result.findings.filter((f: { suppressed?: unknown }) => f.suppressed)).toHaveLength(4);
    expect(
      result.findings.some(
        (f: { checkId: string; status: string }) => f.checkId === 'suppression-expired' && f.status === 'fail',
      ),
    ).toBe(true);
  });

  it('--timestamp puts the run time in every report file name', async () => {
    const out = scratch();
    await runCli([...audit('--out', out, '--timestamp')]);
    expect(readdirSync(out).sort()).toEqual([
      'findings-20261122T000000Z.csv',
      'findings-20261122T000000Z.json',
      'findings-20261122T000000Z.ocsf.json',
      'findings-20261122T000000Z.sarif',
      'report-20261122T000000Z.html',
      'summary-20261122T000000Z.md',
    ]);
  });

  it('stamps a name before its extension', () => {
    expect(stampedName('findings.ocsf.json', new Date('2026-11-22T03:04:05.678Z'))).toBe(
      'findings-20261122T030405Z.ocsf.json',
    );
  });
});
