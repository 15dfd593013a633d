import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditResult } from '@aro-aks-audit/auditor';
import { type Io, main } from './main.ts';

/** Runs the command in-process and returns its exit code and output. */
export async function runCli(
  args: string[],
  extra: Partial<Io> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    isTty: false,
    now: () => new Date('2026-11-22T00:00:00Z'),
    ...extra,
  };
  const code = await main(args, io);
  return { code, ...out };
}

/** A live audit of one subscription through an emulator, written as findings.json only, never failing on findings. */
export function liveAuditArgs(subscription: string, armEndpoint: string, out: string): string[] {
  return [
    '--subscription',
    subscription,
    '--arm-endpoint',
    armEndpoint,
    '--out',
    out,
    '--format',
    'json',
    '--fail-on',
    'none',
  ];
}

/** The audit of `input` with these options (--features, …) as its findings.json holds it; stderr must stay empty. */
export async function auditFindings(input: string, options: string[] = []): Promise<AuditResult> {
  const out = mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-findings-'));
  const run = await runCli(['--input', input, '--out', out, '--format', 'json', '--fail-on', 'none', '-q', ...options]);
  if (run.stderr !== '') throw new Error(`the audit of ${input} wrote to stderr: ${run.stderr}`);
  return JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as AuditResult;
}
