/**
 * Firewall log evidence: what the firewall actually did. Parsers turn every log shape (resource-specific
 * AZFW* tables, legacy AzureDiagnostics `msg` text, archives) into FlowRecords; the aggregator reduces
 * them to bounded FlowAggregates, which is all the checks see.
 */

export type FlowAction = 'Allow' | 'Deny' | 'Alert' | 'Drop' | 'Dnat' | 'Unknown';

export type LogTable =
  | 'AZFWApplicationRule'
  | 'AZFWNetworkRule'
  | 'AZFWNatRule'
  | 'AZFWDnsQuery'
  | 'AZFWThreatIntel'
  | 'AZFWIdpsSignature'
  | 'AZFWApplicationRuleAggregation'
  | 'AZFWNetworkRuleAggregation'
  | 'AZFWNatRuleAggregation'
  | 'AzureFirewallApplicationRule'
  | 'AzureFirewallNetworkRule'
  | 'AzureFirewallDnsProxy';

/** One logged flow (or, for the hourly *Aggregation tables, one pre-aggregated row with its count). */
export interface FlowRecord {
  /** Epoch milliseconds. */
  time: number;
  table: LogTable;
  /** The firewall the row came from (ARM id), when the row says. */
  firewallId?: string;
  sourceIp: string;
  sourcePort?: number;
  /**
   * The FQDN for application rules and FQDN network rules (DNS: the query name, without its final dot);
   * otherwise the destination IP. `''` when the log names none: an HTTPS request without SNI is logged
   * as `HTTPS request from 10.0.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.`
   */
  destination: string;
  destinationIp?: string;
  port?: number;
  /** `TCP`, `UDP`, `ICMP`, or the application protocol (`HTTPS`, `HTTP`, `MSSQL`). */
  protocol: string;
  /** DNS proxy records are `Unknown`: the proxy resolves names, it neither allows nor denies. */
  action: FlowAction;
  policy?: string;
  ruleCollectionGroup?: string;
  ruleCollection?: string;
  rule?: string;
  /** Why no rule matched (`Default Action`, `No rule matched`), threat intel, SNI missing, … */
  actionReason?: string;
  webCategory?: string;
  /** Rows this record stands for (1, or the count of an Aggregation-table row). */
  count: number;
  /** The logged URL (`Url:` in legacy messages, `TargetUrl`): HTTP, or HTTPS under TLS inspection. */
  targetUrl?: string;
  /** DNAT: where the firewall sent the packet (`was DNAT'ed to <ip>:<port>`, `TranslatedIp`/`TranslatedPort`). */
  translatedIp?: string;
  translatedPort?: number;
  /** DNS proxy records: the query type (`A`, `AAAA`). Their outcome (`NOERROR`, `i/o timeout`) is the actionReason. */
  dnsQueryType?: string;
  /** IDPS records: the signature that alerted or dropped (legacy `Signature/IDS/Priority/Classification`). */
  idpsSignature?: { id: string; description?: string; severity?: number; category?: string };
}

/**
 * Flows reduced to what the checks need, with memory bounded by the number of distinct keys: one
 * aggregate per (source group, destination, port, protocol, action, deciding rule or reason).
 */
/** Hits per hour: `hits[i]` in the hour starting at `hours[i]` (epoch ms), hours ascending. */
export interface HourlyHits {
  hours: number[];
  hits: number[];
}

export interface FlowAggregate {
  /** The classifier's answer for the source IP (a cluster name), else `unknown:<ip>/24` (IPv6: `/64`). */
  sourceGroup: string;
  /** Lower-cased: FQDNs compare case-insensitively. */
  destination: string;
  port?: number;
  protocol: string;
  action: FlowAction;
  /**
   * The deciding rule as `policy / group / collection / rule` (classic rules: `collection / rule`),
   * else the action reason (`Default Action`, `ThreatIntel: Bot Networks`), else undefined.
   */
  decidedBy?: string;
  policy?: string;
  ruleCollectionGroup?: string;
  ruleCollection?: string;
  rule?: string;
  actionReason?: string;
  /** The tables the flows came from. */
  tables: LogTable[];
  /** Sum of the records' `count`. */
  hits: number;
  /** Epoch milliseconds of the earliest and latest record. */
  firstSeen: number;
  lastSeen: number;
  /** Up to five distinct source IPs, in the order first seen. */
  sampleSourceIps: string[];
  /**
   * Deny aggregates of sources a group claims (a cluster, a subnet) only: hits per hour (epoch ms of
   * the hour's start), sorted, so a report can chart denied required traffic over time — traffic from
   * unknown sources is never required, and its hours would cost memory for nothing. At most
   * `maxHourlyBuckets` hours are kept per aggregate (93 days by default); later hours still count in
   * `hits`. Two arrays, not an object per hour: a week of hours for thousands of aggregates.
   */
  hourlyHits?: HourlyHits;
}

/** Where log evidence came from and how much of it there was: "no denies" means little without this. */
export interface LogSourceSummary {
  /** File path or `Log Analytics workspace <id>`. */
  source: string;
  tables: LogTable[];
  rowsRead: number;
  rowsRejected: number;
  /** The first few rejected rows: where and why. */
  rejected: { line?: number; reason: string }[];
  /** Earliest and latest row time (epoch ms), when any row was read. */
  firstSeen?: number;
  lastSeen?: number;
  /**
   * The time the source was asked for (a workspace query's timespan), when the reader knows it: the
   * logs' window then spans it even where no row was logged, so "no hits" is weighed over what was asked.
   */
  requestedWindow?: { from: number; to: number };
  /** How the content was read: recognised by content, not by file name. */
  format?: 'csv' | 'json-lines' | 'json';
  /** The bytes were gzip-compressed (storage-account archives, `.csv.gz` exports). */
  gzip?: boolean;
  /**
   * Well-formed rows that are not firewall flows (another AzureDiagnostics category, an AZFW table the
   * audit does not read such as AZFWFlowTrace), with why; not counted as rejected.
   */
  rowsIgnored?: number;
  ignored?: { reason: string; rows: number }[];
  /**
   * Why the source was not read to its end (cannot be opened, not a log format the audit knows, corrupt
   * gzip): the rows before it are still counted. The caller marks the audit incomplete.
   */
  error?: string;
}

/**
 * Everything the log-based checks see, whatever the source (files, Log Analytics): how much evidence
 * there was and the flows reduced to aggregates. Several LogEvidence (one per source kind) merge into
 * one with mergeLogEvidence.
 */
export interface LogEvidence {
  sources: LogSourceSummary[];
  aggregates: FlowAggregate[];
  /** Hits not aggregated because the aggregate bound was reached: missing from the aggregates. */
  droppedHits: number;
  /** The firewalls the rows name (ARM ids as the rows write them, lower-cased), sorted. */
  firewallIds: string[];
  /**
   * The hours (epoch ms of each hour's start) in which any row was logged, sorted: how much of the
   * window the logs actually cover, so "no hits" is said over hours that had logs.
   */
  coveredHours: number[];
}

/** The time the sources cover (epoch ms): their rows' span, widened to the span they were asked for. */
export function logWindowOf(evidence: LogEvidence): { from: number; to: number } | undefined {
  const firsts = evidence.sources.flatMap((s) => [s.firstSeen, s.requestedWindow?.from]).filter((t) => t !== undefined);
  const lasts = evidence.sources.flatMap((s) => [s.lastSeen, s.requestedWindow?.to]).filter((t) => t !== undefined);
  if (firsts.length === 0 || lasts.length === 0) return undefined;
  return { from: Math.min(...firsts), to: Math.max(...lasts) };
}
