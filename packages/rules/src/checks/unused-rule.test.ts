import {
  appRule,
  checkTester,
  collection,
  flowRecord,
  hubAndSpoke,
  ids,
  inventoryOf,
  LOG_T0,
  logEvidenceOf,
  netRule,
  policy,
  ruleGroup,
  ruleLogEvidenceOf,
} from '@aro-aks-audit/testing';
import check from './unused-rule.ts';

const topo = hubAndSpoke();
const group = ruleGroup(topo.policyName, 'rcg-aks', 200, [
  collection('aks-app', 100, 'Allow', [
    appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['mcr.microsoft.com'] }),
    appRule('old-registry', { sources: ['10.1.0.0/22'], fqdns: ['registry.example.com'] }),
  ]),
  collection('block', 50, 'Deny', [netRule('block-smtp', { destinations: ['*'], ports: ['25'] })]),
]);
const inventory = inventoryOf(...topo.items, policy(topo.policyName, { groups: [group.name] }), group);
const HOUR = 3_600_000;
/** An allowed flow decided by aks-app / mcr, logged every hour for a day and a half. */
const dayAndAHalf = Array.from({ length: 36 }, (_, i) =>
  flowRecord({
    time: LOG_T0 + i * HOUR,
    ruleCollectionGroup: 'rcg-aks',
    ruleCollection: 'aks-app',
    rule: 'mcr',
    policy: topo.policyName,
  }),
);
const mcrPath = `${topo.policyName} / rcg-aks / aks-app / mcr`;
const oldPath = `${topo.policyName} / rcg-aks / aks-app / old-registry`;

checkTester.run(check, {
  fail: [
    {
      name: 'an allow rule with no hits in 36 hours of logs, with how much of the window had rows',
      inventory,
      logs: ruleLogEvidenceOf(inventory, dayAndAHalf),
      expect: [
        {
          messageId: 'unused',
          subject: oldPath,
          resourceName: 'rcg-aks',
          data: { firewall: 'afw-test', hours: 36, coveredHours: 36, from: '2025-11-20T08:00:00.000Z' },
        },
      ],
      alsoYields: { pass: 1 },
    },
    {
      name: 'a window with gaps says how many hours had rows; rows naming no firewall are taken as the only one',
      inventory,
      logs: ruleLogEvidenceOf(inventory, [
        flowRecord({ firewallId: undefined, ruleCollectionGroup: 'rcg-aks', ruleCollection: 'aks-app', rule: 'mcr' }),
        flowRecord({ firewallId: undefined, time: LOG_T0 + 9 * HOUR, destination: 'example.org', action: 'Deny' }),
      ]),
      expect: [{ messageId: 'unused', subject: oldPath, data: { hours: 10, coveredHours: 2 } }],
      alsoYields: { pass: 1 },
    },
  ],
  pass: [
    {
      name: 'every allow rule matched traffic; deny rules are not judged',
      inventory,
      logs: ruleLogEvidenceOf(inventory, [
        ...dayAndAHalf,
        flowRecord({ ruleCollectionGroup: 'RCG-AKS', ruleCollection: 'aks-app', rule: 'old-registry', count: 3 }),
      ]),
      expect: [
        { messageId: 'used', subject: mcrPath, data: { hits: 36, lastSeen: '2025-11-21T19:00:00.000Z' } },
        { messageId: 'used', subject: oldPath, data: { hits: 3 } },
      ],
    },
  ],
  unknown: [
    {
      name: "the firewall's policy is not in the input, so its rules are not known",
      inventory: inventoryOf(...topo.items),
      logs: ruleLogEvidenceOf(inventoryOf(...topo.items), dayAndAHalf),
      expect: [{ messageId: 'rulesUnreadable', data: { firewall: 'afw-test' } }],
    },
  ],
  skip: [
    { name: 'no logs were given', inventory, expect: [{ messageId: 'noLogs' }] },
    {
      name: 'an export of application rule rows says nothing of network rules',
      inventory,
      logs: logEvidenceOf(inventory, dayAndAHalf),
      expect: [{ messageId: 'kindNotLogged', subject: 'network-rules', data: { kind: 'network' } }],
      alsoYields: { pass: 1, fail: 1 },
    },
    {
      name: 'the logs hold no rows',
      inventory,
      logs: ruleLogEvidenceOf(inventory, []),
      expect: [{ messageId: 'noRows' }],
    },
    {
      name: "the logs come from another firewall, so this one's rules are not judged",
      inventory,
      logs: ruleLogEvidenceOf(inventory, [flowRecord({ firewallId: ids.firewall('afw-other') })]),
      expect: [{ messageId: 'firewallNotLogged', data: { firewall: 'afw-test' } }],
    },
  ],
});
