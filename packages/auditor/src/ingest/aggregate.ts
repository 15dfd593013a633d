/**
 * Reduces FlowRecords to FlowAggregates, keyed by (source group, destination, port, protocol, action,
 * deciding rule or reason). Sources are grouped by the caller's classifier (a cluster by its CIDRs);
 * a source no group claims falls into `unknown:<its /24>` (IPv6: `/64`), so millions of client
 * addresses make a bounded number of keys. Pure.
 */
import ipaddr from 'ipaddr.js';
import type { FlowAggregate, FlowRecord, LogTable } from '../model/flows.ts';
import type { SourceClassifier } from './sources.ts';
import { ipv4Text, isIPv4Address } from './values.ts';

export interface FlowAggregator {
  add(record: FlowRecord): void;
  /**
   * A record with `template`'s fields but its own IPv4 source address (as a number, see ipv4Number)
   * and time: the same as `add({ ...template, sourceIp, time })` without making the record. Log rows
   * repeat a few shapes (destination, rule, action) from many sources; the CSV reader builds each
   * shape once (FlowTemplateSink), with an id from newTemplateId.
   */
  addFlow(template: FlowRecord, templateId: number, sourceIp: number, time: number): void;
  /** An id no template had: addFlow finds a template's aggregates by it (a Map of templates cost ~0.1 µs a row). */
  newTemplateId(): number;
  /**
   * The aggregates, sorted by their key fields (see sortedOrder), made anew on each call: ask for
   * them once every record is added.
   */
  aggregates(): FlowAggregate[];
  /** The aggregates so far as typed arrays and one string table: for a worker thread to hand over (transfer). */
  pack(): PackedAggregates;
  /**
   * Adds another aggregator's aggregates (its `pack()`), as if its records had been added after this
   * one's: hits summed, first and last seen widened, tables, sample sources and hours appended up to
   * their bounds — so a file read in byte ranges gives what one reader gives.
   */
  absorb(packed: PackedAggregates): void;
  /** How many aggregates there are. */
  readonly size: number;
  /**
   * Hits (a row each, or an Aggregation-table row's count) not aggregated because `maxAggregates`
   * distinct keys were already held: lost, and the caller says so in its report.
   */
  readonly droppedHits: number;
}

/**
 * Aggregates as typed arrays: per aggregate PACKED_FIELDS ids in `fields` (text fields as indices into
 * `strings`, -1 when absent; the port, -1 when absent; whether a group claimed the source; the packer's
 * own id of the decision, so that the absorber resolves each decision once), hits and
 * first and last seen in `counters` (STRIDE apart), its tables and sample sources in `lists` (a count,
 * then the ids, each), its hours in `hours` (a count, -1 when hours are not kept, then hour and hits).
 * Transferred between threads without a copy; only the strings are cloned.
 */
export interface PackedAggregates {
  strings: string[];
  fields: Int32Array;
  counters: Float64Array;
  lists: Int32Array;
  hours: Float64Array;
  droppedHits: number;
}

const PACKED_FIELDS = 12;
/** A decision's fields in a packed aggregate (from its fifth): protocol, action, policy, group, collection, rule. */
const DECISION_FIELDS = 6;

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
interface HourCounts {
  hours: number[];
  hits: number[];
}

function countHour(hourly: HourCounts, hour: number, count: number, maxHours: number): void {
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
  // A new last hour is the common case: splice would make an array (of the removed items) each time.
  if (i === hours.length - 1) {
    hours.push(hour);
    hits.push(count);
    return;
  }
  hours.splice(i + 1, 0, hour);
  hits.splice(i + 1, 0, count);
}

/** A level of the decision trie: a field's value → the next level. */
type Level = Map<unknown, Level>;

/** A key field's text as the aggregate holds it, and its id; for a source, whether a group claimed it. */
interface Id {
  text: string;
  id: number;
  claimed: boolean;
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

/**
 * The rank of each of `count` ids in the order `compare` gives them (0 for the first; ids that compare
 * equal share a rank): aggregates are sorted by the ranks of their key fields' ids, so that each
 * distinct text is compared, not each aggregate's.
 */
function ranksOf(count: number, compare: (x: number, y: number) => number): Int32Array {
  const ids = Array.from({ length: count }, (_, id) => id).sort(compare);
  const ranks = new Int32Array(count);
  let rank = 0;
  for (let i = 1; i < ids.length; i++) {
    if (compare(ids[i - 1] as number, ids[i] as number) !== 0) rank++;
    ranks[ids[i] as number] = rank;
  }
  return ranks;
}

/**
 * The number as a Smi when it is one that fits: a number read from a Float64Array is boxed, and a
 * field of aggregates made with boxed and unboxed hits changes its representation, which migrates
 * every aggregate made before (~1 µs each, 84k of them at 5M rows).
 */
const smiWhereItFits = (value: number): number => (value >= 0 && value <= 0x3fffffff ? value | 0 : value);

/**
 * Slots per aggregate in `counters`: hits, first seen, last seen, what else a row must do (NEEDS_*),
 * and for aggregates that keep hours the current hour and its hits (-1: none), which go to the
 * aggregate's hour counts when another hour comes: rows come in time order, so a row seldom touches more
 * than this slot.
 */
const STRIDE = 6;
/**
 * Int32s per aggregate in `keyIds`: the ids of its source group, destination and decision and its port
 * (NO_PORT when absent) — its key, which also sorts the aggregates (by the ranks of the ids' texts) —
 * then the id of its first record's action reason (-1: none) and its tables (a bit each).
 */
const KEY_IDS = 6;
const NO_PORT = 65_536;
/** Int32s per slot of the (template, source group) → aggregate table: template, group, index, and one unused (alignment). */
const PAIR_STRIDE = 4;
const NEEDS_SAMPLES = 1;
const NEEDS_HOURS = 2;
/** The most (template, source group) pairs remembered; then they are forgotten and found again. */
const MAX_PAIRS = 1 << 20;

export function createFlowAggregator(
  classifySource: SourceClassifier,
  options: FlowAggregatorOptions = {},
): FlowAggregator {
  const maxAggregates = options.maxAggregates ?? 1_000_000;
  const maxSamples = options.maxSampleSourceIps ?? 5;
  const maxHours = options.maxHourlyBuckets ?? 24 * 93;
  // An aggregate is an index into typed arrays (keyIds, counters) and a few sparse lists, not an
  // object: at 5M rows, 84k FlowAggregate objects with their boxed times cost ~20 MB a thread while
  // the file was read. They are made once, by aggregates().
  let size = 0;
  // Sample sources (an array of their exact length; undefined: none yet) and hours, by aggregate.
  const samplesOf: (string[] | undefined)[] = [];
  const hourlyOf = new Map<number, HourCounts>();
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
  // A decision's rule path (or reason), made once: tens of decisions, tens of thousands of aggregates.
  const decidedByOf: (string | undefined)[] = [];
  // A decision's fields the order of aggregates compares after the source, destination and port.
  const decisionOrderOf: [protocol: string, action: string, decidedBy: string][] = [];
  const destinationById: string[] = [];
  // A decision's key fields, for the aggregates of that decision.
  const decisionFieldsOf: Pick<
    FlowRecord,
    'protocol' | 'action' | 'policy' | 'ruleCollectionGroup' | 'ruleCollection' | 'rule'
  >[] = [];
  // Action reasons by id (an aggregate keeps its first record's).
  const reasonIds = new Map<string, number>();
  const reasonById: string[] = [];
  // Tables by bit, and the sorted list of each set of them (shared by the aggregates of that set).
  const tableBits = new Map<LogTable, number>();
  const tableByBit: LogTable[] = [];
  const tableLists = new Map<number, LogTable[]>();
  // (group, destination, decision, port) → aggregate index: an open-addressing table of indices whose
  // keys are the aggregates' own keyIds (slot -1: empty). A Map of Maps cost a Map per (group,
  // destination): ~60k of them, ~6 MB a thread, at 5M rows.
  let slotBits = 12;
  let aggregateSlots = new Int32Array(1 << slotBits).fill(-1);
  const slotOf = (group: number, destination: number, decision: number, port: number): number => {
    const hash =
      Math.imul(group, 0x9e3779b1) ^ Math.imul(destination, 0x85ebca6b) ^ Math.imul(decision, 0xc2b2ae35) ^ port;
    return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> (32 - slotBits);
  };
  /** The slot of the aggregate with these key ids, or the empty slot where it belongs. */
  const findSlot = (group: number, destination: number, decision: number, port: number): number => {
    const mask = (1 << slotBits) - 1;
    let slot = slotOf(group, destination, decision, port);
    for (;;) {
      const index = aggregateSlots[slot] as number;
      if (index === -1) return slot;
      const at = KEY_IDS * index;
      if (
        keyIds[at] === group &&
        keyIds[at + 1] === destination &&
        keyIds[at + 2] === decision &&
        keyIds[at + 3] === port
      ) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  };
  /** Doubles the table (when half full): every aggregate is put back by its key ids. */
  const growSlots = () => {
    slotBits++;
    aggregateSlots = new Int32Array(1 << slotBits).fill(-1);
    for (let index = 0; index < size; index++) {
      const at = KEY_IDS * index;
      const slot = findSlot(
        keyIds[at] as number,
        keyIds[at + 1] as number,
        keyIds[at + 2] as number,
        keyIds[at + 3] as number,
      );
      aggregateSlots[slot] = index;
    }
  };

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
      const claimedBy = classifySource(ip);
      group = groupNamed(claimedBy ?? unknownGroup(ip), claimedBy !== undefined);
      if (group === undefined) return undefined;
      if (groupOf.size >= 100_000) groupOf.clear();
      groupOf.set(ip, group);
    }
    return group;
  };

  // IPv4 sources by number, without their text when the classifier takes numbers: a group's name, or
  // the /24's (made once per /24, not per address).
  const unknownBlocks = new Map<number, Id | undefined>();
  const ipv4Group = (value: number): Id | undefined => {
    if (classifySource.ipv4 === undefined) return sourceGroup(ipv4Text(value));
    const claimedBy = classifySource.ipv4(value);
    if (claimedBy !== undefined) return groupNamed(claimedBy, true);
    const block = value >>> 8;
    if (unknownBlocks.has(block)) return unknownBlocks.get(block);
    const group = groupNamed(unknownGroup(ipv4Text(value)), false);
    if (unknownBlocks.size >= 100_000) unknownBlocks.clear();
    unknownBlocks.set(block, group);
    return group;
  };

  // One Id per group, by name (sources and absorbed aggregates name their group) and by id (the caches
  // of addFlow hold ids).
  const groupsByName = new Map<string, Id>();
  const groupById: Id[] = [];
  const groupNamed = (name: string, claimed: boolean): Id | undefined => {
    let group = groupsByName.get(name);
    if (group === undefined) {
      const id = idOf(groupIds, name);
      if (id === -1) return undefined;
      group = { text: name, id, claimed };
      groupsByName.set(name, group);
      groupById[id] = group;
    }
    return group;
  };

  const destinationId = (destination: string): Id | undefined => {
    let result = destinationOf.get(destination);
    if (result === undefined) {
      const text = destination.toLowerCase();
      const id = idOf(destinationIds, text);
      if (id === -1) return undefined;
      result = { text, id, claimed: false };
      destinationById[id] = text;
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
      decidedByOf[id] = decidedBy(record);
      decisionOrderOf[id] = [record.protocol, record.action, decidedByOf[id] ?? ''];
      const { protocol, action, policy, ruleCollectionGroup, ruleCollection, rule } = record;
      decisionFieldsOf[id] = { protocol, action, policy, ruleCollectionGroup, ruleCollection, rule };
    }
    return id;
  };

  let counters = new Float64Array(STRIDE * 1024);
  let keyIds = new Int32Array(KEY_IDS * 1024);
  // The last source address (as a number) taken as a sample, so that repeats skip the text.
  let lastSamples = new Float64Array(1024);

  /** The aggregate of a record's key (made if new) with the record's table, or -1 when dropped at the bound. */
  const heldOf = (source: Id, record: FlowRecord, time: number): number => {
    const byRule = record.rule !== undefined || record.ruleCollection !== undefined;
    // With a deciding rule the reason is not part of the key (the rule decided).
    const target = destinationId(record.destination);
    const decision = decisionId(record, byRule ? undefined : record.actionReason);
    if (target === undefined || decision === -1) return -1;
    const keepsHours = record.action === 'Deny' && source.claimed;
    const index = aggregateOf(
      source,
      target.id,
      decision,
      record.port ?? NO_PORT,
      record.actionReason,
      keepsHours,
      time,
    );
    if (index !== -1) addTable(index, record.table);
    return index;
  };

  /** The aggregate of a key (made if new, first seen at `time`), or -1 when dropped at the bound. */
  const aggregateOf = (
    source: Id,
    target: number,
    decision: number,
    port: number,
    actionReason: string | undefined,
    keepsHours: boolean,
    time: number,
  ): number => {
    const slot = findSlot(source.id, target, decision, port);
    let index = aggregateSlots[slot] as number;
    if (index !== -1) return index;
    if (size >= maxAggregates) return -1;
    index = size++;
    if (counters.length < STRIDE * size) {
      const grow = <T extends Float64Array | Int32Array>(old: T, next: T): T => {
        next.set(old);
        return next;
      };
      counters = grow(counters, new Float64Array(counters.length * 2));
      keyIds = grow(keyIds, new Int32Array(keyIds.length * 2));
      lastSamples = grow(lastSamples, new Float64Array(lastSamples.length * 2));
    }
    const reason = actionReason === undefined ? -1 : idOf(reasonIds, actionReason);
    if (reason !== -1) reasonById[reason] = actionReason as string;
    keyIds.set([source.id, target, decision, port, reason, 0], KEY_IDS * index);
    if (keepsHours) hourlyOf.set(index, { hours: [], hits: [] });
    const at = STRIDE * index;
    counters[at] = 0;
    counters[at + 1] = time;
    counters[at + 2] = time;
    counters[at + 3] = (maxSamples > 0 ? NEEDS_SAMPLES : 0) | (keepsHours ? NEEDS_HOURS : 0);
    counters[at + 4] = -1;
    lastSamples[index] = -1;
    // Growing puts back every aggregate, this one included.
    if (2 * size > 1 << slotBits) growSlots();
    else aggregateSlots[slot] = index;
    return index;
  };

  const addTable = (index: number, table: LogTable) => {
    let bit = tableBits.get(table);
    if (bit === undefined) {
      bit = tableByBit.length;
      tableByBit.push(table);
      tableBits.set(table, bit);
    }
    keyIds[KEY_IDS * index + 5] = (keyIds[KEY_IDS * index + 5] as number) | (1 << bit);
  };
  /** The sorted tables of a set of bits: one list for every aggregate of that set. */
  const tableListOf = (bits: number): LogTable[] => {
    let list = tableLists.get(bits);
    if (list === undefined) {
      list = tableByBit.filter((_, bit) => (bits & (1 << bit)) !== 0).sort();
      tableLists.set(bits, list);
    }
    return list;
  };

  /** Counts `count` hits at `time` from a source (its text, or the number of an IPv4 address). */
  const count = (index: number, count: number, time: number, ipText: string | undefined, ip: number) => {
    const at = STRIDE * index;
    counters[at] = (counters[at] as number) + count;
    if (time < (counters[at + 1] as number)) counters[at + 1] = time;
    if (time > (counters[at + 2] as number)) counters[at + 2] = time;
    const needs = counters[at + 3] as number;
    if (needs === 0) return;
    if ((needs & NEEDS_HOURS) !== 0) {
      const hour = hourOf(time) / HOUR_MS;
      if (hour === counters[at + 4]) {
        counters[at + 5] = (counters[at + 5] as number) + count;
      } else {
        flushHour(index);
        counters[at + 4] = hour;
        counters[at + 5] = count;
      }
    }
    if ((needs & NEEDS_SAMPLES) === 0) return;
    if (ipText !== undefined || ip !== lastSamples[index]) {
      lastSamples[index] = ip;
      addSample(index, ipText ?? sampleText(ip));
    }
  };

  /** Moves the current hour of an aggregate (see STRIDE) to its hour counts. */
  const flushHour = (index: number) => {
    const at = STRIDE * index;
    const hour = counters[at + 4] as number;
    if (hour === -1) return;
    const hourly = hourlyOf.get(index);
    if (hourly === undefined) return;
    countHour(hourly, hour, counters[at + 5] as number, maxHours);
    counters[at + 4] = -1;
  };
  const flushHours = () => {
    for (const index of hourlyOf.keys()) flushHour(index);
  };

  // An IPv4 sample source's text, made once however many aggregates take it as a sample (at 5M rows,
  // 175k samples of 40k addresses): fewer strings to keep, and to look up when packing.
  const sampleTexts = new Map<number, string>();
  const sampleText = (ip: number): string => {
    let text = sampleTexts.get(ip);
    if (text === undefined) {
      text = ipv4Text(ip);
      if (sampleTexts.size >= 100_000) sampleTexts.clear();
      sampleTexts.set(ip, text);
    }
    return text;
  };

  /** Takes `text` as a sample source of an aggregate, while it wants samples. */
  const addSample = (index: number, text: string) => {
    // A new array of the exact length, not push: a push makes room for 17, and most aggregates keep
    // one or two samples (~13 MB of empty slots a thread at 5M rows).
    const samples = samplesOf[index] ?? [];
    if (!samples.includes(text)) {
      const grown = new Array<string>(samples.length + 1);
      for (let i = 0; i < samples.length; i++) grown[i] = samples[i] as string;
      grown[samples.length] = text;
      samplesOf[index] = grown;
    }
    if ((samplesOf[index] as string[]).length >= maxSamples) {
      counters[STRIDE * index + 3] = (counters[STRIDE * index + 3] as number) & ~NEEDS_SAMPLES;
    }
  };

  // IPv4 source /24 block → its group's id, when the whole block is one group's: a direct-mapped cache
  // of 4,096 slots (32 KB, the block and the id side by side), which stays in the CPU cache where one
  // slot per address did not (a log holds tens of thousands of addresses but few blocks). A slot's id
  // is -1 while it is empty, -2 when the block is split: its addresses go through `groupOfNumber`.
  const cachedBlocks = new Int32Array(2 << 12).fill(-1);
  const groupOfNumber = new Map<number, Id>();
  const groupOfBlock = (block: number): number => {
    const whole = classifySource.ipv4Block?.(block);
    if (whole === null || classifySource.ipv4Block === undefined) return -2;
    const group = whole === undefined ? ipv4Group(block * 256) : groupNamed(whole, true);
    return group?.id ?? -2;
  };
  // Rows of a template: (template id, source group id) → aggregate index, in an open-addressing table
  // of PAIR_STRIDE Int32s per slot (template, group, index): one cache line per row, where a Map per
  // template costs a lookup and a miss more.
  // Ids are never reused: the pairs of a template the reader forgot are never matched again.
  let nextTemplateId = 0;
  let pairBits = 12;
  let pairs = new Int32Array(PAIR_STRIDE << pairBits).fill(-1);
  let pairCount = 0;
  const pairSlot = (template: number, group: number, bits: number) =>
    (Math.imul(template, 0x9e3779b1) ^ Math.imul(group, 0x85ebca6b)) >>> (32 - bits);
  const rememberPair = (template: number, group: number, index: number) => {
    if (2 * (pairCount + 1) > 1 << pairBits) {
      const old = pairs;
      pairBits++;
      pairs = new Int32Array(PAIR_STRIDE << pairBits).fill(-1);
      pairCount = 0;
      for (let at = 0; at < old.length; at += PAIR_STRIDE) {
        if (old[at] !== -1) rememberPair(old[at] as number, old[at + 1] as number, old[at + 2] as number);
      }
    }
    const mask = (1 << pairBits) - 1;
    let slot = pairSlot(template, group, pairBits);
    while (pairs[PAIR_STRIDE * slot] !== -1) slot = (slot + 1) & mask;
    const at = PAIR_STRIDE * slot;
    pairs[at] = template;
    pairs[at + 1] = group;
    pairs[at + 2] = index;
    pairCount++;
  };

  /**
   * The aggregates' indices by source group, destination, port (as text), protocol, action and deciding rule, each
   * text compared by UTF-16 code units. Compared by the ranks of their ids: a comparator of six strings
   * (the port made text each time) cost ~0.1 s for 84k aggregates, on the one thread that then waits.
   */
  const sortedOrder = (): number[] => {
    const byText = (texts: readonly string[]) => (x: number, y: number) =>
      compareKeys(texts[x] as string, texts[y] as string);
    const groupRanks = ranksOf(groupById.length, byText(groupById.map((group) => group.text)));
    const destinationRanks = ranksOf(destinationById.length, byText(destinationById));
    const decisionRanks = ranksOf(decisionCount, (x, y) => {
      const [a, b] = [decisionOrderOf[x], decisionOrderOf[y]] as [string[], string[]];
      return (
        compareKeys(a[0] as string, b[0] as string) ||
        compareKeys(a[1] as string, b[1] as string) ||
        compareKeys(a[2] as string, b[2] as string)
      );
    });
    // The ports present, ranked as text ("443" < "80"; none is "").
    const present = new Set<number>();
    for (let at = 3; at < KEY_IDS * size; at += KEY_IDS) present.add(keyIds[at] as number);
    const ports = [...present];
    const portTextRanks = ranksOf(ports.length, byText(ports.map((port) => (port === NO_PORT ? '' : String(port)))));
    const portRanks = new Int32Array(NO_PORT + 1);
    ports.forEach((port, i) => {
      portRanks[port] = portTextRanks[i] as number;
    });
    // Two numbers an aggregate: ranks are below 2^21 (ids are), so two fit a double exactly.
    const first = new Float64Array(size);
    const second = new Float64Array(size);
    for (let index = 0; index < size; index++) {
      const at = KEY_IDS * index;
      first[index] =
        (groupRanks[keyIds[at] as number] as number) * 2 ** 21 + (destinationRanks[keyIds[at + 1] as number] as number);
      second[index] =
        (portRanks[keyIds[at + 3] as number] as number) * 2 ** 21 + (decisionRanks[keyIds[at + 2] as number] as number);
    }
    const order = Array.from({ length: size }, (_, index) => index);
    order.sort((x, y) => (first[x] as number) - (first[y] as number) || (second[x] as number) - (second[y] as number));
    return order;
  };

  /** The key ids of aggregate `index` (see KEY_IDS), in one object refilled on each call. */
  const key = { group: 0, destination: 0, decision: 0, port: 0, reason: 0, tables: 0 };
  const keyOf = (index: number) => {
    const at = KEY_IDS * index;
    key.group = keyIds[at] as number;
    key.destination = keyIds[at + 1] as number;
    key.decision = keyIds[at + 2] as number;
    key.port = keyIds[at + 3] as number;
    key.reason = keyIds[at + 4] as number;
    key.tables = keyIds[at + 5] as number;
    return key;
  };

  return {
    add(record: FlowRecord): void {
      const source = sourceGroup(record.sourceIp);
      const index = source ? heldOf(source, record, record.time) : -1;
      if (index === -1) {
        dropped += record.count;
        return;
      }
      count(index, record.count, record.time, record.sourceIp, -1);
    },
    addFlow(template: FlowRecord, templateId: number, sourceIp: number, time: number): void {
      // Fibonacci hashing: clusters' subnets differ in their high bits, which a plain mask would drop.
      const block = sourceIp >>> 8;
      const cached = (Math.imul(block, 0x9e3779b1) >>> 20) << 1;
      let group = cachedBlocks[cached + 1] as number;
      if (group === -1 || cachedBlocks[cached] !== block) {
        group = groupOfBlock(block);
        cachedBlocks[cached] = block;
        cachedBlocks[cached + 1] = group;
      }
      if (group === -2) {
        // A split block (or a group not given an id): every address seen, bounded, each named once.
        let source = groupOfNumber.get(sourceIp);
        if (source === undefined) {
          source = ipv4Group(sourceIp);
          if (source === undefined) {
            dropped += template.count;
            return;
          }
          if (groupOfNumber.size >= 100_000) groupOfNumber.clear();
          groupOfNumber.set(sourceIp, source);
        }
        group = source.id;
      }
      const mask = (1 << pairBits) - 1;
      let pair = pairSlot(templateId, group, pairBits);
      let index = -1;
      for (;;) {
        const at = PAIR_STRIDE * pair;
        const known = pairs[at] as number;
        if (known === -1) break;
        if (known === templateId && pairs[at + 1] === group) {
          index = pairs[at + 2] as number;
          break;
        }
        pair = (pair + 1) & mask;
      }
      if (index === -1) {
        index = heldOf(groupById[group] as Id, template, time);
        if (index === -1) {
          dropped += template.count;
          return;
        }
        if (pairCount >= MAX_PAIRS) {
          pairs.fill(-1);
          pairCount = 0;
        }
        rememberPair(templateId, group, index);
      }
      count(index, template.count, time, undefined, sourceIp);
    },
    newTemplateId(): number {
      return nextTemplateId++;
    },
    pack(): PackedAggregates {
      const strings: string[] = [];
      const stringIds = new Map<string, number>();
      const stringId = (text: string | undefined): number => {
        if (text === undefined) return -1;
        let id = stringIds.get(text);
        if (id === undefined) {
          id = strings.length;
          strings.push(text);
          stringIds.set(text, id);
        }
        return id;
      };
      flushHours();
      const fields = new Int32Array(size * PACKED_FIELDS);
      let listLength = 0;
      let hoursLength = size;
      for (let index = 0; index < size; index++) {
        listLength += 2 + tableListOf(keyIds[KEY_IDS * index + 5] as number).length + (samplesOf[index]?.length ?? 0);
      }
      for (const hourly of hourlyOf.values()) hoursLength += 2 * hourly.hours.length;
      const lists = new Int32Array(listLength);
      const hours = new Float64Array(hoursLength);
      let list = 0;
      let hour = 0;
      // The string ids of each group, destination and decision (its six fields), found once: the
      // aggregates' key ids say which they are, where looking up every aggregate's eleven strings cost
      // ~0.2 s at 5M rows, while the thread that waits for them stood idle.
      const groupStrings = new Int32Array(groupById.length).fill(-2);
      const destinationStrings = new Int32Array(destinationById.length).fill(-2);
      const decisionStrings = new Int32Array(DECISION_FIELDS * decisionCount).fill(-2);
      for (let index = 0; index < size; index++) {
        const { group, destination, decision, port, reason, tables } = keyOf(index);
        const groupId = groupById[group] as Id;
        if (groupStrings[group] === -2) groupStrings[group] = stringId(groupId.text);
        if (destinationStrings[destination] === -2) {
          destinationStrings[destination] = stringId(destinationById[destination]);
        }
        const decisionAt = DECISION_FIELDS * decision;
        if (decisionStrings[decisionAt] === -2) {
          const d = decisionFieldsOf[decision] as (typeof decisionFieldsOf)[number];
          const texts = [d.protocol, d.action, d.policy, d.ruleCollectionGroup, d.ruleCollection, d.rule];
          texts.forEach((text, k) => {
            decisionStrings[decisionAt + k] = stringId(text);
          });
        }
        const f = index * PACKED_FIELDS;
        fields[f] = groupStrings[group] as number;
        fields[f + 1] = groupId.claimed ? 1 : 0;
        fields[f + 2] = destinationStrings[destination] as number;
        fields[f + 3] = port === NO_PORT ? -1 : port;
        fields.set(decisionStrings.subarray(decisionAt, decisionAt + DECISION_FIELDS), f + 4);
        fields[f + 10] = reason === -1 ? -1 : stringId(reasonById[reason]);
        fields[f + 11] = decision;
        for (const texts of [tableListOf(tables), samplesOf[index] ?? []]) {
          lists[list++] = texts.length;
          for (const text of texts) lists[list++] = stringId(text);
        }
        const hourly = hourlyOf.get(index);
        hours[hour++] = hourly ? hourly.hours.length : -1;
        hourly?.hours.forEach((h, i) => {
          hours[hour++] = h;
          hours[hour++] = hourly.hits[i] as number;
        });
      }
      return { strings, fields, counters: counters.slice(0, STRIDE * size), lists, hours, droppedHits: dropped };
    },
    absorb(packed: PackedAggregates): void {
      const { strings, fields, counters: theirs, lists, hours } = packed;
      const text = (id: number) => (id === -1 ? undefined : strings[id]);
      let list = 0;
      let hour = 0;
      dropped += packed.droppedHits;
      // Their groups and destinations (by string id) and decisions (by the packer's id) resolved to ours
      // once each: at 5M rows 84k aggregates share a few thousand of each, and a record a row to look
      // every key up again took ~0.1 s while the workers' cores stood idle. -2: not resolved yet.
      const ourGroups = new Int32Array(strings.length).fill(-2);
      const ourDestinations = new Int32Array(strings.length).fill(-2);
      const ourDecisions = new Map<number, number>();
      for (let index = 0; index * PACKED_FIELDS < fields.length; index++) {
        const f = index * PACKED_FIELDS;
        const hits = theirs[STRIDE * index] as number;
        const first = theirs[STRIDE * index + 1] as number;
        const last = theirs[STRIDE * index + 2] as number;
        const tablesAt = list + 1;
        const tablesEnd = tablesAt + (lists[list] as number);
        const samplesAt = tablesEnd + 1;
        const samplesEnd = samplesAt + (lists[tablesEnd] as number);
        list = samplesEnd;
        const hourCount = hours[hour] as number;
        const hoursAt = hour + 1;
        const hoursEnd = hoursAt + 2 * Math.max(0, hourCount);
        hour = hoursEnd;
        const groupString = fields[f] as number;
        if (ourGroups[groupString] === -2) {
          ourGroups[groupString] = groupNamed(strings[groupString] as string, fields[f + 1] === 1)?.id ?? -1;
        }
        const source = groupById[ourGroups[groupString] as number];
        const destinationString = fields[f + 2] as number;
        let target = ourDestinations[destinationString] as number;
        if (target === -2) {
          target = destinationId(strings[destinationString] as string)?.id ?? -1;
          ourDestinations[destinationString] = target;
        }
        let decision = ourDecisions.get(fields[f + 11] as number);
        if (decision === undefined) {
          // The decision's fields as a record, for decisionId (which reads nothing else).
          const rule = text(fields[f + 9] as number);
          const ruleCollection = text(fields[f + 8] as number);
          const actionReason = text(fields[f + 10] as number);
          const byRule = rule !== undefined || ruleCollection !== undefined;
          const record = {
            protocol: strings[fields[f + 4] as number] as string,
            action: strings[fields[f + 5] as number] as FlowRecord['action'],
            policy: text(fields[f + 6] as number),
            ruleCollectionGroup: text(fields[f + 7] as number),
            ruleCollection,
            rule,
            actionReason,
          } as FlowRecord;
          decision = decisionId(record, byRule ? undefined : actionReason);
          ourDecisions.set(fields[f + 11] as number, decision);
        }
        const port = fields[f + 3] as number;
        const keepsHours = source?.claimed === true && strings[fields[f + 5] as number] === 'Deny';
        const at =
          source === undefined || target === -1 || decision === -1
            ? -1
            : aggregateOf(
                source,
                target,
                decision,
                port === -1 ? NO_PORT : port,
                text(fields[f + 10] as number),
                keepsHours,
                first,
              );
        if (at === -1) {
          dropped += hits;
          continue;
        }
        for (let t = tablesAt; t < tablesEnd; t++) addTable(at, strings[lists[t] as number] as LogTable);
        const slot = STRIDE * at;
        counters[slot] = (counters[slot] as number) + hits;
        if (first < (counters[slot + 1] as number)) counters[slot + 1] = first;
        if (last > (counters[slot + 2] as number)) counters[slot + 2] = last;
        for (let sample = samplesAt; sample < samplesEnd; sample++) {
          if (((counters[slot + 3] as number) & NEEDS_SAMPLES) === 0) break;
          addSample(at, strings[lists[sample] as number] as string);
        }
        const ours = hourlyOf.get(at);
        if (ours !== undefined) {
          // This aggregate's current hour came first in the file.
          flushHour(at);
          for (let i = hoursAt; i < hoursEnd; i += 2)
            countHour(ours, hours[i] as number, hours[i + 1] as number, maxHours);
        }
      }
    },
    aggregates(): FlowAggregate[] {
      flushHours();
      return sortedOrder().map((index): FlowAggregate => {
        const { group, destination, decision, port, reason, tables } = keyOf(index);
        const d = decisionFieldsOf[decision] as (typeof decisionFieldsOf)[number];
        const aggregate: FlowAggregate = {
          sourceGroup: (groupById[group] as Id).text,
          destination: destinationById[destination] as string,
          port: port === NO_PORT ? undefined : port,
          protocol: d.protocol,
          action: d.action,
          decidedBy: decidedByOf[decision],
          policy: d.policy,
          ruleCollectionGroup: d.ruleCollectionGroup,
          ruleCollection: d.ruleCollection,
          rule: d.rule,
          actionReason: reason === -1 ? undefined : reasonById[reason],
          tables: tableListOf(tables),
          hits: smiWhereItFits(counters[STRIDE * index] as number),
          firstSeen: counters[STRIDE * index + 1] as number,
          lastSeen: counters[STRIDE * index + 2] as number,
          sampleSourceIps: samplesOf[index] ?? [],
        };
        const hourly = hourlyOf.get(index);
        if (hourly) aggregate.hourlyHits = { hours: hourly.hours.map((hour) => hour * HOUR_MS), hits: hourly.hits };
        return aggregate;
      });
    },
    get size() {
      return size;
    },
    get droppedHits() {
      return dropped;
    },
  };
}
