import { checkTester, inventoryOf, suppressionOf } from '@aro-aks-audit/testing';
import check from './suppression-expired.ts';

const entry = suppressionOf;

// The check tester's clock is TEST_NOW, 2026-11-22T00:00:00Z.
checkTester.run(check, {
  pass: [
    {
      name: 'a suppression that expires later holds; one without expiry is not reported',
      inventory: inventoryOf(),
      suppressions: [entry({ expires: '2027-03-31' }), entry({ check: 'overly-broad-rule' })],
      expect: [{ messageId: 'active', data: { check: 'unused-rule', expires: '2027-03-31' } }],
    },
    {
      name: 'on its expiry day it still holds',
      inventory: inventoryOf(),
      suppressions: [entry({ expires: '2026-11-22' })],
      expect: [{ messageId: 'active' }],
    },
  ],
  fail: [
    {
      name: 'the day after its expiry it is reported, with its owner and reason',
      inventory: inventoryOf(),
      suppressions: [entry({ expires: '2026-11-21', subject: 'afwp-hub / rcg-app / temp / *' })],
      expect: [
        {
          messageId: 'expired',
          subject: 'afwp-hub / rcg-app / temp / *',
          data: { owner: 'platform@contoso.com', reason: 'kept for the DR test', expires: '2026-11-21' },
        },
      ],
    },
  ],
  skip: [{ name: 'no suppressions file', inventory: inventoryOf(), expect: [{ messageId: 'noSuppressions' }] }],
});
