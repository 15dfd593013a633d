import { createAnalysis } from '@aro-aks-audit/auditor';
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
  ruleGroup,
  TEST_NOW,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import check from './shadowed-rule.ts';

const withCollections = hubAndSpokeWithCollections;

const NODES = '10.1.0.0/22';

/** The AKS egress rules as the AKS documentation lays them out (limit-egress-traffic). */
const aksBaseline: Parameters<typeof ruleGroup>[3] = [
  collection('aks-net', 100, 'Allow', [
    netRule('apiudp', { sources: [NODES], protocols: ['UDP'], destinations: ['AzureCloud.eastus'], ports: ['1194'] }),
    netRule('apitcp', { sources: [NODES], protocols: ['TCP'], destinations: ['AzureCloud.eastus'], ports: ['9000'] }),
    netRule('time', { sources: [NODES], protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] }),
    netRule('ghcr', { sources: [NODES], fqdns: ['ghcr.io', 'pkg-containers.githubusercontent.com'], ports: ['443'] }),
    netRule('monitor', { sources: [NODES], destinations: ['AzureMonitor'], ports: ['443'] }),
  ]),
  collection('aks-fqdn', 200, 'Allow', [
    appRule('fqdn', {
      sources: [NODES],
      fqdns: ['*.hcp.eastus.azmk8s.io', 'mcr.microsoft.com', '*.data.mcr.microsoft.com', 'management.azure.com'],
    }),
    appRule('ubuntu', {
      sources: [NODES],
      fqdns: ['security.ubuntu.com', 'azure.archive.ubuntu.com'],
      protocols: ['Http:80'],
    }),
  ]),
  collection('deny-rest', 65000, 'Deny', [
    appRule('deny-all', { sources: ['*'], fqdns: ['*'], protocols: ['Http:80', 'Https:443'] }),
  ]),
];

checkTester.run(check, {
  pass: [
    {
      name: 'the AKS baseline followed by a deny-all application collection shadows nothing',
      inventory: withCollections(aksBaseline),
      expect: [
        { messageId: 'noneShadowed', resourceName: 'afw-test', data: { target: 'firewall afw-test', rules: 8 } },
      ],
    },
    {
      name: 'a deny that covers only part of a later allow (the usual exception pattern) is not a finding',
      inventory: withCollections([
        collection('deny-exfil', 100, 'Deny', [
          appRule('blob', { sources: [NODES], fqdns: ['evil.blob.core.windows.net'] }),
        ]),
        collection('allow-blob', 200, 'Allow', [
          appRule('blob', { sources: [NODES], fqdns: ['*.blob.core.windows.net'] }),
        ]),
      ]),
      expect: [{ messageId: 'noneShadowed', data: { rules: 2 } }],
    },
  ],
  fail: [
    {
      name: 'an allow in a later collection is shadowed by a broader deny',
      inventory: withCollections([
        collection('deny-web', 100, 'Deny', [
          netRule('web', { sources: ['10.0.0.0/8'], destinations: ['*'], ports: ['80', '443'] }),
        ]),
        collection('allow-partner', 200, 'Allow', [
          netRule('partner', { sources: [NODES], destinations: ['203.0.113.0/24'], ports: ['443'] }),
        ]),
      ]),
      expect: [
        {
          messageId: 'shadowedAllow',
          resourceName: 'rcg',
          subject: 'afwp-test / rcg / allow-partner / partner',
          data: { rule: 'afwp-test / rcg / allow-partner / partner', coveredBy: 'afwp-test / rcg / deny-web / web' },
        },
      ],
    },
    {
      name: 'a deny in a later collection is never reached because an allow takes all of its traffic',
      inventory: withCollections([
        collection('allow-azure', 100, 'Allow', [appRule('azure', { sources: ['*'], fqdns: ['*.azure.com'] })]),
        collection('deny-portal', 200, 'Deny', [appRule('portal', { sources: [NODES], fqdns: ['portal.azure.com'] })]),
      ]),
      expect: [
        {
          messageId: 'unenforcedDeny',
          subject: 'afwp-test / rcg / deny-portal / portal',
          data: { coveredBy: 'afwp-test / rcg / allow-azure / azure' },
        },
      ],
    },
    {
      name: 'a network allow decides HTTPS before an application deny whatever the priorities (rule processing, Example 1)',
      inventory: withCollections([
        collection('deny-google', 100, 'Deny', [
          appRule('google', { fqdns: ['google.com'], protocols: ['Http:80', 'Https:443'] }),
        ]),
        collection('allow-web', 1000, 'Allow', [
          netRule('web', { sources: ['*'], destinations: ['*'], ports: ['80', '443'] }),
        ]),
      ]),
      expect: [
        {
          messageId: 'unenforcedDeny',
          subject: 'afwp-test / rcg / deny-google / google',
          data: { coveredBy: 'afwp-test / rcg / allow-web / web' },
        },
      ],
    },
    {
      name: 'a network deny shadows an application allow processed after it',
      inventory: withCollections([
        collection('allow-mcr', 100, 'Allow', [appRule('mcr', { sources: [NODES], fqdns: ['mcr.microsoft.com'] })]),
        collection('deny-https', 200, 'Deny', [
          netRule('https', { sources: ['*'], destinations: ['*'], ports: ['443'] }),
        ]),
      ]),
      expect: [{ messageId: 'shadowedAllow', data: { coveredBy: 'afwp-test / rcg / deny-https / https' } }],
    },
    {
      name: "a parent policy's deny shadows the child's allow, whatever the child group's priority",
      inventory: (() => {
        const hub = hubAndSpoke({ policyName: 'afwp-child' });
        return inventoryOf(
          ...hub.items,
          policy('afwp-base', { groups: ['base-rcg'] }),
          policy('afwp-child', { base: 'afwp-base', groups: ['rcg'] }),
          ruleGroup('afwp-base', 'base-rcg', 60000, [
            collection('deny-github', 65000, 'Deny', [appRule('github', { fqdns: ['*.github.com', 'github.com'] })]),
          ]),
          ruleGroup('afwp-child', 'rcg', 100, [
            collection('allow-github', 100, 'Allow', [appRule('api', { sources: [NODES], fqdns: ['api.github.com'] })]),
          ]),
        );
      })(),
      expect: [
        {
          messageId: 'shadowedAllow',
          resourceName: 'rcg',
          subject: 'afwp-child / rcg / allow-github / api',
          data: { coveredBy: 'afwp-base / base-rcg / deny-github / github' },
        },
      ],
    },
    {
      name: 'a deny from an IP group covers an allow from a subnet inside the group',
      inventory: withCollections(
        [
          collection('deny-nodes', 100, 'Deny', [
            appRule('social', { sourceIpGroups: ['ipg-aks-nodes'], fqdns: ['*.example.com'] }),
          ]),
          collection('allow', 200, 'Allow', [appRule('app', { sources: ['10.1.1.0/24'], fqdns: ['app.example.com'] })]),
        ],
        ipGroup('ipg-aks-nodes', [NODES]),
      ),
      expect: [{ messageId: 'shadowedAllow', data: { coveredBy: 'afwp-test / rcg / deny-nodes / social' } }],
    },
    {
      name: 'classic rules: the finding is on the firewall',
      inventory: inventoryOf(
        firewall('afw-classic', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          collections: {
            network: [
              collection('allow-any', 100, 'Allow', [
                netRule('any', { destinations: ['*'], ports: ['*'], protocols: ['Any'] }),
              ]),
              collection('deny-smb', 200, 'Deny', [netRule('smb', { destinations: ['*'], ports: ['445'] })]),
            ],
          },
        }),
      ),
      expect: [
        {
          messageId: 'unenforcedDeny',
          resourceName: 'afw-classic',
          subject: 'afw-classic (classic) / deny-smb / smb',
        },
      ],
    },
    {
      name: 'two firewalls sharing a policy: the rule is reported once',
      inventory: withCollections(
        [
          collection('deny', 100, 'Deny', [netRule('all', { destinations: ['*'], ports: ['*'] })]),
          collection('allow', 200, 'Allow', [netRule('web', { destinations: ['*'], ports: ['443'] })]),
        ],
        firewall('afw-second', { privateIp: '10.2.1.4', vnet: 'vnet-hub2', policy: 'afwp-test' }),
      ),
      expect: [{ messageId: 'shadowedAllow', subject: 'afwp-test / rcg / allow / web' }],
    },
  ],
  unknown: [
    {
      name: 'an allow for a service tag after a deny for AzureCloud: whether AzureCloud holds it is not known offline',
      inventory: withCollections([
        collection('deny-azure', 100, 'Deny', [netRule('azure', { destinations: ['AzureCloud'], ports: ['443'] })]),
        collection('allow-monitor', 200, 'Allow', [
          netRule('monitor', { sources: [NODES], destinations: ['AzureMonitor'], ports: ['443'] }),
        ]),
      ]),
      expect: [
        {
          messageId: 'possiblyShadowed',
          subject: 'afwp-test / rcg / allow-monitor / monitor',
          data: { coveredBy: 'afwp-test / rcg / deny-azure / azure', coveringAction: 'deny' },
        },
      ],
    },
    {
      name: 'the policy of the firewall is not in the input',
      inventory: inventoryOf(...hubAndSpoke().items),
      expect: [{ messageId: 'rulesUnreadable', resourceName: 'afw-test' }],
    },
  ],
  skip: [
    {
      name: 'a firewall whose policy has no rules',
      inventory: inventoryOf(...hubAndSpoke().items, policy('afwp-test')),
      expect: [{ messageId: 'noRules' }],
    },
  ],
});

describe('shadowed-rule severity', () => {
  it('is high for a deny that is never enforced and medium (the default) for a shadowed allow', () => {
    const inventory = withCollections([
      collection('allow-web', 100, 'Allow', [netRule('web', { sources: ['*'], destinations: ['*'], ports: ['443'] })]),
      collection('deny-bad', 200, 'Deny', [
        netRule('bad', { sources: ['*'], destinations: ['198.51.100.7'], ports: ['443'] }),
      ]),
      collection('deny-ssh', 300, 'Deny', [netRule('ssh', { sources: ['*'], destinations: ['*'], ports: ['22'] })]),
      collection('allow-bastion', 400, 'Allow', [
        netRule('ssh', { sources: [NODES], destinations: ['10.9.0.4'], ports: ['22'] }),
      ]),
    ]);
    const drafts = [...check.run({ inventory, analysis: createAnalysis(inventory), settings: {}, now: TEST_NOW })];
    expect(drafts.map((d) => [d.messageId, d.severity ?? check.meta.severity])).toEqual([
      ['unenforcedDeny', 'high'],
      ['shadowedAllow', 'medium'],
    ]);
  });
});
