import { appRule, collection, inventoryOf, ipGroup, netRule, policy, ruleGroup } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { NetworkRule } from '../model/inventory.ts';
import { fw, programOfCollections, type Rule } from './policy-rules.test-support.ts';
import { prepareProgram } from './prepared.ts';
import { compileFirewallProgram, type FirewallProgram } from './program.ts';
import { ruleCovers } from './rule-containment.ts';
import type { PreparedRule } from './rule-facts.ts';
import { findShadowing } from './shadowing.ts';

describe('findShadowing', () => {
  function analyse(
    collections: Parameters<typeof ruleGroup>[3],
  ): ReturnType<typeof findShadowing> & { program: FirewallProgram } {
    const { program, ipGroups } = programOfCollections(collections);
    return { ...findShadowing(program, ipGroups), program };
  }
  const short = (path: string | undefined) => path?.split(' / ').slice(2).join('/');

  it('reports the first full cover in processing order, with the relation of the actions', () => {
    const result = analyse([
      collection('deny', 100, 'Deny', [
        netRule('deny-web', { sources: ['10.1.0.0/16'], destinations: ['*'], ports: ['443'] }),
      ]),
      collection('allow', 200, 'Allow', [
        netRule('allow-all', { sources: ['*'], destinations: ['*'], ports: ['*'] }),
        netRule('web', { sources: ['10.1.2.0/24'], destinations: ['20.0.0.0/8'], ports: ['443'] }),
        netRule('ssh', { sources: ['10.1.2.0/24'], destinations: ['20.0.0.0/8'], ports: ['22'] }),
      ]),
    ]);
    expect(result.compared).toBe(4);
    expect(
      result.rules.map((r) => [short(r.entry.path), short(r.coveredBy?.entry.path), r.coveredBy?.relation]),
    ).toEqual([
      ['allow/web', 'deny/deny-web', 'shadowed'],
      ['allow/ssh', 'allow/allow-all', 'redundant'],
    ]);
  });

  it('finds exact duplicates within a collection', () => {
    const result = analyse([
      collection('allow', 100, 'Allow', [
        appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['mcr.microsoft.com', '*.data.mcr.microsoft.com'] }),
        appRule('mcr-again', { sources: ['10.1.0.0/22'], fqdns: ['*.data.mcr.microsoft.com', 'MCR.microsoft.com'] }),
      ]),
    ]);
    expect(result.rules).toHaveLength(1);
    expect(short(result.rules[0]?.duplicateOf?.path)).toBe('allow/mcr');
    expect(result.rules[0]?.coveredBy?.relation).toBe('redundant');
  });

  it('lists possible covers only when no rule covers fully, one per relation', () => {
    const result = analyse([
      collection('deny', 100, 'Deny', [netRule('deny-monitor', { destinations: ['AzureCloud'], ports: ['443'] })]),
      collection('allow', 200, 'Allow', [
        netRule('monitor', { sources: ['10.1.0.0/22'], destinations: ['AzureMonitor'], ports: ['443'] }),
      ]),
    ]);
    expect(result.rules[0]?.coveredBy).toBeUndefined();
    expect(result.rules[0]?.possiblyCoveredBy.map((p) => [short(p.entry.path), p.relation])).toEqual([
      ['deny/deny-monitor', 'shadowed'],
    ]);
  });

  it.each([7, 11, 42])('agrees with a comparison of every pair on a generated policy (seed %i)', (seed) => {
    let state = seed;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const group = (name: string) => ipGroup(name, []).id;
    const withGroups = <R extends Rule>(rule: R): R =>
      random() < 0.15 ? { ...rule, sourceIpGroups: [group(pick(['ipg-a', 'ipg-missing']))] } : rule;
    const rules = (n: number): Rule[] =>
      Array.from({ length: n }, (_, i) =>
        withGroups(
          random() < 0.5
            ? netRule(`n${i}`, {
                sources: [pick(['*', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16'])],
                protocols: [pick<NetworkRule['ipProtocols'][number]>(['TCP', 'UDP', 'Any', 'ICMP'])],
                destinations: [
                  pick(['*', '20.0.0.0/8', '20.1.0.0/16', 'AzureCloud', 'AzureCloud.eastus', 'AzureMonitor']),
                ],
                fqdns: random() < 0.2 ? [pick(['ghcr.io', 'a.contoso.com'])] : [],
                ports: [pick(['443', '80', '*', '1000-2000', '1500'])],
              })
            : {
                ...appRule(`a${i}`, {
                  sources: [pick(['*', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24'])],
                  fqdns:
                    random() < 0.8
                      ? [pick(['*', '*.contoso.com', 'a.contoso.com', 'ghcr.io', '*contoso.com', 'b.a.contoso.com'])]
                      : [],
                  fqdnTags: random() < 0.2 ? ['AzureKubernetesService'] : [],
                  protocols: [pick(['Https:443', 'Http:80'])],
                }),
                targetUrls: random() < 0.1 ? [pick(['a.contoso.com/x', 'a.contoso.com/x/*', '*.contoso.com/y'])] : [],
              },
        ),
      );
    const inventory = inventoryOf(
      fw,
      policy('afwp', { groups: ['rcg'], dnsProxy: random() < 0.5 }),
      ruleGroup('afwp', 'rcg', 100, [
        collection('c1', 100, 'Allow', rules(60)),
        collection('c2', 200, 'Deny', rules(60)),
        collection('c3', 300, 'Allow', rules(60)),
      ]),
      ipGroup('ipg-a', ['10.1.0.0/16']),
    );
    const compiled = compileFirewallProgram(inventory, fw);
    if (!compiled.ok) throw new Error(compiled.cause);
    const result = findShadowing(compiled.program, inventory.ipGroups);
    const { network, application } = prepareProgram(compiled.program, inventory.ipGroups).rules;
    const all: PreparedRule[] = [...network, ...application];
    const context = { dnsProxyEnabled: compiled.program.dnsProxyEnabled };
    const relation = (e: PreparedRule, l: PreparedRule) =>
      e.entry.action === l.entry.action ? 'redundant' : 'shadowed';
    // Brute force: the first full cover; without one, the first possible cover of each relation.
    const expected = all.flatMap((later, i) => {
      if (later.sources.ranges.length === 0) return [];
      const earlier = all.slice(0, i);
      const first = earlier.find((e) => ruleCovers(e, later, context) === 'all');
      if (first) return [[later.entry.path, 'covered', first.entry.path, relation(first, later)]];
      const possible = earlier.filter((e) => ruleCovers(e, later, context) === 'unknown');
      return (['redundant', 'shadowed'] as const).flatMap((r) => {
        const p = possible.find((e) => relation(e, later) === r);
        return p ? [[later.entry.path, 'possibly', p.entry.path, r]] : [];
      });
    });
    const actual = result.rules.flatMap((r) =>
      r.coveredBy
        ? [[r.entry.path, 'covered', r.coveredBy.entry.path, r.coveredBy.relation]]
        : [...r.possiblyCoveredBy]
            .sort((a, b) => a.relation.localeCompare(b.relation))
            .map((p) => [r.entry.path, 'possibly', p.entry.path, p.relation]),
    );
    expect(actual).toEqual(expected);
    expect(expected.filter((e) => e[1] === 'covered').length).toBeGreaterThan(20);
    expect(expected.filter((e) => e[1] === 'possibly').length).toBeGreaterThan(2);
  });
});
