/**
 * LogEvidence: flow records from any source reduced to what the log-based checks read (aggregates,
 * the sources' summaries, the firewalls the rows name, the hours that had rows), and the merge of
 * several evidences (files and Log Analytics in one audit). Pure.
 */
import type { FlowAggregate, FlowRecord, HourlyHits, LogEvidence, LogSourceSummary, LogTable } from '../model/flows.ts';
import { createFlowAggregator, type FlowAggregatorOptions, hourOf, type PackedAggregates } from './aggregate.ts';
import type { SourceClassifier } from './sources.ts';

export interface LogEvidenceBuilder {
  add(record: FlowRecord): void;
  /** `add({ ...template, sourceIp, time })` without the record (FlowAggregator.addFlow). */
  addFlow(template: FlowRecord, templateId: number, sourceIp: number, time: number): void;
  /** FlowAggregator.newTemplateId. */
  newTemplateId(): number;
  /** The summary of a source whose records were added (a file, a workspace query). */
  addSource(summary: LogSourceSummary): void;
  evidence(): LogEvidence;
  /** What was added, as typed arrays (FlowAggregator.pack), for another thread's builder to absorb. */
  pack(): PackedEvidence;
  /** Adds another builder's `pack()`: as if its records had been added after this one's. */
  absorb(packed: PackedEvidence): void;
}

export interface PackedEvidence {
  aggregates: PackedAggregates;
  firewallIds: string[];
  coveredHours: number[];
}

/** The buffers of a PackedEvidence, for postMessage's transfer list: handed over, not copied. */
export function transferablesOf(packed: PackedEvidence): ArrayBuffer[] {
  const { fields, counters, lists, hours } = packed.aggregates;
  return [fields.buffer, counters.buffer, lists.buffer, hours.buffer] as ArrayBuffer[];
}

/** Firewalls and hours are few (tens, and 24 a day); these bounds only guard against hostile input. */
const MAX_FIREWALLS = 10_000;
const MAX_HOURS = 24 * 366 * 5;

export function createLogEvidenceBuilder(
  classifySource: SourceClassifier,
  options: FlowAggregatorOptions = {},
): LogEvidenceBuilder {
  const aggregator = createFlowAggregator(classifySource, options);
  const sources: LogSourceSummary[] = [];
  const firewallIds = new Set<string>();
  const hours = new Set<number>();
  // Rows come roughly in time order and from one firewall per file: skip the set when nothing changed.
  let lastHour = Number.NaN;
  let lastFirewall: string | undefined;
  const note = (record: FlowRecord, time: number) => {
    const hour = hourOf(time);
    if (hour !== lastHour) {
      lastHour = hour;
      if (hours.size < MAX_HOURS) hours.add(hour);
    }
    if (record.firewallId !== undefined && record.firewallId !== lastFirewall) {
      lastFirewall = record.firewallId;
      if (firewallIds.size < MAX_FIREWALLS) firewallIds.add(record.firewallId.toLowerCase());
    }
  };
  return {
    add(record) {
      aggregator.add(record);
      note(record, record.time);
    },
    addFlow(template, templateId, sourceIp, time) {
      aggregator.addFlow(template, templateId, sourceIp, time);
      note(template, time);
    },
    newTemplateId: () => aggregator.newTemplateId(),
    addSource(summary) {
      sources.push(summary);
    },
    pack() {
      return { aggregates: aggregator.pack(), firewallIds: [...firewallIds], coveredHours: [...hours] };
    },
    absorb(packed) {
      aggregator.absorb(packed.aggregates);
      for (const id of packed.firewallIds) if (firewallIds.size < MAX_FIREWALLS) firewallIds.add(id);
      for (const hour of packed.coveredHours) if (hours.size < MAX_HOURS) hours.add(hour);
    },
    evidence() {
      return {
        sources: [...sources],
        aggregates: aggregator.aggregates(),
        droppedHits: aggregator.droppedHits,
        firewallIds: [...firewallIds].sort(),
        coveredHours: [...hours].sort((a, b) => a - b),
      };
    },
  };
}

const keyOf = (a: FlowAggregate): string =>
  [
    a.sourceGroup,
    a.destination,
    String(a.port ?? ''),
    a.protocol,
    a.action,
    a.policy ?? '',
    a.ruleCollectionGroup ?? '',
    a.ruleCollection ?? '',
    a.rule ?? '',
    a.rule === undefined && a.ruleCollection === undefined ? (a.actionReason ?? '') : '',
  ].join('\u0000');

/** The hits per hour of several aggregates, summed by hour; undefined when none keeps hours. */
export function sumHourlyHits(hourlies: readonly (HourlyHits | undefined)[]): HourlyHits | undefined {
  const byHour = new Map<number, number>();
  let any = false;
  for (const hourly of hourlies) {
    if (hourly === undefined) continue;
    any = true;
    hourly.hours.forEach((hour, i) => {
      byHour.set(hour, (byHour.get(hour) ?? 0) + (hourly.hits[i] as number));
    });
  }
  if (!any) return undefined;
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  return { hours, hits: hours.map((hour) => byHour.get(hour) as number) };
}

/**
 * One evidence from several (files and a workspace): sources listed in order, aggregates with the same
 * key summed (hits, first/last seen, tables, sample sources up to five, hourly hits).
 */
export function mergeLogEvidence(evidences: readonly LogEvidence[]): LogEvidence {
  if (evidences.length === 1 && evidences[0]) return evidences[0];
  const merged = new Map<string, FlowAggregate>();
  for (const evidence of evidences) {
    for (const aggregate of evidence.aggregates) {
      const key = keyOf(aggregate);
      const held = merged.get(key);
      if (!held) {
        merged.set(key, {
          ...aggregate,
          tables: [...aggregate.tables],
          sampleSourceIps: [...aggregate.sampleSourceIps],
        });
        continue;
      }
      held.hits += aggregate.hits;
      held.firstSeen = Math.min(held.firstSeen, aggregate.firstSeen);
      held.lastSeen = Math.max(held.lastSeen, aggregate.lastSeen);
      held.tables = [...new Set([...held.tables, ...aggregate.tables])].sort() as LogTable[];
      held.sampleSourceIps = [...new Set([...held.sampleSourceIps, ...aggregate.sampleSourceIps])].slice(0, 5);
      const hourly = sumHourlyHits([held.hourlyHits, aggregate.hourlyHits]);
      if (hourly) held.hourlyHits = hourly;
    }
  }
  return {
    sources: evidences.flatMap((e) => e.sources),
    aggregates: [...merged.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, a]) => a),
    droppedHits: evidences.reduce((sum, e) => sum + e.droppedHits, 0),
    firewallIds: [...new Set(evidences.flatMap((e) => e.firewallIds))].sort(),
    coveredHours: [...new Set(evidences.flatMap((e) => e.coveredHours))].sort((a, b) => a - b),
  };
}
