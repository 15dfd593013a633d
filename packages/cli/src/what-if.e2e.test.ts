/**
 * The what-if scenarios of fixtures/what-if/README.md, each as an ARM what-if result and a Terraform
 * plan (and one as a directory of ARM JSON), run through the command on top of the demo. The expected
 * findings come from the documents the fixtures README cites, not from the tool's output.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WhatIfResult } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { REPO } from './demo.test-support.ts';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const DEMO = path.join(REPO, 'fixtures/demo/arm');
const fixture = (...parts: string[]) => path.join(REPO, 'fixtures/what-if', ...parts);
const SUB = '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';

async function whatIf(input: string, ...changes: string[]) {
  const out = mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-what-if-'));
  const args = ['what-if', '--input', input, ...changes.flatMap((c) => ['--change', c]), '--out', out];
  const run = await runCli(args);
  const result = JSON.parse(readFileSync(path.join(out, 'whatif.json'), 'utf8')) as WhatIfResult;
  return { ...run, result, out };
}

/** What identifies a finding across runs, and what a reviewer reads first. */
const brief = (findings: WhatIfResult['introduced']) =>
  findings.map((f) => ({
    checkId: f.checkId,
    status: f.status,
    severity: f.severity,
    resource: f.resource.name,
    subject: f.subject,
  }));

const subnetOf = (group: string, vnet: string) =>
  `${SUB}/resourcegroups/${group}/providers/microsoft.network/virtualnetworks/${vnet}/subnets/snet-aks-nodes`;

describe('what-if on top of the demo', () => {
  // AKS outbound rules: *.data.mcr.microsoft.com is required; the AzureKubernetesService FQDN tag holds
  // the core required and optional entries (limit-egress-traffic); team-b-core lists neither
  // *.data.mcr.microsoft.com nor snapshot.ubuntu.com (fixtures/README.md, scenario b).
  it.each(['what-if.json', 'plan.json'])(
    'a cleanup that removes the FQDN-tag rule blocks MCR data for team B (%s): exit 1',
    async (file) => {
      const { code, result } = await whatIf(fixture('tag-cleanup/today'), fixture('tag-cleanup', file));
      expect(brief(result.introduced)).toEqual([
        {
          checkId: 'required-endpoint-blocked',
          status: 'fail',
          severity: 'high',
          resource: 'aks-teamb-eastus',
          subject: 'aks.public.mcr-data',
        },
        {
          checkId: 'required-endpoint-blocked',
          status: 'fail',
          severity: 'info',
          resource: 'aks-teamb-eastus',
          subject: 'aks.all.ubuntu-snapshot',
        },
      ]);
      expect(result.resolved).toEqual([]);
      expect(result.verdictChanges.filter((c) => c.required)).toEqual([
        expect.objectContaining({
          cluster: 'aks-teamb-eastus',
          endpoint: 'aks.public.mcr-data',
          before: 'allowed',
          after: 'denied',
          witnessAfter: expect.stringContaining('default deny'),
        }),
      ]);
      expect(result.verdict).toBe(
        'This change blocks 1 required endpoint of aks-teamb-eastus; introduces 2 failing findings (1 high, 1 info).',
      );
      expect(result.incomplete).toBe(false);
      expect(code).toBe(EXIT.findings);
    },
  );

  // Issue 15 item 8: a network rule allowing cluster sources to * on TCP 443 defeats every FQDN rule
  // for that traffic, so overly-broad-rule fails (high). Network rules are processed before application
  // rules (Azure Firewall rule processing), so aks-prod's optional snapshot.ubuntu.com:443 is now allowed.
  it.each(['what-if.json', 'plan.json'])(
    'an added network rule to * on TCP 443 is an over-broad rule (%s): exit 1',
    async (file) => {
      const { code, result } = await whatIf(DEMO, fixture('broad-network-rule', file));
      expect(brief(result.introduced)).toEqual([
        {
          checkId: 'overly-broad-rule',
          status: 'fail',
          severity: 'high',
          resource: 'rcg-app-teams',
          subject: 'afwp-hub-eastus / rcg-app-teams / aks-prod-egress / https-anywhere',
        },
      ]);
      // The AzureMonitor service tag (a network rule to TCP 443, required since the AKS doc of 2024-12-06)
      // is allowed by the new rule too.
      expect(brief(result.resolved)).toEqual([
        {
          checkId: 'required-endpoint-blocked',
          status: 'fail',
          severity: 'high',
          resource: 'aks-prod-eastus',
          subject: 'aks.all.monitor-service-tag',
        },
        {
          checkId: 'required-endpoint-blocked',
          status: 'fail',
          severity: 'info',
          resource: 'aks-prod-eastus',
          subject: 'aks.all.ubuntu-snapshot',
        },
      ]);
      expect(code).toBe(EXIT.findings);
    },
  );

  // Route selection (virtual-networks-udr-overview): 0.0.0.0/0 → Internet sends every public destination
  // around the firewall; AKS outboundType userDefinedRouting then has no route to it.
  it.each([['what-if.json'], ['plan.json'], ['proposed']])(
    'a default route changed to Internet bypasses the firewall (%s): exit 1',
    async (change) => {
      const { code, result } = await whatIf(DEMO, fixture('default-route-internet', change));
      expect(brief(result.introduced)).toEqual([
        {
          checkId: 'egress-bypasses-firewall',
          status: 'fail',
          severity: 'high',
          resource: 'aks-prod-eastus',
          subject: subnetOf('rg-aks-prod', 'vnet-spoke-aks-prod'),
        },
        {
          checkId: 'outbound-type-mismatch',
          status: 'fail',
          severity: 'medium',
          resource: 'aks-prod-eastus',
          subject: 'outbound-type',
        },
      ]);
      // The endpoints the firewall denied (the AzureMonitor service tag, the optional Ubuntu ones): their
      // egress no longer reaches it, so they are not reassessed rather than resolved.
      expect(result.resolved).toEqual([]);
      expect(result.notReassessed.map((f) => f.subject)).toEqual([
        'aks.all.monitor-service-tag',
        'aks.all.ubuntu-archive',
        'aks.all.ubuntu-changelogs',
        'aks.all.ubuntu-security',
        'aks.all.ubuntu-snapshot',
      ]);
      const required = result.verdictChanges.filter((c) => c.required);
      // The public-cloud tunnel ports are optional (konnectivity); the AzureMonitor service tag was denied.
      expect(required).toHaveLength(18);
      expect(required.every((c) => c.after === 'not-evaluated')).toBe(true);
      expect(required.filter((c) => c.before !== 'allowed').map((c) => c.endpoint)).toEqual([
        'aks.all.monitor-service-tag',
      ]);
      expect(required[0]?.witnessAfter).toContain('does not pass through a firewall');
      expect(result.verdict).toBe(
        "This change takes 17 required endpoints of aks-prod-eastus off the firewall's verdict; introduces 2 failing findings (1 high, 1 medium).",
      );
      expect(code).toBe(EXIT.findings);
    },
  );

  it.each(['what-if.json', 'plan.json'])(
    'a change that touches nothing the audit judges introduces nothing (%s): exit 0',
    async (file) => {
      const { code, stdout, result } = await whatIf(DEMO, fixture('unrelated-change', file));
      expect(result.introduced).toEqual([]);
      expect(result.resolved).toEqual([]);
      expect(result.verdictChanges).toEqual([]);
      expect(result.incomplete).toBe(false);
      expect(stdout).toContain('This change introduces no finding.');
      expect(code).toBe(EXIT.clean);
    },
  );

  // A value known only after apply (Terraform after_unknown) or an expression what-if cannot evaluate
  // (reference(), deploy-what-if) decides team B's default route: its path, and every verdict on it, is unknown.
  it.each([
    ['plan.json', 'azurerm_route.aks_teamb_default.next_hop_in_ip_address'],
    ['what-if.json', 'rt-aks-teamb: properties.routes[0].properties.nextHopIpAddress'],
  ])('a next hop not known before the change makes team B undecided (%s): exit 3', async (file, attribute) => {
    const { code, result } = await whatIf(DEMO, fixture('unknown-next-hop', file));
    expect(brief(result.introduced)).toEqual([
      {
        checkId: 'egress-bypasses-firewall',
        status: 'unknown',
        severity: 'high',
        resource: 'aks-teamb-eastus',
        subject: subnetOf('rg-aks-teamb', 'vnet-spoke-aks-teamb'),
      },
      {
        checkId: 'required-endpoint-blocked',
        status: 'unknown',
        severity: 'high',
        resource: 'aks-teamb-eastus',
        subject: undefined,
      },
      {
        checkId: 'collection-incomplete',
        status: 'unknown',
        severity: 'medium',
        resource: 'rt-aks-teamb',
        subject: attribute,
      },
      {
        checkId: 'outbound-type-mismatch',
        status: 'unknown',
        severity: 'medium',
        resource: 'aks-teamb-eastus',
        subject: 'outbound-type',
      },
    ]);
    for (const finding of result.introduced) expect(finding.message).toContain(attribute);
    // Open today, not reassessed: neither resolved nor still open.
    expect(result.resolved).toEqual([]);
    expect(result.notReassessed.map((f) => f.subject)).toContain('aks.public.mcr-data');
    expect(result.incomplete).toBe(true);
    expect(code).toBe(EXIT.incomplete);
  });

  it.each(['what-if.json', 'plan.json'])(
    "deleting team B's route table bypasses the firewall (%s): exit 1",
    async (file) => {
      const { code, result } = await whatIf(DEMO, fixture('route-table-delete', file));
      expect(brief(result.introduced)).toEqual([
        {
          checkId: 'egress-bypasses-firewall',
          status: 'fail',
          severity: 'high',
          resource: 'aks-teamb-eastus',
          subject: subnetOf('rg-aks-teamb', 'vnet-spoke-aks-teamb'),
        },
        {
          checkId: 'outbound-type-mismatch',
          status: 'fail',
          severity: 'medium',
          resource: 'aks-teamb-eastus',
          subject: 'outbound-type',
        },
      ]);
      expect(result.introduced[0]?.message).toContain('system default route');
      expect(result.incomplete).toBe(false);
      expect(code).toBe(EXIT.findings);
    },
  );
});

describe('what-if outputs and exit codes', () => {
  it('writes whatif.json, whatif.md (verdict line first), the introduced findings as SARIF and the HTML view', async () => {
    const { out } = await whatIf(DEMO, fixture('route-table-delete/what-if.json'));
    const markdown = readFileSync(path.join(out, 'whatif.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe(
      "## aro-aks-audit what-if: This change takes 8 required endpoints of aks-teamb-eastus off the firewall's verdict; introduces 2 failing findings (1 high, 1 medium).",
    );
    const sarif = JSON.parse(readFileSync(path.join(out, 'whatif.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['AZFW102', 'AZFW103']);
    const html = readFileSync(path.join(out, 'whatif.html'), 'utf8');
    expect(html).toContain('<h1>aro-aks-audit what-if report</h1>');
    expect(html).toContain('<section class="changes" id="what-if">');
    expect(html.match(/badge-new">new</g)?.length).toBe(2 + 1);
  });

  it('--fail-on critical lets a high finding pass: exit 0', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-what-if-'));
    const { code } = await runCli([
      'what-if',
      '--input',
      DEMO,
      '--change',
      fixture('route-table-delete/plan.json'),
      '--out',
      out,
      '--fail-on',
      'critical',
      '--format',
      'json',
    ]);
    expect(code).toBe(EXIT.clean);
  });

  it.each([
    [['what-if', '--input', DEMO], 'what-if needs at least one --change FILE'],
    [['what-if', '--change', fixture('tag-cleanup/plan.json')], '--input <dir>, or a live scope'],
    [['what-if', '--input', DEMO, '--change', fixture('missing.json')], 'cannot be read'],
    [['what-if', '--input', DEMO, '--change', path.join(DEMO, 'afw-hub.json')], 'not a change this command reads'],
    [['what-if', '--input', fixture('missing'), '--change', fixture('tag-cleanup/plan.json')], 'not a directory'],
  ])('%j is a usage error: exit 2', async (args, message) => {
    const { code, stderr } = await runCli([
      ...args,
      '--out',
      mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-what-if-')),
    ]);
    expect(stderr).toContain(message);
    expect(code).toBe(EXIT.usage);
  });
});
