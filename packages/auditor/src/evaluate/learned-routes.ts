/**
 * Routes a virtual network learns from outside itself, beside its system routes and the user routes of
 * its subnets' route tables. For the same prefix a user route beats a learned route, which beats a
 * system route; a subnet whose route table has `disableBgpRoutePropagation: true` learns none of them
 * (Virtual WAN routing intent, "Troubleshooting data path": "Propagate gateway routes" must be enabled
 * for Virtual WAN to advertise routes to workloads in spoke virtual networks).
 *
 * Today the only source is a Virtual WAN hub the network is connected to (virtual-hub.ts).
 */
import type { Inventory } from '../model/inventory.ts';
import { virtualHubRoutesOf } from './virtual-hub.ts';

export interface LearnedRoute {
  addressPrefix: string;
  nextHop: LearnedNextHop;
  /** Where the route comes from, as a reader would look it up (hub, routing intent or route table, connection). */
  origin: string;
  /** The resource that holds the route: a routing intent, a hub route table, a hub connection. */
  resourceId?: string;
}

export type LearnedNextHop =
  | { kind: 'firewall'; firewallId: string }
  | { kind: 'appliance'; name: string; resourceId?: string }
  | { kind: 'internet' }
  | { kind: 'drop' }
  | { kind: 'unknown'; reason: string }
  /** Delivered by a virtual hub's router to another of its connections (a VNet, a branch), through no security appliance. */
  | { kind: 'virtual-hub'; hubId: string };

export function learnedRoutesOf(inventory: Inventory, virtualNetworkId: string): LearnedRoute[] {
  return virtualHubRoutesOf(inventory, virtualNetworkId);
}
