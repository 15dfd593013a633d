import { emptyInventory } from '@aro-aks-audit/auditor';
import { checkTester } from '@aro-aks-audit/testing';
import check from './collection-incomplete.ts';

const withUnavailable = () => {
  const inventory = emptyInventory();
  inventory.unavailable.push({
    what: 'firewall.json',
    file: 'firewall.json',
    cause: 'Unexpected token } in JSON at line 3 column 5',
  });
  return inventory;
};

checkTester.run(check, {
  pass: [{ name: 'everything was read', inventory: emptyInventory(), expect: [{ messageId: 'complete' }] }],
  unknown: [
    {
      name: 'a malformed file is reported as unreadable, never as empty',
      inventory: withUnavailable(),
      expect: [{ messageId: 'unreadable', subject: 'firewall.json', data: { what: 'firewall.json' } }],
    },
  ],
});
