/**
 * Public IPs and NAT gateways in Terraform plans, taken through the change model and the
 * normalizer. Attribute names from the azurerm docs (hashicorp/terraform-provider-azurerm
 * website/docs/r/*.html.markdown) at v3.117.1 and 4.x; see fixtures/what-if/README.md.
 */
import { describe, expect, it } from 'vitest';
import { NET, plan, proposed, rc, SUBNET } from './plan.test-support.ts';

describe('Terraform plans: public IPs and NAT gateways', () => {
  it("a new public IP's address, allocated at apply, is not an unknown any verdict waits on", () => {
    const pip = rc(
      'azurerm_public_ip.fw',
      ['create'],
      null,
      { name: 'pip', resource_group_name: 'rg-net', allocation_method: 'Static', sku: 'Standard' },
      { id: true, ip_address: true },
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
        rc(
          'azurerm_nat_gateway.ng',
          ['create'],
          null,
          { name: 'ng', resource_group_name: 'rg-net', sku_name: 'Standard', idle_timeout_in_minutes: 4 },
          { id: true },
        ),
        rc(
          'azurerm_public_ip.pip',
          ['create'],
          null,
          { name: 'pip', resource_group_name: 'rg-net', allocation_method: 'Static' },
          { id: true },
        ),
        rc(
          'azurerm_public_ip_prefix.pfx',
          ['create'],
          null,
          { name: 'pfx', resource_group_name: 'rg-net', prefix_length: 31 },
          { id: true },
        ),
        rc(
          'azurerm_nat_gateway_public_ip_association.a',
          ['create'],
          null,
          { nat_gateway_id: gateway, public_ip_address_id: pip },
          { id: true },
        ),
        rc(
          'azurerm_nat_gateway_public_ip_prefix_association.b',
          ['create'],
          null,
          { nat_gateway_id: gateway, public_ip_prefix_id: prefix },
          { id: true },
        ),
        rc(
          'azurerm_subnet_nat_gateway_association.c',
          ['create'],
          null,
          { nat_gateway_id: gateway, subnet_id: SUBNET },
          { id: true },
        ),
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
