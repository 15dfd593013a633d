import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderJson } from '@aro-aks-audit/auditor';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditDemo, DEMO } from './demo.test-support.ts';
import { runCli } from './test-io.ts';

describe('aro-aks-audit explain', () => {
  let findingsFile: string;
  let blockedId: string;
  let blockedResourceId: string;
  let blockedCli: string;
  beforeAll(async () => {
    const result = await auditDemo();
    const blocked = result.findings.find(
      (f) => f.checkId === 'required-endpoint-blocked' && f.subject === 'aks.public.mcr-data' && f.status === 'fail',
    );
    if (!blocked?.remediation.cli) throw new Error('the demo has no blocked required endpoint');
    [blockedId, blockedResourceId, blockedCli] = [blocked.id, blocked.resourceId, blocked.remediation.cli];
    findingsFile = path.join(mkdtempSync(path.join(tmpdir(), 'explain-')), 'findings.json');
    writeFileSync(findingsFile, renderJson(result));
  });

  it('prints one finding whole from a findings.json: problem, witness, evidence and the fix as it is pasted', async () => {
    const run = await runCli(['explain', blockedId, '--findings', findingsFile]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'aks-teamb-eastus cannot reach required endpoint *.data.mcr.microsoft.com (TCP/Https 443) through',
      'firewall afw-hub',
      `HIGH fail · AZFW101 required-endpoint-blocked · ${blockedId}`,
    ]);
    expect(run.stdout).toContain('\nWitness (the deciding rule or reason): no rule matched (default deny)\n');
    expect(run.stdout).toContain('\n  rule: no rule matched (default deny): default rule, Deny, matches all\n');
    expect(run.stdout).toMatch(/\n {2}route: egress path: vnet-spoke-aks-teamb\/subnets\/snet-aks-nodes: /);
    // The command is printed on lines of its own, unwrapped, exactly as the finding holds it.
    expect(lines).toContain(blockedCli);
    expect(run.stdout).toContain('\nAs JSON:\n{\n  "firewallPolicy": ');
  });

  it('cuts no name: prose wraps at spaces, a name longer than the width stands whole on its line', async () => {
    const run = await runCli(['explain', blockedId, '--findings', findingsFile, '--width', '60']);
    const prose = run.stdout.slice(0, run.stdout.indexOf('\naz network'));
    for (const line of prose.split('\n')) if (line.length > 60) expect(line.trim().split(' ')).toHaveLength(1);
    expect(prose.split('\n')).toContain(`  ${blockedResourceId}`);
  });

  it('audits --input again and explains from that; takes a unique start of the id', async () => {
    const run = await runCli(['explain', blockedId.slice(0, 8), '--input', DEMO.input]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[2]).toBe(`HIGH fail · AZFW101 required-endpoint-blocked · ${blockedId}`);
  });

  it.each([
    [
      ['explain', 'abc'],
      'error: explain needs either --findings FILE (a findings.json) or --input DIR (audited again)\n',
    ],
    [
      ['explain', 'abc', '--findings', 'x.json', '--input', '.'],
      'error: explain needs either --findings FILE (a findings.json) or --input DIR (audited again)\n',
    ],
    [
      ['explain', '0000000000', '--findings', 'FINDINGS'],
      /^error: no finding 0000000000 in this result \(\d+ findings\)/,
    ],
    [['explain', 'abc', '--findings', 'FINDINGS'], 'error: abc: give at least 6 characters of the finding id\n'],
    [['explain', 'abcdef', '--findings', 'missing.json'], 'error: --findings missing.json: it does not exist\n'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await runCli(args.map((a) => (a === 'FINDINGS' ? findingsFile : a)));
    expect(run.code).toBe(2);
    if (typeof message === 'string') expect(run.stderr).toBe(message);
    else expect(run.stderr).toMatch(message);
  });
});

describe('a mistyped command', () => {
  it.each([
    ['endpiont', 'endpoints'],
    ['endpoint', 'endpoints'],
    ['fxi', 'fix'],
    ['snapshto', 'snapshot'],
    ['explian', 'explain'],
  ])('%s gets "did you mean `%s`?" and exit 2', async (typed, meant) => {
    const run = await runCli([typed, '--kind', 'aks']);
    expect([run.code, run.stderr]).toEqual([
      2,
      `error: unknown command '${typed}' (did you mean \`${meant}\`?); the commands are endpoints, fix, explain, snapshot, what-if, or none for an audit (aro-aks-audit --help)\n`,
    ]);
  });

  it('a word like no command gets the list without a guess; `help` is --help', async () => {
    expect((await runCli(['audit'])).stderr).toBe(
      "error: unknown command 'audit'; the commands are endpoints, fix, explain, snapshot, what-if, or none for an audit (aro-aks-audit --help)\n",
    );
    const help = await runCli(['help', 'fix']);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, 'Usage: aro-aks-audit fix [options]']);
  });
});
