import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const demo = path.join(repo, 'fixtures/demo/arm');

const run = runCli;

const scratch = () => mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-cli-'));

describe('aro-aks-audit command', () => {
  it('audits a directory, writes findings.json and findings.csv, prints the summary, and exits 1 on high findings', async () => {
    const out = scratch();
    const { code, stdout, stderr } = await run(['--input', demo, '--out', out]);
    expect(code).toBe(EXIT.findings);
    expect(stdout).toContain('required-endpoint-blocked');
    expect(stderr).toContain(`wrote ${path.join(out, 'findings.json')}`);
    const json = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(json.schemaVersion).toBe(1);
    expect(readFileSync(path.join(out, 'findings.csv'), 'utf8').split('\n')[0]).toBe(
      'id,status,severity,check_id,code,title,message,resource_id,resource_name,resource_type,subject,cluster_name,cluster_kind,endpoint_destination,endpoint_protocol,endpoint_port,evidence,remediation,remediation_cli,suppressed_reason',
    );
  });

  it('exits 0 with --fail-on none when everything was read', async () => {
    expect((await run(['--input', demo, '--out', scratch(), '--fail-on', 'none', '--quiet'])).code).toBe(EXIT.clean);
  });

  it('reports a malformed file by name, line and column, audits the rest, and exits 3 (incomplete)', async () => {
    const input = scratch();
    cpSync(demo, input, { recursive: true });
    writeFileSync(path.join(input, 'broken.json'), '{\n  "id": "/subscriptions/x",\n  "name": \n}\n');
    const out = scratch();
    const { code, stderr } = await run(['--input', input, '--out', out, '--fail-on', 'none']);
    expect(code).toBe(EXIT.incomplete);
    // The location once, in the form editors jump to; the message says only what is wrong.
    const warning = stderr.split('\n').find((l) => l.includes('broken.json'));
    expect(warning).toMatch(/^warning: broken\.json:4:1: not valid JSON: [^/]*$/);
    expect(warning?.split('broken.json')).toHaveLength(2);
    const json = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(json.incomplete).toBe(true);
    expect(
      json.findings.filter(
        (f: { checkId: string; status: string }) => f.checkId === 'collection-incomplete' && f.status === 'unknown',
      ),
    ).toHaveLength(1);
    expect(json.findings.some((f: { messageId: string }) => f.messageId === 'denied')).toBe(true);
  });

  it('names a log file that cannot be read as unavailable input and exits 3 (incomplete)', async () => {
    const out = scratch();
    const missing = path.join(out, 'firewall.csv');
    const { code } = await run(['--input', demo, '--out', out, '--fail-on', 'none', '--logs', missing, '--quiet']);
    expect(code).toBe(EXIT.incomplete);
    const json = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(json.logs.sources).toEqual([
      expect.objectContaining({ source: missing, rowsRead: 0, error: expect.stringContaining('does not exist') }),
    ]);
    expect(
      json.findings
        .filter(
          (f: { checkId: string; status: string }) => f.checkId === 'collection-incomplete' && f.status === 'unknown',
        )
        .map((f: { data: { what: string } }) => f.data.what),
    ).toEqual([`log source ${missing}`]);
  });

  it('reads --logs, counts and names rejected rows, and exits 3 (incomplete) for partial log data', async () => {
    const out = scratch();
    const logs = path.join(repo, 'fixtures/logs/malformed-network-rule.csv');
    const { code } = await run(['--input', demo, '--out', out, '--fail-on', 'none', '--logs', logs, '--quiet']);
    expect(code).toBe(EXIT.incomplete);
    const json = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    const [source] = json.logs.sources;
    expect(source.tables).toEqual(['AZFWNetworkRule']);
    expect(source.rowsRejected).toBeGreaterThan(0);
    expect(source.rejected[0]).toEqual({ line: expect.any(Number), reason: expect.any(String) });
    const incomplete = json.findings.find(
      (f: { checkId: string; status: string }) => f.checkId === 'collection-incomplete' && f.status === 'unknown',
    );
    expect(incomplete.data.what).toBe(
      `${source.rowsRejected} of ${source.rowsRead + source.rowsRejected} rows of log source ${logs}`,
    );
    expect(incomplete.data.cause).toContain(`line ${source.rejected[0].line}: ${source.rejected[0].reason}`);
  });

  it('exits 2 on usage errors and on an input that is not a directory', async () => {
    expect((await run([])).code).toBe(EXIT.usage);
    expect((await run(['--input', path.join(repo, 'nope')])).code).toBe(EXIT.usage);
    expect((await run(['--input', demo, '--format', 'pdf'])).code).toBe(EXIT.usage);
    expect((await run(['--input', demo, '--fail-on', 'severe'])).code).toBe(EXIT.usage);
  });

  it('hands --features and --aro-egress-lockdown to the checks', async () => {
    const coverage = async (args: string[]) => {
      const out = scratch();
      await run(['--input', demo, '--out', out, '--format', 'json', '--fail-on', 'none', '-q', ...args]);
      const json = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
      return (json.coverage as { cluster: { name: string }; endpointId: string }[])
        .filter((c) => c.cluster.name === 'aks-prod-eastus')
        .map((c) => c.endpointId);
    };
    const declared = await coverage(['--features', 'aks-prod-eastus=gitops']);
    const detected = await coverage([]);
    expect(declared.length).toBeGreaterThan(detected.length);
    expect(declared.filter((id) => !detected.includes(id)).every((id) => /gitops|flux|config/i.test(id))).toBe(true);
  });

  it('prints help with the exit codes, and the version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(EXIT.clean);
    expect(help.stdout).toContain('Exit codes:');
    const version = await run(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
