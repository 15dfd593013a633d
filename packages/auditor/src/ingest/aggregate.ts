/**
 * Reduces FlowRecords to FlowAggregates, keyed by (source group, destination, port, protocol, action,
 * deciding rule or reason). Sources are grouped by the caller's classifier (a cluster by its CIDRs);
 * a source no group claims falls into `unknown:<its /24>` (IPv6: `/64`), so millions of client
 * addresses make a bounded number of keys. Pure.
 */
import ipaddr from 'ipaddr.js';
import type { FlowAggregate, FlowRecord, LogTable } from '../model/flows.ts';
import { isIPv4Address } from './values.ts';

export interface FlowAggregator {
  add(record: FlowRecord): void;
  /** The aggregates so far, sorted by their key fields. */
  aggregates(): FlowAggregate[];
  /** How many aggregates there are. */
  readonly size: number;
  /**
   * Records not aggregated because `maxAggregates` distinct keys were already held (their hits are
   * lost; the caller says so in its report).
   */
  readonly droppedRecords: number;
}

export interface FlowAggregatorOptions {
  /** The most aggregates kept (default 1,000,000): a hard memory bound whatever the logs hold. */
  maxAggregates?: number;
  /** Distinct sample source IPs kept per aggregate (default 5). */
  maxSampleSourceIps?: number;
  /** Hours of hits kept per Deny aggregate (default 93 days): denied traffic over time, bounded. */
  maxHourlyBuckets?: number;
}

export const HOUR_MS = 3_600_000;

/** The start of the hour (epoch ms) that holds `time`. */
export const hourOf = (time: number): number => time - (((time % HOUR_MS) + HOUR_MS) % HOUR_MS);

/** `10.1.2.0/24` for 10.1.2.3; `2001:db8:1:2::/64` for an IPv6 address; the text itself otherwise. */
function unknownGroup(ip: string): string {
  if (isIPv4Address(ip)) return `unknown:${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  if (ipaddr.IPv6.isValid(ip)) {
    const parts = ipaddr.IPv6.parse(ip).parts.slice(0, 4);
    const network = ipaddr.IPv6.parse(`${parts.map((p) => p.toString(16)).join(':')}::`);
    return `unknown:${network.toString()}/64`;
  }
  return `unknown:${ip}`;
}

/**
 * The deciding rule as the portal writes its path, `policy / group / collection / rule` (classic
 * rules have no policy or group: `collection / rule`), else the reason no rule decided.
 */
export function decidedBy(record: FlowRecord): string | undefined {
  const { policy, ruleCollectionGroup, ruleCollection, rule } = record;
  if (rule === undefined && ruleCollection === undefined) return record.actionReason;
  return [policy, ruleCollectionGroup, ruleCollection, rule].filter((part) => part !== undefined).join(' / ');
}

/** One level of the key trie: a field's value → the next level (or, at the last, the aggregate). */
type Level = Map<unknown, Level | FlowAggregate>;

function child(level: Level, key: unknown): Level {
  let next = level.get(key) as Level | undefined;
  if (next === undefined) {
    next = new Map();
    level.set(key, next);
  }
  return next;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function createFlowAggregator(
  classifySource: (ip: string) => string | undefined,
  options: FlowAggregatorOptions = {},
): FlowAggregator {
  const maxAggregates = options.maxAggregates ?? 1_000_000;
  const maxSamples = options.maxSampleSourceIps ?? 5;
  const maxHours = options.maxHourlyBuckets ?? 24 * 93;
  // Denied traffic over time, for Deny aggregates only (the ones a report charts).
  const hourlyOf = new Map<FlowAggregate, Map<number, number>>();
  // Keyed by the fields themselves, level by level, rather than by one joined string: the parsers'
  // strings are interned, V8 caches a string's hash, so each level is a cheap lookup where a joined
  // key would be built and hashed for every record.
  const root: Level = new Map();
  const all: FlowAggregate[] = [];
  // Logs repeat their sources: classify each address once (bounded, cleared when full).
  const groupOf = new Map<string, string>();
  let dropped = 0;

  // FQDNs compare case-insensitively; the lower-case form of each (interned) destination, once.
  const lowerCase = new Map<string, string>();
  const lower = (destination: string): string => {
    let result = lowerCase.get(destination);
    if (result === undefined) {
      result = destination.toLowerCase();
      if (lowerCase.size >= 100_000) lowerCase.clear();
      lowerCase.set(destination, result);
    }
    return result;
  };

  const sourceGroup = (ip: string): string => {
    let group = groupOf.get(ip);
    if (group === undefined) {
      group = classifySource(ip) ?? unknownGroup(ip);
      if (groupOf.size >= 100_000) groupOf.clear();
      groupOf.set(ip, group);
    }
    return group;
  };

  return {
    add(record: FlowRecord): void {
      const group = sourceGroup(record.sourceIp);
      const destination = lower(record.destination);
      const byRule = record.rule !== undefined || record.ruleCollection !== undefined;
      let level = child(
        child(child(child(child(root, group), destination), record.port), record.protocol),
        record.action,
      );
      level = child(
        child(child(child(level, record.policy), record.ruleCollectionGroup), record.ruleCollection),
        record.rule,
      );
      // With a deciding rule the reason is not part of the key (the rule decided).
      const reasonKey = byRule ? undefined : record.actionReason;
      let aggregate = level.get(reasonKey) as FlowAggregate | undefined;
      if (aggregate === undefined) {
        if (all.length >= maxAggregates) {
          dropped++;
          return;
        }
        aggregate = {
          sourceGroup: group,
          destination,
          port: record.port,
          protocol: record.protocol,
          action: record.action,
          decidedBy: decidedBy(record),
          policy: record.policy,
          ruleCollectionGroup: record.ruleCollectionGroup,
          ruleCollection: record.ruleCollection,
          rule: record.rule,
          actionReason: record.actionReason,
          tables: [],
          hits: 0,
          firstSeen: record.time,
          lastSeen: record.time,
          sampleSourceIps: [],
        };
        level.set(reasonKey, aggregate);
        all.push(aggregate);
      }
      aggregate.hits += record.count;
      if (record.time < aggregate.firstSeen) aggregate.firstSeen = record.time;
      if (record.time > aggregate.lastSeen) aggregate.lastSeen = record.time;
      if (!aggregate.tables.includes(record.table)) aggregate.tables.push(record.table);
      const samples = aggregate.sampleSourceIps;
      if (samples.length < maxSamples && !samples.includes(record.sourceIp)) samples.push(record.sourceIp);
      if (record.action === 'Deny') {
        let hours = hourlyOf.get(aggregate);
        if (hours === undefined) {
          hours = new Map();
          hourlyOf.set(aggregate, hours);
        }
        const hour = hourOf(record.time);
        const hits = hours.get(hour);
        if (hits !== undefined) hours.set(hour, hits + record.count);
        else if (hours.size < maxHours) hours.set(hour, record.count);
      }
    },
    aggregates(): FlowAggregate[] {
      const sortKey = (a: FlowAggregate) =>
        [a.sourceGroup, a.destination, String(a.port ?? ''), a.protocol, a.action, a.decidedBy ?? ''].join('\u0000');
      return all
        .map((aggregate) => ({ key: sortKey(aggregate), aggregate }))
        .sort((x, y) => compareKeys(x.key, y.key))
        .map(({ aggregate }) => {
          const hours = hourlyOf.get(aggregate);
          return {
            ...aggregate,
            tables: [...aggregate.tables].sort() as LogTable[],
            sampleSourceIps: [...aggregate.sampleSourceIps],
            ...(hours && {
              hourlyHits: [...hours].sort(([a], [b]) => a - b).map(([hour, hits]) => ({ hour, hits })),
            }),
          };
        });
    },
    get size() {
      return all.length;
    },
    get droppedRecords() {
      return dropped;
    },
  };
}
