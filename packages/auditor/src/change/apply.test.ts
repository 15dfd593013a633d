import { describe, expect, it } from 'vitest';
import type { CollectedResources, RawResource } from '../model/raw.ts';
import { normalizeResources } from '../normalize/index.ts';
import { applyChanges } from './apply.ts';
import type { ChangeOperation, ChangeSet, JsonObject, UnknownValue } from './types.ts';
import { markUnknowns } from './unknowns.ts';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network';
const TABLE = `${RG}/routeTables/rt`;
const OTHER_TABLE = `${RG}/routeTables/rt-2`;
const VNET = `${RG}/virtualNetworks/vnet`;
const SUBNET = `${VNET}/subnets/snet`;
const POLICY = `${RG}/firewallPolicies/p`;
const GROUP = `${POLICY}/ruleCollectionGroups/g`;

const route = (name: string, nextHopType = 'VirtualAppliance') => ({
  name,
  properties: {
    addressPrefix: '0.0.0.0/0',
    nextHopType,
    ...(nextHopType === 'VirtualAppliance' && { nextHopIpAddress: '10.0.1.4' }),
  },
});
const table = (id: string, routes: JsonObject[], subnets: string[] = []) => ({
  id,
  name: id.split('/').at(-1),
  type: 'Microsoft.Network/routeTables',
  properties: { routes, subnets: subnets.map((s) => ({ id: s })) },
});
const vnet = (routeTable?: string) => ({
  id: VNET,
  name: 'vnet',
  type: 'Microsoft.Network/virtualNetworks',
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
    subnets: [
      {
        name: 'snet',
        id: SUBNET,
        properties: { addressPrefix: '10.1.0.0/24', ...(routeTable && { routeTable: { id: routeTable } }) },
      },
    ],
  },
});

const raw = (body: JsonObject, pointer: string): RawResource => ({ body, origin: { file: 'today.json', pointer } });

function today(...bodies: JsonObject[]): CollectedResources {
  return { resources: bodies.map((b, i) => raw(b, `/${i}`)), errors: [], sourcesRead: ['today.json'] };
}

function set(...operations: ChangeOperation[][]): ChangeSet {
  return {
    format: 'arm-what-if',
    source: 'change.json',
    changes: operations.map((ops, i) => ({
      resourceId: `r${i}`,
      changeType: 'Modify',
      source: `change.json /changes/${i}`,
      operations: ops,
      unknowns: [],
      notes: [],
    })),
    notes: [],
    errors: [],
  };
}

const inventoryOf = (collected: CollectedResources) => normalizeResources(collected.resources).inventory;

describe('applying a change', () => {
  it('replaces a resource, keeping the place it was read from, and leaves the input as it was', () => {
    const input = today(table(TABLE, [route('default')]));
    const proposed = applyChanges(input, [
      set([{ op: 'put', resource: table(TABLE, [route('default', 'Internet')]) }]),
    ]);
    expect(proposed.collected.resources).toEqual([
      {
        body: table(TABLE, [route('default', 'Internet')]),
        origin: { file: 'today.json', pointer: '/0', source: 'change.json /changes/0' },
      },
    ]);
    expect(input.resources[0]?.body).toEqual(table(TABLE, [route('default')]));
    expect(proposed.collected.sourcesRead).toEqual(['today.json', 'change.json']);
  });

  it('adds a resource the input does not hold, and says so', () => {
    const proposed = applyChanges(today(), [set([{ op: 'put', resource: table(TABLE, []) }])]);
    expect(proposed.collected.resources.map((r) => r.origin)).toEqual([{ source: 'change.json /changes/0' }]);
    expect(proposed.changes[0]?.notes).toEqual(['not in the input: added as proposed']);
  });

  it('deletes a resource; a delete of one the input does not hold is a note', () => {
    const proposed = applyChanges(today(table(TABLE, [])), [
      set(
        [{ op: 'delete', id: TABLE.toUpperCase(), type: 'Microsoft.Network/routeTables' }],
        [{ op: 'delete', id: OTHER_TABLE, type: 'Microsoft.Network/routeTables' }],
      ),
    ]);
    expect(proposed.collected.resources).toEqual([]);
    expect(proposed.changes.map((c) => c.notes)).toEqual([[], ['not in the input: nothing to delete']]);
  });

  it('puts a route into its route table (replacing the one of the same name) and deletes it there', () => {
    const routes = (ops: ChangeOperation[]) =>
      inventoryOf(
        applyChanges(today(table(TABLE, [route('a'), route('b')])), [set(ops)]).collected,
      ).routeTables[0]?.routes.map((r) => `${r.name}:${r.nextHopType}`);
    const type = 'Microsoft.Network/routeTables/routes';
    expect(routes([{ op: 'put', resource: { ...route('B', 'Internet'), id: `${TABLE}/routes/B`, type } }])).toEqual([
      'a:VirtualAppliance',
      'B:Internet',
    ]);
    expect(routes([{ op: 'put', resource: { ...route('c', 'None'), id: `${TABLE}/routes/c`, type } }])).toEqual([
      'a:VirtualAppliance',
      'b:VirtualAppliance',
      'c:None',
    ]);
    expect(routes([{ op: 'delete', id: `${TABLE}/routes/a`, type }])).toEqual(['b:VirtualAppliance']);
  });

  it('a route of a route table in neither the input nor the change is an error', () => {
    const proposed = applyChanges(today(), [
      set([
        {
          op: 'put',
          resource: { ...route('a'), id: `${TABLE}/routes/a`, type: 'Microsoft.Network/routeTables/routes' },
        },
      ]),
    ]);
    expect(proposed.errors).toEqual([
      {
        source: 'change.json /changes/0',
        message: `${TABLE}/routes/a: its parent ${TABLE} is in neither the input nor the change: not applied`,
      },
    ]);
  });

  it("edits a subnet where the virtual network holds it, so the normalizer's merge sees the change", () => {
    const subnet = {
      id: SUBNET,
      name: 'snet',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: { addressPrefix: '10.1.0.0/24' },
    };
    const proposed = applyChanges(today(vnet(TABLE), table(TABLE, [])), [set([{ op: 'put', resource: subnet }])]);
    const inventory = inventoryOf(proposed.collected);
    expect(inventory.subnets.map((s) => [s.id, s.routeTableId])).toEqual([[SUBNET, undefined]]);
  });

  it('keeps what Terraform manages as resources of their own: whole properties, other list items, item fields', () => {
    const current = {
      ...vnet(TABLE),
      properties: {
        ...vnet(TABLE).properties,
        virtualNetworkPeerings: [{ name: 'to-hub', properties: { peeringState: 'Connected' } }],
      },
    };
    const next = { ...vnet(), properties: { ...vnet().properties, dhcpOptions: { dnsServers: ['10.0.0.4'] } } };
    const proposed = applyChanges(today(current), [
      set([
        {
          op: 'put',
          resource: next,
          keep: [
            { property: 'virtualNetworkPeerings', mode: 'whole' },
            { property: 'subnets', mode: 'item-fields', fields: ['routeTable'] },
          ],
        },
      ]),
    ]);
    const body = proposed.collected.resources[0]?.body as { properties: JsonObject };
    expect(body.properties.virtualNetworkPeerings).toEqual(current.properties.virtualNetworkPeerings);
    expect(body.properties.subnets).toEqual(current.properties.subnets);
    expect(body.properties.dhcpOptions).toEqual({ dnsServers: ['10.0.0.4'] });

    const cluster = (pools: string[]) => ({
      id: `${RG}/x`,
      type: 'Microsoft.ContainerService/managedClusters',
      properties: { agentPoolProfiles: pools.map((name) => ({ name, vmSize: name })) },
    });
    const pools = applyChanges(today(cluster(['system', 'user'])), [
      set([
        { op: 'put', resource: cluster(['SYSTEM']), keep: [{ property: 'agentPoolProfiles', mode: 'other-items' }] },
      ]),
    ]).collected.resources[0]?.body as { properties: { agentPoolProfiles: JsonObject[] } };
    expect(pools.properties.agentPoolProfiles.map((p) => p.name)).toEqual(['SYSTEM', 'user']);
  });

  it('associates and dissociates on both sides: the subnet names the table, the table lists the subnet', () => {
    const associate = (associated: boolean): ChangeOperation => ({
      op: 'associate',
      child: { id: SUBNET, type: 'Microsoft.Network/virtualNetworks/subnets', field: 'routeTable' },
      parent: { id: TABLE, type: 'Microsoft.Network/routeTables', list: 'subnets' },
      associated,
    });
    const joined = inventoryOf(applyChanges(today(vnet(), table(TABLE, [])), [set([associate(true)])]).collected);
    expect(joined.subnets[0]?.routeTableId).toBe(TABLE);
    expect(joined.routeTables[0]?.subnetIds).toEqual([SUBNET]);
    // The table's own list must go too: a subnet that names no table takes the first table listing it.
    const parted = inventoryOf(
      applyChanges(today(vnet(TABLE), table(TABLE, [], [SUBNET])), [set([associate(false)])]).collected,
    );
    expect(parted.subnets[0]?.routeTableId).toBeUndefined();
    expect(parted.routeTables[0]?.subnetIds).toEqual([]);
    const missing = applyChanges(today(table(TABLE, [])), [set([associate(true)])]);
    expect(missing.errors.map((e) => e.message)).toEqual([
      `${SUBNET} is in neither the input nor the change: its association with ${TABLE} is not applied`,
    ]);
  });

  it("a virtual network restated without a subnet's route table takes the subnet off that table's list too", () => {
    const dissociated = inventoryOf(
      applyChanges(today(vnet(TABLE), table(TABLE, [], [SUBNET])), [set([{ op: 'put', resource: vnet() }])]).collected,
    );
    expect(dissociated.subnets[0]?.routeTableId).toBeUndefined();
    expect(dissociated.routeTables[0]?.subnetIds).toEqual([]);
    // Restated as it is, an input whose two sides disagree stays as the normalizer reads it today.
    const disagreeing = today(vnet(), table(TABLE, [], [SUBNET]));
    const same = inventoryOf(applyChanges(disagreeing, [set([{ op: 'put', resource: vnet() }])]).collected);
    expect(same.subnets[0]?.routeTableId).toBe(TABLE);
  });

  it("a deleted rule collection group leaves its policy's list, so the policy's rules stay readable", () => {
    const policy = {
      id: POLICY,
      type: 'Microsoft.Network/firewallPolicies',
      properties: { ruleCollectionGroups: [{ id: GROUP }] },
    };
    const group = {
      id: GROUP,
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      properties: { priority: 100, ruleCollections: [] },
    };
    const proposed = applyChanges(today(policy, group), [
      set([{ op: 'delete', id: GROUP, type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups' }]),
    ]);
    expect(inventoryOf(proposed.collected).firewallPolicies[0]?.ruleCollectionGroupIds).toEqual([]);
  });

  it('says when a deleted route table is still named by a subnet', () => {
    const proposed = applyChanges(today(vnet(TABLE), table(TABLE, [], [SUBNET])), [
      set([{ op: 'delete', id: TABLE, type: 'Microsoft.Network/routeTables' }]),
    ]);
    expect(proposed.changes[0]?.notes).toEqual([
      `subnet ${SUBNET} still names it: Azure does not delete a route table that a subnet uses, so unless the subnet lets go of it in the same change the deployment fails there`,
    ]);
  });
});

describe('values known only once the change is made', () => {
  it('make their route unreadable and are unavailable input of their resource', () => {
    const inventory = inventoryOf(today(table(TABLE, [route('default'), route('other')])));
    const unknown: UnknownValue = {
      resourceId: TABLE,
      attribute: 'azurerm_route.x.next_hop_in_ip_address',
      cause: 'is known only after apply',
      route: 'DEFAULT',
    };
    markUnknowns(inventory, [
      unknown,
      { resourceId: `${RG}/ipGroups/g`, attribute: 'azurerm_ip_group.g.cidrs', cause: 'is known only after apply' },
    ]);
    expect(inventory.routeTables[0]?.routes.map((r) => r.unreadable)).toEqual([
      'azurerm_route.x.next_hop_in_ip_address is known only after apply',
      undefined,
    ]);
    expect(inventory.unavailable).toEqual([
      { what: 'azurerm_route.x.next_hop_in_ip_address', resourceId: TABLE, cause: 'it is known only after apply' },
      { what: 'azurerm_ip_group.g.cidrs', resourceId: `${RG}/ipGroups/g`, cause: 'it is known only after apply' },
    ]);
  });

  it('a route list known only as a whole stands as one unreadable route over every destination', () => {
    const inventory = inventoryOf(today(table(TABLE, [route('default')])));
    markUnknowns(inventory, [
      { resourceId: TABLE, attribute: 'azurerm_route_table.rt.route', cause: 'is known only after apply', route: '*' },
    ]);
    expect(inventory.routeTables[0]?.routes.at(-1)).toEqual({
      name: 'its routes',
      addressPrefix: '0.0.0.0/0',
      nextHopType: '',
      unreadable: 'azurerm_route_table.rt.route is known only after apply',
    });
  });
});
