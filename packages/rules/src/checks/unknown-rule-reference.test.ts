import {
  appRule,
  checkTester,
  collection,
  firewall,
  ids,
  inventoryOf,
  ipGroup,
  netRule,
  policy,
  ruleGroup,
} from '@aro-aks-audit/testing';
import check from './unknown-rule-reference.ts';

const group = (...collections: Parameters<typeof ruleGroup>[3]) => ruleGroup('afwp', 'rcg', 100, collections);
const nodes = ipGroup('ipg-aks-nodes', ['10.1.0.0/22', '10.1.4.0-10.1.4.31']);
const empty = ipGroup('ipg-retired', []);

checkTester.run(check, {
  pass: [
    {
      name: 'an IP group with addresses, a service tag destination and an IPv6 source (dual stack, not evaluated)',
      inventory: inventoryOf(
        policy('afwp'),
        nodes,
        group(
          collection('egress', 100, 'Allow', [
            appRule('mcr', { sourceIpGroups: ['ipg-aks-nodes'], fqdns: ['mcr.microsoft.com'] }),
            netRule('tunnel', {
              sources: ['10.1.0.0/22', 'fd00:c1d0:3f1f:1::/64'],
              protocols: ['UDP'],
              destinations: ['AzureCloud.eastus'],
              ports: ['1194'],
            }),
          ]),
        ),
      ),
      expect: [
        { messageId: 'resolved', subject: 'afwp / rcg / egress / mcr' },
        { messageId: 'resolved', subject: 'afwp / rcg / egress / tunnel' },
      ],
    },
  ],
  fail: [
    {
      name: 'an allow rule whose source IP group is empty is skipped by the firewall',
      inventory: inventoryOf(
        policy('afwp'),
        empty,
        group(
          collection('egress', 100, 'Allow', [
            appRule('mcr', { sourceIpGroups: ['ipg-retired'], fqdns: ['mcr.microsoft.com'] }),
          ]),
        ),
      ),
      expect: [
        {
          messageId: 'ipGroupEmpty',
          subject: 'afwp / rcg / egress / mcr [ipg-retired]',
          data: { ipGroup: 'ipg-retired', field: 'source IP groups', action: 'Allow' },
        },
      ],
    },
    {
      name: 'a deny rule whose destination IP group is empty denies nothing',
      inventory: inventoryOf(
        policy('afwp'),
        empty,
        group(
          collection('deny-legacy', 100, 'Deny', [
            { ...netRule('legacy-dc', { ports: ['*'] }), destinationIpGroups: [ids.ipGroup('ipg-retired')] },
          ]),
        ),
      ),
      expect: [{ messageId: 'ipGroupEmpty', data: { field: 'destination IP groups', action: 'Deny' } }],
    },
    {
      name: 'source addresses that are not addresses: a bad octet and a service tag',
      inventory: inventoryOf(
        firewall('afw', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          collections: {
            network: [
              collection('net', 100, 'Allow', [
                netRule('typo', { sources: ['10.1.0.300'], destinations: ['10.2.0.0/24'] }),
                netRule('tag', { sources: ['VirtualNetwork'], destinations: ['10.0.0.0/33'] }),
              ]),
            ],
          },
        }),
      ),
      expect: [
        {
          messageId: 'invalidAddress',
          subject: 'afw (classic) / net / typo [10.1.0.300]',
          data: { field: 'source addresses' },
        },
        {
          messageId: 'invalidAddress',
          data: {
            address: 'VirtualNetwork',
            why: 'not an IPv4 address, CIDR, range or * (service tags are destinations only)',
          },
        },
        { messageId: 'invalidAddress', data: { address: '10.0.0.0/33', field: 'destination addresses' } },
      ],
    },
  ],
  unknown: [
    {
      name: 'a referenced IP group is not in the input',
      inventory: inventoryOf(
        policy('afwp'),
        group(
          collection('egress', 100, 'Allow', [
            appRule('mcr', { sourceIpGroups: ['ipg-elsewhere'], fqdns: ['mcr.microsoft.com'] }),
          ]),
        ),
      ),
      expect: [{ messageId: 'ipGroupMissing', data: { ipGroup: 'ipg-elsewhere' } }],
    },
  ],
});
