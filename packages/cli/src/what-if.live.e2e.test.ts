/**
 * what-if with today's state read live: the loopback Azure emulator serves the demo, and the change
 * is judged against what was read, exactly as against `--input fixtures/demo/arm`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { WhatIfResult } from '@aro-aks-audit/auditor';
import { type AzureEmulator, startAzureEmulator } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './demo.test-support.ts';
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';
import { runCli } from './test-io.ts';

const DEMO = path.join(REPO, 'fixtures/demo/arm');
const SUB = '3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';
const CHANGE = path.join(REPO, 'fixtures/what-if/route-table-delete/plan.json');

const read = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'whatif.json'), 'utf8')) as WhatIfResult;
const brief = (result: WhatIfResult) =>
  result.introduced
    .map((f) => `${f.id} ${f.checkId} ${f.status} ${f.severity}`)
    .concat(result.resolved.map((f) => `resolved ${f.id}`));

describe('what-if against a live read', () => {
  let emulator: AzureEmulator;
  let io: Partial<Io>;
  const credentials = process.env.AZURE_TOKEN_CREDENTIALS;

  beforeAll(async () => {
    // No credential of the environment is ever asked (no managed-identity probe): the test passes its own.
    process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
    emulator = await startAzureEmulator({ resources: [DEMO] });
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caPem]);
    io = {
      azureCredential: { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) },
      azureRequestPolicy: { retryDelayInMs: 5, maxRetryDelayInMs: 20, timeoutMs: 2000 },
    };
  });
  afterAll(async () => {
    await emulator.close();
    if (credentials === undefined) delete process.env.AZURE_TOKEN_CREDENTIALS;
    else process.env.AZURE_TOKEN_CREDENTIALS = credentials;
  });

  it('introduces what the same change introduces against the demo read from files, and exits the same', async () => {
    const offlineDir = mkdtempSync(path.join(tmpdir(), 'what-if-offline-'));
    const liveDir = mkdtempSync(path.join(tmpdir(), 'what-if-live-'));
    const offline = await runCli(['what-if', '--input', DEMO, '--change', CHANGE, '--out', offlineDir, '-q']);
    const live = await runCli(
      ['what-if', '--subscription', SUB, '--arm-endpoint', emulator.url, '--change', CHANGE, '--out', liveDir, '-q'],
      io,
    );
    expect(live.code).toBe(EXIT.findings);
    expect(live.code).toBe(offline.code);
    expect(brief(read(liveDir))).toEqual(brief(read(offlineDir)));
    expect(read(liveDir).inputs.today).toEqual([`${emulator.url} (AzureCloud): subscriptions ${SUB}`]);
    // Reading only: GETs and the Resource Graph query.
    expect(new Set(emulator.requests.map((r) => r.method))).toEqual(new Set(['GET', 'POST']));
  });

  it('--input and a live scope exclude each other', async () => {
    const { code, stderr } = await runCli(
      ['what-if', '--input', DEMO, '--subscription', SUB, '--arm-endpoint', emulator.url, '--change', CHANGE],
      io,
    );
    expect(stderr).toContain('--input and a live scope');
    expect(code).toBe(EXIT.usage);
  });
});
