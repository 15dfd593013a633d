import { emptyInventory, type Unavailable } from '@aro-aks-audit/auditor';
import { checkTester } from '@aro-aks-audit/testing';
import check from './collection-incomplete.ts';

const withUnavailable = (...items: Unavailable[]) => {
  const inventory = emptyInventory();
  inventory.unavailable.push(...items);
  return inventory;
};
const ROUTE_TABLE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt';

checkTester.run(check, {
  pass: [{ name: 'everything was read', inventory: emptyInventory(), expect: [{ messageId: 'complete' }] }],
  unknown: [
    {
      name: 'a malformed file is reported as unreadable, never as empty',
      inventory: withUnavailable({
        what: 'firewall.json:3:5',
        file: 'firewall.json',
        cause: "not valid JSON: Expected ',' or '}' after property value",
      }),
      expect: [
        {
          messageId: 'unreadable',
          subject: 'firewall.json',
          data: { what: 'firewall.json:3:5', cause: "not valid JSON: Expected ',' or '}' after property value" },
        },
      ],
    },
    {
      name: 'one bad file is one finding, however many of its fields are wrong; another file is another',
      inventory: withUnavailable(
        ...[0, 1, 2, 3].map((i) => ({
          what: 'rt.json',
          file: 'rt.json',
          resourceId: ROUTE_TABLE,
          cause: `${ROUTE_TABLE}: properties.routes[${i}] must be an object, not a number (ignored)`,
        })),
        { what: 'other.json', file: 'other.json', cause: 'it holds a number' },
      ),
      expect: [
        {
          messageId: 'unreadable',
          subject: 'rt.json',
          resourceName: 'rt',
          data: {
            what: 'rt.json',
            cause: `4 problems: ${ROUTE_TABLE}: properties.routes[0] must be an object, not a number (ignored); ${ROUTE_TABLE}: properties.routes[1] must be an object, not a number (ignored); ${ROUTE_TABLE}: properties.routes[2] must be an object, not a number (ignored); …`,
          },
        },
        { messageId: 'unreadable', subject: 'other.json', data: { what: 'other.json', cause: 'it holds a number' } },
      ],
    },
  ],
});
