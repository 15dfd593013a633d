/**
 * Public IPs and NAT gateways in Terraform plans, taken through the change model and the
 * normalizer. Attribute names from the azurerm docs (hashicorp/terraform-provider-azurerm
 * website/docs/r/*.html.markdown) at v3.117.1 and 4.x; see fixtures/what-if/README.md.
 */
import { describe, expect, it } from 'vitest';
import { created, NET, plan, proposed, SUBNET } from './plan.test-support.ts';

describe('Terraform plans: public IPs and NAT gateways', () => {
  it("a new public IP's address, allocated at apply, is not an unknown any verdict waits on", () => {
    const pip = created(
      'azurerm_public_ip.fw',
      { name: 'pip', resource_group_name: 'rg-net', allocation_method: 'Static', sku: 'Standard' },
      { ip_address: true },
    );
    const { inventory, set } = proposed(plan([pip]));
    expect(set.changes[0]?.unknowns).toEqual([]);
    expect(inventory.publicIps).toEqual([
      expect.objectContaining({ id: `${NET}/publicIPAddresses/pip`, skuName: 'Standard', allocationMethod: 'Static' }),
    ]);
  });

  it('NAT gateway associations with public IPs, prefixes and subnets, on both sides', () => {
    const gateway = `${NET}/natGateways/ng`;
    const pip = `${NET}/publicIPAddresses/pip`;
    const prefix = `${NET}/publicIPPrefixes/pfx`;
    const { inventory } = proposed(
      plan([
        created('azurerm_nat_gateway.ng', {
          name: 'ng',
          resource_group_name: 'rg-net',
          sku_name: 'Standard',
          idle_timeout_in_minutes: 4,
        }),
        created('azurerm_public_ip.pip', { name: 'pip', resource_group_name: 'rg-net', allocation_method: 'Static' }),
        created('azurerm_public_ip_prefix.pfx', { name: 'pfx', resource_group_name: 'rg-net', prefix_length: 31 }),
        created('azurerm_nat_gateway_public_ip_association.a', { nat_gateway_id: gateway, public_ip_address_id: pip }),
        created('azurerm_nat_gateway_public_ip_prefix_association.b', {
          nat_gateway_id: gateway,
          public_ip_prefix_id: prefix,
        }),
        created('azurerm_subnet_nat_gateway_association.c', { nat_gateway_id: gateway, subnet_id: SUBNET }),
      ]),
    );
    expect(inventory.natGateways).toEqual([
      expect.objectContaining({
        id: gateway,
        publicIpAddressIds: [pip],
        publicIpPrefixIds: [prefix],
        subnetIds: [SUBNET],
        idleTimeoutInMinutes: 4,
      }),
    ]);
    expect(inventory.publicIps[0]?.natGatewayId).toBe(gateway);
    expect(inventory.publicIpPrefixes[0]).toEqual(expect.objectContaining({ natGatewayId: gateway, prefixLength: 31 }));
    expect(inventory.subnets[0]?.natGatewayId).toBe(gateway);
  });
});
