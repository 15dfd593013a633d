/**
 * One measured run of the log benchmark, in its own process so that its peak RSS is its own:
 *   node bench/logs-child.ts duckdb|library <file> <table> <groups.json> [<dump.json>]
 * prints one JSON line: the time of the aggregation (ms, without process start), the peak RSS and the
 * row count; with <dump.json>, writes the groups (key → hits, first, last) for the equality check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  type FlowAggregate,
  fqdnMatches,
  type LogSourceSummary,
  parseFqdnPattern,
  type SourceGroup,
} from '../packages/auditor/src/index.ts';
import { readLogFileEvidence } from '../packages/auditor/src/io.ts';
import { type BenchTable, columnsOf } from './logs-generate.ts';

export interface ChildResult {
  ms: number;
  maxRssMb: number;
  rows: number;
  groups: number;
  /** Library only: hits to required endpoints, and how many of them were denied. */
  requiredHits?: number;
  requiredDenied?: number;
}

/** One group as both engines must produce it: the aggregation key and its count, first and last time. */
export type GroupDump = Record<string, [hits: number, first: number, last: number]>;

export const groupKey = (parts: readonly (string | number | null | undefined)[]): string =>
  parts.map((part) => (part === null || part === undefined ? '' : String(part))).join('\u0001');

/** IPv4 address as the number DuckDB computes from its text. */
const IP_NUMBER =
  "(CAST(split_part(SourceIp, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(SourceIp, '.', 2) AS BIGINT) * 65536 + CAST(split_part(SourceIp, '.', 3) AS BIGINT) * 256 + CAST(split_part(SourceIp, '.', 4) AS BIGINT))";

function cidrRange(cidr: string): [number, number] {
  const [base = '', bits = '32'] = cidr.trim().split('/');
  const start = base.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return [start, start + size - 1];
}

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The GROUP BY the library's aggregation does, in SQL: sources reduced first to their cluster (a CASE
 * over the CIDRs) or, for other sources, their /24, so the grouping is on a few values, not on every
 * source IP; FQDNs lower-cased; ICMP without ports; the action reason a key only without a rule.
 */
export function duckdbQuery(file: string, table: BenchTable, groups: readonly SourceGroup[]): string {
  // The most specific CIDR wins, earlier groups first among equals: as classifierFor decides.
  const cases = groups
    .flatMap((group) => group.cidrs.filter((cidr) => !cidr.includes(':')).map((cidr) => ({ group, cidr })))
    .map(({ group, cidr }, index) => ({ group, range: cidrRange(cidr), index }))
    .sort((a, b) => a.range[1] - a.range[0] - (b.range[1] - b.range[0]) || a.index - b.index)
    .map(({ group, range: [start, end] }) => `WHEN ip BETWEEN ${start} AND ${end} THEN ${sqlText(group.group)}`)
    .join(' ');
  // The export's columns, typed: DuckDB reads them as declared, no sniffing.
  const columns = Object.fromEntries(
    columnsOf(table).map((name) => [
      name,
      name === 'TimeGenerated'
        ? 'TIMESTAMP'
        : name.endsWith('Port')
          ? 'INTEGER'
          : name.startsWith('Is')
            ? 'BOOLEAN'
            : 'VARCHAR',
    ]),
  );
  const columnList = Object.entries(columns)
    .map(([name, type]) => `${sqlText(name)}: ${sqlText(type)}`)
    .join(', ');
  const destination = table === 'AZFWApplicationRule' ? 'lower(Fqdn)' : 'DestinationIp';
  return `
    WITH flows AS (
      SELECT *, CASE ${cases} ELSE NULL END AS cluster,
        CASE WHEN upper(Protocol) LIKE 'ICMP%' THEN 'ICMP' ELSE upper(Protocol) END AS protocol_key
      FROM (SELECT *, ${IP_NUMBER} AS ip FROM read_csv(${sqlText(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = {${columnList}}))
    ),
    grouped AS (
      SELECT cluster, CASE WHEN cluster IS NULL THEN ip // 256 END AS network,
        ${destination} AS destination,
        CASE WHEN protocol_key = 'ICMP' THEN NULL ELSE DestinationPort END AS port,
        protocol_key AS protocol, Action AS action, Policy AS policy, RuleCollectionGroup AS rcg,
        RuleCollection AS rc, Rule AS rule,
        CASE WHEN Rule IS NULL AND RuleCollection IS NULL THEN ActionReason END AS reason,
        count(*) AS hits, epoch_ms(min(TimeGenerated)) AS first, epoch_ms(max(TimeGenerated)) AS last
      FROM flows
      GROUP BY ALL
    )
    SELECT coalesce(cluster, 'unknown:' || (network // 65536) || '.' || ((network // 256) % 256) || '.' || (network % 256) || '.0/24') AS source_group,
      destination, port, protocol, action, policy, rcg, rc, rule, reason, hits, first, last
    FROM grouped`;
}

async function runDuckdb(file: string, table: BenchTable, groups: readonly SourceGroup[], dump?: string) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const started = performance.now();
  const reader = await connection.runAndReadAll(duckdbQuery(file, table, groups));
  const rows = reader.getRows();
  const ms = performance.now() - started;
  let total = 0;
  const groupsOut: GroupDump = {};
  for (const row of rows) {
    const [sourceGroup, destination, port, protocol, action, policy, rcg, rc, rule, reason, hits, first, last] = row;
    total += Number(hits);
    groupsOut[groupKey([sourceGroup, destination, port, protocol, action, policy, rcg, rc, rule, reason] as string[])] =
      [Number(hits), Number(first), Number(last)];
  }
  if (dump) writeFileSync(dump, JSON.stringify(groupsOut));
  return { ms, rows: total, groups: rows.length };
}

/** The required FQDN patterns of each cluster: given by the parent, resolved from the demo inventory. */
type RequiredPatterns = Record<string, string[]>;

async function runLibrary(
  file: string,
  groups: readonly SourceGroup[],
  required: RequiredPatterns,
  workers: number | undefined,
  dump?: string,
) {
  const patterns = new Map(
    Object.entries(required).map(([cluster, list]) => [
      cluster,
      list.map(parseFqdnPattern).filter((pattern) => pattern.kind !== 'invalid'),
    ]),
  );
  const started = performance.now();
  const evidence = await readLogFileEvidence(file, {
    sourceGroups: groups,
    ...(workers !== undefined && { workers }),
  });
  const { aggregates } = evidence;
  const summary = evidence.sources[0] as LogSourceSummary;
  // Required-endpoint matching: once per distinct (cluster, destination), as the audit does.
  const matched = new Map<string, boolean>();
  let requiredHits = 0;
  let requiredDenied = 0;
  for (const aggregate of aggregates) {
    const clusterPatterns = patterns.get(aggregate.sourceGroup);
    if (clusterPatterns === undefined) continue;
    const key = `${aggregate.sourceGroup}\u0000${aggregate.destination}`;
    let isRequired = matched.get(key);
    if (isRequired === undefined) {
      isRequired = clusterPatterns.some((pattern) => fqdnMatches(pattern, aggregate.destination));
      matched.set(key, isRequired);
    }
    if (!isRequired) continue;
    requiredHits += aggregate.hits;
    if (aggregate.action === 'Deny') requiredDenied += aggregate.hits;
  }
  const ms = performance.now() - started;
  if (summary.rowsRejected > 0 || summary.error) {
    throw new Error(`the library rejected rows of the generated file: ${JSON.stringify(summary).slice(0, 2000)}`);
  }
  if (dump) writeFileSync(dump, JSON.stringify(dumpOf(aggregates)));
  return { ms, rows: summary.rowsRead, groups: aggregates.length, requiredHits, requiredDenied };
}

export function dumpOf(aggregates: readonly FlowAggregate[]): GroupDump {
  const out: GroupDump = {};
  for (const a of aggregates) {
    const byRule = a.rule !== undefined || a.ruleCollection !== undefined;
    const key = groupKey([
      a.sourceGroup,
      a.destination,
      a.port,
      a.protocol,
      a.action,
      a.policy,
      a.ruleCollectionGroup,
      a.ruleCollection,
      a.rule,
      byRule ? undefined : a.actionReason,
    ]);
    out[key] = [a.hits, a.firstSeen, a.lastSeen];
  }
  return out;
}

if (import.meta.main) {
  const [engine, file, table, groupsFile, dump] = process.argv.slice(2);
  if (!engine || !file || !table || !groupsFile) throw new Error('usage: logs-child.ts engine file table groups.json');
  const setup = JSON.parse(readFileSync(groupsFile, 'utf8')) as {
    groups: SourceGroup[];
    required: RequiredPatterns;
    workers?: number;
  };
  const result =
    engine === 'duckdb'
      ? await runDuckdb(file, table as BenchTable, setup.groups, dump)
      : await runLibrary(file, setup.groups, setup.required, setup.workers, dump);
  const out: ChildResult = { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
