import { appRule, collection, firewall, inventoryOf, netRule, policy, ruleGroup } from '@aro-aks-audit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../model/inventory.ts';
import { fqdnContainment, parseFqdnPattern } from './fqdn.ts';
import { prepareProgram } from './prepared.ts';
import { compileFirewallProgram } from './program.ts';
import { evaluateTraffic, type TrafficClass } from './traffic.ts';

// Small pools make rules and traffic collide often, so the properties are exercised, not vacuous.
const SOURCES = ['10.1.0.0/22', '10.1.0.0/23', '10.1.2.0/24', '10.0.0.0/8', '*'];
const FQDNS = [
  'mcr.microsoft.com',
  '*.data.mcr.microsoft.com',
  '*.microsoft.com',
  'eastus.data.mcr.microsoft.com',
  '*mcr.microsoft.com',
  'example.com',
];
const PORTS = ['443', '80', '1194', '1000-2000', '*'];

const ruleArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant('app' as const),
    source: fc.constantFrom(...SOURCES),
    fqdn: fc.constantFrom(...FQDNS),
  }),
  fc.record({
    kind: fc.constant('net' as const),
    source: fc.constantFrom(...SOURCES),
    port: fc.constantFrom(...PORTS),
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'Any' as const),
  }),
);
const collectionArbitrary = fc.record({
  action: fc.constantFrom('Allow' as const, 'Deny' as const),
  priority: fc.integer({ min: 100, max: 500 }),
  rules: fc.array(ruleArbitrary, { minLength: 1, maxLength: 4 }),
});
const groupArbitrary = fc.record({
  priority: fc.integer({ min: 100, max: 500 }),
  collections: fc.array(collectionArbitrary, { minLength: 1, maxLength: 3 }),
});
const trafficArbitrary: fc.Arbitrary<TrafficClass> = fc.oneof(
  fc.record({
    sources: fc.constant<string[]>(['10.1.0.0/22']),
    protocol: fc.constant('TCP' as const),
    port: fc.constant<number>(443),
    applicationProtocol: fc.constant('Https' as const),
    destination: fc
      .constantFrom(...FQDNS.filter((f) => !f.startsWith('*m')))
      .map((pattern) => ({ kind: 'fqdn' as const, pattern })),
  }),
  fc.record({
    sources: fc.constant<string[]>(['10.1.0.0/22']),
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
    port: fc.constantFrom<number>(443, 1194, 1500),
    destination: fc.constant({ kind: 'any' as const }),
  }),
);

type GroupSpec = typeof groupArbitrary extends fc.Arbitrary<infer T> ? T : never;

function environment(groups: GroupSpec[], extraLast?: GroupSpec): Parameters<typeof inventoryOf> {
  const all = extraLast ? [...groups, extraLast] : groups;
  const groupItems = all.map((g, gi) =>
    ruleGroup(
      'afwp',
      `rcg-${gi}`,
      extraLast && gi === all.length - 1 ? 65000 : g.priority,
      g.collections.map((c, ci) =>
        collection(
          `rc-${gi}-${ci}`,
          c.priority,
          c.action,
          c.rules.map((r, ri) =>
            r.kind === 'app'
              ? appRule(`r-${gi}-${ci}-${ri}`, { sources: [r.source], fqdns: [r.fqdn] })
              : netRule(`r-${gi}-${ci}-${ri}`, {
                  sources: [r.source],
                  protocols: [r.protocol],
                  destinations: ['*'],
                  ports: [r.port],
                }),
          ),
        ),
      ),
    ),
  );
  return [
    firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: 'afwp' }),
    policy('afwp', { groups: groupItems.map((g) => g.name) }),
    ...groupItems,
  ];
}

function verdictOf(inventory: Inventory, traffic: TrafficClass) {
  const [fw] = inventory.firewalls;
  if (!fw) throw new Error('no firewall');
  const compiled = compileFirewallProgram(inventory, fw);
  if (!compiled.ok) throw new Error(compiled.cause);
  return evaluateTraffic(compiled.program, traffic, { ipGroups: [] });
}

describe('evaluator properties', () => {
  // Network rules are processed before every application rule whatever the priorities
  // (https://learn.microsoft.com/azure/firewall/rule-processing), so "lower priority" is within a rule type:
  // an allow of the deciding rule's type, placed after every other group, never changes the verdict.
  it('adding a lower-priority allow of the deciding rule type never changes a verdict a rule decided', () => {
    fc.assert(
      fc.property(
        fc.array(groupArbitrary, { minLength: 1, maxLength: 4 }),
        groupArbitrary,
        trafficArbitrary,
        (groups, extra, traffic) => {
          const before = verdictOf(inventoryOf(...environment(groups)), traffic);
          const witnesses = before.witness.split('; ');
          const deciding = before.trace.filter((t) => witnesses.includes(t.path));
          fc.pre(
            (before.decision === 'allowed' || before.decision === 'denied') &&
              deciding.length > 0 &&
              deciding.every((t) => t.kind === deciding[0]?.kind && t.kind !== 'default'),
          );
          const kind = deciding[0]?.kind === 'network' ? 'net' : 'app';
          const sameKind = extra.collections.map((c) => ({
            ...c,
            action: 'Allow' as const,
            rules: c.rules.map((r) =>
              kind === 'net'
                ? {
                    kind: 'net' as const,
                    source: r.source,
                    port: 'port' in r ? r.port : '*',
                    protocol: 'protocol' in r ? r.protocol : ('Any' as const),
                  }
                : { kind: 'app' as const, source: r.source, fqdn: 'fqdn' in r ? r.fqdn : '*.microsoft.com' },
            ),
          }));
          const after = verdictOf(inventoryOf(...environment(groups, { ...extra, collections: sameKind })), traffic);
          expect({ decision: after.decision, witness: after.witness }).toEqual({
            decision: before.decision,
            witness: before.witness,
          });
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(
        fc.array(groupArbitrary, { minLength: 1, maxLength: 4 }),
        trafficArbitrary,
        fc.integer({ min: 0, max: 1000 }),
        (groups, traffic, seed) => {
          const items = environment(groups);
          const shuffled = [...items].sort(
            (a, b) => ((a.name.length * 31 + seed) % 7) - ((b.name.length * 31 + seed) % 7),
          );
          expect(verdictOf(inventoryOf(...shuffled), traffic)).toEqual(verdictOf(inventoryOf(...items), traffic));
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
  });

  // The application rule index files rules by the last labels of their names; whatever a target fixes
  // (two labels, one label as in `*.com`, none as in `*example.com`), it must hand back every rule a full
  // scan would find able to match, in processing order.
  it('the application rule index finds every rule a full scan finds', () => {
    const NAMES = [
      'evil.com',
      '*.evil.com',
      'a.b.evil.com',
      '*.com',
      'com',
      '*vil.com',
      'example.net',
      '*',
      'x.example.com',
    ];
    const TARGETS = ['*.com', 'com', '*.evil.com', 'a.evil.com', 'evil.com', '*vil.com', '*.net', '*'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...TARGETS),
        (rules, targetText) => {
          const items = [
            firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: 'afwp' }),
            policy('afwp', { groups: ['rcg'] }),
            ruleGroup('afwp', 'rcg', 100, [
              collection(
                'rc',
                100,
                'Allow',
                rules.map((fqdns, i) => appRule(`r-${i}`, { fqdns })),
              ),
            ]),
          ];
          const inventory = inventoryOf(...items);
          const compiled = compileFirewallProgram(inventory, inventory.firewalls[0] as Inventory['firewalls'][number]);
          if (!compiled.ok) throw new Error(compiled.cause);
          const target = parseFqdnPattern(targetText);
          if (target.kind === 'invalid') throw new Error(target.reason);
          const prepared = prepareProgram(compiled.program, []);
          const canMatch = (r: (typeof prepared.rules.application)[number]) =>
            r.targets.some((pattern) => fqdnContainment(pattern, target) !== 'none');
          const indexed = prepared.application(443, 'Https', target).filter(canMatch);
          const scanned = prepared.rules.application.filter(canMatch);
          expect(indexed.map((r) => r.entry.path)).toEqual(scanned.map((r) => r.entry.path));
        },
      ),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
