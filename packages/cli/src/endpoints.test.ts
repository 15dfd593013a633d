import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const demo = path.resolve(import.meta.dirname, '../../../fixtures/demo/arm');

interface Row {
  id: string;
  destination: string;
  alternatives: string;
  requirement: string;
  why: string;
  notes: string;
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
      'id,destination,alternatives,protocol,port,ruleType,requirement,purpose,why,notes,source,sourceDate',
    );
    const table = await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus']);
    expect(table.stdout.split('\n')[0]).toMatch(/^REQUIREMENT\s+RULE\s+PROTOCOL\s+PORT\s+DESTINATION\s+ID$/);
  });

  it('rejects an unknown region, a region of another cloud, an unknown feature and a missing cluster', async () => {
    expect((await runCli(['endpoints', '--kind', 'aks', '--region', 'atlantis'])).code).toBe(EXIT.usage);
    expect((await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus', '--cloud', 'china'])).code).toBe(
      EXIT.usage,
    );
    expect((await runCli(['endpoints', '--kind', 'aks', '--region', 'eastus', '--features', 'warp-drive'])).code).toBe(
      EXIT.usage,
    );
    expect((await runCli(['endpoints', '--input', demo, '--cluster', 'nope'])).code).toBe(EXIT.usage);
  });
});
