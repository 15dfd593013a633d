import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const demo = path.resolve(import.meta.dirname, '../../../fixtures/demo/arm');

interface Row {
  id: string;
  destination: string;
  alternatives: string;
  port: string;
  requirement: string;
  sharedWith: string;
  why: string;
  notes: string;
  document: string;
  documentDate: string;
  documentVersion: string;
}

async function rows(args: string[]): Promise<Row[]> {
  const { code, stdout, stderr } = await runCli(['endpoints', ...args, '--format', 'json']);
  expect(stderr).toBe('');
  expect(code).toBe(EXIT.clean);
  return JSON.parse(stdout) as Row[];
}

describe('aro-aks-audit endpoints', () => {
  it('resolves the AKS public-cloud allowlist for a region, with the documented alternatives', async () => {
    const list = await rows(['--kind', 'aks', '--region', 'East US']);
    const byId = new Map(list.map((r) => [r.id, r]));
    expect(byId.get('aks.public.apiserver')?.destination).toBe('*.hcp.eastus.azmk8s.io');
    expect(byId.get('aks.public.mcr-data')?.destination).toBe('*.data.mcr.microsoft.com');
    expect(byId.get('aks.public.tunnel-udp-1194')?.alternatives).toBe('* | AzureCloud.eastus');
    expect(list.some((r) => r.why.includes('gpu'))).toBe(false);
  });

  it('adds feature endpoints and drops the public API server ones for a private cluster', async () => {
    const gpu = await rows(['--kind', 'aks', '--region', 'eastus', '--features', 'gpu']);
    expect(gpu.some((r) => r.why.includes('gpu') && r.destination === 'us.download.nvidia.com')).toBe(true);
    const privateCluster = await rows(['--kind', 'aks', '--region', 'eastus', '--private']);
    expect(privateCluster.map((r) => r.id)).not.toContain('aks.public.apiserver');
  });

  it('marks the endpoints ARO egress lockdown proxies, and states the assumption', async () => {
    const on = await rows(['--kind', 'aro', '--region', 'eastus']);
    const proxied = on.filter((r) => r.requirement === 'proxied');
    expect(proxied.length).toBeGreaterThan(0);
    expect(proxied[0]?.notes).toMatch(/egress lockdown assumed on/);
    const off = await rows(['--kind', 'aro', '--region', 'eastus', '--egress-lockdown', 'off']);
    expect(off.filter((r) => r.requirement === 'proxied')).toEqual([]);
  });

  it('resolves short region codes for Arc with a gateway', async () => {
    const list = await rows(['--kind', 'arc', '--region', 'eastus', '--gateway']);
    expect(list.map((r) => r.destination)).toContain('eus.his.arc.azure.com');
  });

  it('reads a discovered cluster and detects its features (omsagent: monitoring)', async () => {
    const list = await rows(['--input', demo, '--cluster', 'aks-prod-eastus']);
    expect(list.some((r) => r.why.includes('add-on omsagent'))).toBe(true);
  });

  it('prints CSV with a header and a table with notes', async () => {
    const csv = await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe(
      'id,destination,alternatives,protocol,port,ruleType,requirement,purpose,sharedWith,why,notes,document,documentDate,documentVersion',
    );
    const table = await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus']);
    expect(table.stdout.split('\n')[0]).toMatch(/^REQUIREMENT\s+RULE\s+PROTOCOL\s+PORT\s+DESTINATION\s+ID$/);
  });

  it('names the document of each row (not a "source", which network teams read as the source address)', async () => {
    const [mcr] = (await rows(['--kind', 'aks', '--region', 'eastus'])).filter((r) => r.id === 'aks.public.mcr');
    expect(mcr).toMatchObject({
      document: 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
      documentDate: '2026-06-18',
      documentVersion: 'MicrosoftDocs/azure-aks-docs articles/aks/outbound-rules-control-egress.md @ccbb339ba694',
    });
    expect(Object.keys(mcr ?? {})).not.toContain('source');
  });

  it.each([
    ['AzureChinaCloud', 'chinaeast2', 'management.chinacloudapi.cn'],
    ['azureusgovernment', 'usgovvirginia', 'management.usgovcloudapi.net'],
    ['AzureCloud', 'eastus', 'management.azure.com'],
    ['china', 'chinanorth3', 'management.chinacloudapi.cn'],
  ])('takes --cloud %s, the Azure name or the catalog’s, as the main command does', async (cloud, region, arm) => {
    const list = await rows(['--kind', 'aks', '--region', region, '--cloud', cloud]);
    expect(list.map((r) => r.destination)).toContain(arm);
  });

  it('takes --features in any case', async () => {
    const list = await rows(['--kind', 'arc', '--region', 'eastus', '--features', 'Cluster-Connect,DEFENDER']);
    expect(list.find((r) => r.destination === '*.servicebus.windows.net')?.requirement).toBe('required');
    expect(list.find((r) => r.destination === '*.cloud.defender.microsoft.com')?.requirement).toBe('required');
  });

  it('lists Ubuntu’s optional update endpoints for the default (Ubuntu) node pool without a flag', async () => {
    const list = await rows(['--kind', 'aks', '--region', 'eastus']);
    expect(
      list.filter((r) => r.id.startsWith('aks.all.ubuntu-')).map((r) => `${r.destination} ${r.requirement}`),
    ).toEqual([
      'security.ubuntu.com optional',
      'azure.archive.ubuntu.com optional',
      'changelogs.ubuntu.com optional',
      'snapshot.ubuntu.com optional',
    ]);
    expect(list.find((r) => r.id === 'aks.all.ubuntu-security')?.why).toMatch(
      /node pool nodepool1 runs Ubuntu \(the default OS SKU\)/,
    );
  });

  it('lists a shared destination once, with every purpose (monitoring and Policy both send telemetry)', async () => {
    const list = await rows(['--kind', 'aks', '--region', 'eastus', '--features', 'monitoring,azure-policy']);
    const telemetry = list.filter((r) => r.destination === 'dc.services.visualstudio.com');
    expect(telemetry.map((r) => [r.id, r.sharedWith])).toEqual([
      ['aks.public.monitor-dc', 'aks.public.policy-telemetry'],
    ]);
  });

  it('rejects an unknown region, a region of another cloud, an unknown feature and a missing cluster', async () => {
    expect((await runCli(['endpoints', '--kind', 'aks', '--region', 'atlantis'])).code).toBe(EXIT.usage);
    expect((await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus', '--cloud', 'china'])).code).toBe(
      EXIT.usage,
    );
    expect(
      (await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus', '--cloud', 'AzureGermanCloud'])).code,
    ).toBe(EXIT.usage);
    expect((await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus', '--features', 'warp-drive'])).code).toBe(
      EXIT.usage,
    );
    expect((await runCli(['endpoints', '--input', demo, '--cluster', 'nope'])).code).toBe(EXIT.usage);
  });
});
