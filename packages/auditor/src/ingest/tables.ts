/**
 * The log tables by their columns: which table a header (or a JSON row's keys) is, and how one row of
 * each table becomes a FlowRecord. Columns are from Microsoft's Azure Monitor table reference
 * (azure-reference-other `azure-monitor-ref/tables/includes/azfw*-include.md`; copies of four of them
 * in shared/reference/logs/azure-monitor-table-schemas) and, for the legacy mode, the AzureDiagnostics
 * columns `Category`, `OperationName`, `msg_s`, `ResourceId` (research notes §5.2–5.3).
 *
 * A row reaches the builders through RowSource, so the CSV byte scanner and the JSON paths share them.
 */
import type { FlowAction, FlowRecord, LogTable } from '../model/flows.ts';
import { parseLegacyMessage } from './legacy-message.ts';
import { flowAction, isIpAddress, normalizeProtocol, withoutFinalDot } from './values.ts';

/** The columns the builders read, as small numbers: a header maps each to its index once. */
export const COLUMN = {
  time: 0,
  sourceIp: 1,
  sourcePort: 2,
  destinationIp: 3,
  destinationPort: 4,
  fqdn: 5,
  protocol: 6,
  action: 7,
  policy: 8,
  ruleCollectionGroup: 9,
  ruleCollection: 10,
  rule: 11,
  actionReason: 12,
  webCategory: 13,
  targetUrl: 14,
  resourceId: 15,
  translatedIp: 16,
  translatedPort: 17,
  count: 18,
  queryName: 19,
  queryType: 20,
  responseCode: 21,
  errorMessage: 22,
  threatDescription: 23,
  signatureId: 24,
  description: 25,
  category: 26,
  severity: 27,
  msg: 28,
  operationName: 29,
  type: 30,
} as const;
export type Column = (typeof COLUMN)[keyof typeof COLUMN];
export const COLUMN_COUNT = 31;

/** Column names (lower case, without a ` [UTC]` suffix) → column. */
const COLUMN_BY_NAME = new Map<string, Column>([
  ['timegenerated', COLUMN.time],
  ['time', COLUMN.time],
  ['sourceip', COLUMN.sourceIp],
  ['sourceport', COLUMN.sourcePort],
  ['destinationip', COLUMN.destinationIp],
  ['destinationport', COLUMN.destinationPort],
  ['fqdn', COLUMN.fqdn],
  ['protocol', COLUMN.protocol],
  ['action', COLUMN.action],
  ['policy', COLUMN.policy],
  ['rulecollectiongroup', COLUMN.ruleCollectionGroup],
  ['rulecollection', COLUMN.ruleCollection],
  ['rule', COLUMN.rule],
  ['actionreason', COLUMN.actionReason],
  ['webcategory', COLUMN.webCategory],
  ['targeturl', COLUMN.targetUrl],
  ['_resourceid', COLUMN.resourceId],
  ['resourceid', COLUMN.resourceId],
  ['translatedip', COLUMN.translatedIp],
  ['translatedport', COLUMN.translatedPort],
  ['applicationrulecount', COLUMN.count],
  ['networkrulecount', COLUMN.count],
  ['natrulecount', COLUMN.count],
  ['queryname', COLUMN.queryName],
  ['querytype', COLUMN.queryType],
  ['responsecode', COLUMN.responseCode],
  ['errormessage', COLUMN.errorMessage],
  ['threatdescription', COLUMN.threatDescription],
  ['signatureid', COLUMN.signatureId],
  ['description', COLUMN.description],
  ['category', COLUMN.category],
  ['severity', COLUMN.severity],
  ['msg_s', COLUMN.msg],
  ['msg', COLUMN.msg],
  ['operationname', COLUMN.operationName],
  ['type', COLUMN.type],
]);

/** Names the reasons use for the columns, as Microsoft writes them. */
const COLUMN_LABEL: readonly string[] = [
  'TimeGenerated',
  'SourceIp',
  'SourcePort',
  'DestinationIp',
  'DestinationPort',
  'Fqdn',
  'Protocol',
  'Action',
  'Policy',
  'RuleCollectionGroup',
  'RuleCollection',
  'Rule',
  'ActionReason',
  'WebCategory',
  'TargetUrl',
  '_ResourceId',
  'TranslatedIp',
  'TranslatedPort',
  'the *RuleCount column',
  'QueryName',
  'QueryType',
  'ResponseCode',
  'ErrorMessage',
  'ThreatDescription',
  'SignatureId',
  'Description',
  'Category',
  'Severity',
  'msg_s',
  'OperationName',
  'Type',
];

/**
 * A header name as the column it is. Exports write `TimeGenerated [UTC]` (the portal) or
 * `TimeGenerated` (Kusto, the query API); JSON keys vary in case (`time`, `resourceId` in storage
 * archives; `TimeGenerated` in Log Analytics rows).
 */
export function columnOfName(name: string): Column | undefined {
  const key = name
    .trim()
    .replace(/\s*\[[^\]]*\]$/, '')
    .toLowerCase();
  return COLUMN_BY_NAME.get(key);
}

/** What a set of columns is: one table, or the legacy AzureDiagnostics rows (table per row). */
export type RowKind = LogTable | 'AzureDiagnostics';

/** The AZFW tables a row builder exists for (AZFWFlowTrace, AZFWFatFlow and others are not flows the audit reads). */
const READABLE_TABLES = new Set<string>([
  'AZFWApplicationRule',
  'AZFWNetworkRule',
  'AZFWNatRule',
  'AZFWDnsQuery',
  'AZFWThreatIntel',
  'AZFWIdpsSignature',
  'AZFWApplicationRuleAggregation',
  'AZFWNetworkRuleAggregation',
  'AZFWNatRuleAggregation',
]);

export function isReadableTable(name: string): name is LogTable {
  return READABLE_TABLES.has(name);
}

/** A recognised header: its kind and where each column is (-1 when absent). */
export interface RowShape {
  kind: RowKind;
  columnIndex: Int32Array;
}

/**
 * Recognises a table by its column names (any order, extra columns allowed). The distinguishing
 * columns: `msg_s` (AzureDiagnostics), the `*RuleCount` of the hourly aggregation tables, `QueryName`
 * (DNS), `SignatureId` (IDPS), `ThreatDescription` (threat intelligence), `TranslatedIp` (NAT), `Fqdn`
 * without `DestinationIp` (application rules), `DestinationIp` (network rules). Returns a reason when
 * the columns are not a table the audit reads.
 */
export function recognizeColumns(names: readonly string[]): RowShape | string {
  const columnIndex = new Int32Array(COLUMN_COUNT).fill(-1);
  const raw = new Set<string>();
  names.forEach((name, index) => {
    const column = columnOfName(name);
    raw.add(
      name
        .trim()
        .replace(/\s*\[[^\]]*\]$/, '')
        .toLowerCase(),
    );
    // The first of two names for one column wins (`_ResourceId` and `ResourceId` in AzureDiagnostics).
    if (column !== undefined && columnIndex[column] === -1) columnIndex[column] = index;
  });
  const has = (column: Column) => columnIndex[column] !== -1;
  let kind: RowKind | undefined;
  if (has(COLUMN.msg)) kind = 'AzureDiagnostics';
  else if (!has(COLUMN.sourceIp)) kind = undefined;
  else if (raw.has('applicationrulecount')) kind = 'AZFWApplicationRuleAggregation';
  else if (raw.has('networkrulecount')) kind = 'AZFWNetworkRuleAggregation';
  else if (raw.has('natrulecount')) kind = 'AZFWNatRuleAggregation';
  else if (has(COLUMN.queryName)) kind = 'AZFWDnsQuery';
  else if (has(COLUMN.signatureId)) kind = 'AZFWIdpsSignature';
  else if (has(COLUMN.threatDescription)) kind = 'AZFWThreatIntel';
  else if (has(COLUMN.translatedIp)) kind = 'AZFWNatRule';
  else if (has(COLUMN.fqdn) && has(COLUMN.action) && !has(COLUMN.destinationIp)) kind = 'AZFWApplicationRule';
  else if (has(COLUMN.destinationIp) && has(COLUMN.action)) kind = 'AZFWNetworkRule';
  const shown = names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '');
  if (kind === undefined) {
    return `the columns (${shown}) are none of the firewall log tables (AZFW* application, network, NAT, DNS, threat intelligence, IDPS and their aggregations; AzureDiagnostics with msg_s)`;
  }
  if (!has(COLUMN.time)) return `the columns (${shown}) have no TimeGenerated`;
  return { kind, columnIndex };
}

/** One row, whatever it was read from. */
export interface RowSource {
  /** The value as text; undefined when the column is absent or empty. */
  text(column: Column): string | undefined;
  /** A whole number ≥ 0; undefined when absent or empty, NaN when something else. */
  integer(column: Column): number | undefined;
  /** Epoch ms; undefined when absent or empty, NaN when not a time. */
  time(column: Column): number | undefined;
}

/** Why a row gives no record: malformed (`rejected`), or well-formed but not a flow the audit reads (`ignored`). */
export interface RowProblem {
  problem: 'rejected' | 'ignored';
  reason: string;
}

const rejected = (reason: string): RowProblem => ({ problem: 'rejected', reason });
const ignored = (reason: string): RowProblem => ({ problem: 'ignored', reason });

export function isRowProblem<T extends object>(result: T | RowProblem): result is RowProblem {
  return (result as RowProblem).problem !== undefined;
}

/** The fields every row has; every record is built through `flow` so all share one object shape. */
interface FlowFields {
  time: number;
  table: LogTable;
  firewallId: string | undefined;
  sourceIp: string;
  sourcePort: number | undefined;
  destination: string;
  destinationIp?: string | undefined;
  port?: number | undefined;
  protocol: string;
  action: FlowAction;
  policy?: string | undefined;
  ruleCollectionGroup?: string | undefined;
  ruleCollection?: string | undefined;
  rule?: string | undefined;
  actionReason?: string | undefined;
  webCategory?: string | undefined;
  count?: number;
  targetUrl?: string | undefined;
  translatedIp?: string | undefined;
  translatedPort?: number | undefined;
  dnsQueryType?: string | undefined;
  idpsSignature?: FlowRecord['idpsSignature'];
}

/**
 * Absent fields are present as undefined, in one order: the records of a file share a hidden class, so
 * the aggregator's property reads stay monomorphic.
 */
function flow(f: FlowFields): FlowRecord {
  return {
    time: f.time,
    table: f.table,
    firewallId: f.firewallId,
    sourceIp: f.sourceIp,
    sourcePort: f.sourcePort,
    destination: f.destination,
    destinationIp: f.destinationIp,
    port: f.port,
    protocol: f.protocol,
    action: f.action,
    policy: f.policy,
    ruleCollectionGroup: f.ruleCollectionGroup,
    ruleCollection: f.ruleCollection,
    rule: f.rule,
    actionReason: f.actionReason,
    webCategory: f.webCategory,
    count: f.count ?? 1,
    targetUrl: f.targetUrl,
    translatedIp: f.translatedIp,
    translatedPort: f.translatedPort,
    dnsQueryType: f.dnsQueryType,
    idpsSignature: f.idpsSignature,
  };
}

const quote = (text: string | undefined) => `'${(text ?? '').slice(0, 80)}'`;

/** Time, source address and port, firewall: what every table has. */
interface Common {
  time: number;
  sourceIp: string;
  sourcePort: number | undefined;
  firewallId: string | undefined;
}

function common(row: RowSource, needsSourcePort: boolean): Common | RowProblem {
  const time = row.time(COLUMN.time);
  if (time === undefined) return rejected('TimeGenerated is empty');
  if (Number.isNaN(time)) return rejected(`TimeGenerated ${quote(row.text(COLUMN.time))} is not a time`);
  const sourceIp = row.text(COLUMN.sourceIp);
  if (sourceIp === undefined) return rejected('SourceIp is empty');
  if (!isIpAddress(sourceIp)) return rejected(`SourceIp ${quote(sourceIp)} is not an IP address`);
  const sourcePort = needsSourcePort ? port(row, COLUMN.sourcePort) : undefined;
  if (typeof sourcePort === 'string') return rejected(sourcePort);
  return { time, sourceIp, sourcePort, firewallId: row.text(COLUMN.resourceId) };
}

/** A port column: undefined when empty, a reason when not 0–65535. */
function port(row: RowSource, column: Column): number | undefined | string {
  const value = row.integer(column);
  if (value === undefined) return undefined;
  if (Number.isNaN(value) || value > 65535) return `${COLUMN_LABEL[column]} ${quote(row.text(column))} is not a port`;
  return value;
}

/** The rule path a row names (each part undefined when empty). */
function rulePathOf(row: RowSource): Pick<FlowFields, 'policy' | 'ruleCollectionGroup' | 'ruleCollection' | 'rule'> {
  return {
    policy: row.text(COLUMN.policy),
    ruleCollectionGroup: row.text(COLUMN.ruleCollectionGroup),
    ruleCollection: row.text(COLUMN.ruleCollection),
    rule: row.text(COLUMN.rule),
  };
}

/** The row's protocol in the form rules use ('' when empty). */
function protocolOf(row: RowSource): string {
  const text = row.text(COLUMN.protocol);
  return text === undefined ? '' : normalizeProtocol(text);
}

function action(row: RowSource): FlowAction | RowProblem {
  const text = row.text(COLUMN.action);
  return text === undefined ? rejected('Action is empty') : flowAction(text);
}

function aggregateCount(row: RowSource): number | RowProblem {
  const count = row.integer(COLUMN.count);
  if (count === undefined || Number.isNaN(count) || count < 1) {
    return rejected(`the *RuleCount ${quote(row.text(COLUMN.count))} is not a positive whole number`);
  }
  return count;
}

/** The host of a TargetUrl (`https://host/path`, `host/path`), for rows with a URL but no FQDN. */
function hostOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const host = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/, 1)[0];
  return host === '' ? undefined : host;
}

type Builder = (row: RowSource, table: LogTable) => FlowRecord | RowProblem;

const applicationRule: Builder = (row, table) => {
  const base = common(row, table === 'AZFWApplicationRule');
  if (isRowProblem(base)) return base;
  const act = action(row);
  if (typeof act !== 'string') return act;
  const destinationPort = port(row, COLUMN.destinationPort);
  if (typeof destinationPort === 'string') return rejected(destinationPort);
  let count: number | RowProblem = 1;
  if (table === 'AZFWApplicationRuleAggregation') count = aggregateCount(row);
  if (typeof count !== 'number') return count;
  const targetUrl = row.text(COLUMN.targetUrl);
  return flow({
    ...base,
    table,
    // An HTTPS request without SNI has no FQDN to log: '' rather than a rejected row, it is a deny.
    destination: row.text(COLUMN.fqdn) ?? hostOfUrl(targetUrl) ?? '',
    port: destinationPort,
    protocol: protocolOf(row),
    action: act,
    ...rulePathOf(row),
    actionReason: row.text(COLUMN.actionReason),
    webCategory: row.text(COLUMN.webCategory),
    count,
    targetUrl,
  });
};

const networkRule: Builder = (row, table) => {
  const base = common(row, table === 'AZFWNetworkRule');
  if (isRowProblem(base)) return base;
  const act = action(row);
  if (typeof act !== 'string') return act;
  const destinationIp = row.text(COLUMN.destinationIp);
  if (destinationIp === undefined) return rejected('DestinationIp is empty');
  if (!isIpAddress(destinationIp)) return rejected(`DestinationIp ${quote(destinationIp)} is not an IP address`);
  const destinationPort = port(row, COLUMN.destinationPort);
  if (typeof destinationPort === 'string') return rejected(destinationPort);
  let count: number | RowProblem = 1;
  if (table === 'AZFWNetworkRuleAggregation') count = aggregateCount(row);
  if (typeof count !== 'number') return count;
  const protocol = protocolOf(row);
  // ICMP has no ports: AZFWNetworkRule writes 0 (`"Protocol":"ICMP Type=8", …, "SourcePort":0`),
  // legacy messages none (`ICMP Type=8 request from 10.0.0.1 to 10.0.0.2`). Both as none, so the
  // two log modes aggregate alike.
  const icmp = protocol === 'ICMP';
  return flow({
    ...base,
    sourcePort: icmp ? undefined : base.sourcePort,
    table,
    destination: destinationIp,
    destinationIp,
    port: icmp ? undefined : destinationPort,
    protocol,
    action: act,
    ...rulePathOf(row),
    actionReason: row.text(COLUMN.actionReason),
    count,
  });
};

const natRule: Builder = (row, table) => {
  const aggregation = table === 'AZFWNatRuleAggregation';
  const base = common(row, !aggregation);
  if (isRowProblem(base)) return base;
  const translatedIp = row.text(COLUMN.translatedIp);
  if (translatedIp !== undefined && !isIpAddress(translatedIp)) {
    return rejected(`TranslatedIp ${quote(translatedIp)} is not an IP address`);
  }
  const translatedPort = port(row, COLUMN.translatedPort);
  if (typeof translatedPort === 'string') return rejected(translatedPort);
  // AZFWNatRuleAggregation has no DestinationIp/DestinationPort (table reference, 08/08/2024): the
  // translated address is the only destination it names.
  let destinationIp = row.text(COLUMN.destinationIp);
  let destinationPort = port(row, COLUMN.destinationPort);
  if (typeof destinationPort === 'string') return rejected(destinationPort);
  if (aggregation && destinationIp === undefined) {
    destinationIp = translatedIp;
    destinationPort = translatedPort;
  }
  if (destinationIp === undefined) return rejected('DestinationIp is empty');
  if (!isIpAddress(destinationIp)) return rejected(`DestinationIp ${quote(destinationIp)} is not an IP address`);
  let count: number | RowProblem = 1;
  if (aggregation) count = aggregateCount(row);
  if (typeof count !== 'number') return count;
  return flow({
    ...base,
    table,
    destination: destinationIp,
    destinationIp,
    port: destinationPort,
    protocol: protocolOf(row),
    action: 'Dnat',
    ...rulePathOf(row),
    actionReason: row.text(COLUMN.actionReason),
    count,
    translatedIp,
    translatedPort,
  });
};

const dnsQuery: Builder = (row, table) => {
  const base = common(row, true);
  if (isRowProblem(base)) return base;
  const queryName = row.text(COLUMN.queryName);
  if (queryName === undefined) return rejected('QueryName is empty');
  // Failed lookups are logged with ResponseCode `0`, QueryType `A:` and the cause in ErrorMessage
  // (`i/o timeout`), as in Azure-Sentinel's AZFWDnsQuery sample data.
  const error = row.text(COLUMN.errorMessage);
  const type = row.text(COLUMN.queryType);
  return flow({
    ...base,
    table,
    destination: withoutFinalDot(queryName),
    port: 53,
    protocol: protocolOf(row),
    action: 'Unknown',
    actionReason: error ?? row.text(COLUMN.responseCode),
    dnsQueryType: type?.endsWith(':') ? type.slice(0, -1) : type,
  });
};

const threatIntel: Builder = (row, table) => {
  const base = common(row, true);
  if (isRowProblem(base)) return base;
  const act = action(row);
  if (typeof act !== 'string') return act;
  const destinationIp = row.text(COLUMN.destinationIp);
  if (destinationIp !== undefined && !isIpAddress(destinationIp)) {
    return rejected(`DestinationIp ${quote(destinationIp)} is not an IP address`);
  }
  const destinationPort = port(row, COLUMN.destinationPort);
  if (typeof destinationPort === 'string') return rejected(destinationPort);
  const destination = row.text(COLUMN.fqdn) ?? destinationIp;
  if (destination === undefined) return rejected('Fqdn and DestinationIp are empty');
  const description = row.text(COLUMN.threatDescription);
  return flow({
    ...base,
    table,
    destination,
    destinationIp,
    port: destinationPort,
    protocol: protocolOf(row),
    action: act,
    actionReason: `ThreatIntel: ${description ?? 'no description'}`,
    targetUrl: row.text(COLUMN.targetUrl),
  });
};

const idpsSignature: Builder = (row, table) => {
  const base = common(row, true);
  if (isRowProblem(base)) return base;
  const act = action(row);
  if (typeof act !== 'string') return act;
  const destinationIp = row.text(COLUMN.destinationIp);
  if (destinationIp === undefined) return rejected('DestinationIp is empty');
  if (!isIpAddress(destinationIp)) return rejected(`DestinationIp ${quote(destinationIp)} is not an IP address`);
  const destinationPort = port(row, COLUMN.destinationPort);
  if (typeof destinationPort === 'string') return rejected(destinationPort);
  const id = row.text(COLUMN.signatureId);
  if (id === undefined) return rejected('SignatureId is empty');
  const description = row.text(COLUMN.description);
  const signature: NonNullable<FlowRecord['idpsSignature']> = { id };
  if (description !== undefined) signature.description = description;
  const severity = row.integer(COLUMN.severity);
  if (severity !== undefined && !Number.isNaN(severity)) signature.severity = severity;
  const category = row.text(COLUMN.category);
  if (category !== undefined) signature.category = category;
  return flow({
    ...base,
    table,
    destination: destinationIp,
    destinationIp,
    port: destinationPort,
    protocol: protocolOf(row),
    action: act,
    actionReason: `IDPS signature ${id}${description === undefined ? '' : `: ${description}`}`,
    idpsSignature: signature,
  });
};

const BUILDERS: Record<string, Builder> = {
  AZFWApplicationRule: applicationRule,
  AZFWApplicationRuleAggregation: applicationRule,
  AZFWNetworkRule: networkRule,
  AZFWNetworkRuleAggregation: networkRule,
  AZFWNatRule: natRule,
  AZFWNatRuleAggregation: natRule,
  AZFWDnsQuery: dnsQuery,
  AZFWThreatIntel: threatIntel,
  AZFWIdpsSignature: idpsSignature,
};

// Legacy categories and operation names (research notes §5.2). NAT, threat-intelligence and IDPS
// records are logged under Category AzureFirewallNetworkRule with their own OperationName.
const LEGACY_CATEGORY = new Map<string, LogTable>([
  ['azurefirewallapplicationrule', 'AzureFirewallApplicationRule'],
  ['azurefirewallnetworkrule', 'AzureFirewallNetworkRule'],
  ['azurefirewalldnsproxy', 'AzureFirewallDnsProxy'],
]);
const LEGACY_OPERATION = new Map<string, LogTable>([
  ['azurefirewallapplicationrulelog', 'AzureFirewallApplicationRule'],
  ['azurefirewallnetworkrulelog', 'AzureFirewallNetworkRule'],
  ['azurefirewallnatrulelog', 'AzureFirewallNetworkRule'],
  ['azurefirewallthreatintellog', 'AzureFirewallNetworkRule'],
  ['azurefirewallidslog', 'AzureFirewallNetworkRule'],
  ['azurefirewalldnsproxylog', 'AzureFirewallDnsProxy'],
]);
const TABLE_OF_KIND: Record<string, LogTable> = {
  application: 'AzureFirewallApplicationRule',
  dns: 'AzureFirewallDnsProxy',
};

/** A legacy AzureDiagnostics row (Log Analytics export) or resource log record (storage archive). */
function legacyRow(row: RowSource): FlowRecord | RowProblem {
  const category = row.text(COLUMN.category);
  const operation = row.text(COLUMN.operationName);
  let table = category === undefined ? undefined : LEGACY_CATEGORY.get(category.toLowerCase());
  if (category !== undefined && table === undefined) {
    if (/^azfw/i.test(category)) {
      // Resource-specific categories sent in Azure diagnostics mode keep their fields in
      // AdditionalFields (research notes §5.2, [uncertain]); export the AZFW* tables instead.
      return ignored(`category ${category} in AzureDiagnostics mode (fields in AdditionalFields) is not read`);
    }
    return ignored(`category ${category} is not a firewall flow log`);
  }
  table ??= operation === undefined ? undefined : LEGACY_OPERATION.get(operation.toLowerCase());
  const msg = row.text(COLUMN.msg);
  if (msg === undefined) return rejected('msg_s is empty');
  const time = row.time(COLUMN.time);
  if (time === undefined) return rejected('TimeGenerated is empty');
  if (Number.isNaN(time)) return rejected(`TimeGenerated ${quote(row.text(COLUMN.time))} is not a time`);
  const parsed = parseLegacyMessage(msg);
  if (!parsed.ok) return rejected(`msg_s not understood: ${parsed.reason}: ${quote(msg)}`);
  table ??= TABLE_OF_KIND[parsed.kind] ?? 'AzureFirewallNetworkRule';
  return flow({
    ...parsed.fields,
    time,
    table,
    firewallId: row.text(COLUMN.resourceId),
    sourcePort: parsed.fields.sourcePort,
  });
}

/**
 * Builds the record of one row. `kind` is what the header said; a `Type` column naming another
 * table (an export of a `union` query) decides per row.
 */
export function buildRecord(kind: RowKind, row: RowSource): FlowRecord | RowProblem {
  let table: RowKind = kind;
  const type = row.text(COLUMN.type);
  if (type !== undefined && type !== kind && type !== 'AzureDiagnostics') {
    if (!isReadableTable(type)) return ignored(`table ${type} is not a flow log the audit reads`);
    table = type;
  }
  if (table === 'AzureDiagnostics') return legacyRow(row);
  const builder = BUILDERS[table];
  return builder ? builder(row, table) : legacyRow(row);
}
