import {
  appRule,
  checkTester,
  collection,
  firewall,
  hubAndSpoke,
  hubAndSpokeWithCollections,
  inventoryOf,
  ipGroup,
  netRule,
  policy,
  policyWithRules,
  ruleGroup,
} from '@aro-aks-audit/testing';
import check from './redundant-rule.ts';

const withCollections = hubAndSpokeWithCollections;

const NODES = '10.1.0.0/22';

checkTester.run(check, {
  pass: [
    {
      name: 'the AKS network and application rules do not repeat each other',
      inventory: withCollections([
        collection('aks-net', 100, 'Allow', [
          netRule('apiudp', {
            sources: [NODES],
            protocols: ['UDP'],
            destinations: ['AzureCloud.eastus'],
            ports: ['1194'],
          }),
          netRule('apitcp', {
            sources: [NODES],
            protocols: ['TCP'],
            destinations: ['AzureCloud.eastus'],
            ports: ['9000'],
          }),
          netRule('time', { sources: [NODES], protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] }),
          netRule('monitor', { sources: [NODES], destinations: ['AzureMonitor'], ports: ['443'] }),
        ]),
        collection('aks-fqdn', 200, 'Allow', [
          appRule('fqdn', {
            sources: [NODES],
            fqdns: ['*.hcp.eastus.azmk8s.io', 'mcr.microsoft.com', '*.data.mcr.microsoft.com'],
          }),
        ]),
      ]),
      expect: [
        { messageId: 'noneRedundant', resourceName: 'afw-test', data: { target: 'firewall afw-test', rules: 5 } },
      ],
    },
  ],
  fail: [
    {
      name: 'a narrower allow after a broader allow of a collection processed earlier',
      inventory: withCollections([
        collection('platform', 100, 'Allow', [
          appRule('microsoft', { sources: ['10.0.0.0/8'], fqdns: ['*.microsoft.com'] }),
        ]),
        collection('aks', 200, 'Allow', [appRule('mcr', { sources: [NODES], fqdns: ['mcr.microsoft.com'] })]),
      ]),
      expect: [
        {
          messageId: 'redundant',
          resourceName: 'rcg',
          subject: 'afwp-test / rcg / aks / mcr',
          data: {
            rule: 'afwp-test / rcg / aks / mcr',
            coveredBy: 'afwp-test / rcg / platform / microsoft',
            action: 'Allow',
          },
        },
      ],
    },
    {
      name: 'a network rule allowing TCP 443 to * makes an application rule redundant (and unfiltered)',
      inventory: withCollections([
        collection('app', 100, 'Allow', [appRule('mcr', { sources: [NODES], fqdns: ['mcr.microsoft.com'] })]),
        collection('net', 200, 'Allow', [netRule('https', { sources: ['*'], destinations: ['*'], ports: ['443'] })]),
      ]),
      expect: [{ messageId: 'redundantByNetworkRule', data: { coveredBy: 'afwp-test / rcg / net / https' } }],
    },
    {
      name: 'the same rule twice in a collection, fields in another order',
      inventory: withCollections([
        collection('aks-net', 100, 'Allow', [
          netRule('ntp', { sources: [NODES, '10.2.0.0/24'], protocols: ['UDP'], destinations: ['*'], ports: ['123'] }),
          netRule('ntp-copy', {
            sources: ['10.2.0.0/24', NODES],
            protocols: ['UDP'],
            destinations: ['*'],
            ports: ['123'],
          }),
        ]),
      ]),
      expect: [
        {
          messageId: 'duplicate',
          subject: 'afwp-test / rcg / aks-net / ntp-copy',
          data: { coveredBy: 'afwp-test / rcg / aks-net / ntp' },
        },
      ],
    },
    {
      name: "a child policy's allow already allowed by its parent policy",
      inventory: (() => {
        const hub = hubAndSpoke({ policyName: 'afwp-child' });
        return inventoryOf(
          ...hub.items,
          policy('afwp-base', { groups: ['base-rcg'] }),
          policy('afwp-child', { base: 'afwp-base', groups: ['rcg'] }),
          ruleGroup('afwp-base', 'base-rcg', 60000, [
            collection('platform', 100, 'Allow', [appRule('aks', { sources: ['10.0.0.0/8'], fqdns: ['*.azmk8s.io'] })]),
          ]),
          ruleGroup('afwp-child', 'rcg', 100, [
            collection('aks', 100, 'Allow', [appRule('hcp', { sources: [NODES], fqdns: ['*.hcp.eastus.azmk8s.io'] })]),
          ]),
        );
      })(),
      expect: [
        {
          messageId: 'redundant',
          subject: 'afwp-child / rcg / aks / hcp',
          data: { coveredBy: 'afwp-base / base-rcg / platform / aks' },
        },
      ],
    },
    {
      name: 'a rule from a subnet already allowed for the IP group that holds it',
      inventory: withCollections(
        [
          collection('by-group', 100, 'Allow', [
            appRule('mcr', { sourceIpGroups: ['ipg-aks-nodes'], fqdns: ['mcr.microsoft.com'] }),
          ]),
          collection('by-subnet', 200, 'Allow', [
            appRule('mcr', { sources: ['10.1.2.0/24'], fqdns: ['mcr.microsoft.com'] }),
          ]),
        ],
        ipGroup('ipg-aks-nodes', [NODES, '10.5.0.0/16']),
      ),
      expect: [{ messageId: 'redundant', subject: 'afwp-test / rcg / by-subnet / mcr' }],
    },
    {
      name: 'a policy no firewall in the input uses is analysed on its own',
      inventory: policyWithRules([
        netRule('web', { sources: ['*'], destinations: ['*'], ports: ['443', '80'] }),
        netRule('https', { sources: [NODES], destinations: ['20.0.0.0/8'], ports: ['443'] }),
      ]),
      expect: [{ messageId: 'redundant', resourceName: 'rcg', subject: 'afwp / rcg / egress / https' }],
    },
    {
      name: 'classic rules: the finding is on the firewall',
      inventory: inventoryOf(
        firewall('afw-classic', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          collections: {
            application: [
              collection('a', 100, 'Allow', [appRule('all-ms', { fqdns: ['*.microsoft.com'] })]),
              collection('b', 200, 'Allow', [appRule('mcr', { fqdns: ['mcr.microsoft.com'] })]),
            ],
          },
        }),
      ),
      expect: [{ messageId: 'redundant', resourceName: 'afw-classic', subject: 'afw-classic (classic) / b / mcr' }],
    },
  ],
  unknown: [
    {
      name: 'an FQDN after the FQDN tag that probably holds it: the tag contents are not known offline',
      inventory: withCollections([
        collection('aks-tag', 100, 'Allow', [
          appRule('aks', { sources: [NODES], fqdnTags: ['AzureKubernetesService'] }),
        ]),
        collection('aks-fqdn', 200, 'Allow', [appRule('mcr', { sources: [NODES], fqdns: ['mcr.microsoft.com'] })]),
      ]),
      expect: [
        {
          messageId: 'possiblyRedundant',
          subject: 'afwp-test / rcg / aks-fqdn / mcr',
          data: { coveredBy: 'afwp-test / rcg / aks-tag / aks' },
        },
      ],
    },
    {
      name: 'a rule collection group of the policy is not in the input',
      inventory: inventoryOf(...hubAndSpoke().items, policy('afwp-test', { groups: ['rcg-missing'] })),
      expect: [{ messageId: 'rulesUnreadable', resourceName: 'afw-test' }],
    },
  ],
  skip: [
    {
      name: 'a firewall with neither a policy nor classic rules',
      inventory: inventoryOf(firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub' })),
      expect: [{ messageId: 'noRules' }],
    },
  ],
});
