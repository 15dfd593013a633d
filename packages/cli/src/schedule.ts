/**
 * The scheduled job's options: `--baseline PREVIOUS.json` (what changed since the last run),
 * `--suppressions FILE` (accepted risks) and `--timestamp` (report files that do not overwrite each
 * other in an archive). Reading the files is here; comparing and suppressing are the engine's.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AuditResult, parseBaseline, parseSuppressions } from '@aro-aks-audit/auditor';
import type { AuditOptions } from './audit.ts';

const causeOf = (error: unknown) =>
  (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;

/** The previous result, or a usage error naming the file: a scheduled job must not silently lose its memory. */
export async function readBaseline(file: string): Promise<{ result: AuditResult } | { error: string }> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => ({ error: causeOf(error) }));
  if (typeof text !== 'string') return { error: `--baseline ${file}: ${text.error}` };
  const parsed = parseBaseline(text, file);
  return 'error' in parsed ? { error: `--baseline ${parsed.error}` } : parsed;
}

/**
 * The suppressions of the file; a file that cannot be read is a usage error, while entries that are not
 * valid become audit errors naming file and line (the valid ones still apply, the audit is incomplete).
 */
export async function readSuppressions(file: string): Promise<AuditOptions['suppressions'] | { error: string }> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => ({ error: causeOf(error) }));
  if (typeof text !== 'string') return { error: `--suppressions ${file}: ${text.error}` };
  const { suppressions, errors } = parseSuppressions(text, file);
  return { entries: suppressions, errors };
}

/** `findings.json` → `findings-20261122T030000Z.json`: the run's UTC time, so archived runs sort by name. */
export function stampedName(file: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  const extension = file.endsWith('.ocsf.json') ? '.ocsf.json' : path.extname(file);
  return `${file.slice(0, file.length - extension.length)}-${stamp}${extension}`;
}
