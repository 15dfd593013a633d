import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './demo.test-support.ts';
import { EXIT } from './exit-codes.ts';
import { auditFindings, runCli } from './test-io.ts';

const DEMO = path.join(REPO, 'fixtures/demo/arm');
const CHANGE = path.join(REPO, 'fixtures/what-if/unrelated-change/what-if.json');

/** Each command that audits, as invoked with everything else it needs. */
const COMMANDS: Record<string, string[]> = {
  audit: ['--input', DEMO, '--out', path.join(tmpdir(), 'aro-aks-audit-never-written')],
  'what-if': [
    'what-if',
    '--input',
    DEMO,
    '--change',
    CHANGE,
    '--out',
    path.join(tmpdir(), 'aro-aks-audit-never-written'),
  ],
  fix: ['fix', '--input', DEMO, '--cluster', 'aks-teamb-eastus'],
  explain: ['explain', '0123456789abcdef', '--input', DEMO],
};
const HELP: Record<string, string[]> = {
  audit: ['--help'],
  'what-if': ['what-if', '--help'],
  fix: ['fix', '--help'],
  explain: ['explain', '--help'],
};

/** `--help`'s entry for each long option, its wrapped lines joined: `--features <name=list> features a … (default: [])`. */
function optionEntries(help: string): Map<string, string> {
  const entries = new Map<string, string>();
  let lines: string[] = [];
  const flush = () => {
    const long = /--[a-z-]+/.exec(lines[0] ?? '')?.[0];
    if (long) entries.set(long, lines.join(' '));
    lines = [];
  };
  for (const line of help.split('\n')) {
    if (/^ {2}-/.test(line)) {
      flush();
      lines.push(line.trim());
    } else if (lines.length > 0 && /^ {10,}\S/.test(line)) lines.push(line.trim());
    else flush();
  }
  flush();
  return entries;
}

const FACTS = ['--cluster-cidr', '--features', '--aro-egress-lockdown'];

describe('the cluster facts and accepted risks: the same options on every command that audits', () => {
  it.each([
    ['what-if', [...FACTS, '--suppressions']],
    ['explain', [...FACTS, '--suppressions']],
    ['fix', FACTS],
  ])('%s registers %j with the help the audit gives them', async (command, options) => {
    const audit = optionEntries((await runCli(HELP.audit ?? [])).stdout);
    const other = optionEntries((await runCli(HELP[command] ?? [])).stdout);
    for (const option of options) {
      expect(audit.get(option), option).toBeDefined();
      expect(other.get(option), `${command} ${option}`).toBe(audit.get(option));
    }
  });

  const missing = path.join(REPO, 'fixtures', 'no-such-suppressions.yaml');
  it.each([
    ['--features', 'aks-teamb-eastus=flux', 'unknown feature flux (known: '],
    ['--features', 'aks-teamb-eastus', 'expected NAME=feature[,feature]\n'],
    ['--aro-egress-lockdown', 'aro-prod-eastus=yes', 'expected NAME=on or NAME=off\n'],
    ['--cluster-cidr', 'arc-edge-store-042=10.60.8.0/33', 'not CIDRs: 10.60.8.0/33\n'],
    ['--cluster-cidr', 'arc-edge-store-042', 'expected NAME=CIDR[,CIDR]\n'],
    ['--suppressions', missing, 'it does not exist\n'],
  ])('%s %s: the same usage error from each command', async (option, value, error) => {
    // fix takes no --suppressions: it proposes rules, and accepted risks change none.
    const commands = Object.keys(COMMANDS).filter((c) => option !== '--suppressions' || c !== 'fix');
    for (const command of commands) {
      const { code, stdout, stderr } = await runCli([...(COMMANDS[command] ?? []), option, value]);
      expect([command, code, stdout], command).toEqual([command, EXIT.usage, '']);
      expect(stderr.startsWith(`error: ${option} ${value}: ${error}`), `${command}: ${stderr}`).toBe(true);
    }
  });

  it('explain: the options that change an audit are refused with --findings, which holds one as it was run', async () => {
    const findings = path.join(REPO, 'fixtures/golden/findings.json');
    const { code, stderr } = await runCli([
      'explain',
      '0123456789abcdef',
      '--findings',
      findings,
      '--features',
      'aks-prod-eastus=gitops',
    ]);
    expect([code, stderr]).toEqual([
      EXIT.usage,
      'error: --features: only with --input (a findings.json is explained as it was audited)\n',
    ]);
  });

  it('explain --input with --features finds the finding only that audit has: the GitOps endpoint of team B', async () => {
    const result = await auditFindings(DEMO, ['--features', 'aks-teamb-eastus=gitops']);
    const gitops = result.findings.find(
      (f) => f.subject === 'aks.public.gitops-dp' && f.cluster?.name === 'aks-teamb-eastus',
    );
    expect(gitops).toBeDefined();
    const id = gitops?.id ?? '';
    const without = await runCli(['explain', id, '--input', DEMO]);
    expect([without.code, without.stderr.startsWith(`error: no finding ${id}`)]).toEqual([EXIT.usage, true]);
    const withFeatures = await runCli([
      'explain',
      id,
      '--input',
      DEMO,
      '--features',
      'aks-teamb-eastus=gitops',
      '--width',
      '200',
    ]);
    expect(withFeatures.code).toBe(EXIT.clean);
    expect(withFeatures.stdout.split('\n')[0]).toBe(
      'aks-teamb-eastus cannot reach required endpoint eastus.dp.kubernetesconfiguration.azure.com (TCP/Https 443) through firewall afw-hub',
    );
  });
});
