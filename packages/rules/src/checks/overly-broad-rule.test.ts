import { createAnalysis } from '@aro-aks-audit/auditor';
import {
  appRule,
  checkTester,
  collection,
  firewall,
  hubAndSpoke,
  inventoryOf,
  netRule,
  policy,
  policyWithRules,
  ruleGroup,
  TEST_NOW,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import check from './overly-broad-rule.ts';

const withRules = (...rules: Parameters<typeof policyWithRules>[0]) => policyWithRules(rules);

checkTester.run(check, {
  pass: [
    {
      name: 'the documented AKS rules: UDP 123 to * and an FQDN list are scoped by port or name',
      inventory: withRules(
        netRule('ntp', { sources: ['10.1.0.0/22'], protocols: ['UDP'], destinations: ['*'], ports: ['123'] }),
        appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['mcr.microsoft.com'] }),
      ),
      expect: [
        { messageId: 'narrow', subject: 'afwp / rcg / egress / ntp' },
        { messageId: 'narrow', subject: 'afwp / rcg / egress / mcr' },
      ],
    },
    {
      name: 'deny collections are not checked: denying broadly is the point',
      inventory: (() => {
        const inv = withRules(
          netRule('ok', { sources: ['10.0.0.0/24'], destinations: ['10.2.0.0/24'], ports: ['443'] }),
        );
        inv.ruleCollectionGroups[0]?.collections.push(
          collection('deny-all', 65000, 'Deny', [
            netRule('all', { destinations: ['*'], ports: ['*'], protocols: ['Any'] }),
          ]),
        );
        return inv;
      })(),
      expect: [{ messageId: 'narrow' }],
    },
  ],
  fail: [
    {
      name: 'any destination on any port from a jump-host range',
      inventory: withRules(
        netRule('jumpbox-any', { sources: ['10.50.0.0/24'], protocols: ['Any'], destinations: ['*'], ports: ['*'] }),
      ),
      expect: [{ messageId: 'broad', data: { why: 'any destination on any port' } }],
    },
    {
      name: 'any source to any destination, even on one port',
      inventory: withRules(netRule('web', { sources: ['*'], destinations: ['*'], ports: ['443'] })),
      expect: [{ messageId: 'broad', data: { why: 'any source to any destination' } }],
    },
    {
      name: 'a /8 destination on a port range wider than 1000 ports',
      inventory: withRules(
        netRule('wide', { sources: ['10.1.0.0/22'], destinations: ['20.0.0.0/8'], ports: ['1-65535'] }),
      ),
      expect: [{ messageId: 'broad', data: { why: 'very wide destination 20.0.0.0/8 on any port' } }],
    },
    {
      name: 'an application rule whose target FQDN is *',
      inventory: withRules(appRule('everything', { sources: ['10.1.0.0/22'], fqdns: ['*'] })),
      expect: [{ messageId: 'broad', data: { why: 'any FQDN (target *)' } }],
    },
    {
      name: 'classic rules on the firewall resource are checked too',
      inventory: inventoryOf(
        firewall('afw-classic', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          collections: {
            network: [collection('legacy', 100, 'Allow', [netRule('any', { destinations: ['*'], ports: ['*'] })])],
          },
        }),
      ),
      expect: [{ messageId: 'broad', subject: 'afw-classic (classic) / legacy / any' }],
    },
  ],
});

describe('overly-broad-rule remediation', () => {
  const remediationOf = (inventory: ReturnType<typeof inventoryOf>) =>
    [...check.run({ inventory, analysis: createAnalysis(inventory), settings: {}, now: TEST_NOW })]
      .filter((d) => d.status === 'fail')
      .map((d) => d.remediation);

  it("replaces a broad rule the cluster egresses through with the cluster's least-privilege group, then deletes it", () => {
    const topo = hubAndSpoke();
    const inventory = inventoryOf(
      ...topo.items,
      policy(topo.policyName, { groups: ['rcg'] }),
      ruleGroup(topo.policyName, 'rcg', 300, [
        collection('temporary', 100, 'Allow', [
          netRule('any-out', { sources: ['10.1.0.0/16'], protocols: ['Any'], destinations: ['*'], ports: ['*'] }),
        ]),
      ]),
    );
    const [remediation] = remediationOf(inventory);
    const commands = remediation?.cli?.split('\n') ?? [];
    expect(commands[0]).toMatch(
      /^az network firewall policy rule-collection-group create .* --name rcg-aks-test-egress /,
    );
    expect(commands.at(-1)).toBe(
      'az network firewall policy rule-collection-group collection rule remove --resource-group rg-test --policy-name afwp-test --rcg-name rcg --collection-name temporary --name any-out',
    );
    expect(remediation?.json).toMatchObject({ name: 'rcg-aks-test-egress' });
  });

  it('a broad rule no cluster egresses through (other sources, or not on their firewall) is deleted', () => {
    const topo = hubAndSpoke();
    const inventory = inventoryOf(
      ...topo.items,
      policy(topo.policyName, { groups: ['rcg'] }),
      ruleGroup(topo.policyName, 'rcg', 300, [
        collection('jump', 100, 'Allow', [
          netRule('jumpbox', { sources: ['10.50.0.0/24'], protocols: ['Any'], destinations: ['*'], ports: ['*'] }),
        ]),
      ]),
    );
    const [remediation] = remediationOf(inventory);
    expect(remediation?.cli).toBe(
      'az network firewall policy rule-collection-group collection rule remove --resource-group rg-test --policy-name afwp-test --rcg-name rcg --collection-name jump --name jumpbox',
    );
    expect(remediation?.json).toBeUndefined();
  });

  it('classic rules are deleted with the classic command', () => {
    const inventory = inventoryOf(
      firewall('afw-classic', {
        privateIp: '10.0.1.4',
        vnet: 'vnet-hub',
        collections: {
          application: [collection('legacy', 100, 'Allow', [appRule('all', { fqdns: ['*'] })])],
        },
      }),
    );
    expect(remediationOf(inventory)[0]?.cli).toMatch(
      /^az network firewall application-rule delete --resource-group \S+ --firewall-name afw-classic --collection-name legacy --name all$/,
    );
  });
});
