import { appRule, checkTester, collection, firewall, inventoryOf, netRule } from '@aro-aks-audit/testing';
import check from './classic-rules-in-use.ts';

const hubFirewall = (options: Omit<Parameters<typeof firewall>[1], 'privateIp' | 'vnet'> = {}) =>
  firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', ...options });

checkTester.run(check, {
  pass: [
    {
      name: 'a firewall configured through a Firewall Policy',
      inventory: inventoryOf(hubFirewall({ policy: 'afwp' })),
      expect: [{ messageId: 'policyManaged', data: { firewall: 'afw', policy: 'afwp' } }],
    },
  ],
  fail: [
    // Issue 15 item 3: "You can configure NAT rules, network rules, and applications rules on Azure Firewall using
    // either classic rules or Firewall Policy" (https://learn.microsoft.com/azure/firewall/rule-processing): with a
    // policy, classic collections left on the resource apply nothing.
    {
      name: 'a firewall with a policy that still holds classic collections',
      inventory: inventoryOf(
        hubFirewall({
          policy: 'afwp',
          collections: {
            network: [
              collection('old-allow-all', 100, 'Allow', [netRule('any', { destinations: ['*'], ports: ['*'] })]),
            ],
            application: [collection('old-fqdns', 200, 'Allow', [appRule('mcr', { fqdns: ['mcr.microsoft.com'] })])],
          },
        }),
      ),
      expect: [
        {
          messageId: 'classicIgnored',
          data: {
            policy: 'afwp',
            names: 'old-allow-all, old-fqdns',
            collections: '1 network rule collection (1 rule), 1 application rule collection (1 rule)',
          },
        },
      ],
    },
    {
      name: 'a firewall with classic network and application rule collections',
      inventory: inventoryOf(
        hubFirewall({
          collections: {
            network: [
              collection('aks-net', 100, 'Allow', [
                netRule('ntp', { protocols: ['UDP'], destinations: ['*'], ports: ['123'] }),
                netRule('tunnel', { protocols: ['UDP'], destinations: ['AzureCloud.eastus'], ports: ['1194'] }),
              ]),
            ],
            application: [
              collection('aks-fqdn', 200, 'Allow', [appRule('aks', { fqdnTags: ['AzureKubernetesService'] })]),
            ],
          },
        }),
      ),
      expect: [
        {
          messageId: 'classicRules',
          data: {
            collections: '1 network rule collection (2 rules), 1 application rule collection (1 rule)',
            rules: 3,
          },
        },
      ],
    },
  ],
  skip: [
    {
      name: 'a firewall with neither a policy nor classic rules',
      inventory: inventoryOf(hubFirewall()),
      expect: [{ messageId: 'noRules' }],
    },
  ],
});
