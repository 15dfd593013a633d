import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AuditResult, isOpen, isOptionalEndpointNotice, optionalEndpointKeys } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { ARC, ARC_CIDR, ARC_CORE_FQDNS, arcEnvironment } from './arc-environment.test-support.ts';
import { auditDirectory } from './audit.ts';
import { EXIT } from './exit-codes.ts';
import { auditFindings, runCli } from './test-io.ts';

const demo = path.resolve(import.meta.dirname, '../../../fixtures/demo/arm');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';

type Json = Record<string, unknown>;

/** Every resource body of a parsed file with this ARM id (not the references to it), ids compared case-insensitively. */
function* withId(value: unknown, id: string): Generator<Json> {
  if (Array.isArray(value)) for (const item of value) yield* withId(item, id);
  else if (value && typeof value === 'object') {
    const object = value as Json;
    if (typeof object.id === 'string' && object.id.toLowerCase() === id.toLowerCase() && object.properties)
      yield object;
    for (const child of Object.values(object)) yield* withId(child, id);
  }
}

/**
 * Applies `fix --format json` to a copy of the ARM input the way ARM would hold the result: the rule
 * collections appended to their groups, the routes set in their tables and the tables associated, the
 * cluster's outbound type changed. Written here, apart from the tool's own re-audit of its plan.
 */
function applyFixJson(input: string, fix: Json): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fix-applied-'));
  cpSync(input, dir, { recursive: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const docs = new Map(files.map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]));
  const find = (id: string) => [...docs.values()].flatMap((doc) => [...withId(doc, id)]);
  for (const entry of fix.ruleCollections as Json[]) {
    const group = entry.ruleCollectionGroup as Json;
    const [target] = find(group.id as string);
    if (!target) throw new Error(`no group ${group.id} in the input`);
    ((target.properties as Json).ruleCollections as unknown[]).push(entry.ruleCollection);
  }
  for (const route of fix.routes as Json[]) {
    const table = route.routeTable as Json;
    const [existing] = find(table.id as string);
    if (!existing) throw new Error(`the test applies routes to existing tables only: ${table.id}`);
    const properties = existing.properties as Json;
    const routes = (properties.routes as Json[]).filter((r) => (r.properties as Json).addressPrefix !== '0.0.0.0/0');
    for (const r of route.routes as Json[])
      routes.push({
        name: r.name,
        properties: {
          addressPrefix: r.addressPrefix,
          nextHopType: r.nextHopType,
          ...(r.nextHopIpAddress ? { nextHopIpAddress: r.nextHopIpAddress } : {}),
        },
      });
    properties.routes = routes;
  }
  if (fix.outboundType) {
    const change = fix.outboundType as Json;
    for (const cluster of find(change.cluster as string))
      ((cluster.properties as Json).networkProfile as Json).outboundType = change.to;
  }
  for (const [file, doc] of docs) writeFileSync(path.join(dir, file), JSON.stringify(doc, null, 2));
  return dir;
}

const NOW = new Date('2026-11-22T00:00:00Z');
const audit = (input: string) => auditDirectory({ input, logs: [], clusterCidrs: [], now: NOW, version: 'test' });

/** The open findings but the optional endpoints left denied (a least-privilege choice), by id. */
function problems(result: AuditResult): Map<string, string> {
  const optional = optionalEndpointKeys(result);
  return new Map(
    result.findings
      .filter((f) => isOpen(f) && !isOptionalEndpointNotice(f, optional))
      .map((f) => [f.id, `${f.checkId}: ${f.title}`]),
  );
}

const fixJson = async (cluster: string, options: string[] = [], input = demo) =>
  JSON.parse(
    (await runCli(['fix', '--input', input, '--cluster', cluster, '--format', 'json', ...options])).stdout,
  ) as Json;

const destinations = (fix: Json) => (fix.missing as { destination: string }[]).map((m) => m.destination);

describe('aro-aks-audit fix', () => {
  it('says what it adds, for which cluster, when, and what it needs; every command names its subscription', async () => {
    const { code, stdout, stderr } = await runCli(['fix', '--input', demo, '--cluster', 'aks-teamb-eastus']);
    expect([code, stderr]).toEqual([EXIT.clean, '']);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '# aro-aks-audit fix for AKS cluster aks-teamb-eastus',
      `#   /subscriptions/${SUB}/resourceGroups/rg-aks-teamb/providers/Microsoft.ContainerService/managedClusters/aks-teamb-eastus`,
      `# Generated 2026-11-22T00:00:00.000Z by aro-aks-audit 0.1.0 from ${demo}.`,
      '# It adds only what is missing; nothing that exists is changed or removed, except where a route comment says so. Review it, then run it.',
      '# The rule collection commands need the Azure CLI extension azure-firewall: az extension add --name azure-firewall',
      '# What: the 1 required endpoint its firewall does not allow today:',
      '#   aks.public.mcr-data  *.data.mcr.microsoft.com (TCP/Https 443): denied by no rule matched (default deny)',
    ]);
    const commands = lines.filter((l) => l.startsWith('az '));
    expect(commands).toEqual([
      `az network firewall policy rule-collection-group collection add-filter-collection --subscription ${SUB} --resource-group rg-hub-network --policy-name afwp-hub-eastus --rule-collection-group-name rcg-app-teams --name allow-aks-teamb-eastus-egress --collection-priority 210 --action Allow --rule-name https-443 --rule-type ApplicationRule --source-addresses 10.2.0.0/22 --protocols Https=443 --target-fqdns '*.data.mcr.microsoft.com'`,
    ]);
    expect(lines).toContain('# Checked: the input re-audited with these changes raises no new finding and resolves 1.');
  });

  it.each(['aks-teamb-eastus', 'aks-prod-eastus', 'aks-legacy-eastus'])(
    '%s: applied to the input, the fix resolves what it says and raises no new finding',
    async (cluster) => {
      const before = problems(await audit(demo));
      const fix = await fixJson(cluster);
      const after = problems(await audit(applyFixJson(demo, fix)));
      const raised = [...after].filter(([id]) => !before.has(id)).map(([, what]) => what);
      const resolved = [...before].filter(([id]) => !after.has(id)).map(([, what]) => what);
      expect(raised).toEqual([]);
      expect(resolved.length).toBeGreaterThan(0);
      expect(resolved.every((what) => what.includes(cluster))).toBe(true);
    },
  );

  it('adds only what is missing: one rule for the one endpoint, no rebuild of what is allowed', async () => {
    const fix = await fixJson('aks-prod-eastus');
    expect(fix.missing).toEqual([
      {
        endpointId: 'aks.all.monitor-service-tag',
        destination: 'AzureMonitor',
        protocol: 'TCP',
        port: '443',
        reason: 'denied by no rule matched (default deny)',
      },
    ]);
    // A TCP requirement is a network rule to the documented service tag, never an application rule.
    expect(fix.ruleCollections).toEqual([
      {
        firewallPolicy: `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/firewallPolicies/afwp-hub-eastus`,
        ruleCollectionGroup: {
          id: `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/firewallPolicies/afwp-hub-eastus/ruleCollectionGroups/rcg-app-teams`,
          name: 'rcg-app-teams',
        },
        ruleCollection: {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: 'allow-aks-prod-eastus-egress',
          priority: 210,
          action: { type: 'Allow' },
          rules: [
            {
              ruleType: 'NetworkRule',
              name: 'tcp-443',
              ipProtocols: ['TCP'],
              sourceAddresses: ['10.1.0.0/22'],
              destinationAddresses: ['AzureMonitor'],
              destinationPorts: ['443'],
            },
          ],
        },
      },
    ]);
  });

  it('gives a bypassing subnet the whole fix: the route to the firewall’s private IP and the outbound type, with its consequences', async () => {
    const { stdout } = await runCli(['fix', '--input', demo, '--cluster', 'aks-legacy-eastus']);
    const commands = stdout.split('\n').filter((l) => l.startsWith('az '));
    expect(commands).toEqual([
      `az network route-table route update --subscription ${SUB} --resource-group rg-aks-legacy --route-table-name rt-aks-legacy --name default-internet --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address 10.0.1.4`,
      `az network route-table route create --subscription ${SUB} --resource-group rg-aks-legacy --route-table-name rt-aks-legacy --name firewall-public-ip-internet --address-prefix 20.115.40.10/32 --next-hop-type Internet`,
      `az aks update --subscription ${SUB} --resource-group rg-aks-legacy --name aks-legacy-eastus --outbound-type userDefinedRouting`,
    ]);
    expect(stdout).toContain(
      '# changes route default-internet of rt-aks-legacy (0.0.0.0/0 → Internet today) to the firewall:',
    );
    expect(stdout).toContain('#  - it is disruptive to network connectivity');
    expect(stdout).toContain("#  - the cluster's egress IP address becomes the firewall's");
  });

  it('--tighten narrows a rule to what the cluster needs of it: its own API server instead of every cluster’s', async () => {
    const { stdout } = await runCli(['fix', '--input', demo, '--cluster', 'aks-teamb-eastus', '--tighten']);
    expect(stdout).toContain(
      '# afwp-base / rcg-platform-aks / aks-fqdn-team-b / team-b-core (firewall afw-hub) also allows *.hcp.eastus.azmk8s.io, ghcr.io, pkg-containers.githubusercontent.com on Https 443.',
    );
    const commands = stdout.split('\n').filter((l) => l.startsWith('az '));
    expect(commands).toEqual([
      `az network firewall policy rule-collection-group collection rule remove --subscription ${SUB} --resource-group rg-hub-network --policy-name afwp-base --rule-collection-group-name rcg-platform-aks --collection-name aks-fqdn-team-b --name team-b-core`,
      `az network firewall policy rule-collection-group collection rule add --subscription ${SUB} --resource-group rg-hub-network --policy-name afwp-base --rule-collection-group-name rcg-platform-aks --collection-name aks-fqdn-team-b --name team-b-core --rule-type ApplicationRule --source-addresses 10.2.0.0/22 --protocols Https=443 --target-fqdns aks-teamb-eastus-dns-7e8f9a0b.hcp.eastus.azmk8s.io mcr.microsoft.com mcr-0001.mcr-msedge.net management.azure.com login.microsoftonline.com packages.microsoft.com acs-mirror.azureedge.net packages.aks.azure.com`,
    ]);
  });

  it('the findings’ own fixes use collection names and priorities no other finding’s fix uses', async () => {
    const result = await audit(demo);
    const adds = result.findings.flatMap((f) =>
      (f.remediation.cli ?? '').split('\n').filter((l) => l.includes('add-filter-collection')),
    );
    expect(adds.length).toBeGreaterThan(5);
    const named = (flag: string) =>
      adds.map((l) => new RegExp(`--rule-collection-group-name (\\S+) .*${flag} (\\S+)`).exec(l)?.slice(1).join('|'));
    expect(new Set(named('--name')).size).toBe(adds.length);
    expect(new Set(named('--collection-priority')).size).toBe(adds.length);
  });

  it('refuses an unknown cluster, naming it', async () => {
    const { code, stderr } = await runCli(['fix', '--input', demo, '--cluster', 'aks-nope']);
    expect([code, stderr]).toEqual([EXIT.usage, `error: no cluster named aks-nope in ${demo}\n`]);
  });
});

describe('fix takes the cluster facts the audit takes', () => {
  // GitOps (Flux v2) needs https://<region>.dp.kubernetesconfiguration.azure.com ("Tutorial: Deploy
  // applications using GitOps with Flux v2", Network requirements: MicrosoftDocs/azure-management-docs,
  // articles/azure-arc/kubernetes/tutorial-use-gitops-flux2.md at c7ad84b4, line 106); the demo allows it
  // from the Arc site's range only. Its other three rows are AKS core endpoints team B already reaches.
  const gitops = ['--features', 'aks-teamb-eastus=gitops'];

  it('--features NAME=gitops adds the GitOps endpoint; re-audited with the fix and the same --features, nothing new', async () => {
    const without = await fixJson('aks-teamb-eastus');
    const fix = await fixJson('aks-teamb-eastus', gitops);
    expect(destinations(without)).toEqual(['*.data.mcr.microsoft.com']);
    expect(destinations(fix)).toEqual(['*.data.mcr.microsoft.com', 'eastus.dp.kubernetesconfiguration.azure.com']);
    const before = problems(await auditFindings(demo, gitops));
    const after = problems(await auditFindings(applyFixJson(demo, fix), gitops));
    expect([...after].filter(([id]) => !before.has(id)).map(([, what]) => what)).toEqual([]);
    const resolved = [...before].filter(([id]) => !after.has(id)).map(([, what]) => what);
    expect(resolved.sort()).toEqual(
      ['*.data.mcr.microsoft.com', 'eastus.dp.kubernetesconfiguration.azure.com'].map(
        (name) =>
          `required-endpoint-blocked: aks-teamb-eastus cannot reach required endpoint ${name} (TCP/Https 443) through firewall afw-hub`,
      ),
    );
  });

  it('--cluster-cidr gives an Arc cluster without the egress tag its sources: the fix allows its required endpoints from them', async () => {
    const env = arcEnvironment();
    const undeclared = await runCli(['fix', '--input', env.withoutArcRules, '--cluster', ARC]);
    expect(undeclared.stdout).toContain(
      '# not fixed: the firewall on its egress path is not known: no egress subnet and no declared egress CIDRs (tag aro-aks-audit.egress-cidrs or --cluster-cidr)',
    );
    const cidr = ['--cluster-cidr', `${ARC}=${ARC_CIDR}`];
    const fix = await fixJson(ARC, cidr, env.withoutArcRules);
    expect(destinations(fix).sort()).toEqual([...ARC_CORE_FQDNS].sort());
    const rules = (fix.ruleCollections as { ruleCollection: { rules: { sourceAddresses: string[] }[] } }[]).flatMap(
      (c) => c.ruleCollection.rules,
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.sourceAddresses.join() === ARC_CIDR)).toBe(true);
    const before = problems(await auditFindings(env.withoutArcRules, cidr));
    const after = problems(await auditFindings(applyFixJson(env.withoutArcRules, fix), cidr));
    expect([...after].filter(([id]) => !before.has(id))).toEqual([]);
    expect([...before].filter(([id]) => !after.has(id))).toHaveLength(ARC_CORE_FQDNS.length);
  });

  it('a --cluster-cidr that names no cluster of the input is a usage error: a fix for the wrong sources would be pasted', async () => {
    const options = ['--cluster-cidr', 'arc-nope=10.60.8.0/24'];
    const { code, stdout, stderr } = await runCli([
      'fix',
      '--input',
      demo,
      '--cluster',
      'aks-teamb-eastus',
      ...options,
    ]);
    expect([code, stdout, stderr]).toEqual([
      EXIT.usage,
      '',
      'error: --cluster-cidr arc-nope=10.60.8.0/24: no cluster named arc-nope in the input\n',
    ]);
  });
});
