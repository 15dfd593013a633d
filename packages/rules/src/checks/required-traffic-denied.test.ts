import {
  appRule,
  checkTester,
  cluster,
  collection,
  defaultDeny,
  flowRecord,
  hubAndSpoke,
  inventoryOf,
  LOG_T0,
  logEvidenceOf,
  policy,
  ruleGroup,
} from '@aro-aks-audit/testing';
import { httpsEntry, tunnelEntry } from '../catalog/test-catalog.test-support.ts';
import check from './required-traffic-denied.ts';

const catalog = [
  httpsEntry('aks.test.mcr-data', '*.data.mcr.microsoft.com', { kinds: ['aks', 'arc'], purpose: 'image layers' }),
  tunnelEntry('aks.test.tunnel'),
  httpsEntry('aks.test.telemetry', 'telemetry.example.com', { requirement: 'optional' }),
];

const topo = hubAndSpoke();
const mcrAllowed = ruleGroup(topo.policyName, 'rcg-aks', 200, [
  collection('aks-app', 100, 'Allow', [
    appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['*.data.mcr.microsoft.com'], protocols: ['Https:443'] }),
  ]),
]);
const noRules = inventoryOf(...topo.items, policy(topo.policyName));
const withMcr = inventoryOf(...topo.items, policy(topo.policyName, { groups: [mcrAllowed.name] }), mcrAllowed);
const HOUR = 3_600_000;

checkTester.run(check, {
  settings: { catalog },
  fail: [
    {
      name: 'default-action denies of a required FQDN, with hits, times, sources and the configuration verdict',
      inventory: noRules,
      logs: logEvidenceOf(noRules, [
        defaultDeny({ destination: 'eastus.data.mcr.microsoft.com', sourceIp: '10.1.0.4' }),
        defaultDeny({
          destination: 'eastus.data.mcr.microsoft.com',
          sourceIp: '10.1.0.5',
          time: LOG_T0 + HOUR,
          count: 2,
        }),
        defaultDeny({ destination: 'telemetry.example.com' }),
      ]),
      expect: [
        {
          messageId: 'denied',
          subject: 'aks.test.mcr-data',
          data: {
            cluster: 'aks-test',
            endpoint: '*.data.mcr.microsoft.com',
            hits: 3,
            firstSeen: '2025-11-20T08:00:00.000Z',
            lastSeen: '2025-11-20T09:00:00.000Z',
            sources: '10.1.0.4, 10.1.0.5',
            destinations: 'eastus.data.mcr.microsoft.com:443',
            decidedBy: 'Default Action',
            configured: 'denied (no rule matched (default deny))',
          },
        },
      ],
    },
    {
      name: 'a tunnel port whose documented destination is `*` is matched by protocol and port',
      inventory: noRules,
      logs: logEvidenceOf(noRules, [
        defaultDeny({ table: 'AZFWNetworkRule', destination: '20.42.65.92', protocol: 'UDP', port: 1194 }),
      ]),
      expect: [{ messageId: 'denied', subject: 'aks.test.tunnel', data: { destinations: '20.42.65.92:1194' } }],
    },
    {
      name: 'denies the configuration says are allowed are still failures, and say so',
      inventory: withMcr,
      logs: logEvidenceOf(withMcr, [
        defaultDeny({ destination: 'westus.data.mcr.microsoft.com', actionReason: 'SNI TLS extension was missing' }),
      ]),
      expect: [
        {
          messageId: 'denied',
          data: {
            decidedBy: 'SNI TLS extension was missing',
            configured: `allowed (${topo.policyName} / rcg-aks / aks-app / mcr)`,
          },
        },
      ],
    },
  ],
  pass: [
    {
      name: 'allowed required traffic and denies of optional or unlisted destinations are no required denies',
      inventory: withMcr,
      logs: logEvidenceOf(withMcr, [
        flowRecord({ destination: 'eastus.data.mcr.microsoft.com', rule: 'mcr', ruleCollection: 'aks-app' }),
        defaultDeny({ destination: 'telemetry.example.com' }),
        defaultDeny({ destination: 'example.org' }),
        defaultDeny({ destination: 'eastus.data.mcr.microsoft.com', port: 80, protocol: 'HTTP' }),
      ]),
      expect: [
        { messageId: 'noDenies', data: { cluster: 'aks-test', matched: 1, hits: 4, tables: 'AZFWApplicationRule' } },
      ],
    },
  ],
  unknown: [
    {
      name: 'denies whose destination the logs do not name (no SNI) may be required traffic',
      inventory: noRules,
      logs: logEvidenceOf(noRules, [
        defaultDeny({ destination: '', actionReason: 'SNI TLS extension was missing', count: 9 }),
        flowRecord({ destination: 'eastus.data.mcr.microsoft.com', rule: 'r', ruleCollection: 'c' }),
      ]),
      expect: [
        {
          messageId: 'unnamedDenies',
          subject: 'unnamed-destination',
          data: { cluster: 'aks-test', hits: 9, decidedBy: 'SNI TLS extension was missing', sources: '10.1.0.4' },
        },
      ],
      alsoYields: { pass: 1 },
    },
  ],
  skip: [
    { name: 'no logs were given', inventory: noRules, expect: [{ messageId: 'noLogs' }] },
    {
      name: "the logs hold no row from the cluster's sources",
      inventory: noRules,
      logs: logEvidenceOf(noRules, [
        defaultDeny({ sourceIp: '192.168.1.1', destination: 'eastus.data.mcr.microsoft.com' }),
      ]),
      expect: [{ messageId: 'noTraffic', data: { cidrs: '10.1.0.0/22' } }],
    },
    {
      name: 'a cluster outside Azure without declared egress ranges cannot be found in the logs',
      inventory: inventoryOf(cluster('arc', 'arc-1')),
      logs: logEvidenceOf(inventoryOf(cluster('arc', 'arc-1')), [defaultDeny({})]),
      expect: [{ messageId: 'noSources', data: { cluster: 'arc-1' } }],
    },
  ],
});
