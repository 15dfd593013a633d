/**
 * Values of the proposed state that are not known before the change is made, carried into the
 * normalized inventory with the means it already has for what could not be read: a route whose value
 * is unknown is `unreadable` (the subnets whose path it may decide get an unknown verdict, naming the
 * value), and every unknown value is `unavailable` input of its resource (a firewall policy's rules
 * or a subnet's path then cannot be evaluated, and the comparison is incomplete, never clean). Pure.
 */
import { type Inventory, idKey } from '../model/inventory.ts';
import type { UnknownValue } from './types.ts';

export function describeUnknown(unknown: UnknownValue): string {
  return `${unknown.attribute} ${unknown.cause}`;
}

/** Stands for a route table's routes when their whole list is unknown: any route may decide any destination. */
const EVERY_ROUTE = '*';

export function markUnknowns(inventory: Inventory, unknowns: readonly UnknownValue[]): void {
  for (const unknown of unknowns) {
    const table =
      unknown.route !== undefined
        ? inventory.routeTables.find((t) => idKey(t.id) === idKey(unknown.resourceId))
        : undefined;
    if (table && unknown.route === EVERY_ROUTE)
      table.routes.push({
        name: 'its routes',
        addressPrefix: '0.0.0.0/0',
        nextHopType: '',
        unreadable: describeUnknown(unknown),
      });
    else if (table) {
      const route = table.routes.find((r) => r.name.toLowerCase() === unknown.route?.toLowerCase());
      if (route) route.unreadable = [route.unreadable, describeUnknown(unknown)].filter(Boolean).join('; ');
    }
    inventory.unavailable.push({
      what: unknown.attribute,
      resourceId: unknown.resourceId,
      cause: `it ${unknown.cause}`,
    });
  }
}
