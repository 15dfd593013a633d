/**
 * Reduces FlowRecords to FlowAggregates, keyed by (source group, destination, port, protocol, action,
 * deciding rule or reason). Sources are grouped by the caller's classifier (a cluster by its CIDRs);
 * a source no group claims falls into `unknown:<its /24>` (IPv6: `/64`), so millions of client
 * addresses make a bounded number of keys. Pure.
 */
import ipaddr from 'ipaddr.js';
import type { FlowAggregate, FlowRecord, LogTable } from '../model/flows.ts';
import { ipv4Text, isIPv4Address } from './values.ts';

export interface FlowAggregator {
  add(record: FlowRecord): void;
  /**
   * A record with `template`'s fields but its own IPv4 source address (as a number, see ipv4Number)
   * and time: the same as `add({ ...template, sourceIp, time })` without making the record. Log rows
   * repeat a few shapes (destination, rule, action) from many sources; the CSV reader builds each
   * shape once (FlowTemplateSink).
   */
  addFlow(template: FlowRecord, sourceIp: number, time: number): void;
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

/**
 * Hits per hour of one aggregate, sorted by hour (hours since the epoch): two arrays of small integers
 * rather than a Map per aggregate, which costs several times the memory for a week of hours. Logs come
 * in time order, so a row's hour is nearly always the last one or a new last one.
 */
interface HourlyHits {
  hours: number[];
  hits: number[];
}

function countHour(hourly: HourlyHits, hour: number, count: number, maxHours: number): void {
  const { hours, hits } = hourly;
  let i = hours.length - 1;
  if (i >= 0 && hours[i] === hour) {
    hits[i] = (hits[i] as number) + count;
    return;
  }
  while (i >= 0 && (hours[i] as number) > hour) i--;
  if (i >= 0 && hours[i] === hour) {
    hits[i] = (hits[i] as number) + count;
    return;
  }
  if (hours.length >= maxHours) return;
  hours.splice(i + 1, 0, hour);
  hits.splice(i + 1, 0, count);
}

/** A level of the decision trie: a field's value → the next level. */
type Level = Map<unknown, Level>;

/** A key field's text as the aggregate holds it, and its id. */
interface Id {
  text: string;
  id: number;
}

function child(level: Level, key: unknown): Level {
  let next = level.get(key);
  if (next === undefined) {
    next = new Map();
    level.set(key, next);
  }
  return next;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Aggregates in the order `aggregates()` gives them: by their key fields. */
export function sortAggregates(aggregates: readonly FlowAggregate[]): FlowAggregate[] {
  const sortKey = (a: FlowAggregate) =>
    [a.sourceGroup, a.destination, String(a.port ?? ''), a.protocol, a.action, a.decidedBy ?? ''].join('\u0000');
  return aggregates
    .map((aggregate) => ({ key: sortKey(aggregate), aggregate }))
    .sort((x, y) => compareKeys(x.key, y.key))
    .map(({ aggregate }) => aggregate);
}

export function createFlowAggregator(
  classifySource: (ip: string) => string | undefined,
  options: FlowAggregatorOptions = {},
): FlowAggregator {
  const maxAggregates = options.maxAggregates ?? 1_000_000;
  const maxSamples = options.maxSampleSourceIps ?? 5;
  const maxHours = options.maxHourlyBuckets ?? 24 * 93;
  // Denied traffic over time, for Deny aggregates only (the ones a report charts).
  const hourlyOf = new Map<FlowAggregate, HourlyHits>();
  const all: FlowAggregate[] = [];
  let dropped = 0;
  // The key is made of small ids rather than of the strings themselves: a trie of one Map per field,
  // or one Map of joined strings, costs a cache miss per level or a long string per record once there
  // are thousands of aggregates. Ids are given only while aggregates may still be added, so each is
  // below maxAggregates (at most 2^21) and two fit exactly in a double.
  const limit = Math.min(maxAggregates, 2 ** 21 - 1);
  // Source address → its group and the group's id (bounded: cleared when full; the ids stay).
  const groupOf = new Map<string, Id>();
  const groupIds = new Map<string, number>();
  // Destination → its lower-case form (FQDNs compare case-insensitively) and that form's id.
  const destinationOf = new Map<string, Id>();
  const destinationIds = new Map<string, number>();
  // The deciding fields (protocol, action, rule path, reason) → one id, through small, hot maps.
  const decisions: Level = new Map();
  let decisionCount = 0;
  // (group, destination) → (decision, port) → aggregate.
  const byKey = new Map<number, Map<number, FlowAggregate>>();

  const idOf = (ids: Map<string, number>, text: string): number => {
    let id = ids.get(text);
    if (id === undefined) {
      if (ids.size >= limit) return -1;
      id = ids.size;
      ids.set(text, id);
    }
    return id;
  };

  const sourceGroup = (ip: string): Id | undefined => {
    let group = groupOf.get(ip);
    if (group === undefined) {
      const name = classifySource(ip) ?? unknownGroup(ip);
      const id = idOf(groupIds, name);
      if (id === -1) return undefined;
      group = { text: name, id };
      if (groupOf.size >= 100_000) groupOf.clear();
      groupOf.set(ip, group);
    }
    return group;
  };

  const destinationId = (destination: string): Id | undefined => {
    let result = destinationOf.get(destination);
    if (result === undefined) {
      const text = destination.toLowerCase();
      const id = idOf(destinationIds, text);
      if (id === -1) return undefined;
      result = { text, id };
      if (destinationOf.size >= 100_000) destinationOf.clear();
      destinationOf.set(destination, result);
    }
    return result;
  };

  const decisionId = (record: FlowRecord, reasonKey: string | undefined): number => {
    const level = child(
      child(child(child(child(decisions, record.protocol), record.action), record.policy), record.ruleCollectionGroup),
      record.ruleCollection,
    );
    let byReason = level.get(record.rule) as Map<string | undefined, number> | undefined;
    if (byReason === undefined) {
      byReason = new Map();
      level.set(record.rule, byReason as unknown as Level);
    }
    let id = byReason.get(reasonKey);
    if (id === undefined) {
      if (decisionCount >= limit) return -1;
      id = decisionCount++;
      byReason.set(reasonKey, id);
    }
    return id;
  };

  /** The aggregate of a key (made if new), or undefined when the record is dropped at the bound. */
  const aggregateOf = (source: Id, record: FlowRecord, time: number): FlowAggregate | undefined => {
    const byRule = record.rule !== undefined || record.ruleCollection !== undefined;
    // With a deciding rule the reason is not part of the key (the rule decided).
    const target = destinationId(record.destination);
    const decision = decisionId(record, byRule ? undefined : record.actionReason);
    if (target === undefined || decision === -1) return undefined;
    const outer = source.id * 2 ** 21 + target.id;
    const inner = decision * 2 ** 17 + (record.port ?? 65_536);
    let byDecision = byKey.get(outer);
    if (byDecision === undefined) {
      byDecision = new Map();
      byKey.set(outer, byDecision);
    }
    let aggregate = byDecision.get(inner);
    if (aggregate === undefined) {
      if (all.length >= maxAggregates) return undefined;
      aggregate = {
        sourceGroup: source.text,
        destination: target.text,
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
        firstSeen: time,
        lastSeen: time,
        sampleSourceIps: [],
      };
      byDecision.set(inner, aggregate);
      all.push(aggregate);
    }
    return aggregate;
  };

  /** Counts one record (or a row of a template: its own time and source) in its aggregate. */
  const count = (
    aggregate: FlowAggregate,
    record: FlowRecord,
    time: number,
    ipText: string | undefined,
    ip: number,
  ) => {
    aggregate.hits += record.count;
    if (time < aggregate.firstSeen) aggregate.firstSeen = time;
    if (time > aggregate.lastSeen) aggregate.lastSeen = time;
    if (!aggregate.tables.includes(record.table)) aggregate.tables.push(record.table);
    const samples = aggregate.sampleSourceIps;
    if (samples.length < maxSamples) {
      const text = ipText ?? ipv4Text(ip);
      if (!samples.includes(text)) samples.push(text);
    }
    if (record.action === 'Deny') {
      let hours = hourlyOf.get(aggregate);
      if (hours === undefined) {
        hours = { hours: [], hits: [] };
        hourlyOf.set(aggregate, hours);
      }
      const hour = hourOf(time);
      countHour(hours, hour / HOUR_MS, record.count, maxHours);
    }
  };

  // The templates' aggregates by source group id: a template stands for many rows of one shape.
  const templateAggregates = new Map<FlowRecord, Map<number, FlowAggregate>>();
  // IPv4 source address (as a number) → its group: a direct-mapped cache of 65,536 slots (a Map of
  // every address a log holds would miss the CPU cache on most rows).
  const cachedAddress = new Float64Array(1 << 16).fill(-1);
  const cachedGroup: (Id | undefined)[] = new Array(1 << 16).fill(undefined);
  const groupOfNumber = new Map<number, Id>();

  return {
    add(record: FlowRecord): void {
      const source = sourceGroup(record.sourceIp);
      const aggregate = source && aggregateOf(source, record, record.time);
      if (aggregate === undefined) {
        dropped++;
        return;
      }
      count(aggregate, record, record.time, record.sourceIp, 0);
    },
    addFlow(template: FlowRecord, sourceIp: number, time: number): void {
      // Fibonacci hashing: clusters' subnets differ in their high bits, which a plain mask would drop.
      const slot = Math.imul(sourceIp, 0x9e3779b1) >>> 16;
      let source = cachedAddress[slot] === sourceIp ? cachedGroup[slot] : undefined;
      if (source === undefined) {
        // Behind the slots, every address seen (bounded): the text of an address is made once.
        source = groupOfNumber.get(sourceIp);
        if (source === undefined) {
          source = sourceGroup(ipv4Text(sourceIp));
          if (source === undefined) {
            dropped++;
            return;
          }
          if (groupOfNumber.size >= 100_000) groupOfNumber.clear();
          groupOfNumber.set(sourceIp, source);
        }
        cachedAddress[slot] = sourceIp;
        cachedGroup[slot] = source;
      }
      let byGroup = templateAggregates.get(template);
      if (byGroup === undefined) {
        byGroup = new Map();
        if (templateAggregates.size >= 100_000) templateAggregates.clear();
        templateAggregates.set(template, byGroup);
      }
      let aggregate = byGroup.get(source.id);
      if (aggregate === undefined) {
        aggregate = aggregateOf(source, template, time);
        if (aggregate === undefined) {
          dropped++;
          return;
        }
        byGroup.set(source.id, aggregate);
      }
      count(aggregate, template, time, undefined, sourceIp);
    },
    aggregates(): FlowAggregate[] {
      return sortAggregates(all).map((aggregate) => {
        const hours = hourlyOf.get(aggregate);
        return {
          ...aggregate,
          tables: [...aggregate.tables].sort() as LogTable[],
          sampleSourceIps: [...aggregate.sampleSourceIps],
          ...(hours && {
            hourlyHits: hours.hours.map((hour, i) => ({ hour: hour * HOUR_MS, hits: hours.hits[i] as number })),
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
