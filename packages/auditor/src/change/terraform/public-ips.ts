/**
 * Public addresses and NAT gateways in Terraform (hashicorp/terraform-provider-azurerm, website/docs/r):
 * `azurerm_public_ip`, `azurerm_public_ip_prefix`, `azurerm_nat_gateway` and its associations
 * `azurerm_nat_gateway_public_ip_association`, `azurerm_nat_gateway_public_ip_prefix_association`,
 * `azurerm_subnet_nat_gateway_association`.
 */
import { armResource, compact, refTo, type TfMapping, topLevelId } from './mapping.ts';
import { association } from './network.ts';

const PUBLIC_IPS = 'Microsoft.Network/publicIPAddresses';
const PREFIXES = 'Microsoft.Network/publicIPPrefixes';
const NAT_GATEWAYS = 'Microsoft.Network/natGateways';
const SUBNETS = 'Microsoft.Network/virtualNetworks/subnets';

/** What uses an address is set by the user (a firewall's ip configuration, a NAT gateway), not by the address. */
const ATTACHMENTS = ['ipConfiguration', 'natGateway'].map((property) => ({ property, mode: 'whole' as const }));

export const publicIp: TfMapping = {
  armType: PUBLIC_IPS,
  id: topLevelId(PUBLIC_IPS),
  put(after, id, context) {
    const properties = {
      publicIPAllocationMethod: after.str('allocation_method'),
      publicIPAddressVersion: after.str('ip_version'),
      publicIPPrefix: refTo(context.ref(after, 'public_ip_prefix_id')),
      // Allocated at apply: no verdict compares it with a route unless the route names the address,
      // and such a route's prefix is then unknown itself.
      ipAddress: after.str('ip_address', { computed: true }),
    };
    const sku = compact({ name: after.str('sku'), tier: after.str('sku_tier') });
    return [{ op: 'put', resource: armResource(id, PUBLIC_IPS, after, properties, { sku }), keep: ATTACHMENTS }];
  },
};

export const publicIpPrefix: TfMapping = {
  armType: PREFIXES,
  id: topLevelId(PREFIXES),
  put(after, id) {
    const properties = {
      prefixLength: after.num('prefix_length'),
      publicIPAddressVersion: after.str('ip_version'),
      ipPrefix: after.str('ip_prefix', { computed: true }),
    };
    const sku = compact({ name: after.str('sku'), tier: after.str('sku_tier') });
    return [{ op: 'put', resource: armResource(id, PREFIXES, after, properties, { sku }), keep: ATTACHMENTS }];
  },
};

export const natGateway: TfMapping = {
  armType: NAT_GATEWAYS,
  id: topLevelId(NAT_GATEWAYS),
  put(after, id) {
    const properties = { idleTimeoutInMinutes: after.num('idle_timeout_in_minutes') };
    const sku = compact({ name: after.str('sku_name') });
    // Addresses, prefixes and subnets are associations of their own in Terraform.
    const keep = ['publicIpAddresses', 'publicIpPrefixes', 'subnets'].map((property) => ({
      property,
      mode: 'whole' as const,
    }));
    return [{ op: 'put', resource: armResource(id, NAT_GATEWAYS, after, properties, { sku }), keep }];
  },
};

export const PUBLIC_IP_MAPPINGS: Record<string, TfMapping> = {
  azurerm_public_ip: publicIp,
  azurerm_public_ip_prefix: publicIpPrefix,
  azurerm_nat_gateway: natGateway,
  azurerm_nat_gateway_public_ip_association: association(
    { type: PUBLIC_IPS, attribute: 'public_ip_address_id', field: 'natGateway' },
    { type: NAT_GATEWAYS, attribute: 'nat_gateway_id', list: 'publicIpAddresses' },
  ),
  azurerm_nat_gateway_public_ip_prefix_association: association(
    { type: PREFIXES, attribute: 'public_ip_prefix_id', field: 'natGateway' },
    { type: NAT_GATEWAYS, attribute: 'nat_gateway_id', list: 'publicIpPrefixes' },
  ),
  azurerm_subnet_nat_gateway_association: association(
    { type: SUBNETS, attribute: 'subnet_id', field: 'natGateway' },
    { type: NAT_GATEWAYS, attribute: 'nat_gateway_id', list: 'subnets' },
  ),
};
