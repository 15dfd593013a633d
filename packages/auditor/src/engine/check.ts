import type { Analysis } from '../evaluate/egress-paths.ts';
import type {
  BeyondRequiredRule,
  CoverageVerdict,
  Evidence,
  FindingCluster,
  FindingEndpoint,
  FindingResource,
  Remediation,
  Severity,
  Status,
} from '../model/finding.ts';
import type { LogEvidence } from '../model/flows.ts';
import type { Inventory } from '../model/inventory.ts';
import type { Suppression } from './suppressions.ts';

/** Values a message template may interpolate: `{{name}}` is replaced by `data.name`. */
export type MessageData = Record<string, string | number | boolean>;

export interface CheckMeta<MessageId extends string> {
  /** Kebab-case id: file name, docs page, CLI and suppression key. Never renamed without an alias. */
  id: string;
  /** Permanent code (`AZFW101`): SARIF rule id and fingerprint input. Never reused. */
  code: `AZFW${number}`;
  severity: Severity;
  /** States the desired condition, e.g. "Required egress is allowed by the firewall". */
  title: string;
  risk: string;
  remediation: string;
  references: readonly string[];
  messages: Readonly<Record<MessageId, string>>;
}

/** What a check sees: the inventory, shared analyses (routes, firewall programs) and settings. */
export interface CheckContext<Settings = unknown> {
  inventory: Inventory;
  analysis: Analysis;
  settings: Settings;
  /** The audit's clock (the result's generatedAt): what "expired" or "recent" means, without reading the system clock. */
  now: Date;
  /** Firewall log evidence; undefined when no logs were given (log-based checks then skip). */
  logs?: LogEvidence;
  /** The suppressions file's entries; undefined when none was given. */
  suppressions?: readonly Suppression[];
}

/** What a check yields; the engine turns it into a Finding. */
export interface FindingDraft<MessageId extends string = string> {
  status: Status;
  messageId: MessageId;
  data?: MessageData;
  resource: FindingResource;
  subject?: string;
  cluster?: FindingCluster;
  endpoint?: FindingEndpoint;
  evidence?: Evidence[];
  /** Overrides or extends `meta.remediation` with a concrete fix (text, CLI command, JSON). */
  remediation?: Partial<Remediation>;
  /** Overrides `meta.severity` when the impact differs per finding (e.g. an optional endpoint). */
  severity?: Severity;
  /** Set by checks that decide a cluster × endpoint verdict; the engine collects them as coverage. */
  coverage?: { endpointId: string; required: boolean; verdict: CoverageVerdict; witness: string; firewallId?: string };
  /**
   * Set by checks that find denied required traffic in the logs: its hits per hour (epoch ms of the
   * hour's start). The engine sums them per cluster into the result's `logs.deniedRequiredTimeline`.
   */
  deniedRequiredHours?: { hour: number; hits: number }[];
}

/**
 * What a check that decides cluster egress says about a whole cluster, beyond its per-endpoint
 * coverage: why no endpoint could be judged, and the allow rules that reach beyond the cluster's
 * requirements. The engine merges these into the result's `clusters`.
 */
export interface ClusterContribution {
  clusterId: string;
  /** `unknown`: what is needed could not be read or decided; `not-audited`: nothing to judge against. */
  undecided?: { verdict: 'unknown' | 'not-audited'; reason: string };
  beyondRequired?: BeyondRequiredRule[];
}

export interface Check<MessageId extends string = string, Settings = unknown> {
  meta: CheckMeta<MessageId>;
  run(context: CheckContext<Settings>): Iterable<FindingDraft<MessageId>>;
  /** Only for checks that decide cluster egress: their per-cluster account (see ClusterContribution). */
  clusters?(context: CheckContext<Settings>): Iterable<ClusterContribution>;
}

/** Identity function that lets TypeScript infer message ids from `meta.messages`. */
export function defineCheck<MessageId extends string, Settings = unknown>(
  check: Check<MessageId, Settings>,
): Check<MessageId, Settings> {
  return check;
}

/**
 * What rendering does with a `{{key}}` the data lacks: `keep` leaves it in the text (an audit never
 * loses a finding over its wording), `throw` fails, naming the key (the check tester: a case that
 * renders proves its check gives every value its message names).
 */
export type MissingKey = 'keep' | 'throw';

export function renderMessage(template: string, data: MessageData = {}, missing: MissingKey = 'keep'): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const value = Object.hasOwn(data, key) ? data[key] : undefined;
    if (value !== undefined) return String(value);
    if (missing === 'throw') throw new Error(`the message "${template}" names {{${key}}}, which the data lacks`);
    return whole;
  });
}
