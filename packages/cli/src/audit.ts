import path from 'node:path';
import {
  type AuditError,
  type AuditResult,
  type CollectedResources,
  type InputError,
  type Inventory,
  type LogEvidence,
  mergeLogEvidence,
  normalizeResources,
  runAudit,
  type Suppression,
  sourceGroupsOf,
} from '@aro-aks-audit/auditor';
import { collectFiles, readLogFileEvidence } from '@aro-aks-audit/auditor/io';
import { ALL_CHECKS, type RulesSettings } from '@aro-aks-audit/rules';
import { applyClusterCidrs } from './audit-options.ts';

export interface AuditOptions {
  /** Firewall log files to read (`--logs`). */
  logs: string[];
  /** Log evidence a caller already gathered (Log Analytics); merged with the files' evidence. */
  logEvidence?: LogEvidence[];
  /**
   * Gathers log evidence for the final inventory (after --cluster-cidr), whose clusters and subnets
   * are the source groups: the live audit's Log Analytics queries.
   */
  gatherLogEvidence?: (inventory: Inventory) => Promise<LogEvidence[]>;
  /** `NAME=CIDR[,CIDR]`: egress source ranges of clusters outside Azure (Arc). */
  clusterCidrs: string[];
  now: Date;
  version: string;
  settings?: RulesSettings;
  /** The `--suppressions` file's entries, and its entries that are not valid (named by file and line). */
  suppressions?: { entries: Suppression[]; errors: AuditError[] };
  /** Told about input that was read with a doubt (bytes not valid UTF-8): a warning, not an error. */
  onWarning?: (warning: AuditError) => void;
  /** Adds what the raw resources cannot say to the normalized inventory (what-if: values not known before the change). */
  amendInventory?: (inventory: Inventory) => void;
}

/**
 * An input error as the reports say it: where (the file with its line and column, else the resource)
 * and what, each said once.
 */
export function describeInputError(e: InputError): { source: string; message: string } {
  if (e.file !== undefined) {
    const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
    return { source: `${e.file}${at}`, message: e.message };
  }
  if (e.resourceId !== undefined) {
    const prefix = `${e.resourceId}: `;
    return { source: e.resourceId, message: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message };
  }
  return { source: 'input', message: e.message };
}

/** Offline audit of a directory of ARM JSON: collect, normalize, run every check. */
export async function auditDirectory(options: AuditOptions & { input: string }): Promise<AuditResult> {
  const collected = await collectFiles(options.input);
  return auditCollected(collected, { ...options, inputs: [path.resolve(options.input)] });
}

/**
 * The audit of collected resources, whoever collected them (files or live Azure): the same raw form
 * goes through the same normalize and checks, so a snapshot audits exactly like the live environment.
 */
export async function auditCollected(
  collected: CollectedResources,
  options: AuditOptions & { inputs: string[] },
): Promise<AuditResult> {
  const normalized = normalizeResources(collected.resources, {
    alreadyUnavailable: collected.errors.flatMap((e) => e.resourceId ?? []),
  });
  const { inventory } = normalized;
  const inputErrors = [...collected.errors, ...normalized.errors, ...normalized.unresolved];
  // Unreadable input is recorded as unavailable, so checks say "unknown", never "pass".
  for (const error of inputErrors) {
    const { source, message } = describeInputError(error);
    inventory.unavailable.push({
      what: source,
      ...(error.file && { file: error.file }),
      ...(error.resourceId && { resourceId: error.resourceId }),
      cause: message,
    });
  }
  const errors: AuditError[] = inputErrors.map(describeInputError);
  for (const warning of collected.warnings ?? []) {
    const described = describeInputError(warning);
    inventory.notes.push({
      kind: 'warning',
      message: `${described.source}: ${described.message}`,
      ...(warning.file && { file: warning.file }),
    });
    options.onWarning?.(described);
  }
  options.amendInventory?.(inventory);
  errors.push(...applyClusterCidrs(inventory, options.clusterCidrs));
  const logs = await logEvidenceFor(inventory, options.logs, [
    ...(collected.logEvidence ?? []),
    ...(options.logEvidence ?? []),
    ...(options.gatherLogEvidence ? await options.gatherLogEvidence(inventory) : []),
  ]);
  if (logs) markPartialLogs(inventory, logs);
  return runAudit(ALL_CHECKS, {
    inventory,
    settings: options.settings ?? {},
    tool: { name: 'aro-aks-audit', version: options.version },
    generatedAt: options.now,
    inputs: [...options.inputs, ...options.logs.map((l) => path.resolve(l))],
    errors: [...errors, ...(options.suppressions?.errors ?? [])],
    ...(logs && { logs }),
    ...(options.suppressions && { suppressions: options.suppressions.entries }),
  });
}

/**
 * The files' flows, aggregated by the inventory's clusters and subnets (the source groups must come
 * from the final inventory, after --cluster-cidr), merged with evidence the caller gathered.
 */
async function logEvidenceFor(
  inventory: Inventory,
  files: readonly string[],
  gathered: readonly LogEvidence[],
): Promise<LogEvidence | undefined> {
  const evidences = [...gathered];
  if (files.length > 0) {
    const sourceGroups = sourceGroupsOf(inventory);
    // One file after another: a large CSV export is itself read by worker threads, one per core.
    const fromFiles: LogEvidence[] = [];
    for (const file of files) fromFiles.push(await readLogFileEvidence(file, { sourceGroups }));
    evidences.unshift(...fromFiles);
  }
  return evidences.length > 0 ? mergeLogEvidence(evidences) : undefined;
}

/** How many rejected rows a source's unavailable entry names. */
const REJECTED_NAMED = 3;

/**
 * Log evidence that is not whole makes the audit incomplete, like any input that could not be read:
 * a source that failed (missing file, corrupt gzip, unknown format), rows that were rejected (one of
 * them may be the deny that matters), records dropped at the aggregate bound. The log-based findings
 * are still reported; the result is never clean (exit 3 unless a finding fails).
 */
function markPartialLogs(inventory: Inventory, logs: LogEvidence): void {
  for (const source of logs.sources) {
    if (source.error !== undefined) {
      inventory.unavailable.push({ what: `log source ${source.source}`, file: source.source, cause: source.error });
    }
    if (source.rowsRejected > 0) {
      const named = source.rejected
        .slice(0, REJECTED_NAMED)
        .map((r) => (r.line !== undefined ? `line ${r.line}: ${r.reason}` : r.reason));
      inventory.unavailable.push({
        what: `${source.rowsRejected} of ${source.rowsRead + source.rowsRejected} rows of log source ${source.source}`,
        file: source.source,
        cause: `the rows could not be parsed (${named.join('; ')}${source.rowsRejected > named.length ? '; …' : ''})`,
      });
    }
  }
  if (logs.droppedHits > 0) {
    inventory.unavailable.push({
      what: `${logs.droppedHits} logged hits`,
      cause: 'the logs hold more distinct flows than the aggregate bound; these hits were not aggregated',
    });
  }
}
