import { createAnalysis } from '@aro-aks-audit/auditor';
import {
  appRule,
  checkTester,
  collection,
  firewall,
  hubAndSpoke,
  hubAndSpokeWithCollections,
  ids,
  inventoryOf,
  ipGroup,
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
    {
      name: 'a DNAT rule from * to HTTPS, and one to SSH from an admin range, open no management port to any source',
      inventory: (() => {
        const inv = withRules();
        const nat = (name: string, sources: string[], port: string) => ({
          kind: 'nat' as const,
          name,
          ipProtocols: ['TCP' as const],
          sourceAddresses: sources,
          sourceIpGroups: [],
          destinationAddresses: ['20.115.40.10'],
          destinationPorts: [port],
          translatedAddress: '10.1.0.100',
          translatedPort: port,
        });
        inv.ruleCollectionGroups[0]?.collections.push({
          name: 'inbound',
          priority: 100,
          action: 'Dnat',
          rules: [nat('https', ['*'], '443'), nat('ssh-admins', ['203.0.113.0/28'], '22')],
        });
        return inv;
      })(),
      expect: [
        { messageId: 'dnatScoped', data: { scope: 'from *; DNAT TCP 20.115.40.10:443 → 10.1.0.100:443' } },
        { messageId: 'dnatScoped', subject: 'afwp / rcg / inbound / ssh-admins' },
      ],
    },
    {
      name: 'a cluster on TCP 443 to a named range is not a web-port bypass; nor are classic rules a policy firewall ignores',
      inventory: (() => {
        const topo = hubAndSpoke();
        const fw = topo.items.find((i) => i.type === 'Microsoft.Network/azureFirewalls');
        if (fw && 'classicCollections' in fw)
          fw.classicCollections.network = [
            collection('old', 100, 'Allow', [netRule('any', { destinations: ['*'], ports: ['*'] })]),
          ];
        return inventoryOf(
          ...topo.items,
          policy(topo.policyName, { groups: ['rcg'] }),
          ruleGroup(topo.policyName, 'rcg', 300, [
            collection('web-out', 100, 'Allow', [
              netRule('partner', { sources: ['10.1.0.0/22'], destinations: ['203.0.113.0/24'], ports: ['443'] }),
            ]),
          ]),
        );
      })(),
      expect: [{ messageId: 'narrow', subject: 'afwp-test / rcg / web-out / partner' }],
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
      expect: [
        {
          messageId: 'broad',
          data: {
            why: 'any source to any destination; any source to * on TCP 443: network rules are processed before application rules, so this traffic is allowed before any FQDN rule is consulted and every application rule for it is moot',
          },
        },
      ],
    },
    // Issue 15 item 8: "If you configure network rules and application rules, then network rules are applied in
    // priority order before application rules" (https://learn.microsoft.com/azure/firewall/rule-processing,
    // "Example 1"): a cluster allowed to any address on TCP 443 or 80 reaches any site, whatever the FQDN rules say.
    {
      name: "a cluster's egress to 0.0.0.0/0 on TCP 443 defeats every FQDN rule for HTTPS",
      inventory: hubAndSpokeWithCollections([
        collection('web-out', 100, 'Allow', [
          netRule('https-anywhere', { sources: ['10.1.0.0/22'], destinations: ['0.0.0.0/0'], ports: ['443'] }),
        ]),
      ]),
      expect: [
        {
          messageId: 'broad',
          subject: 'afwp-test / rcg / web-out / https-anywhere',
          data: {
            why: 'the egress of cluster aks-test to 0.0.0.0/0 on TCP 443: network rules are processed before application rules, so this traffic is allowed before any FQDN rule is consulted and every application rule for it is moot',
          },
        },
      ],
    },
    {
      name: 'the Internet service tag on TCP 80 and 443, from an IP group holding the cluster subnet',
      inventory: hubAndSpokeWithCollections(
        [
          collection('web-out', 100, 'Allow', [
            {
              ...netRule('web-internet', { destinations: ['Internet'], ports: ['80', '443'] }),
              sourceAddresses: [],
              sourceIpGroups: [ids.ipGroup('ipg-nodes')],
            },
          ]),
        ],
        ipGroup('ipg-nodes', ['10.1.0.0/22']),
      ),
      expect: [
        {
          messageId: 'broad',
          data: {
            why: 'the egress of cluster aks-test to Internet on TCP 443 and 80: network rules are processed before application rules, so this traffic is allowed before any FQDN rule is consulted and every application rule for it is moot',
          },
        },
      ],
    },
    // A DNAT rule from any source to SSH or RDP exposes the host to the Internet; Defender for Cloud's just-in-time
    // access exists because attackers hunt open management ports
    // (https://learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-overview).
    {
      name: 'a DNAT rule from * to RDP',
      inventory: (() => {
        const inv = withRules();
        inv.ruleCollectionGroups[0]?.collections.push({
          name: 'inbound',
          priority: 100,
          action: 'Dnat',
          rules: [
            {
              kind: 'nat',
              name: 'rdp-jumpbox',
              ipProtocols: ['TCP'],
              sourceAddresses: ['*'],
              sourceIpGroups: [],
              destinationAddresses: ['20.115.40.10'],
              destinationPorts: ['3389'],
              translatedAddress: '10.0.3.4',
              translatedPort: '3389',
            },
          ],
        });
        return inv;
      })(),
      expect: [
        {
          messageId: 'dnatExposed',
          subject: 'afwp / rcg / inbound / rdp-jumpbox',
          data: {
            why: 'any source to RDP (port 3389) of 10.0.3.4 through DNAT: management ports open to the Internet are what attackers scan for',
          },
        },
      ],
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
      'az network firewall policy rule-collection-group collection rule remove --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --policy-name afwp-test --rule-collection-group-name rcg --collection-name temporary --name any-out',
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
      'az network firewall policy rule-collection-group collection rule remove --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --policy-name afwp-test --rule-collection-group-name rcg --collection-name jump --name jumpbox',
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
      /^az network firewall application-rule delete --subscription \S+ --resource-group \S+ --firewall-name afw-classic --collection-name legacy --name all$/,
    );
  });
});
