import {
  checkTester,
  defaultDeny,
  flowRecord,
  hubAndSpoke,
  inventoryOf,
  logEvidenceOf,
  subnet,
} from '@aro-aks-audit/testing';
import check from './unknown-source-traffic.ts';

const topo = hubAndSpoke();
const inventory = inventoryOf(...topo.items, subnet('vnet-spoke', 'snet-jump', '10.1.8.0/24'));

checkTester.run(check, {
  fail: [
    {
      name: 'flows from ranges in no cluster and no subnet, one finding per range',
      inventory,
      logs: logEvidenceOf(inventory, [
        flowRecord({ sourceIp: '192.168.7.10', count: 2 }),
        defaultDeny({ sourceIp: '192.168.7.11', destination: 'example.org' }),
        flowRecord({ sourceIp: '172.16.0.5' }),
        flowRecord({}),
      ]),
      expect: [
        {
          messageId: 'unknownSource',
          subject: '172.16.0.0/24',
          data: { hits: 1, destinationCount: 1, actions: 'Allow 1', sources: '172.16.0.5' },
        },
        {
          messageId: 'unknownSource',
          subject: '192.168.7.0/24',
          data: {
            range: '192.168.7.0/24',
            hits: 3,
            destinationCount: 2,
            actions: 'Allow 2, Deny 1',
            // Sample sources in the aggregates' order (destination example.org first).
            sources: '192.168.7.11, 192.168.7.10',
          },
        },
      ],
    },
  ],
  pass: [
    {
      name: 'flows from the cluster and from another known subnet only',
      inventory,
      logs: logEvidenceOf(inventory, [flowRecord({}), flowRecord({ sourceIp: '10.1.8.9' })]),
      expect: [{ messageId: 'allKnown', data: { groups: 2 } }],
    },
  ],
  skip: [{ name: 'no logs were given', inventory, expect: [{ messageId: 'noLogs' }] }],
});
