import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { type AzureEmulator, startAzureEmulator } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './io.ts';
import { liveAuditArgs, runCli } from './test-io.ts';

// Three secured and unsecured Virtual WAN hubs and their spokes: fixtures/virtual-wan/README.md says
// what each scenario must produce and which document says so.
const repo = path.resolve(import.meta.dirname, '../../..');
const VWAN = path.join(repo, 'fixtures/virtual-wan/arm');
const SERVICE_TAGS = path.join(repo, 'fixtures/azure-emulator');
const SUB = '7c4e2b19-5d3a-4f8e-a1b6-2e9d8c7f6a50';
const CHECKS_OF_VWAN = new Set(['egress-bypasses-firewall', 'outbound-type-mismatch', 'snat-exhaustion-risk']);

interface Finding {
  id: string;
  checkId: string;
  status: string;
  messageId: string;
  severity: string;
  subject?: string;
  resource: { name: string };
  message: string;
  remediation: { text: string; cli?: string };
}
interface Findings {
  incomplete: boolean;
  findings: Finding[];
  coverage: { cluster: { name: string }; endpointId: string; verdict: string }[];
}
interface Pinned {
  checkId: string;
  resource: string;
  subject?: string;
  status: string;
  messageId: string;
}

const expected = JSON.parse(await readFile(path.join(repo, 'fixtures/virtual-wan/expected-findings.json'), 'utf8')) as {
  findings: Pinned[];
  passes: Pinned[];
  coverage: { cluster: string; endpointId: string; verdict: string }[];
};

const readFindings = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'findings.json'), 'utf8')) as Findings;
const pinned = (f: Finding): Pinned => ({
  checkId: f.checkId,
  resource: f.resource.name,
  ...(f.subject !== undefined && { subject: f.subject }),
  status: f.status,
  messageId: f.messageId,
});
const summary = (r: Findings) => r.findings.map((f) => `${f.id} ${f.checkId} ${f.status} ${f.messageId}`).sort();
const coverage = (r: Findings) => r.coverage.map((c) => `${c.cluster.name} ${c.endpointId} ${c.verdict}`).sort();
const out = (name: string) => mkdtemp(path.join(tmpdir(), `vwan-${name}-`));

async function auditOffline(input: string) {
  const dir = await out('offline');
  const { code } = await runCli(['--input', input, '--out', dir, '--format', 'json', '--fail-on', 'none', '-q']);
  return { code, result: await readFindings(dir) };
}

describe('Virtual WAN secured hubs (fixtures/virtual-wan), offline', async () => {
  const { code, result } = await auditOffline(VWAN);

  it('reads every resource: the audit is complete', () => {
    expect(code).toBe(0);
    expect(result.incomplete).toBe(false);
  });

  it('yields exactly the pinned failing, unknown and skipped findings', () => {
    // A set of verdicts: the reports' order (severity, then status) is not what is pinned.
    const key = (p: Pinned) => JSON.stringify(p);
    const sorted = (list: Pinned[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(sorted(result.findings.filter((f) => f.status !== 'pass').map(pinned))).toEqual(sorted(expected.findings));
  });

  it('passes the spokes that reach a hub firewall, and the hub firewall with 20 public IPs', () => {
    expect(result.findings.filter((f) => f.status === 'pass' && CHECKS_OF_VWAN.has(f.checkId)).map(pinned)).toEqual(
      expected.passes,
    );
  });

  it('evaluates the hub firewall policy for the spokes behind it: every cluster × endpoint verdict', () => {
    expect(
      result.coverage.map((c) => ({ cluster: c.cluster.name, endpointId: c.endpointId, verdict: c.verdict })),
    ).toEqual(expected.coverage);
  });

  it('fixes the unsecured spokes through the hub, never with a route to the hub firewall', () => {
    const remedies = Object.fromEntries(
      result.findings
        .filter((f) => f.checkId === 'egress-bypasses-firewall' && f.status === 'fail')
        .map((f) => [f.resource.name, f.remediation.cli]),
    );
    expect(remedies).toEqual({
      'aks-batch-eastus': `az network vhub connection update --subscription ${SUB} --resource-group rg-vwan-eastus --vhub-name vhub-eastus-01 --name conn-aks-batch --set enableInternetSecurity=true`,
      'aks-edge-eastus': `az network route-table route delete --subscription ${SUB} --resource-group rg-aks-edge --route-table-name rt-aks-edge --name direct-internet`,
    });
  });

  it('`fix` allows what the cluster requires in the hub firewall policy, then turns on internet security', async () => {
    const fix = await runCli(['fix', '--input', VWAN, '--cluster', 'aks-batch-eastus']);
    expect(fix.code).toBe(0);
    // The rules first, so that the traffic the hub then sends to the firewall is allowed when it arrives.
    const commands = fix.stdout.split('\n').filter((l) => l.startsWith('az '));
    expect(commands).toEqual([
      "az network firewall policy rule-collection-group collection add-filter-collection --subscription 7c4e2b19-5d3a-4f8e-a1b6-2e9d8c7f6a50 --resource-group rg-vwan-eastus --policy-name afwp-vhub-eastus-01 --rule-collection-group-name rcg-aks-egress --name allow-aks-batch-eastus-egress --collection-priority 210 --action Allow --rule-name https-443 --rule-type ApplicationRule --source-addresses 10.111.0.0/22 --protocols Https=443 --target-fqdns '*.data.mcr.microsoft.com'",
      `az network vhub connection update --subscription ${SUB} --resource-group rg-vwan-eastus --vhub-name vhub-eastus-01 --name conn-aks-batch --set enableInternetSecurity=true`,
    ]);
    expect(fix.stdout).not.toContain('10.100.0.132');
  });
});

describe('Virtual WAN secured hubs, live through the Azure emulator', () => {
  let emulator: AzureEmulator;
  let io: Partial<Io>;
  let offline: Findings;

  beforeAll(async () => {
    // The credential is injected; should any path build the default chain, it must not probe the
    // managed-identity endpoint.
    process.env.AZURE_TOKEN_CREDENTIALS ??= 'AzureCliCredential';
    emulator = await startAzureEmulator({ resources: [VWAN, SERVICE_TAGS] });
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caPem]);
    io = {
      azureCredential: { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) },
      azureRequestPolicy: { retryDelayInMs: 5, maxRetryDelayInMs: 20, timeoutMs: 2000 },
    };
    offline = (await auditOffline(VWAN)).result;
  });
  afterAll(() => emulator.close());

  it('reads the hubs, their connections, route tables and routing intent, and equals the offline audit', async () => {
    const dir = await out('live');
    const before = emulator.requests.length;
    const run = await runCli([...liveAuditArgs(SUB, emulator.url, dir), '-q'], io);
    const result = await readFindings(dir);
    expect(run.code).toBe(0);
    expect(result.incomplete).toBe(false);
    expect(summary(result)).toEqual(summary(offline));
    expect(coverage(result)).toEqual(coverage(offline));
    const sent = emulator.requests.slice(before);
    // Lists, some of more than one page.
    const hubChildren = [
      ...new Set(sent.map((r) => r.path).filter((p) => /\/virtualHubs\/[^/]+\/[^/]+$/i.test(p))),
    ].sort();
    expect(hubChildren).toEqual(
      ['vhub-eastus-01', 'vhub-eastus-02', 'vhub-eastus-03'].flatMap((hub) =>
        ['hubRouteTables', 'hubVirtualNetworkConnections', 'routingIntent'].map(
          (child) =>
            `/subscriptions/${SUB}/resourceGroups/rg-vwan-eastus/providers/Microsoft.Network/virtualHubs/${hub}/${child}`,
        ),
      ),
    );
    // The hub's managed network, behind each spoke's RemoteVnetToHubPeering, is never asked for.
    expect(sent.filter((r) => /\/HV_/i.test(r.path))).toEqual([]);
    expect(sent.filter((r) => typeof r.status !== 'number' || r.status >= 400)).toEqual([]);
  });

  it('writes a snapshot that files the hub children by type and audits like the live environment', async () => {
    const dir = await out('snapshot');
    const run = await runCli(
      ['snapshot', '--subscription', SUB, '--arm-endpoint', emulator.url, '--out', dir, '-q'],
      io,
    );
    expect(run.code).toBe(0);
    expect((await readdir(path.join(dir, 'arm'))).filter((f) => f.includes('virtual'))).toEqual([
      'microsoft.network-virtualhubs-hubroutetables.json',
      'microsoft.network-virtualhubs-hubvirtualnetworkconnections.json',
      'microsoft.network-virtualhubs-routingintent.json',
      'microsoft.network-virtualhubs.json',
      'microsoft.network-virtualnetworks.json',
      'microsoft.network-virtualwans.json',
    ]);
    const audited = await auditOffline(path.join(dir, 'arm'));
    expect(summary(audited.result)).toEqual(summary(offline));
    expect(coverage(audited.result)).toEqual(coverage(offline));
  });
});
