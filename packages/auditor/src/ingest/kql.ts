/**
 * The KQL a reader pastes into Log Analytics to see the raw rows behind a log-based finding: the flows
 * of one aggregate (sources, destination, port, action, time window), from both table families —
 * the resource-specific AZFW* table and the legacy AzureDiagnostics category — so it works whichever
 * the firewall's diagnostic setting writes. Pure text.
 */
import type { FlowAggregate } from '../model/flows.ts';

/** A KQL string literal (double quotes, backslash escapes). */
const literal = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export interface RawRowsQuery {
  /** Source CIDRs or addresses the rows come from (a cluster's egress ranges); none: any source. */
  sources: readonly string[];
  /** Lower-cased FQDN or IP, as FlowAggregate.destination. */
  destination: string;
  port?: number;
  action: FlowAggregate['action'];
  /** Application rules (FQDN, HTTP/HTTPS) or network rules (IP, TCP/UDP). */
  kind: 'application' | 'network';
  /** Epoch ms: the rows' first and last time (the query pads them by a minute). */
  from: number;
  to: number;
}

const MINUTE = 60_000;
const datetime = (time: number) => `datetime(${new Date(time).toISOString()})`;

/** The query for one aggregate's rows; `kind` from its tables (AZFWApplicationRule → application). */
export function rawRowsQueryOf(aggregate: FlowAggregate, sources: readonly string[]): string {
  const application = aggregate.tables.some((t) => t === 'AZFWApplicationRule' || t === 'AzureFirewallApplicationRule');
  return rawRowsQuery({
    sources,
    destination: aggregate.destination,
    ...(aggregate.port !== undefined && { port: aggregate.port }),
    action: aggregate.action,
    kind: application ? 'application' : 'network',
    from: aggregate.firstSeen,
    to: aggregate.lastSeen,
  });
}

export function rawRowsQuery(query: RawRowsQuery): string {
  const table = query.kind === 'application' ? 'AZFWApplicationRule' : 'AZFWNetworkRule';
  const category = query.kind === 'application' ? 'AzureFirewallApplicationRule' : 'AzureFirewallNetworkRule';
  const destinationColumn = query.kind === 'application' ? 'Fqdn' : 'DestinationIp';
  const sourceFilter = (column: string) =>
    query.sources.length > 0 ? `\n    | where ipv4_is_in_any_range(${column}, sources)` : '';
  const port = query.port !== undefined ? ` and DestinationPort == ${query.port}` : '';
  // Legacy messages: `<proto> request from <ip>:<port> to <destination>:<port>. … Action: <action>`.
  const legacyPort = query.port !== undefined ? `:${query.port}` : '';
  return [
    ...(query.sources.length > 0 ? [`let sources = dynamic([${query.sources.map(literal).join(', ')}]);`] : []),
    `let from = ${datetime(query.from - MINUTE)};`,
    `let to = ${datetime(query.to + MINUTE)};`,
    'union isfuzzy=true',
    `  (${table}`,
    '    | where TimeGenerated between (from .. to)',
    `    | where ${destinationColumn} =~ ${literal(query.destination)}${port} and Action == ${literal(query.action)}${sourceFilter('SourceIp')}`,
    `    | project TimeGenerated, SourceIp, SourcePort, Destination = ${destinationColumn}, DestinationPort, Protocol, Action, Policy, RuleCollectionGroup, RuleCollection, Rule, ActionReason, _ResourceId),`,
    '  (AzureDiagnostics',
    '    | where TimeGenerated between (from .. to)',
    `    | where Category == ${literal(category)}`,
    // `contains`, not `has`: `has` matches whole terms, and `host:443` or `Action: Deny` span several.
    `    | where msg_s contains ${literal(`${query.destination}${legacyPort}`)} and msg_s contains ${literal(`Action: ${query.action}`)}`,
    `    | extend SourceIp = extract(@"from ([0-9.]+):", 1, msg_s)${sourceFilter('SourceIp')}`,
    '    | project TimeGenerated, SourceIp, msg_s, _ResourceId)',
    '| order by TimeGenerated asc',
  ].join('\n');
}
