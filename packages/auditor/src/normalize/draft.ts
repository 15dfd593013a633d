/**
 * The inventory while it is built: what the phases of normalizeResources (index.ts) read and fill in.
 * A phase is a function of the draft; what one type's normalizer reads but another phase places
 * (subnets embedded in their network, a firewall's public IPs, metrics) waits in `pending`.
 */
import type { Inventory, InventoryNote, Origin, OutboundDependency, Subnet } from '../model/inventory.ts';
import type { InputError, RawResource } from '../model/raw.ts';
import type { PublicIpAttachment } from './firewall.ts';
import type { ResourceType } from './resource-types.ts';

/** A resource of a modelled type, with its id and canonical type: the one copy of its id that is used. */
export interface Accepted {
  raw: RawResource;
  id: string;
  type: ResourceType;
}

export interface Draft {
  inventory: Inventory;
  notes: InventoryNote[];
  errors: InputError[];
  pending: {
    /** Subnets given as resources of their own. */
    standaloneSubnets: Subnet[];
    /** Subnets read from inside their virtual network. */
    embeddedSubnets: Subnet[];
    /** Which firewall ip configuration each public IP is attached to, as the firewall says. */
    firewallPublicIps: PublicIpAttachment[];
    /** AKS outboundNetworkDependenciesEndpoints responses, for the cluster they belong to. */
    outboundDependencies: { clusterId: string; endpoints: OutboundDependency[]; origin: Origin }[];
    /** Azure Monitor metric items, for the resource they measure. */
    metrics: Accepted[];
  };
}

/** One step of normalizeResources after every resource is read: fills in or checks the draft. */
export type Phase = (draft: Draft) => void;
