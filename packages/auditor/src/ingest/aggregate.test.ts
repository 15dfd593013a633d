import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAddressSpec } from '../evaluate/addresses.ts';
import type { FlowAggregate, FlowRecord } from '../model/flows.ts';
import { createFlowAggregator, decidedBy, type FlowAggregator, type FlowAggregatorOptions } from './aggregate.ts';
import { classifierFor, type SourceClassifier } from './sources.ts';
import { ipv4FromBytes } from './values.ts';

const T0 = Date.UTC(2025, 10, 20, 8, 0, 0);

const flow = (fields: Partial<FlowRecord>): FlowRecord => ({
  time: T0,
  table: 'AZFWApplicationRule',
  sourceIp: '10.1.0.4',
  destination: 'mcr.microsoft.com',
  port: 443,
  protocol: 'HTTPS',
  action: 'Allow',
  policy: 'afwp-base',
  ruleCollectionGroup: 'rcg-platform-aks',
  ruleCollection: 'aks-fqdn-required',
  rule: 'aks-core',
  count: 1,
  ...fields,
});

/** Clusters by CIDR, the way the audit's classifier will use parseAddressSpec. */
function cidrClassifier(clusters: Record<string, string>) {
  const ranges = Object.entries(clusters).map(([name, cidr]) => {
    const spec = parseAddressSpec(cidr);
    if (spec.kind !== 'ranges') throw new Error(cidr);
    return { name, ranges: spec.ranges };
  });
  const calls: string[] = [];
  const classify = (ip: string) => {
    calls.push(ip);
    const address = parseAddressSpec(ip);
    if (address.kind !== 'ranges') return undefined;
    const [[value]] = address.ranges as [[number, number]];
    return ranges.find(({ ranges: r }) => r.some(([start, end]) => value >= start && value <= end))?.name;
  };
  return { classify, calls };
}

describe('createFlowAggregator', () => {
  it('keys by source group, destination, port, protocol, action and deciding rule', () => {
    const { classify } = cidrClassifier({ 'aks-prod-eastus': '10.1.0.0/22', 'aks-teamb-eastus': '10.2.0.0/22' });
    const aggregator = createFlowAggregator(classify);
    aggregator.add(flow({ sourceIp: '10.1.0.4' }));
    aggregator.add(flow({ sourceIp: '10.1.0.5', time: T0 + 5000, count: 3 }));
    aggregator.add(flow({ sourceIp: '10.1.0.6', time: T0 - 5000, destination: 'MCR.Microsoft.com' }));
    aggregator.add(
      flow({
        sourceIp: '10.2.0.4',
        destination: 'eastus.data.mcr.microsoft.com',
        action: 'Deny',
        policy: undefined,
        ruleCollectionGroup: undefined,
        ruleCollection: undefined,
        rule: undefined,
        actionReason: 'Default Action',
      }),
    );
    aggregator.add(flow({ sourceIp: '10.1.0.4', port: 80, protocol: 'HTTP' }));
    expect(aggregator.size).toBe(3);
    expect(aggregator.aggregates()).toEqual([
      {
        sourceGroup: 'aks-prod-eastus',
        destination: 'mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        decidedBy: 'afwp-base / rcg-platform-aks / aks-fqdn-required / aks-core',
        policy: 'afwp-base',
        ruleCollectionGroup: 'rcg-platform-aks',
        ruleCollection: 'aks-fqdn-required',
        rule: 'aks-core',
        tables: ['AZFWApplicationRule'],
        hits: 5,
        firstSeen: T0 - 5000,
        lastSeen: T0 + 5000,
        sampleSourceIps: ['10.1.0.4', '10.1.0.5', '10.1.0.6'],
      },
      {
        sourceGroup: 'aks-prod-eastus',
        destination: 'mcr.microsoft.com',
        port: 80,
        protocol: 'HTTP',
        action: 'Allow',
        decidedBy: 'afwp-base / rcg-platform-aks / aks-fqdn-required / aks-core',
        policy: 'afwp-base',
        ruleCollectionGroup: 'rcg-platform-aks',
        ruleCollection: 'aks-fqdn-required',
        rule: 'aks-core',
        tables: ['AZFWApplicationRule'],
        hits: 1,
        firstSeen: T0,
        lastSeen: T0,
        sampleSourceIps: ['10.1.0.4'],
      },
      {
        sourceGroup: 'aks-teamb-eastus',
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Deny',
        decidedBy: 'Default Action',
        actionReason: 'Default Action',
        tables: ['AZFWApplicationRule'],
        hits: 1,
        firstSeen: T0,
        lastSeen: T0,
        sampleSourceIps: ['10.2.0.4'],
        hourlyHits: { hours: [T0], hits: [1] },
      },
    ]);
  });

  it('counts Deny hits per hour, keeping at most maxHourlyBuckets hours per aggregate', () => {
    const aggregator = createFlowAggregator(() => 'g', { maxHourlyBuckets: 2 });
    const deny = {
      action: 'Deny' as const,
      rule: undefined,
      ruleCollection: undefined,
      actionReason: 'Default Action',
    };
    aggregator.add(flow({ ...deny, time: T0 + 3_599_999 }));
    aggregator.add(flow({ ...deny, time: T0, count: 4 }));
    aggregator.add(flow({ ...deny, time: T0 + 2 * 3_600_000 + 1 }));
    aggregator.add(flow({ ...deny, time: T0 - 3_600_000 }));
    aggregator.add(flow({}));
    const [allow, denied] = aggregator.aggregates();
    expect(allow?.hourlyHits).toBeUndefined();
    // The hour before T0 came after two hours were held: its hit counts in hits, not in the buckets.
    expect(denied?.hits).toBe(7);
    expect(denied?.hourlyHits).toEqual({ hours: [T0, T0 + 7_200_000], hits: [5, 1] });
  });

  it('keeps hours sorted whatever order the rows come in', () => {
    const aggregator = createFlowAggregator(() => 'g');
    const deny = {
      action: 'Deny' as const,
      rule: undefined,
      ruleCollection: undefined,
      actionReason: 'Default Action',
    };
    const H = 3_600_000;
    for (const hour of [2, 0, 3, 1, 1, 3]) aggregator.add(flow({ ...deny, time: T0 + hour * H + 5 }));
    expect(aggregator.aggregates()[0]?.hourlyHits).toEqual({
      hours: [T0, T0 + H, T0 + 2 * H, T0 + 3 * H],
      hits: [1, 2, 1, 2],
    });
  });

  it("keeps hours only for denies from sources a group claims: only a cluster's traffic can be required", () => {
    const { classify } = cidrClassifier({ 'aks-prod-eastus': '10.1.0.0/22' });
    const aggregator = createFlowAggregator(classify);
    const deny = {
      action: 'Deny' as const,
      rule: undefined,
      ruleCollection: undefined,
      actionReason: 'Default Action',
    };
    aggregator.add(flow({ ...deny, sourceIp: '10.1.0.4' }));
    aggregator.add(flow({ ...deny, sourceIp: '192.0.2.7' }));
    aggregator.addFlow(flow(deny), aggregator.newTemplateId(), 0xc0000208, T0);
    expect(aggregator.aggregates().map((a) => [a.sourceGroup, a.hits, a.hourlyHits])).toEqual([
      ['aks-prod-eastus', 1, { hours: [T0], hits: [1] }],
      ['unknown:192.0.2.0/24', 2, undefined],
    ]);
  });

  it('groups unknown sources by /24 (IPv6 by /64) so many clients make few keys', () => {
    const aggregator = createFlowAggregator(() => undefined);
    for (let i = 0; i < 1000; i++) aggregator.add(flow({ sourceIp: `203.0.113.${i % 256}` }));
    aggregator.add(flow({ sourceIp: '198.51.100.7' }));
    aggregator.add(flow({ sourceIp: '2001:db8:1:2:3:4:5:6' }));
    aggregator.add(flow({ sourceIp: '2001:db8:1:2::ffff' }));
    expect(aggregator.aggregates().map((a) => [a.sourceGroup, a.hits])).toEqual([
      ['unknown:198.51.100.0/24', 1],
      ['unknown:2001:db8:1:2::/64', 2],
      ['unknown:203.0.113.0/24', 1000],
    ]);
  });

  it('keeps at most five distinct sample sources, in the order first seen', () => {
    const aggregator = createFlowAggregator(() => 'aks-prod-eastus');
    for (const last of [9, 9, 8, 7, 6, 5, 4, 3, 9]) aggregator.add(flow({ sourceIp: `10.1.0.${last}` }));
    const [aggregate] = aggregator.aggregates();
    expect(aggregate?.sampleSourceIps).toEqual(['10.1.0.9', '10.1.0.8', '10.1.0.7', '10.1.0.6', '10.1.0.5']);
    expect(aggregate?.hits).toBe(9);
  });

  it('sums the count of aggregation-table rows and lists every table of a key', () => {
    const aggregator = createFlowAggregator(() => 'aks-prod-eastus');
    aggregator.add(flow({ table: 'AZFWApplicationRuleAggregation', count: 1520, time: T0 + 3_600_000 }));
    aggregator.add(flow({ table: 'AZFWApplicationRule', count: 1 }));
    aggregator.add(flow({ table: 'AzureFirewallApplicationRule', count: 1 }));
    expect(aggregator.aggregates()).toMatchObject([
      {
        hits: 1522,
        firstSeen: T0,
        lastSeen: T0 + 3_600_000,
        tables: ['AZFWApplicationRule', 'AZFWApplicationRuleAggregation', 'AzureFirewallApplicationRule'],
      },
    ]);
  });

  it('separates reasons when no rule decided, not when one did', () => {
    const aggregator = createFlowAggregator(() => 'g');
    const noRule = { policy: undefined, ruleCollectionGroup: undefined, ruleCollection: undefined, rule: undefined };
    aggregator.add(flow({ ...noRule, action: 'Deny', actionReason: 'Default Action' }));
    aggregator.add(flow({ ...noRule, action: 'Deny', actionReason: 'ThreatIntel: Bot Networks' }));
    aggregator.add(flow({ ...noRule, action: 'Deny' }));
    aggregator.add(flow({ actionReason: 'first' }));
    aggregator.add(flow({ actionReason: 'second' }));
    expect(aggregator.aggregates().map((a) => [a.action, a.decidedBy, a.hits])).toEqual([
      ['Allow', 'afwp-base / rcg-platform-aks / aks-fqdn-required / aks-core', 2],
      ['Deny', undefined, 1],
      ['Deny', 'Default Action', 1],
      ['Deny', 'ThreatIntel: Bot Networks', 1],
    ]);
  });

  it('classifies each source address once', () => {
    const { classify, calls } = cidrClassifier({ 'aks-prod-eastus': '10.1.0.0/22' });
    const aggregator = createFlowAggregator(classify);
    for (let i = 0; i < 100; i++) aggregator.add(flow({ sourceIp: i % 2 ? '10.1.0.4' : '10.9.0.4' }));
    expect(calls).toEqual(['10.9.0.4', '10.1.0.4']);
    expect(aggregator.aggregates().map((a) => a.sourceGroup)).toEqual(['aks-prod-eastus', 'unknown:10.9.0.0/24']);
  });

  it('finds each of many keys again, however many came between', () => {
    const aggregator = createFlowAggregator(() => 'g');
    const keys = Array.from({ length: 10_000 }, (_, i) => ({
      destination: `d${i % 2500}.example`,
      port: 1 + ((i >> 2) % 4),
    }));
    for (const round of [1, 2]) for (const key of keys) aggregator.add(flow({ ...key, time: T0 + round }));
    expect(aggregator.size).toBe(10_000);
    expect(aggregator.aggregates().every((a) => a.hits === 2 && a.lastSeen === T0 + 2)).toBe(true);
  });

  it('stops making new keys at maxAggregates and counts what it dropped', () => {
    const aggregator = createFlowAggregator(() => 'g', { maxAggregates: 2 });
    for (const destination of ['a.example', 'b.example', 'c.example', 'a.example', 'd.example']) {
      aggregator.add(flow({ destination }));
    }
    expect(aggregator.size).toBe(2);
    expect(aggregator.droppedHits).toBe(2);
    expect(aggregator.aggregates().map((a) => [a.destination, a.hits])).toEqual([
      ['a.example', 2],
      ['b.example', 1],
    ]);
  });
});

describe('decidedBy', () => {
  it.each([
    [flow({}), 'afwp-base / rcg-platform-aks / aks-fqdn-required / aks-core'],
    [
      flow({ policy: undefined, ruleCollectionGroup: undefined, ruleCollection: 'collection1000', rule: 'rule1002' }),
      'collection1000 / rule1002',
    ],
    [
      flow({
        policy: undefined,
        ruleCollectionGroup: undefined,
        ruleCollection: undefined,
        rule: undefined,
        actionReason: 'Default Action',
      }),
      'Default Action',
    ],
    [
      flow({ policy: undefined, ruleCollectionGroup: undefined, ruleCollection: undefined, rule: undefined }),
      undefined,
    ],
  ])('%#', (record, expected) => {
    expect(decidedBy(record)).toBe(expected);
  });
});

describe('addFlow', () => {
  // The most specific first: the test's classifier takes the first that holds an address.
  const clusters = { 'aks-pods': '10.2.0.128/25', 'aks-prod-eastus': '10.1.0.0/22', 'aks-teamb-eastus': '10.2.0.0/22' };
  // The audit's classifier answers for whole /24 blocks too (cached by block); the test's answers per address only.
  it.each<[string, SourceClassifier]>([
    [
      'by block',
      classifierFor(
        Object.entries(clusters).map(([group, cidr]) => ({ group, kind: 'cluster', id: group, cidrs: [cidr] })),
      ),
    ],
    ['by address', cidrClassifier(clusters).classify],
  ])('counts a row of a template as add({ ...template, sourceIp, time }) does (classified %s)', (_, classify) => {
    const allow = flow({});
    const deny = flow({
      destination: 'Quay.io',
      action: 'Deny',
      policy: undefined,
      ruleCollectionGroup: undefined,
      ruleCollection: undefined,
      rule: undefined,
      actionReason: 'Default Action',
    });
    // Sources that share their low 16 bits (10.1.0.4 and 10.2.0.4) must not share a cache slot's group.
    const rows: [FlowRecord, string, number][] = [
      [allow, '10.1.0.4', T0 + 9000],
      [allow, '10.2.0.4', T0 - 3_600_000],
      [allow, '10.1.0.4', T0 - 5000],
      [deny, '10.2.0.4', T0 + 7_200_000],
      [deny, '10.2.0.4', T0],
      [deny, '172.16.9.9', T0 + 1],
      [deny, '10.2.0.5', T0 + 3_600_001],
      // 10.2.0.0/24 is split: its upper half is another cluster's.
      [deny, '10.2.0.200', T0 + 2],
      [deny, '10.2.0.6', T0 + 3],
    ];
    const byRecord = createFlowAggregator(classify);
    const byTemplate = createFlowAggregator(classify);
    const ids = new Map([allow, deny].map((template) => [template, byTemplate.newTemplateId()]));
    for (const [template, sourceIp, time] of rows) {
      byRecord.add({ ...template, sourceIp, time });
      const ip = ipv4FromBytes(new TextEncoder().encode(sourceIp), 0, sourceIp.length);
      byTemplate.addFlow(template, ids.get(template) as number, ip, time);
    }
    expect(byTemplate.aggregates()).toEqual(byRecord.aggregates());
    expect(byTemplate.aggregates().map((a) => [a.sourceGroup, a.destination, a.hits])).toEqual([
      ['aks-pods', 'quay.io', 1],
      ['aks-prod-eastus', 'mcr.microsoft.com', 2],
      ['aks-teamb-eastus', 'mcr.microsoft.com', 1],
      ['aks-teamb-eastus', 'quay.io', 4],
      ['unknown:172.16.9.0/24', 'quay.io', 1],
    ]);
  });
});

describe('pack and absorb', () => {
  const { classify } = cidrClassifier({ 'aks-prod-eastus': '10.1.0.0/22', 'aks-teamb-eastus': '10.2.0.0/22' });
  const record = fc
    .record({
      source: fc.constantFrom(
        '10.1.0.4',
        '10.1.0.5',
        '10.2.0.4',
        '10.2.0.9',
        '172.16.9.9',
        '172.16.10.1',
        '2001:db8::1',
      ),
      hour: fc.integer({ min: 0, max: 5 }),
      destination: fc.constantFrom('mcr.microsoft.com', 'MCR.microsoft.com', 'quay.io'),
      action: fc.constantFrom('Allow', 'Deny'),
      byRule: fc.boolean(),
      table: fc.constantFrom('AZFWApplicationRule', 'AZFWApplicationRuleAggregation'),
      count: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ source, hour, destination, action, byRule, table, count }) =>
      flow({
        sourceIp: source,
        time: T0 + hour * 3_600_000 + count,
        destination,
        action: action as FlowRecord['action'],
        ...(byRule
          ? {}
          : { policy: undefined, ruleCollectionGroup: undefined, ruleCollection: undefined, rule: undefined }),
        actionReason: byRule ? undefined : 'Default Action',
        table: table as FlowRecord['table'],
        count,
      }),
    );

  /** The records aggregated in parts (cut at `cuts`), the later parts packed and absorbed by the first. */
  function inParts(records: FlowRecord[], cuts: number[], options: FlowAggregatorOptions) {
    const bounds = [0, ...cuts.map((cut) => Math.min(cut, records.length)).sort((a, b) => a - b), records.length];
    const [first, ...others] = bounds.slice(1).map((end, k) => {
      const part = createFlowAggregator(classify, options);
      for (const r of records.slice(bounds[k], end)) part.add(r);
      return part;
    });
    // Through structured clone, as postMessage hands it over.
    for (const other of others) first?.absorb(structuredClone(other.pack()));
    return first as FlowAggregator;
  }

  it('give what one aggregator gives, sample sources included, when the records are split anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 40 }),
        fc.array(fc.nat(40), { maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (records, cuts, maxSampleSourceIps) => {
          const one = createFlowAggregator(classify, { maxSampleSourceIps });
          for (const r of records) one.add(r);
          expect(inParts(records, cuts, { maxSampleSourceIps }).aggregates()).toEqual(one.aggregates());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lose no hit at the aggregate bound: each is aggregated or counted as dropped', () => {
    // Which keys are kept depends on where the parts start: at the bound the audit is incomplete anyway.
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 40 }),
        fc.array(fc.nat(40), { maxLength: 3 }),
        fc.integer({ min: 1, max: 6 }),
        (records, cuts, maxAggregates) => {
          const parts = inParts(records, cuts, { maxAggregates });
          const hits = parts.aggregates().reduce((sum, a) => sum + a.hits, 0);
          expect(parts.size).toBeLessThanOrEqual(maxAggregates);
          expect(hits + parts.droppedHits).toBe(records.reduce((sum, r) => sum + r.count, 0));
        },
      ),
    );
  });
});

describe('the order of aggregates', () => {
  // The order by definition: field by field, each by UTF-16 code units, the port as text ("443" < "80").
  const byFields = (x: FlowAggregate, y: FlowAggregate): number => {
    const fields = (a: FlowAggregate) => [
      a.sourceGroup,
      a.destination,
      String(a.port ?? ''),
      a.protocol,
      a.action,
      a.decidedBy ?? '',
    ];
    const [xs, ys] = [fields(x), fields(y)];
    for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return (xs[i] as string) < (ys[i] as string) ? -1 : 1;
    return 0;
  };
  const text = fc.constantFrom('a', 'B', 'b', 'é', 'Z', 'aa', 'a / b');
  const record = fc.record({
    sourceIp: fc.constantFrom('10.1.0.4', '10.9.0.4', '10.10.0.1', '172.16.0.9'),
    destination: fc.constantFrom('a.example', 'B.example', 'b.example', 'é.example', '10.0.0.1'),
    port: fc.option(fc.constantFrom(80, 443, 8080, 53), { nil: undefined }),
    protocol: fc.constantFrom('HTTPS', 'HTTP', 'TCP'),
    action: fc.constantFrom('Allow', 'Deny'),
    ruleCollection: fc.option(text, { nil: undefined }),
    rule: fc.option(text, { nil: undefined }),
    actionReason: fc.option(text, { nil: undefined }),
  });
  it('is the key fields compared as text, field by field', () => {
    const { classify } = cidrClassifier({ 'aks-prod-eastus': '10.1.0.0/22', 'aks-b': '10.10.0.0/16' });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 80 }), (fields) => {
        const aggregator = createFlowAggregator(classify);
        for (const f of fields)
          aggregator.add(flow({ policy: undefined, ruleCollectionGroup: undefined, ...f } as Partial<FlowRecord>));
        const aggregates = aggregator.aggregates();
        expect(aggregates).toEqual([...aggregates].sort(byFields));
      }),
    );
  });
});
