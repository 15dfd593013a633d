/**
 * what-if takes the cluster facts and accepted risks the audit takes (`--cluster-cidr`, `--features`,
 * `--aro-egress-lockdown`, `--suppressions`), so that a what-if and an audit of the same input with the
 * same options judge the same clusters: the findings a change resolves are today's audit's findings,
 * with the same ids, and the findings it introduces are the proposed state's audit's.
 * The change removes or restores the Arc agents' rules of arc-environment.test-support.ts.
 */
import path from 'node:path';
import type { AuditResult, Finding, WhatIfResult } from '@aro-aks-audit/auditor';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARC,
  ARC_CIDR,
  ARC_CORE_FQDNS,
  type ArcEnvironment,
  arcEnvironment,
  readJson,
  scratch,
} from './arc-environment.test-support.ts';
import { REPO } from './demo.test-support.ts';
import { EXIT } from './exit-codes.ts';
import { auditFindings, runCli } from './test-io.ts';

async function whatIf(input: string, change: string, options: string[]) {
  const out = scratch('what-if');
  const run = await runCli([
    'what-if',
    '--input',
    input,
    '--change',
    change,
    '--out',
    out,
    '--format',
    'json',
    '-q',
    ...options,
  ]);
  return { ...run, result: readJson(path.join(out, 'whatif.json')) as WhatIfResult };
}

const isOpen = (f: Finding) => f.status === 'fail' || f.status === 'unknown';
/** What must be the same of one finding in both commands' output. */
const face = (f: Finding) => ({
  id: f.id,
  checkId: f.checkId,
  status: f.status,
  severity: f.severity,
  subject: f.subject,
  title: f.title,
  message: f.message,
  suppressed: f.suppressed,
});
const openIds = (result: AuditResult) => new Set(result.findings.filter(isOpen).map((f) => f.id));

describe('what-if and the audit judge the same clusters with the same options', () => {
  let env: ArcEnvironment;
  let options: string[];
  beforeAll(() => {
    env = arcEnvironment();
    options = [
      '--cluster-cidr',
      `${ARC}=${ARC_CIDR}`,
      '--features',
      'aks-prod-eastus=gitops',
      '--aro-egress-lockdown',
      'aro-prod-eastus=on',
      '--suppressions',
      env.suppressions,
    ];
  });

  it("today's state: the findings the change resolves are today's audit's open findings it leaves, with the same ids", async () => {
    const today = await auditFindings(env.withoutArcRules, options);
    const after = await auditFindings(env.today, options);
    const { code, result } = await whatIf(env.withoutArcRules, env.restoreArcRules, options);
    const stillOpen = openIds(after);
    const expected = today.findings.filter((f) => isOpen(f) && !stillOpen.has(f.id));
    expect(result.resolved.map(face)).toEqual(expected.map(face));
    expect(result.unchanged).toBe(today.findings.filter((f) => isOpen(f) && stillOpen.has(f.id)).length);
    expect(result.introduced).toEqual([]);
    // What it resolves is the Arc cluster's blocked endpoints: the rule's nine FQDNs, each blocked today.
    const arc = result.resolved.filter((f) => f.checkId === 'required-endpoint-blocked' && f.cluster?.name === ARC);
    expect(arc.map((f) => f.endpoint?.destination).sort()).toEqual([...ARC_CORE_FQDNS].sort());
    expect(arc.every((f) => f.status === 'fail')).toBe(true);
    expect(arc.filter((f) => f.suppressed).map((f) => f.endpoint?.destination)).toEqual(['login.windows.net']);
    expect(result.resolved.length).toBe(arc.length);
    expect(code).toBe(EXIT.clean);
  });

  it('the proposed state: the findings the change introduces are the proposed audit’s, with the same ids', async () => {
    const today = await auditFindings(env.today, options);
    const proposed = await auditFindings(env.withoutArcRules, options);
    const { code, result } = await whatIf(env.today, env.removeArcRules, options);
    const wasOpen = openIds(today);
    expect(result.introduced.map(face)).toEqual(
      proposed.findings.filter((f) => isOpen(f) && !wasOpen.has(f.id)).map(face),
    );
    expect(result.introduced.map((f) => f.endpoint?.destination).sort()).toEqual([...ARC_CORE_FQDNS].sort());
    // High and not all suppressed: the change fails the pipeline.
    expect(code).toBe(EXIT.findings);
  });

  it('without --cluster-cidr neither command can judge the Arc cluster: undecided in both, never introduced', async () => {
    const bare = options.slice(2);
    const { result } = await whatIf(env.today, env.removeArcRules, bare);
    expect(result.introduced.filter((f) => f.cluster?.name === ARC)).toEqual([]);
    const today = await auditFindings(env.today, bare);
    const arc = today.findings.filter((f) => f.checkId === 'required-endpoint-blocked' && f.cluster?.name === ARC);
    expect(arc.map((f) => [f.status, f.subject])).toEqual([['unknown', undefined]]);
    expect(arc[0]?.message).toContain('--cluster-cidr');
  });

  it.each([
    ['--logs', ['--input', 'TODAY', '--logs', path.join(REPO, 'fixtures/demo/logs/afw-hub.AZFWNetworkRule.csv')]],
    // Refused before anything is read from Azure: no credential is asked for.
    ['--workspace', ['--subscription', '00000000-0000-0000-0000-000000000001', '--workspace', 'law-egress']],
  ])('refuses firewall logs (%s), which describe today only, with a usage error that says so', async (option, args) => {
    const { code, stdout, stderr } = await runCli([
      'what-if',
      ...args.map((a) => (a === 'TODAY' ? env.today : a)),
      '--change',
      env.removeArcRules,
      '--out',
      scratch('what-if'),
    ]);
    expect([code, stdout]).toEqual([EXIT.usage, '']);
    expect(stderr).toBe(
      `error: ${option}: firewall logs describe today's traffic only, not the proposed state's, so what-if reads none: audit today's state with them (aro-aks-audit --input DIR --logs FILE) and judge the change without them\n`,
    );
  });
});
