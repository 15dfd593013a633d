/**
 * The KQL that aggregates firewall logs inside Log Analytics, so the service returns one row per
 * (source group, destination, port, protocol, action, deciding rule) rather than one per flow. Pure
 * text builders; collect/azure/log-analytics.ts sends them and turns the rows back into FlowRecords
 * with the same row builders the file path uses (ingest/tables.ts), so both paths aggregate alike.
 *
 * Shape of every query (the time window is the request's `timespan`, never written in the text):
 *
 *     <table>
 *     | where _ResourceId in~ (…)                       only when the firewalls are known
 *     | extend SourceGroup = case(ipv4_is_in_range(SourceIp, '<cidr>'), '<group>', …, <unknown:/24>)
 *     | extend Hour = iff(<denied>, bin(TimeGenerated, 1h), datetime(null))
 *     | summarize Rows = count(), Hits = count() | sum(<count column>), FirstSeen = min(TimeGenerated),
 *                 LastSeen = max(TimeGenerated), SampleSourceIps = make_set(SourceIp, 5)
 *                 by SourceGroup, Hour, <the columns the row builder reads>
 *
 * Source addresses are mapped to groups in KQL from the same SourceGroups (most specific CIDR first,
 * as classifierFor decides), so the rows are bounded by groups, not by client addresses. Denied
 * traffic is additionally split by hour (the aggregator keeps the hours of denies from claimed sources).
 *
 * Legacy AzureDiagnostics rows carry everything in `msg_s`. Rather than re-implementing the message
 * grammar in KQL, the query blanks the parts that vary per flow (client address and port, DNS query
 * id, sizes and duration) and groups by the rest of the message; the client parses that message with
 * the real legacy parser (ingest/legacy-message.ts).
 */
import type { LogTable } from '../model/flows.ts';
import type { SourceGroup } from './sources.ts';

/** Quotes a string literal for KQL (single quotes, backslash escapes). */
export function kqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A verbatim regex literal (`@'…'`; a quote is doubled). */
const kqlRegex = (pattern: string) => `@'${pattern.replace(/'/g, "''")}'`;

/** The legacy AzureDiagnostics categories the audit reads. */
export const LEGACY_CATEGORIES = [
  'AzureFirewallApplicationRule',
  'AzureFirewallNetworkRule',
  'AzureFirewallDnsProxy',
] as const satisfies readonly LogTable[];

/** How one resource-specific table is summarized: the columns its row builder reads. */
export interface SummarizedTable {
  table: LogTable;
  /** Grouped columns, `Name` or `Name = expression`. */
  keys: string[];
  /** The pre-aggregated count column of the hourly *Aggregation tables (summed, not counted). */
  countColumn?: string;
  /** The expression that is true for a denied row (hourly split). */
  denied: string;
}

// Optional columns are read through column_ifexists: the *Aggregation tables and older workspaces do
// not have every column, and a missing column would fail the whole query.
const str = (name: string) => `${name} = tostring(column_ifexists(${kqlString(name)}, ''))`;
const int = (name: string) => `${name} = toint(column_ifexists(${kqlString(name)}, int(null)))`;
const DENIED = `tostring(column_ifexists('Action', '')) =~ 'Deny'`;
const RULE_KEYS = [str('Policy'), str('RuleCollectionGroup'), str('RuleCollection'), str('Rule'), str('ActionReason')];
// An application row without Fqdn is destined to its TargetUrl's host (ingest/tables.ts hostOfUrl):
// only the host is kept, so per-URL paths do not multiply the rows.
const TARGET_HOST = `TargetUrl = iff(isempty(tostring(column_ifexists('Fqdn', ''))), extract(${kqlRegex('^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?([^/?#:]*)')}, 1, tostring(column_ifexists('TargetUrl', ''))), '')`;
const FQDN = `Fqdn = tolower(tostring(column_ifexists('Fqdn', '')))`;

const application = (table: LogTable, countColumn?: string): SummarizedTable => ({
  table,
  keys: [FQDN, TARGET_HOST, int('DestinationPort'), str('Protocol'), str('Action'), ...RULE_KEYS],
  ...(countColumn && { countColumn }),
  denied: DENIED,
});
const network = (table: LogTable, countColumn?: string): SummarizedTable => ({
  table,
  keys: [str('DestinationIp'), int('DestinationPort'), str('Protocol'), str('Action'), ...RULE_KEYS],
  ...(countColumn && { countColumn }),
  denied: DENIED,
});
const nat = (table: LogTable, countColumn?: string): SummarizedTable => ({
  table,
  keys: [
    str('DestinationIp'),
    int('DestinationPort'),
    str('Protocol'),
    str('TranslatedIp'),
    int('TranslatedPort'),
    ...RULE_KEYS,
  ],
  ...(countColumn && { countColumn }),
  denied: 'false',
});

/** The resource-specific tables, in the order they are queried. */
export const RESOURCE_SPECIFIC_TABLES: readonly SummarizedTable[] = [
  application('AZFWApplicationRule'),
  network('AZFWNetworkRule'),
  nat('AZFWNatRule'),
  {
    table: 'AZFWDnsQuery',
    keys: [
      `QueryName = tolower(tostring(column_ifexists('QueryName', '')))`,
      str('QueryType'),
      str('ResponseCode'),
      str('ErrorMessage'),
      str('Protocol'),
    ],
    denied: 'false',
  },
  {
    table: 'AZFWThreatIntel',
    keys: [
      FQDN,
      str('DestinationIp'),
      int('DestinationPort'),
      str('Protocol'),
      str('Action'),
      str('ThreatDescription'),
    ],
    denied: DENIED,
  },
  {
    table: 'AZFWIdpsSignature',
    keys: [
      str('DestinationIp'),
      int('DestinationPort'),
      str('Protocol'),
      str('Action'),
      str('SignatureId'),
      str('Description'),
      str('Category'),
      int('Severity'),
    ],
    denied: DENIED,
  },
  application('AZFWApplicationRuleAggregation', 'ApplicationRuleCount'),
  network('AZFWNetworkRuleAggregation', 'NetworkRuleCount'),
  nat('AZFWNatRuleAggregation', 'NatRuleCount'),
];

/** Every table name the presence query looks for. */
export const LOG_ANALYTICS_TABLES: readonly string[] = [
  ...RESOURCE_SPECIFIC_TABLES.map((t) => t.table),
  'AzureDiagnostics',
];

// ── Legacy msg_s ──

// The address a legacy message was sent from: `… request from <ip>[:<port>]`, `DNS Request: <ip>:<port>`,
// or, for a DNS proxy failure, the firewall's own socket `read udp <ip>:<port>->…`.
const IPV4 = '[0-9]{1,3}(?:\\.[0-9]{1,3}){3}';
const LEGACY_SOURCE = [
  `(?:request from|DNS Request:)\\s+(${IPV4})`,
  `(?:read|write|dial)\\s+(?:udp|tcp)\\s+(${IPV4}):`,
];

/**
 * Rewrites that blank what varies per flow in a legacy message, in order: `[pattern, replacement]`
 * for replace_regex (RE2; `\1` is the first group). The results still parse with parseLegacyMessage:
 * the source becomes 0.0.0.0 (the client puts a sampled source back), the DNS query id, sizes and
 * duration become 0.
 */
export const LEGACY_MESSAGE_REWRITES: readonly (readonly [string, string])[] = [
  [`request from\\s+${IPV4}:[0-9]+`, 'request from 0.0.0.0:0'],
  [`request from\\s+${IPV4}(\\s)`, 'request from 0.0.0.0\\1'],
  // DNS Request: <client> – <id> <type> <class> <name> <proto> <size> <do> <bufsize> <rcode> <flags> <respsize> <duration>
  [
    '^\\s*DNS Request:\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+\\s+\\S+\\s+\\S+\\s+\\S+)\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+).*$',
    'DNS Request: 0.0.0.0:0 - 0 \\1 0 false 0 \\2 - 0 0s',
  ],
  // Error: <n> <name> <type>: read udp <local>-><upstream>: <cause>
  [
    `^\\s*Error:\\s+[0-9]+\\s+(\\S+\\s+\\S+:\\s+(?:read|write|dial)\\s+\\S+\\s+)${IPV4}:[0-9]+`,
    'Error: 0 \\1 0.0.0.0:0',
  ],
];

const LEGACY_DENIED = `msg_s matches regex ${kqlRegex('(?i)(Action:\\s*deny|was denied)')}`;

// ── Source groups ──

function cidrBits(cidr: string): number {
  const slash = cidr.indexOf('/');
  if (slash === -1) return cidr.includes(':') ? 128 : 32;
  const bits = Number(cidr.slice(slash + 1));
  return Number.isInteger(bits) ? bits : -1;
}

/**
 * `case(...)` mapping SourceIp to its group: most specific CIDR first, earlier group among equals (the
 * order classifierFor uses), else `unknown:<ip>/24` as the file aggregator names it. IPv6 sources no
 * group holds become `unknown6:<address masked to /64>` (Kusto writes IPv6 in its own full form); the
 * client rewrites that to the aggregator's `unknown:<prefix>::/64`.
 */
export function sourceGroupExpression(groups: readonly SourceGroup[], column = 'SourceIp'): string {
  const cidrs = groups
    .flatMap((g) => g.cidrs.map((cidr) => ({ group: g.group, cidr: cidr.trim(), bits: cidrBits(cidr.trim()) })))
    .filter((c) => c.bits >= 0)
    .map((c, index) => ({ ...c, index }))
    .sort((a, b) => b.bits - a.bits || a.index - b.index);
  const unknown = `iff(isnotnull(parse_ipv4(${column})), strcat('unknown:', format_ipv4_mask(${column}, 24)), iff(isnotempty(parse_ipv6_mask(${column}, 64)), strcat('unknown6:', parse_ipv6_mask(${column}, 64)), strcat('unknown:', ${column})))`;
  if (cidrs.length === 0) return unknown;
  const branches = cidrs.map(({ group, cidr }) => {
    const test = cidr.includes(':') ? 'ipv6_is_in_range' : 'ipv4_is_in_range';
    return `${test}(${column}, ${kqlString(cidr.includes('/') ? cidr : `${cidr}/${cidrBits(cidr)}`)}), ${kqlString(group)}`;
  });
  return `case(${branches.join(', ')}, ${unknown})`;
}

// ── Queries ──

/** A time range (epoch ms): `from` inclusive, `to` exclusive. */
export interface KqlWindow {
  from: number;
  to: number;
}

export interface SummarizeQueryOptions {
  groups: readonly SourceGroup[];
  /** The firewalls whose rows are read (ARM ids); all rows of the table when absent. */
  firewallIds?: readonly string[] | undefined;
  /**
   * Written into the query as well as sent as the request's timespan: the service intersects both, and
   * the half-open range in the text keeps a row on the boundary of two split halves in exactly one.
   */
  window?: KqlWindow | undefined;
}

function filters(firewallIds: readonly string[] | undefined, window: KqlWindow | undefined): string[] {
  const lines: string[] = [];
  if (window) {
    lines.push(
      `| where TimeGenerated >= datetime(${new Date(window.from).toISOString()}) and TimeGenerated < datetime(${new Date(window.to).toISOString()})`,
    );
  }
  if (firewallIds && firewallIds.length > 0) {
    lines.push(`| where _ResourceId in~ (${firewallIds.map(kqlString).join(', ')})`);
  }
  return lines;
}

const MEASURES = (hits: string) =>
  `Rows = count(), Hits = ${hits}, FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), SampleSourceIps = make_set(SourceIp, 5)`;

/**
 * Which tables (and AzureDiagnostics categories) have firewall rows in the window, per hour and
 * firewall: the tables found, the hours the logs cover and the firewalls they name.
 */
export function presenceQuery(firewallIds?: readonly string[], window?: KqlWindow): string {
  return [
    `union withsource=SourceTable isfuzzy=true ${LOG_ANALYTICS_TABLES.join(', ')}`,
    ...filters(firewallIds, window),
    `| extend Category = tostring(column_ifexists('Category', ''))`,
    `| where SourceTable != 'AzureDiagnostics' or Category in (${LEGACY_CATEGORIES.map(kqlString).join(', ')})`,
    `| summarize Rows = count() by SourceTable, Category, Hour = bin(TimeGenerated, 1h), FirewallId = tolower(_ResourceId)`,
  ].join('\n');
}

/** The summarize query of one resource-specific table. */
export function summarizeTableQuery(spec: SummarizedTable, options: SummarizeQueryOptions): string {
  const hits = spec.countColumn ? `sum(tolong(${spec.countColumn}))` : 'count()';
  return [
    spec.table,
    ...filters(options.firewallIds, options.window),
    `| extend SourceGroup = ${sourceGroupExpression(options.groups)}`,
    `| extend Hour = iff(${spec.denied}, bin(TimeGenerated, 1h), datetime(null))`,
    `| summarize ${MEASURES(hits)} by SourceGroup, Hour, ${spec.keys.join(', ')}`,
  ].join('\n');
}

/** The summarize query of the legacy AzureDiagnostics firewall categories. */
export function summarizeLegacyQuery(options: SummarizeQueryOptions): string {
  const source = `coalesce(${LEGACY_SOURCE.map((p) => `extract(${kqlRegex(p)}, 1, msg_s)`).join(', ')})`;
  let message = 'msg_s';
  for (const [pattern, replacement] of LEGACY_MESSAGE_REWRITES) {
    message = `replace_regex(${message}, ${kqlRegex(pattern)}, ${kqlRegex(replacement)})`;
  }
  return [
    'AzureDiagnostics',
    `| where Category in (${LEGACY_CATEGORIES.map(kqlString).join(', ')})`,
    ...filters(options.firewallIds, options.window),
    `| extend SourceIp = ${source}`,
    `| extend SourceGroup = ${sourceGroupExpression(options.groups)}`,
    `| extend Hour = iff(${LEGACY_DENIED}, bin(TimeGenerated, 1h), datetime(null))`,
    `| summarize ${MEASURES('count()')} by SourceGroup, Hour, Category, OperationName = tostring(column_ifexists('OperationName', '')), Message = ${message}`,
  ].join('\n');
}
