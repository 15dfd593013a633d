import {
  checkTester,
  cluster,
  defaultDeny,
  flowRecord,
  hubAndSpoke,
  inventoryOf,
  logEvidenceOf,
  policy,
} from '@aro-aks-audit/testing';
import { httpsEntry } from '../catalog/test-catalog.test-support.ts';
import check from './optional-traffic-denied.ts';

const catalog = [
  httpsEntry('aks.test.mcr', 'mcr.microsoft.com'),
  httpsEntry('aks.test.telemetry', '*.telemetry.example.com', { requirement: 'optional' }),
];

const topo = hubAndSpoke();
const inventory = inventoryOf(...topo.items, policy(topo.policyName));

checkTester.run(check, {
  settings: { catalog },
  fail: [
    {
      name: 'denies of an optional endpoint, not of the required one',
      inventory,
      logs: logEvidenceOf(inventory, [
        defaultDeny({ destination: 'eu.telemetry.example.com', count: 4 }),
        defaultDeny({ destination: 'mcr.microsoft.com' }),
      ]),
      expect: [
        {
          messageId: 'denied',
          subject: 'aks.test.telemetry',
          data: { endpoint: '*.telemetry.example.com', hits: 4, decidedBy: 'Default Action' },
        },
      ],
    },
  ],
  pass: [
    {
      name: 'optional traffic that was allowed',
      inventory,
      logs: logEvidenceOf(inventory, [
        flowRecord({ destination: 'eu.telemetry.example.com', rule: 'r', ruleCollection: 'c' }),
      ]),
      expect: [{ messageId: 'noDenies', data: { matched: 1, hits: 1 } }],
    },
  ],
  skip: [
    { name: 'no logs were given', inventory, expect: [{ messageId: 'noLogs' }] },
    {
      name: 'nothing from the cluster in the logs',
      inventory,
      logs: logEvidenceOf(inventory, [defaultDeny({ sourceIp: '172.16.0.1' })]),
      expect: [{ messageId: 'noTraffic' }],
    },
    {
      name: 'the cluster has no known egress ranges',
      inventory: inventoryOf(cluster('arc', 'arc-1')),
      logs: logEvidenceOf(inventoryOf(cluster('arc', 'arc-1')), [defaultDeny({})]),
      expect: [{ messageId: 'noSources' }],
    },
  ],
});
