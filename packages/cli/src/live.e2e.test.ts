import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { type AzureEmulator, startAzureEmulator } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './io.ts';
import { liveAuditArgs, runCli } from './test-io.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(repo, 'fixtures/demo/arm');
const SERVICE_TAGS = path.join(repo, 'fixtures/azure-emulator');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';

interface Findings {
  incomplete: boolean;
  findings: {
    id: string;
    checkId: string;
    status: string;
    messageId: string;
    severity: string;
    resourceId?: string;
    message: string;
  }[];
  coverage: { cluster: { name: string }; endpointId: string; verdict: string }[];
}

const readFindings = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'findings.json'), 'utf8')) as Findings;
const summary = (r: Findings) =>
  r.findings.map((f) => `${f.id} ${f.checkId} ${f.status} ${f.messageId} ${f.severity}`).sort();
const coverage = (r: Findings) => r.coverage.map((c) => `${c.cluster.name} ${c.endpointId} ${c.verdict}`).sort();

describe('live audit through the Azure emulator', () => {
  let emulator: AzureEmulator;
  let io: Partial<Io>;
  const authorizations: (string | undefined)[] = [];
  let offline: Findings;
  let offlineCode: number;
  const out = (name: string) => mkdtemp(path.join(tmpdir(), `live-${name}-`));
  const auditOffline = async (input: string) => {
    const dir = await out('offline');
    const { code } = await runCli(['--input', input, '--out', dir, '--format', 'json', '--fail-on', 'none', '-q']);
    return { code, result: await readFindings(dir) };
  };

  beforeAll(async () => {
    emulator = await startAzureEmulator({
      resources: [DEMO, SERVICE_TAGS],
      handlers: [
        (request) => {
          authorizations.push(request.headers.authorization);
          return undefined;
        },
      ],
    });
    // Trusted the way production trusts a private CA: added to the process's default CAs (as
    // NODE_EXTRA_CA_CERTS does at start-up), not through an option of the tool.
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caPem]);
    io = {
      azureCredential: { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) },
      azureRequestPolicy: { retryDelayInMs: 5, maxRetryDelayInMs: 20, timeoutMs: 2000 },
    };
    const demo = await auditOffline(DEMO);
    offlineCode = demo.code;
    offline = demo.result;
  });
  afterAll(() => emulator.close());

  const liveArgs = (dir: string) => liveAuditArgs(SUB, emulator.url, dir);
  const live = async (extra: string[] = [], terminal = false) => {
    const dir = await out('live');
    const run = await runCli([...liveArgs(dir), ...extra], { ...io, stderrIsTty: terminal });
    return { ...run, result: await readFindings(dir) };
  };

  it('equals the offline audit of fixtures/demo: same findings, same ids, same coverage', async () => {
    const before = emulator.requests.length;
    const { code, result, stderr } = await live();
    expect(stderr).toContain('1 Resource Graph queries');
    expect(code).toBe(offlineCode);
    expect(result.incomplete).toBe(false);
    expect(summary(result)).toEqual(summary(offline));
    expect(coverage(result)).toEqual(coverage(offline));
    // Never a write: GETs, and the POST of the Resource Graph query.
    const sent = emulator.requests.slice(before);
    expect(sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /providers/Microsoft.ResourceGraph/resources',
    ]);
  });

  it('completes with the fault-free result after transient faults on every client', async () => {
    for (const [kind, route] of [
      ['throttle', '/providers/Microsoft.ResourceGraph/resources'],
      ['unavailable', '/ruleCollectionGroups'],
      ['server-error', '/outboundNetworkDependenciesEndpoints'],
      ['truncated', '/serviceTags'],
    ] as const)
      emulator.injectFault({ kind, route, times: 1, retryAfterSeconds: 0 });
    const before = emulator.requests.length;
    const { code, result } = await live(['-q']);
    const failed = emulator.requests.slice(before).filter((r) => typeof r.status !== 'number' || r.status >= 400);
    expect(failed.map((r) => String(r.status)).sort()).toEqual(['429', '500', '503', 'truncated']);
    expect(code).toBe(offlineCode);
    expect(result.incomplete).toBe(false);
    expect(summary(result)).toEqual(summary(offline));
  });

  it('without Resource Graph (as on Azure Stack Hub) lists through ARM and audits the same, with a note', async () => {
    emulator.injectFault({ kind: 'forbidden', route: '/providers/Microsoft.ResourceGraph/resources', times: Infinity });
    try {
      const { code, result, stderr } = await live();
      expect(stderr).toContain(`note: discovery through Resource Graph failed in subscriptions ${SUB}`);
      expect(code).toBe(offlineCode);
      expect(summary(result)).toEqual(summary(offline));
    } finally {
      emulator.clearFaults();
    }
  });

  it('shows what it reads, n of m, on a terminal only, and nothing with --quiet', async () => {
    const terminal = await live([], true);
    expect(terminal.stderr).toContain('reading Resource Graph discovery (1 of 1)\n');
    expect(terminal.stderr).toContain(
      'reading rule collection groups, AKS outbound dependencies and virtual hub routing (5 of 5)\n',
    );
    expect(terminal.stderr).toContain('reading service tags (1 of 1)\n');
    expect(terminal.stderr).toMatch(
      /read 28 resources from 1 subscription\(s\): 1 Resource Graph queries, 6 ARM requests/,
    );
    const piped = await live([], false);
    expect(piped.stderr).not.toContain(' of ');
    expect((await live(['-q'], true)).stderr).toBe('');
  });

  const snapshot = (dir: string) =>
    runCli(['snapshot', '--subscription', SUB, '--arm-endpoint', emulator.url, '--out', dir, '-q'], io);

  it('writes a snapshot whose offline audit equals the live audit', async () => {
    const dir = await out('snapshot');
    expect((await snapshot(dir)).code).toBe(0);
    expect((await readdir(path.join(dir, 'arm'))).sort()).toContain('snapshot.json');
    const audited = await auditOffline(path.join(dir, 'arm'));
    expect(audited.code).toBe(offlineCode);
    expect(summary(audited.result)).toEqual(summary(offline));
    // A second snapshot into the same folder is refused: it would mix two reads.
    expect((await snapshot(dir)).code).toBe(2);
  });

  it('says which resource it could not read and which role is missing, as collection-incomplete, and a snapshot keeps it', async () => {
    emulator.injectFault({
      kind: 'forbidden',
      route: /firewallPolicies\/afwp-base\/ruleCollectionGroups/i,
      times: Infinity,
    });
    try {
      const { code, result, stderr } = await live();
      expect(code).toBe(3);
      expect(result.incomplete).toBe(true);
      const incomplete = result.findings.filter((f) => f.checkId === 'collection-incomplete' && f.status === 'unknown');
      expect(incomplete.map((f) => f.resourceId)).toEqual([
        `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/firewallPolicies/afwp-base`,
      ]);
      expect(incomplete[0]?.message).toContain('the Reader role');
      expect(stderr).toContain('403 AuthorizationFailed');
      // Nothing else is lost: every other firewall-independent finding is still there.
      expect(result.findings.filter((f) => f.checkId === 'egress-bypasses-firewall').map((f) => f.id)).toEqual(
        offline.findings.filter((f) => f.checkId === 'egress-bypasses-firewall').map((f) => f.id),
      );

      const dir = await out('snapshot-403');
      expect((await snapshot(dir)).code).toBe(3);
      const audited = await auditOffline(path.join(dir, 'arm'));
      expect(audited.code).toBe(3);
      expect(summary(audited.result)).toEqual(summary(result));
    } finally {
      emulator.clearFaults();
    }
  });

  it('runs as a command with DefaultAzureCredential (a fake az on PATH) and the emulator trusted through NODE_EXTRA_CA_CERTS', async () => {
    const bin = await mkdtemp(path.join(tmpdir(), 'fake-az-'));
    // AzureCliCredential runs `az account get-access-token --output json --resource <audience>`.
    await writeFile(
      path.join(bin, 'az'),
      `#!/bin/sh\necho "$@" >> "${bin}/calls"\nprintf '{"accessToken":"fake-az-token","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tenant":"8b3c2f1e-5a4d-4e6f-9c7b-1d2e3f4a5b6c","tokenType":"Bearer"}\\n'\n`,
    );
    await chmod(path.join(bin, 'az'), 0o755);
    const dir = await out('process');
    authorizations.length = 0;
    const run = await promisify(execFile)(
      process.execPath,
      [path.join(import.meta.dirname, 'bin.js'), ...liveArgs(dir), '-q'],
      {
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: bin,
          // One credential only: DefaultAzureCredential never probes the managed-identity endpoint.
          AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
          NODE_EXTRA_CA_CERTS: emulator.caFile,
        },
      },
    );
    expect(run.stderr).toBe('');
    expect(summary(await readFindings(dir))).toEqual(summary(offline));
    expect(new Set(authorizations)).toEqual(new Set(['Bearer fake-az-token']));
    expect(await readFile(path.join(bin, 'calls'), 'utf8')).toContain(
      `get-access-token --output json --resource ${emulator.url}`,
    );
  });

  it('stops at once, exit 2, when the credential gives no token, saying why and how to sign in', async () => {
    const before = emulator.requests.length;
    // What DefaultAzureCredential throws: the chain's aggregate, with each credential's own error.
    const chain = Object.assign(new Error('ChainedTokenCredential authentication failed.'), {
      errors: [
        new Error('EnvironmentCredential is unavailable. No underlying credential could be used.'),
        new Error(
          "AzureCliCredential: Please run 'az login' from a command prompt to authenticate before using this credential. To troubleshoot, visit https://aka.ms/azsdk/js/identity/azclicredential/troubleshoot.",
        ),
      ],
    });
    const signedOut = await runCli(['--subscription', SUB, '--arm-endpoint', emulator.url, '-q'], {
      env: {},
      azureCredential: {
        getToken: async () => {
          throw chain;
        },
      },
    });
    expect(signedOut.code).toBe(2);
    expect(signedOut.stderr.split('\n').slice(0, 4)).toEqual([
      'error: cannot sign in to Azure: ChainedTokenCredential authentication failed.',
      '  Each way to sign in was tried; none gave a token:',
      '    - EnvironmentCredential is unavailable. No underlying credential could be used.',
      "    - AzureCliCredential: Please run 'az login' from a command prompt to authenticate before using this credential.",
    ]);
    for (const advice of ['az login', 'AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET', 'managed identity'])
      expect(signedOut.stderr).toContain(advice);
    expect(signedOut.stderr).not.toContain('AZURE_TOKEN_CREDENTIALS=');
    expect(emulator.requests.length).toBe(before);

    const narrowed = await runCli(['--subscription', SUB, '--arm-endpoint', emulator.url, '-q'], {
      env: { AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' },
      azureCredential: {
        getToken: async () => {
          throw new Error('AzureCliCredential: Please run az login to set up an account');
        },
      },
    });
    expect(narrowed.stderr).toContain(
      'AZURE_TOKEN_CREDENTIALS=AzureCliCredential limits the ways tried to that one; unset it to try them all.',
    );
  });

  it('refuses a live scope together with --input, and a subscription that is not a GUID', async () => {
    expect((await runCli(['--input', DEMO, '--subscription', SUB])).code).toBe(2);
    const bad = await runCli(['--subscription', 'prod']);
    expect([bad.code, bad.stderr]).toEqual([2, 'error: --subscription prod: a subscription id is a GUID\n']);
    expect((await runCli(['--resource-group', 'rg'])).code).toBe(2);
    expect((await runCli(['--subscription', SUB, '--arm-endpoint', 'http://127.0.0.1:1'], io)).code).toBe(2);
  });
});
