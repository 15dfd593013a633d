/**
 * The plan document and the ids of its resources in Terraform plans, taken through the change model and the
 * normalizer. Attribute names from the azurerm docs (hashicorp/terraform-provider-azurerm
 * website/docs/r/*.html.markdown) at v3.117.1 and 4.x; see fixtures/what-if/README.md.
 */
import { describe, expect, it } from 'vitest';
import type { RawResource } from '../../model/raw.ts';
import { created, parse, plan, proposed, rc, SUB, TABLE, TODAY, VNET } from './plan.test-support.ts';
import { parseTerraformPlan } from './plan.ts';

describe('Terraform plans: the document', () => {
  it.each([
    [
      { format_version: '2.0', resource_changes: [] },
      'plan.json: Terraform JSON format_version 2.0; this version reads 1.x',
    ],
    [
      { format_version: '1.0', values: { root_module: {} } },
      'plan.json: a Terraform JSON document without resource_changes (a state?): give the plan, `terraform show -json PLANFILE`',
    ],
  ])('%j is rejected', (doc, error) => {
    expect(parseTerraformPlan(doc, 'plan.json', [])).toEqual({ error });
  });

  it('skips data sources, no-ops and reads; notes deposed objects, forgotten resources and types the audit does not read', () => {
    const set = parse(
      plan([
        { ...rc('data.azurerm_subnet.x', ['read'], null, {}), mode: 'data' },
        rc('azurerm_route_table.same', ['no-op'], {}, {}),
        { ...rc('azurerm_route_table.old', ['delete'], { id: TABLE }, null), deposed: '00000001' },
        rc('azurerm_route_table.kept', ['forget'], { id: TABLE, name: 'rt-spoke' }, null),
        rc('azurerm_storage_account.logs', ['update'], {}, {}),
        rc('azurerm_route_table.odd', ['teleport'], {}, {}),
      ]),
    );
    expect(set.changes.map((c) => [c.changeType, c.operations, c.notes])).toEqual([
      ['forget', [], ['removed from the Terraform state only (a `removed` block): the resource stays in Azure']],
    ]);
    expect(set.notes).toEqual([
      "azurerm_route_table.old: a deposed object (deposed 00000001) is destroyed; the resource's current object is what the audit reads",
      '1 changed resource is of types the audit does not read: azurerm_storage_account.logs (update)',
    ]);
    expect(set.errors).toEqual([
      { source: 'plan.json azurerm_route_table.odd', message: 'unknown actions ["teleport"]: not applied' },
    ]);
  });
});

describe('Terraform plans: ids', () => {
  const newTable = (group: string) =>
    created('azurerm_route_table.new', { name: 'rt-new', resource_group_name: group, location: 'eastus', route: [] });

  it("builds a new resource's id in the subscription of its resource group", () => {
    expect(parse(plan([newTable('RG-NET')])).changes[0]?.resourceId).toBe(
      `${SUB}/resourceGroups/RG-NET/providers/Microsoft.Network/routeTables/rt-new`,
    );
  });

  it("takes the input's spelling of an id for a resource it already holds", () => {
    const recreated = created('azurerm_route_table.r', { name: 'RT-SPOKE', resource_group_name: 'rg-net', route: [] });
    expect(parse(plan([recreated])).changes[0]?.resourceId).toBe(TABLE);
  });

  it("takes the provider's subscription_id when the input does not tell it, and says when nothing does", () => {
    const two: RawResource[] = [
      ...TODAY,
      {
        body: {
          id: `/subscriptions/other/resourceGroups/x/providers/Microsoft.Network/routeTables/y`,
          type: 'Microsoft.Network/routeTables',
        },
        origin: {},
      },
    ];
    const configured = plan([newTable('rg-new')], {
      provider_config: {
        azurerm: { name: 'azurerm', expressions: { subscription_id: { constant_value: 'configured' } } },
      },
    });
    expect(parse(configured, two).changes[0]?.resourceId).toBe(
      '/subscriptions/configured/resourceGroups/rg-new/providers/Microsoft.Network/routeTables/rt-new',
    );
    expect(parse(plan([newTable('rg-new')]), two).errors).toEqual([
      {
        source: 'plan.json azurerm_route_table.new',
        message:
          'azurerm_route_table.new: which resource it is cannot be told (the subscription of resource group rg-new cannot be told from the input (no resource of the input is in it, and the input spans several subscriptions)): not applied',
      },
    ]);
  });

  it('resolves an id known only after apply through the configuration, to a resource the same plan creates', () => {
    const subnet = created('module.spoke.azurerm_subnet.nodes', {
      name: 'snet-new',
      resource_group_name: 'rg-net',
      virtual_network_name: 'vnet-spoke',
      address_prefixes: ['10.1.8.0/24'],
    });
    const association = created(
      'module.spoke.azurerm_subnet_route_table_association.nodes',
      { route_table_id: TABLE },
      { subnet_id: true },
    );
    const configuration = {
      root_module: {
        module_calls: {
          spoke: {
            module: {
              resources: [
                {
                  address: 'azurerm_subnet_route_table_association.nodes',
                  expressions: { subnet_id: { references: ['azurerm_subnet.nodes.id', 'azurerm_subnet.nodes'] } },
                },
              ],
            },
          },
        },
      },
    };
    const { inventory, set } = proposed(plan([subnet, association], configuration));
    expect(set.errors).toEqual([]);
    expect(inventory.subnets.find((s) => s.name === 'snet-new')?.routeTableId).toBe(TABLE);
    expect(set.changes[1]?.notes).toEqual([`associates ${VNET}/subnets/snet-new with ${TABLE}`]);
  });

  it('an association whose subnet is known only after apply, and not resolvable, is not applied and says why', () => {
    const association = created(
      'azurerm_subnet_route_table_association.x',
      { route_table_id: TABLE },
      { subnet_id: true },
    );
    expect(parse(plan([association])).errors).toEqual([
      {
        source: 'plan.json azurerm_subnet_route_table_association.x',
        message:
          'azurerm_subnet_route_table_association.x: which resource it is cannot be told (azurerm_subnet_route_table_association.x.subnet_id is known only after apply): not applied',
      },
    ]);
  });
});
