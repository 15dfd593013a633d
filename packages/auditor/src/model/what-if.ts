/** The result of `what-if`: what a proposed change does to the audit, as `whatif.json` holds it. */
import type { AuditError, CoverageVerdict, Finding } from './finding.ts';

/** One resource the change touches. */
export interface WhatIfChange {
  resourceId: string;
  /** As the change document writes it (`Create`, `Modify`, `Delete`, … or `create`, `update`, `delete`, `replace`). */
  changeType: string;
  /** The document and the change's place in it (JSON pointer, Terraform address, file). */
  source: string;
  /** How it was applied, when a reviewer should know (not in the input, not supported by what-if, …). */
  notes?: string[];
}

/** A cluster × endpoint whose verdict the change moves. */
export interface VerdictChange {
  cluster: string;
  clusterId: string;
  /** The catalog entry id of the endpoint. */
  endpoint: string;
  destination: string;
  protocol: string;
  port: string;
  required: boolean;
  /** `not-evaluated`: the state gives no verdict for the endpoint (its egress does not reach a firewall, the cluster is absent, …). */
  before: CoverageVerdict | 'not-evaluated';
  after: CoverageVerdict | 'not-evaluated';
  witnessBefore: string;
  witnessAfter: string;
}

export interface WhatIfResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  generatedAt: string;
  /** The one line a reviewer reads first: "this change blocks 1 required endpoint of aks-teamb-eastus; …". */
  verdict: string;
  /** Today's state (input directory or live scope) and the change documents. */
  inputs: { today: string[]; changes: string[] };
  changes: WhatIfChange[];
  /** Open (failing or undecided) in the proposed state, and not so today — or undecided today and failing after. */
  introduced: Finding[];
  /** Open today, and passed, skipped or no longer reported by the complete audit of the proposed state. */
  resolved: Finding[];
  /**
   * Open today and not reported by the proposed state's audit, which was incomplete or judged the
   * finding's resource as a whole (a cluster whose egress no longer reaches a firewall has no
   * per-endpoint verdict): neither resolved nor open.
   */
  notReassessed: Finding[];
  /** Open in both states. */
  unchanged: number;
  verdictChanges: VerdictChange[];
  /** Something could not be read or applied (today's state, the proposed state or the change): not a clean result. */
  incomplete: boolean;
  errors: AuditError[];
  /** How the change was read and applied (diagnostics, potential changes, types the audit does not read). */
  notes: string[];
}

/** Why a what-if result is not a clean one. */
export const INCOMPLETE =
  'Incomplete: some of the input or the change could not be read or applied, or a value is known only once the change is made.';
