/** `Microsoft.Network/azureFirewalls` → Firewall. */
import type { Firewall, FirewallIpConfiguration, ResourceBase } from '../model/inventory.ts';
import { classicRuleCollections } from './rule-collections.ts';
import type { FirewallIpConfigurationShape, FirewallShape } from './sdk-shapes.ts';
import type { Obj } from './shape.ts';

/** A public IP address used by one of the firewall's ip configurations (the configuration's ARM id). */
export interface PublicIpAttachment {
  configurationId: string;
  publicIpId: string;
}

function ipConfiguration(
  config: Obj<FirewallIpConfigurationShape>,
  attachments: PublicIpAttachment[],
): FirewallIpConfiguration {
  const out: FirewallIpConfiguration = { name: config.str('name') ?? '' };
  // REST and the JS SDK spell it privateIPAddress, the CLI privateIpAddress: the lookup ignores case.
  const privateIpAddress = config.str('privateIPAddress');
  const subnetId = config.ref('subnet');
  const publicIpAddressId = config.ref('publicIPAddress');
  if (privateIpAddress !== undefined) out.privateIpAddress = privateIpAddress;
  if (subnetId !== undefined) out.subnetId = subnetId;
  if (publicIpAddressId !== undefined) out.publicIpAddressId = publicIpAddressId;
  const configurationId = config.str('id');
  if (configurationId !== undefined && publicIpAddressId !== undefined) {
    attachments.push({ configurationId, publicIpId: publicIpAddressId });
  }
  return out;
}

export function normalizeFirewall(
  resource: Obj<FirewallShape>,
  base: ResourceBase,
): { firewall: Firewall; attachments: PublicIpAttachment[] } {
  const attachments: PublicIpAttachment[] = [];
  const firewall: Firewall = {
    ...base,
    zones: resource.strings('zones'),
    ipConfigurations: resource.list('ipConfigurations').map((c) => ipConfiguration(c, attachments)),
    hubPublicIpAddresses: [],
    classicCollections: {
      application: classicRuleCollections(resource, 'application'),
      network: classicRuleCollections(resource, 'network'),
      nat: classicRuleCollections(resource, 'nat'),
    },
    additionalProperties: resource.record('additionalProperties'),
  };
  const sku = resource.obj('sku');
  const skuName = sku?.str('name');
  const skuTier = sku?.str('tier');
  const threatIntelMode = resource.str('threatIntelMode');
  const policyId = resource.ref('firewallPolicy');
  const provisioningState = resource.str('provisioningState');
  const management = resource.obj('managementIpConfiguration');
  const virtualHubId = resource.ref('virtualHub');
  if (skuName !== undefined) firewall.skuName = skuName;
  if (skuTier !== undefined) firewall.skuTier = skuTier;
  if (threatIntelMode !== undefined) firewall.threatIntelMode = threatIntelMode;
  if (policyId !== undefined) firewall.policyId = policyId;
  if (provisioningState !== undefined) firewall.provisioningState = provisioningState;
  if (management) firewall.managementIpConfiguration = ipConfiguration(management, attachments);
  if (virtualHubId !== undefined) firewall.virtualHubId = virtualHubId;

  // Secured virtual hub (AZFW_Hub): `hubIPAddresses: {privateIPAddress, publicIPs: {addresses: [{address}], count}}`.
  const hub = resource.obj('hubIPAddresses');
  if (hub) {
    const hubPrivate = hub.str('privateIPAddress');
    if (hubPrivate !== undefined) firewall.hubPrivateIpAddress = hubPrivate;
    const publicIps = hub.obj('publicIPs');
    if (publicIps) {
      firewall.hubPublicIpAddresses = publicIps
        .list('addresses')
        .map((a) => a.str('address'))
        .filter((a): a is string => a !== undefined);
      const count = publicIps.num('count');
      if (count !== undefined) firewall.hubPublicIpCount = count;
    }
  }
  return { firewall, attachments };
}
