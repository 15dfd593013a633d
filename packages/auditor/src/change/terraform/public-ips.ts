/**
 * Public addresses and NAT gateways in Terraform (hashicorp/terraform-provider-azurerm, website/docs/r):
 * `azurerm_public_ip`, `azurerm_public_ip_prefix`, `azurerm_nat_gateway` and its associations
 * `azurerm_nat_gateway_public_ip_association`, `azurerm_nat_gateway_public_ip_prefix_association`,
 * `azurerm_subnet_nat_gateway_association`.
 */
import type { JsonObject } from '../types.ts';
import { armResource, compact, keepWhole, refTo, type TfContext, type TfMapping, topLevelId } from './mapping.ts';
import { association } from './network.ts';
import type { TfObject } from './values.ts';

const PUBLIC_IPS = 'Microsoft.Network/publicIPAddresses';
const PREFIXES = 'Microsoft.Network/publicIPPrefixes';
const NAT_GATEWAYS = 'Microsoft.Network/natGateways';
const SUBNETS = 'Microsoft.Network/virtualNetworks/subnets';

/** What uses an address is set by the user (a firewall's ip configuration, a NAT gateway), not by the address. */
const ATTACHMENTS = keepWhole('ipConfiguration', 'natGateway');

/** A public IP address or prefix: what the address is, and whatever uses it kept as it is. */
function addressResource(type: string, properties: (after: TfObject, context: TfContext) => JsonObject): TfMapping {
  return {
    armType: type,
    id: topLevelId(type),
    put(after, id, context) {
      const sku = compact({ name: after.str('sku'), tier: after.str('sku_tier') });
      return [
        { op: 'put', resource: armResource(id, type, after, properties(after, context), { sku }), keep: ATTACHMENTS },
      ];
    },
  };
}

export const publicIp = addressResource(PUBLIC_IPS, (after, context) => ({
  publicIPAllocationMethod: after.str('allocation_method'),
  publicIPAddressVersion: after.str('ip_version'),
  publicIPPrefix: refTo(context.ref(after, 'public_ip_prefix_id')),
  // Allocated at apply: no verdict compares it with a route unless the route names the address,
  // and such a route's prefix is then unknown itself.
  ipAddress: after.str('ip_address', { computed: true }),
}));

export const publicIpPrefix = addressResource(PREFIXES, (after) => ({
  prefixLength: after.num('prefix_length'),
  publicIPAddressVersion: after.str('ip_version'),
  ipPrefix: after.str('ip_prefix', { computed: true }),
}));

export const natGateway: TfMapping = {
  armType: NAT_GATEWAYS,
  id: topLevelId(NAT_GATEWAYS),
  put(after, id) {
    const properties = { idleTimeoutInMinutes: after.num('idle_timeout_in_minutes') };
    const sku = compact({ name: after.str('sku_name') });
    // Addresses, prefixes and subnets are associations of their own in Terraform.
    const keep = keepWhole('publicIpAddresses', 'publicIpPrefixes', 'subnets');
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
