import {
  appRule,
  checkTester,
  collection,
  flowRecord,
  hubAndSpoke,
  ids,
  inventoryOf,
  logEvidenceOf,
  netRule,
  policy,
  ruleGroup,
  ruleLogEvidenceOf,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { replacementRulesFor } from '../fixes.ts';
import check from './broad-rule-usage.ts';

const topo = hubAndSpoke();
const group = ruleGroup(topo.policyName, 'rcg-temp', 300, [
  collection('temp', 100, 'Allow', [
    netRule('any-out', { sources: ['*'], protocols: ['Any'], destinations: ['*'], ports: ['*'] }),
    appRule('any-web', { sources: ['10.1.0.0/22'], fqdns: ['*'] }),
    appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['mcr.microsoft.com'] }),
  ]),
]);
const inventory = inventoryOf(...topo.items, policy(topo.policyName, { groups: [group.name] }), group);
const by = (rule: string) => ({ ruleCollectionGroup: 'rcg-temp', ruleCollection: 'temp', rule });
const path = (rule: string) => `${topo.policyName} / rcg-temp / temp / ${rule}`;
const usage = ruleLogEvidenceOf(inventory, [
  flowRecord({
    ...by('any-out'),
    table: 'AZFWNetworkRule',
    destination: '20.1.2.3',
    protocol: 'TCP',
    port: 8443,
    count: 5,
  }),
  flowRecord({
    ...by('any-out'),
    table: 'AZFWNetworkRule',
    sourceIp: '192.168.5.5',
    destination: '1.1.1.1',
    protocol: 'UDP',
    port: 53,
  }),
  flowRecord({ ...by('any-web'), destination: 'github.com', count: 3 }),
  flowRecord({ ...by('any-web'), destination: 'api.github.com', sourceIp: '10.1.0.9' }),
  flowRecord({ ...by('mcr') }),
]);

checkTester.run(check, {
  fail: [
    {
      name: 'broad rules that allowed traffic: hits, distinct destinations, who used them, how many narrow rules replace them',
      inventory,
      logs: usage,
      expect: [
        {
          messageId: 'usage',
          subject: path('any-out'),
          data: {
            why: 'any destination on any port',
            hits: 6,
            destinationCount: 2,
            sourceGroups: 'aks-test, 192.168.5.0/24 (no cluster or subnet in the input)',
            ruleCount: 2,
          },
        },
        {
          messageId: 'usage',
          subject: path('any-web'),
          data: { why: 'any FQDN (target *)', hits: 4, destinationCount: 2, sourceGroups: 'aks-test', ruleCount: 1 },
        },
      ],
    },
  ],
  pass: [
    {
      name: 'broad rules that allowed nothing in the window; narrow rules are not judged',
      inventory,
      logs: ruleLogEvidenceOf(inventory, [flowRecord({ ...by('mcr') })]),
      expect: [
        { messageId: 'notUsed', subject: path('any-out'), data: { hours: 1, coveredHours: 1 } },
        { messageId: 'notUsed', subject: path('any-web') },
      ],
    },
  ],
  unknown: [
    {
      name: "the firewall's policy is not in the input",
      inventory: inventoryOf(...topo.items),
      logs: ruleLogEvidenceOf(inventoryOf(...topo.items), [flowRecord({})]),
      expect: [{ messageId: 'rulesUnreadable' }],
    },
  ],
  skip: [
    { name: 'no logs were given', inventory, expect: [{ messageId: 'noLogs' }] },
    {
      name: 'an export of network rule rows says nothing of what broad application rules allow',
      inventory,
      logs: logEvidenceOf(inventory, [
        flowRecord({
          ...by('any-out'),
          table: 'AZFWNetworkRule',
          destination: '20.1.2.3',
          protocol: 'TCP',
          port: 8443,
        }),
      ]),
      expect: [{ messageId: 'kindNotLogged', data: { kind: 'application' } }],
      alsoYields: { fail: 1 },
    },
    {
      name: "the logs come from another firewall, so this one's rules are not judged",
      inventory,
      logs: ruleLogEvidenceOf(inventory, [flowRecord({ firewallId: ids.firewall('afw-other') })]),
      expect: [{ messageId: 'firewallNotLogged', data: { firewall: 'afw-test' } }],
    },
  ],
});

describe('replacementRulesFor', () => {
  it('lists what was seen: application rules per protocol and port, network rules per transport and port', () => {
    expect(
      replacementRulesFor(
        'any-out',
        ['10.1.0.0/22'],
        [
          { destination: 'github.com', port: 443, protocol: 'HTTPS' },
          { destination: 'api.github.com', port: 443, protocol: 'HTTPS' },
          { destination: '20.1.2.3', port: 443, protocol: 'HTTPS' },
          { destination: '1.1.1.1', port: 53, protocol: 'UDP' },
          { destination: 'ntp.ubuntu.com', port: 123, protocol: 'UDP' },
          { destination: '8.8.8.8', protocol: 'ICMP' },
          { destination: '', port: 443, protocol: 'HTTPS' },
        ],
      ),
    ).toEqual({
      rules: [
        {
          ruleType: 'ApplicationRule',
          name: 'any-out-https-443',
          sourceAddresses: ['10.1.0.0/22'],
          protocols: [{ protocolType: 'Https', port: 443 }],
          targetFqdns: ['api.github.com', 'github.com'],
        },
        {
          ruleType: 'NetworkRule',
          name: 'any-out-icmp-any',
          ipProtocols: ['ICMP'],
          sourceAddresses: ['10.1.0.0/22'],
          destinationAddresses: ['8.8.8.8'],
          destinationPorts: ['*'],
        },
        {
          ruleType: 'NetworkRule',
          name: 'any-out-tcp-443',
          ipProtocols: ['TCP'],
          sourceAddresses: ['10.1.0.0/22'],
          destinationAddresses: ['20.1.2.3'],
          destinationPorts: ['443'],
        },
        {
          ruleType: 'NetworkRule',
          name: 'any-out-udp-123',
          ipProtocols: ['UDP'],
          sourceAddresses: ['10.1.0.0/22'],
          destinationAddresses: [],
          destinationFqdns: ['ntp.ubuntu.com'],
          destinationPorts: ['123'],
        },
        {
          ruleType: 'NetworkRule',
          name: 'any-out-udp-53',
          ipProtocols: ['UDP'],
          sourceAddresses: ['10.1.0.0/22'],
          destinationAddresses: ['1.1.1.1'],
          destinationPorts: ['53'],
        },
      ],
      notes: [
        'HTTPS 443 without a logged destination (no SNI) is not carried over',
        'network rules with destination FQDNs take effect only with DNS proxy on in the firewall policy',
      ],
    });
  });
});
