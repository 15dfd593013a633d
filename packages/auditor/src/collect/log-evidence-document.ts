/**
 * Log evidence as a file of the offline input: what a live collection read from Log Analytics (the
 * aggregates, the sources' summaries with their errors, the hours and firewalls covered), written by
 * the snapshot next to the ARM files and read back by the file collector, so the audit of a snapshot
 * sees exactly the evidence the live audit saw. Recognised by content (`type`), like the snapshot's
 * manifest. The aggregates keep the source groups they were read with: the snapshot is what was read.
 * Pure.
 */
import type { LogEvidence } from '../model/flows.ts';
import type { InputError } from '../model/raw.ts';

export const LOG_EVIDENCE_TYPE = 'aro-aks-audit/log-evidence';

export interface LogEvidenceDocument {
  type: typeof LOG_EVIDENCE_TYPE;
  /** Where it was read from, for a reader of the file (`Log Analytics workspace <id> …`). */
  sources: string[];
  evidence: LogEvidence;
}

/** The document a snapshot writes for one evidence. */
export function logEvidenceDocument(evidence: LogEvidence): LogEvidenceDocument {
  return { type: LOG_EVIDENCE_TYPE, sources: evidence.sources.map((s) => s.source), evidence };
}

/** The snapshot file name of the n-th evidence (`log-evidence-1.json`, …). */
export const logEvidenceFileName = (index: number) => `log-evidence-${index + 1}.json`;

export function isLogEvidenceDocument(doc: unknown): doc is LogEvidenceDocument {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    String((doc as { type?: unknown }).type).toLowerCase() === LOG_EVIDENCE_TYPE
  );
}

const isArray = (value: unknown): value is unknown[] => Array.isArray(value);

/** The evidence of a document, or the input error that says why it cannot be used. */
export function logEvidenceOf(doc: LogEvidenceDocument, file: string): LogEvidence | InputError {
  const e = doc.evidence as Partial<LogEvidence> | undefined;
  if (!e || !isArray(e.sources) || !isArray(e.aggregates) || !isArray(e.coveredHours) || !isArray(e.firewallIds)) {
    return {
      file,
      message: `a log evidence document without sources, aggregates, coveredHours and firewallIds; its evidence is not read`,
    };
  }
  return {
    sources: e.sources,
    aggregates: e.aggregates,
    droppedHits: typeof e.droppedHits === 'number' ? e.droppedHits : 0,
    firewallIds: e.firewallIds,
    coveredHours: e.coveredHours,
  };
}
