import { clusterVerdictOf, findingOf, ids, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { AuditResult, ClusterVerdict, CoverageEntry, Finding } from '../model/finding.ts';
import { ROW_LIMIT } from './html/findings.ts';
import { EMBED_LIMIT, renderHtml } from './html.ts';

const clusterRef = (name: string) => ({ id: ids.aks(name), name, kind: 'aks' });

const verdict = (name: string, fields: Partial<ClusterVerdict> = {}) =>
  clusterVerdictOf(name, {
    reason: 'reaches its 2 required endpoints through firewall afw-hub',
    required: 2,
    allowed: 2,
    ...fields,
  });

const coverageOf = (name: string, endpointId: string, required: boolean, v: CoverageEntry['verdict']) => ({
  cluster: clusterRef(name),
  endpointId,
  endpoint: { destination: `${endpointId}.example.com`, protocol: 'TCP/Https', port: '443' },
  required,
  verdict: v,
  witness: v === 'allowed' ? 'afwp / rcg / aks / core' : 'no rule matched (default deny)',
});

const section = (html: string, id: string) => {
  const start = html.indexOf(`<section id="${id}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('the HTML report leads with each cluster’s answer', () => {
  const optionalDenied = findingOf({
    id: 'opt',
    checkId: 'required-endpoint-blocked',
    severity: 'info',
    cluster: clusterRef('aks-b'),
    subject: 'aks.all.ubuntu-security',
    endpoint: { destination: 'security.ubuntu.com', protocol: 'TCP/Http', port: '80' },
    message:
      'aks-b cannot reach optional endpoint security.ubuntu.com (TCP/Http 80): default deny. OS security updates.',
  });
  const blocked = findingOf({
    id: 'blk',
    checkId: 'required-endpoint-blocked',
    cluster: clusterRef('aks-b'),
    subject: 'aks.public.mcr-data',
    title: 'aks-b cannot reach required endpoint mcr-data.example.com',
  });
  const passed = (id: string, subject: string) =>
    findingOf({
      id,
      checkId: 'required-endpoint-blocked',
      status: 'pass',
      severity: 'info',
      cluster: clusterRef('aks-a'),
      subject,
      resourceId: ids.aks('aks-a'),
    });
  const result: AuditResult = resultOf({
    findings: [blocked, optionalDenied, passed('p1', 'a'), passed('p2', 'b')],
    coverage: [
      coverageOf('aks-a', 'a', true, 'allowed'),
      coverageOf('aks-b', 'mcr-data', true, 'denied'),
      coverageOf('aks-b', 'aks.all.ubuntu-security', false, 'denied'),
    ],
    clusters: [
      verdict('aks-a', {
        beyondRequired: [
          {
            rule: 'afwp / rcg / temp / jumpbox-any',
            ruleKind: 'network',
            resourceId: ids.group('afwp', 'rcg'),
            firewall: 'afw-hub',
            destinations: ['*'],
            protocols: ['TCP', 'UDP', 'ICMP'],
            ports: ['*'],
            breadth: 'anything',
          },
        ],
      }),
      verdict('aks-b', {
        verdict: 'blocked',
        reason: 'cannot reach 1 required endpoint: mcr-data.example.com',
        allowed: 1,
        blocked: 1,
        optional: { allowed: 0, denied: 1, unknown: 0 },
      }),
      verdict('aks-c', {
        verdict: 'not-audited',
        reason: 'no egress requirements are catalogued for AKS clusters in Azure public cloud',
        required: 0,
        allowed: 0,
        paths: [],
      }),
    ],
  });
  const html = renderHtml(result);

  it('shows every cluster’s verdict, the most urgent first, and what it may reach beyond its requirements', () => {
    const clusters = section(html, 'clusters');
    const rows = [...clusters.matchAll(/<tr data-verdict="([^"]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(['blocked', 'not-audited', 'ok']);
    expect(clusters).toContain('cannot reach 1 required endpoint: mcr-data.example.com');
    expect(clusters).toContain('<span class="breadth b-anything">anything</span>');
    expect(clusters).toContain('<code>anything</code> on TCP/UDP/ICMP *');
    expect(clusters).toContain('<span class="v-allowed">nothing</span>'); // aks-b: nothing beyond
  });

  it('lists denied optional endpoints neutrally, apart from the problems', () => {
    const problems = section(html, 'findings-section');
    expect(problems).toContain('data-check="required-endpoint-blocked"');
    expect(problems).not.toContain('security.ubuntu.com');
    const optional = section(html, 'optional');
    expect(optional).toContain('<table id="optional-denied" class="neutral">');
    expect(optional).toContain('<code>security.ubuntu.com</code>');
    expect(html).toContain('<b>1</b>optional not allowed');
  });

  it('summarises passed findings per check and resource', () => {
    const settled = section(html, 'settled');
    expect(settled.match(/<tr data-check=/g)).toHaveLength(1);
    expect(settled).toMatch(/<td>2<\/td>/);
    expect(settled).toContain('aro-aks-audit explain ID --findings findings.json');
  });

  it('lists every cluster in the coverage, the ones not evaluated with the reason', () => {
    const coverage = section(html, 'coverage');
    for (const name of ['aks-a', 'aks-b', 'aks-c']) expect(coverage).toContain(`<strong>${name}</strong>`);
    expect(coverage).toContain(
      'not evaluated: no egress requirements are catalogued for AKS clusters in Azure public cloud',
    );
    expect(coverage).toContain('<td class="verdict v-denied neutral">not allowed</td>');
  });
});

describe('the HTML report at the scale of a large tenant', () => {
  // 50,000 rules and 1,000 clusters audit to about 130,000 passing findings (per rule and per cluster ×
  // endpoint), 12,000 coverage verdicts and, with logs, thousands of failing ones (unused rules).
  const CLUSTERS = 1000;
  const RULES = 50_000;
  const rulePath = (i: number) => `afwp-hub / rcg-${i % 10} / rc-${Math.floor(i / 100)} / app-${i}`;
  const message = (i: number) =>
    `Allow rule ${rulePath(i)} names no wildcard over a domain that other customers can host under, and its sources are scoped to 10.${i % 99}.${i % 250}.0/24.`;
  const findings: Finding[] = [];
  for (let i = 0; i < RULES; i++)
    for (const checkId of ['multi-tenant-wildcard', 'overly-broad-rule'])
      findings.push({
        ...findingOf({
          id: `${checkId}-${i}`,
          checkId,
          status: 'pass',
          severity: 'info',
          message: message(i),
          title: message(i),
        }),
        resourceId: ids.group('afwp-hub', `rcg-${i % 10}`),
        resource: {
          id: ids.group('afwp-hub', `rcg-${i % 10}`),
          name: `rcg-${i % 10}`,
          type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
        },
        subject: rulePath(i),
        evidence: [{ kind: 'rule', label: rulePath(i), detail: 'application rule, Allow' }],
      });
  const coverage: CoverageEntry[] = [];
  const clusters: ClusterVerdict[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    const name = `aks-${c}`;
    clusters.push(verdict(name, { required: 12, allowed: 12 }));
    for (let e = 0; e < 12; e++) {
      coverage.push(coverageOf(name, `aks.public.endpoint-${e}`, true, 'allowed'));
      findings.push({
        ...findingOf({
          id: `reb-${c}-${e}`,
          checkId: 'required-endpoint-blocked',
          status: 'pass',
          severity: 'info',
          message: `${name} can reach endpoint-${e}.example.com (TCP/Https 443) through firewall afw-hub: afwp-hub / rcg-aks / aks-app / aks-core.`,
          cluster: clusterRef(name),
        }),
        resourceId: ids.aks(name),
        resource: { id: ids.aks(name), name, type: 'Microsoft.ContainerService/managedClusters' },
      });
    }
  }
  for (let i = 0; i < 5000; i++)
    findings.push(
      findingOf({
        id: `unused-${i}`,
        checkId: 'overly-broad-rule',
        severity: 'low',
        message: `Allow rule ${rulePath(i)} matched no traffic in the logs of firewall afw-hub from 2026-11-21T00:00:00Z to 2026-11-21T23:59:00Z (24 of those 24 hours had log rows).`,
        evidence: [{ kind: 'rule', label: rulePath(i) }],
        remediation: {
          text: 'Remove the rule.',
          cli: `az network firewall policy rule-collection-group collection rule remove --name app-${i}`,
        },
      }),
    );
  const big = resultOf({ findings, coverage, clusters });
  const html = renderHtml(big);

  it('stays under 25 MB: passed findings summarised per check and resource, problems past the first rows too', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(25_000_000);
    expect(html.match(/<tbody class="finding"/g)).toHaveLength(ROW_LIMIT);
    expect(section(html, 'findings-section')).toContain(`4,000 more problems, per check and resource`);
    // 10 rule collection groups × 2 checks, and 1,000 clusters: one summary row each.
    expect(section(html, 'settled').match(/<tr data-check=/g)).toHaveLength(20 + CLUSTERS);
    expect(section(html, 'clusters').match(/<tr data-verdict=/g)).toHaveLength(CLUSTERS);
  });

  it('embeds the result without its passed findings, and says so', () => {
    expect(JSON.stringify(big).length).toBeGreaterThan(EMBED_LIMIT);
    const start = html.indexOf('id="result-data">') + 'id="result-data">'.length;
    const embedded = JSON.parse(html.slice(start, html.indexOf('</script>', start)));
    expect(embedded.findings).toHaveLength(5000);
    expect(embedded.clusters).toHaveLength(CLUSTERS);
    expect(html).toContain('<p class="meta" id="omitted">112,000 passed and not applicable findings are left out');
  });
});
