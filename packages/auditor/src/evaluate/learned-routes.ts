import type { Inventory } from '../model/inventory.ts';
import { virtualHubRoutesOf } from './virtual-hub.ts';

/**
 * A route a subnet learns rather than one written in its route table: in Azure's terms a BGP route
 * ("Virtual network gateway" source), or a route a Virtual WAN hub propagates to a connected spoke.
 * For the same prefix a user route beats a learned route, which beats a system route; a route table
 * with `disableBgpRoutePropagation: true` receives none; and the system routes of the virtual network
 * and its peerings are preferred even over a more specific learned route
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#how-azure-selects-a-route).
 */
export interface LearnedRoute {
  addressPrefix: string;
  nextHop: LearnedNextHop;
  /** Who taught it, for evidence: `virtual hub vhub-eastus (routing intent)`, `VPN gateway vgw-hub`. */
  origin: string;
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

/**
 * The routes a virtual network's subnets learn from what the inventory holds: those a Virtual WAN hub
 * teaches the virtual networks connected to it (virtual-hub.ts). The routes a VPN or ExpressRoute
 * gateway learns over BGP from on-premises are not ARM data (only the effective routes of a network
 * interface show them); where such routes may exist but cannot be read, the route evaluation says so
 * instead of assuming there are none.
 */
export function learnedRoutesOf(inventory: Inventory, virtualNetworkId: string): LearnedRoute[] {
  return virtualHubRoutesOf(inventory, virtualNetworkId);
}
