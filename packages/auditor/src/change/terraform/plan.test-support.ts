/**
 * Terraform plans (HashiCorp, "JSON Output Format") for the tests of the azurerm mappings: a plan of
 * resource changes, today's resources, and the proposed state taken through the change model and the
 * normalizer — what matters is the inventory it normalizes to.
 */
import type { RawResource } from '../../model/raw.ts';
import { normalizeResources } from '../../normalize/index.ts';
import { applyChanges } from '../apply.ts';
import type { ChangeSet, JsonObject } from '../types.ts';
import { markUnknowns } from '../unknowns.ts';
import { parseTerraformPlan } from './plan.ts';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const NET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
export const TABLE = `${NET}/routeTables/rt-spoke`;
export const VNET = `${NET}/virtualNetworks/vnet-spoke`;
export const SUBNET = `${VNET}/subnets/snet-aks`;
export const FIREWALL = `${NET}/azureFirewalls/afw`;
export const POLICY = `${NET}/firewallPolicies/afwp`;
export const CLUSTER = `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks`;

type Actions = string[];

export function rc(
  address: string,
  actions: Actions,
  before: JsonObject | null,
  after: JsonObject | null,
  afterUnknown: JsonObject = {},
) {
  const [type = '', name = ''] = address
    .replace(/\[.*\]$/, '')
    .split('.')
    .slice(-2);
  return { address, mode: 'managed', type, name, change: { actions, before, after, after_unknown: afterUnknown } };
}

/** A resource the plan creates: no `before`, and an id known only after apply. */
export const created = (address: string, after: JsonObject, afterUnknown: JsonObject = {}) =>
  rc(address, ['create'], null, after, { id: true, ...afterUnknown });

export function plan(resourceChanges: unknown[], configuration: JsonObject = {}): JsonObject {
  return { format_version: '1.2', terraform_version: '1.9.8', resource_changes: resourceChanges, configuration };
}

/** Today's resources: the resource groups and tables a plan's new resources are placed against. */
export const TODAY: RawResource[] = [
  {
    body: {
      id: TABLE,
      name: 'rt-spoke',
      type: 'Microsoft.Network/routeTables',
      properties: { routes: [], subnets: [{ id: SUBNET }] },
    },
    origin: { file: 'net.json', pointer: '/0' },
  },
  {
    body: {
      id: VNET,
      name: 'vnet-spoke',
      type: 'Microsoft.Network/virtualNetworks',
      properties: {
        addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        subnets: [{ name: 'snet-aks', properties: { addressPrefix: '10.1.0.0/22', routeTable: { id: TABLE } } }],
      },
    },
    origin: { file: 'net.json', pointer: '/1' },
  },
];

export function parse(doc: JsonObject, today: RawResource[] = TODAY): ChangeSet {
  const set = parseTerraformPlan(doc, 'plan.json', today);
  if ('error' in set) throw new Error(set.error);
  return set;
}

export function proposed(doc: JsonObject, today: RawResource[] = TODAY) {
  const set = parse(doc, today);
  const state = applyChanges({ resources: today, errors: [], sourcesRead: [] }, [set]);
  const { inventory, errors } = normalizeResources(state.collected.resources);
  markUnknowns(inventory, state.unknowns);
  return { set, state, inventory, errors };
}

export const route = (name: string, nextHop = '10.0.1.4') => ({
  address_prefix: '0.0.0.0/0',
  name,
  next_hop_in_ip_address: nextHop,
  next_hop_type: 'VirtualAppliance',
});
