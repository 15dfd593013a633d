import { compileFirewallProgram, type Inventory } from '@aro-aks-audit/auditor';
import { appRule, collection, hubAndSpoke, ids, inventoryOf, netRule, policy, ruleGroup } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { placeCollection } from './placement.ts';

const hub = hubAndSpoke();
const SOURCES = ['10.1.0.0/22'];

function setup(...groups: ReturnType<typeof ruleGroup>[]): { inventory: Inventory; place: (deny?: string) => unknown } {
  const parent = policy('afwp-parent', { groups: ['rcg-base'] });
  const inventory = inventoryOf(
    ...hub.items,
    parent,
    ruleGroup('afwp-parent', 'rcg-base', 100, [
      collection('deny-parent', 100, 'Deny', [appRule('no-data', { sources: SOURCES, fqdns: ['*.data.example.com'] })]),
    ]),
    { ...policy(hub.policyName, { base: 'afwp-parent', groups: groups.map((g) => g.name) }) },
    ...groups,
  );
  const firewall = inventory.firewalls[0];
  if (!firewall) throw new Error('no firewall');
  const compiled = compileFirewallProgram(inventory, firewall);
  if (!compiled.ok) throw new Error(compiled.cause);
  const program = compiled.program;
  return {
    inventory,
    place: (deny) =>
      placeCollection(
        inventory,
        program,
        firewall.policyId,
        'application',
        SOURCES,
        'allow-aks-test-egress',
        deny ? [...program.network, ...program.application].find((e) => e.path.endsWith(deny)) : undefined,
      ),
  };
}

const groups = [
  ruleGroup(hub.policyName, 'rcg-aks', 200, [
    collection('allow-aks-test-egress', 100, 'Allow', [
      appRule('core', { sources: SOURCES, fqdns: ['mcr.microsoft.com'] }),
    ]),
    collection('deny-web', 300, 'Deny', [appRule('no-web', { sources: SOURCES, fqdns: ['*.example.com'] })]),
    collection('net', 110, 'Allow', [
      netRule('dns', { sources: SOURCES, protocols: ['UDP'], destinations: ['*'], ports: ['53'] }),
    ]),
  ]),
];

describe('placeCollection: where an allow collection takes effect, named and numbered apart from every other', () => {
  it('after every collection of the group that already allows the sources, when the default deny decides', () => {
    const { place } = setup(...groups);
    expect(place()).toEqual({
      container: {
        kind: 'policy',
        policyId: ids.policy(hub.policyName),
        group: 'rcg-aks',
        groupPriority: 200,
        newGroup: false,
      },
      name: 'allow-aks-test-egress-2',
      priority: 310,
    });
  });

  it('never hands out a name or priority twice in one audit: two findings, two collections', () => {
    const { place } = setup(...groups);
    const [first, second] = [place(), place()] as { name: string; priority: number }[];
    expect([first?.name, first?.priority, second?.name, second?.priority]).toEqual([
      'allow-aks-test-egress-2',
      310,
      'allow-aks-test-egress-3',
      320,
    ]);
  });

  it('just before the collection of the deny rule that decides, in its group', () => {
    const { place } = setup(...groups);
    expect(place('deny-web / no-web')).toMatchObject({ container: { group: 'rcg-aks' }, priority: 299 });
  });

  it('not at all before a deny of the parent policy, whose groups always come first: it says so', () => {
    const { place } = setup(...groups);
    expect(place('deny-parent / no-data')).toEqual({
      note: "deny rule afwp-parent / rcg-base / deny-parent / no-data is in the parent policy afwp-parent, whose groups are processed before the child's whatever their priority: narrow it there",
    });
  });

  it('in a group of its own when the policy has no allow of the kind', () => {
    const { place } = setup(
      ruleGroup(hub.policyName, 'rcg-other', 300, [
        collection('net', 100, 'Allow', [
          netRule('dns', { sources: SOURCES, protocols: ['UDP'], destinations: ['*'], ports: ['53'] }),
        ]),
      ]),
    );
    expect(place()).toMatchObject({
      container: { kind: 'policy', group: 'rcg-aks-test-egress', groupPriority: 400, newGroup: true },
      name: 'allow-aks-test-egress',
      priority: 100,
    });
  });
});
