import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import { type AzureEmulator, startAzureEmulator } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { liveAuditArgs, runCli } from './test-io.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(repo, 'fixtures/demo/arm');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';
const ROUTE_TABLE = `/subscriptions/${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.Network/routeTables/rt-aks-prod`;
const DEPTH = 20_000;

describe('a live ARM body nested 20,000 levels deep', () => {
  let emulator: AzureEmulator;

  beforeAll(async () => {
    process.env.AZURE_TOKEN_CREDENTIALS ??= 'AzureCliCredential';
    // The route table is not discovered; the subnet that names it makes the collector GET it, and the
    // answer is the deep body (a string: JSON.stringify itself cannot write one this deep).
    const resources = (await collectFiles(DEMO)).resources
      .map((r) => r.body)
      .filter((b) => String(b.id).toLowerCase() !== ROUTE_TABLE.toLowerCase());
    const deep = `{"id":"${ROUTE_TABLE}","name":"rt-aks-prod","type":"Microsoft.Network/routeTables","properties":{"routes":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}`;
    emulator = await startAzureEmulator({
      resources,
      handlers: [
        (request) =>
          request.method === 'GET' && request.url.pathname.toLowerCase() === ROUTE_TABLE.toLowerCase()
            ? { status: 200, body: deep }
            : undefined,
      ],
    });
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caPem]);
  });
  afterAll(() => emulator.close());

  it('is refused and named: the audit is incomplete (3), not a crash', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'live-deep-'));
    const { code, stderr } = await runCli([...liveAuditArgs(SUB, emulator.url, out), '-q'], {
      azureCredential: { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) },
      azureRequestPolicy: { retryDelayInMs: 5, maxRetryDelayInMs: 20, timeoutMs: 5000 },
    });
    expect(stderr).toContain(
      `warning: ${ROUTE_TABLE}: the body read by GET ${ROUTE_TABLE}?api-version=2025-05-01 is nested more than 64 levels deep (ARM resources nest about ten): not read`,
    );
    expect(code).toBe(EXIT.incomplete);
    const result = JSON.parse(await readFile(path.join(out, 'findings.json'), 'utf8'));
    expect(result.incomplete).toBe(true);
  });
});
