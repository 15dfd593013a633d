import {
  appRule,
  checkTester,
  collection,
  defaultDeny,
  flowRecord,
  hubAndSpoke,
  inventoryOf,
  logEvidenceOf,
  policy,
  ruleGroup,
} from '@aro-aks-audit/testing';
import { httpsEntry } from '../catalog/test-catalog.test-support.ts';
import check from './config-log-disagreement.ts';

const catalog = [httpsEntry('aks.test.mcr-data', '*.data.mcr.microsoft.com', { purpose: 'image layers' })];

const topo = hubAndSpoke();
const mcrAllowed = ruleGroup(topo.policyName, 'rcg-aks', 200, [
  collection('aks-app', 100, 'Allow', [
    appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['*.data.mcr.microsoft.com'] }),
  ]),
]);
const allowing = inventoryOf(...topo.items, policy(topo.policyName, { groups: [mcrAllowed.name] }), mcrAllowed);
const denying = inventoryOf(...topo.items, policy(topo.policyName));
const layer = 'eastus.data.mcr.microsoft.com';
const byMcr = { ruleCollectionGroup: 'rcg-aks', ruleCollection: 'aks-app', rule: 'mcr' };
const allowedBy = `${topo.policyName} / rcg-aks / aks-app / mcr`;

checkTester.run(check, {
  settings: { catalog },
  fail: [
    {
      name: 'allowed by the configuration, denied in the logs for missing SNI',
      inventory: allowing,
      logs: logEvidenceOf(allowing, [
        defaultDeny({ destination: layer, actionReason: 'SNI TLS extension was missing' }),
      ]),
      expect: [
        {
          messageId: 'allowedButDenied',
          subject: 'aks.test.mcr-data',
          data: {
            witness: allowedBy,
            hits: 1,
            decidedBy: 'SNI TLS extension was missing',
            cause:
              'the TLS handshakes carried no SNI, so no application rule could match them (an SNI problem in the client, not the rules)',
          },
        },
      ],
    },
    {
      name: 'allowed by the configuration, denied in the logs by a rule the snapshot does not hold',
      inventory: allowing,
      logs: logEvidenceOf(allowing, [
        defaultDeny({ destination: layer, ruleCollectionGroup: 'rcg-new', ruleCollection: 'deny-all', rule: 'all' }),
      ]),
      expect: [
        {
          messageId: 'allowedButDenied',
          data: {
            decidedBy: 'rcg-new / deny-all / all',
            cause:
              'the logs name rule rcg-new / deny-all / all, which the configuration read for afw-test does not hold: the snapshot is older or newer than the logs, or the logs come from another firewall',
          },
        },
      ],
    },
    {
      name: 'denied by the configuration, allowed in the logs by a rule it names',
      inventory: denying,
      logs: logEvidenceOf(denying, [flowRecord({ destination: layer, count: 7, ...byMcr })]),
      expect: [
        {
          messageId: 'deniedButAllowed',
          data: {
            witness: 'no rule matched (default deny)',
            hits: 7,
            decidedBy: 'rcg-aks / aks-app / mcr',
            cause:
              'the logs name rule rcg-aks / aks-app / mcr, which the configuration read for afw-test does not hold: the snapshot is older or newer than the logs, or the logs come from another firewall',
          },
        },
      ],
    },
    {
      name: 'allowed by the configuration, denied by the default action in the logs',
      inventory: allowing,
      logs: logEvidenceOf(allowing, [defaultDeny({ destination: layer })]),
      expect: [
        {
          messageId: 'allowedButDenied',
          data: {
            cause:
              'the configuration read is not the one the firewall applied when the rows were logged (a stale snapshot), the traffic reaches the firewall by another path (asymmetric routing), or the logs come from another firewall',
          },
        },
      ],
    },
  ],
  pass: [
    {
      name: 'the logs allow what the configuration allows, and deny what it denies',
      inventory: allowing,
      logs: logEvidenceOf(allowing, [
        flowRecord({ destination: layer, count: 2, ...byMcr }),
        defaultDeny({ destination: 'example.org' }),
      ]),
      expect: [{ messageId: 'agrees', data: { decision: 'allowed', hits: 2 } }],
    },
  ],
  skip: [
    { name: 'no logs were given', inventory: allowing, expect: [{ messageId: 'noLogs' }] },
    {
      name: "the firewall's rules are not in the input, so there is no configuration verdict to compare",
      inventory: inventoryOf(...topo.items),
      logs: logEvidenceOf(inventoryOf(...topo.items), [defaultDeny({ destination: layer })]),
      expect: [{ messageId: 'notEvaluated', data: { cluster: 'aks-test' } }],
    },
  ],
});
