import { defineCheck, emptyInventory } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { runCase } from './check-tester.ts';

const check = (data: Record<string, string>) =>
  defineCheck({
    meta: {
      id: 'tester-probe',
      code: 'AZFW999',
      severity: 'low',
      title: 'A probe of the check tester',
      risk: 'none',
      remediation: 'none',
      references: [],
      messages: { seen: 'rule {{rule}} in {{collection}}' },
    },
    *run() {
      yield { status: 'fail', messageId: 'seen', resource: { id: '/x', name: 'x', type: 't' }, data };
    },
  });

describe('the check tester', () => {
  it('renders every draft: a message naming a key its data lacks fails the case, naming both', () => {
    expect(() => runCase(check({ rule: 'r1' }), { name: 'probe', inventory: emptyInventory() }, {})).toThrow(
      'check tester-probe, message seen: the message "rule {{rule}} in {{collection}}" names {{collection}}, which the data lacks',
    );
  });

  it('passes a draft whose data holds every key', () => {
    const drafts = runCase(check({ rule: 'r1', collection: 'c' }), { name: 'probe', inventory: emptyInventory() }, {});
    expect(drafts.map((d) => d.messageId)).toEqual(['seen']);
  });
});
