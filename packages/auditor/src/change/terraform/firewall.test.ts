/**
 * Azure Firewall, its policies and rule collections in Terraform plans, taken through the change model and the
 * normalizer. Attribute names from the azurerm docs (hashicorp/terraform-provider-azurerm
 * website/docs/r/*.html.markdown) at v3.117.1 and 4.x; see fixtures/what-if/README.md.
 */
import { describe, expect, it } from 'vitest';
import type { RawResource } from '../../model/raw.ts';
import type { JsonObject } from '../types.ts';
import { created, FIREWALL, NET, POLICY, parse, plan, proposed, rc } from './plan.test-support.ts';

describe('Terraform plans: Azure Firewall', () => {
  const firewallValues = (extra: JsonObject = {}) => ({
    id: FIREWALL,
    name: 'afw',
    resource_group_name: 'rg-net',
    location: 'eastus',
    sku_name: 'AZFW_VNet',
    sku_tier: 'Standard',
    threat_intel_mode: 'Deny',
    dns_proxy_enabled: true,
    ip_configuration: [
      {
        name: 'ipconfig',
        subnet_id: `${NET}/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet`,
        public_ip_address_id: `${NET}/publicIPAddresses/pip`,
        private_ip_address: '10.0.1.4',
      },
    ],
    ...extra,
  });

  it('azurerm_firewall: SKU, threat intel, DNS proxy (an additional property in ARM), ip configurations; classic collections kept', () => {
    const today: RawResource[] = [
      {
        body: {
          id: FIREWALL,
          type: 'Microsoft.Network/azureFirewalls',
          properties: {
            networkRuleCollections: [
              { name: 'net', properties: { priority: 100, action: { type: 'Allow' }, rules: [] } },
            ],
          },
        },
        origin: {},
      },
    ];
    const { inventory, set } = proposed(plan([rc('azurerm_firewall.hub', ['update'], {}, firewallValues())]), today);
    expect(set.changes[0]?.unknowns).toEqual([]);
    const [firewall] = inventory.firewalls;
    expect(firewall).toEqual(
      expect.objectContaining({
        skuName: 'AZFW_VNet',
        skuTier: 'Standard',
        threatIntelMode: 'Deny',
        additionalProperties: { 'Network.DNS.EnableProxy': 'true' },
        ipConfigurations: [
          {
            name: 'ipconfig',
            privateIpAddress: '10.0.1.4',
            subnetId: `${NET}/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet`,
            publicIpAddressId: `${NET}/publicIPAddresses/pip`,
          },
        ],
      }),
    );
    expect(firewall?.classicCollections.network.map((c) => c.name)).toEqual(['net']);
  });

  it("a new firewall's private IP is known only after apply, and named", () => {
    const creation = created('azurerm_firewall.hub', firewallValues({ id: undefined }), {
      ip_configuration: [{ private_ip_address: true }],
    });
    expect(parse(plan([creation])).changes[0]?.unknowns.map((u) => u.attribute)).toEqual([
      'azurerm_firewall.hub.ip_configuration[0].private_ip_address',
    ]);
  });

  it('azurerm_firewall_policy and its rule collection group: DNS, threat intelligence, and every kind of rule', () => {
    const policy = created('azurerm_firewall_policy.hub', {
      name: 'afwp',
      resource_group_name: 'rg-net',
      location: 'eastus',
      sku: 'Premium',
      threat_intelligence_mode: 'Alert',
      dns: [{ proxy_enabled: true, servers: ['10.0.0.4'] }],
      private_ip_ranges: ['IANAPrivateRanges'],
    });
    const group = created(
      'azurerm_firewall_policy_rule_collection_group.aks',
      {
        name: 'rcg-aks',
        priority: 200,
        application_rule_collection: [
          {
            name: 'aks-fqdn',
            priority: 200,
            action: 'Allow',
            rule: [
              {
                name: 'aks-tag',
                protocols: [{ type: 'Https', port: 443 }],
                source_addresses: ['10.1.0.0/22'],
                source_ip_groups: [],
                destination_fqdn_tags: ['AzureKubernetesService'],
                destination_fqdns: [],
                destination_urls: [],
                destination_addresses: [],
                terminate_tls: false,
                web_categories: [],
              },
            ],
          },
        ],
        network_rule_collection: [
          {
            name: 'aks-net',
            priority: 100,
            action: 'Allow',
            rule: [
              {
                name: 'ntp',
                protocols: ['UDP'],
                source_addresses: ['10.1.0.0/22'],
                source_ip_groups: [],
                destination_addresses: ['*'],
                destination_ip_groups: [],
                destination_fqdns: [],
                destination_ports: ['123'],
              },
            ],
          },
        ],
        nat_rule_collection: [
          {
            name: 'dnat',
            priority: 100,
            action: 'Dnat',
            rule: [
              {
                name: 'https',
                protocols: ['TCP'],
                source_addresses: ['*'],
                source_ip_groups: [],
                destination_address: '20.0.0.1',
                destination_ports: ['443'],
                translated_address: '10.1.0.100',
                translated_port: '443',
              },
            ],
          },
        ],
      },
      { firewall_policy_id: true },
    );
    const configuration = {
      root_module: {
        resources: [
          {
            address: 'azurerm_firewall_policy_rule_collection_group.aks',
            expressions: {
              firewall_policy_id: { references: ['azurerm_firewall_policy.hub.id', 'azurerm_firewall_policy.hub'] },
            },
          },
        ],
      },
    };
    const { inventory, set } = proposed(plan([policy, group], configuration));
    expect(set.errors).toEqual([]);
    expect(inventory.firewallPolicies).toEqual([
      expect.objectContaining({
        id: POLICY,
        skuTier: 'Premium',
        threatIntelMode: 'Alert',
        dnsProxyEnabled: true,
        dnsServers: ['10.0.0.4'],
        snatPrivateRanges: ['IANAPrivateRanges'],
      }),
    ]);
    const [rcg] = inventory.ruleCollectionGroups;
    expect(rcg?.id).toBe(`${POLICY}/ruleCollectionGroups/rcg-aks`);
    expect(rcg?.policyId).toBe(POLICY);
    expect(rcg?.collections.map((c) => [c.name, c.action, c.rules.map((r) => r.kind)])).toEqual([
      ['dnat', 'Dnat', ['nat']],
      ['aks-net', 'Allow', ['network']],
      ['aks-fqdn', 'Allow', ['application']],
    ]);
    expect(rcg?.collections[0]?.rules[0]).toEqual(
      expect.objectContaining({
        destinationAddresses: ['20.0.0.1'],
        translatedAddress: '10.1.0.100',
        translatedPort: '443',
        ipProtocols: ['TCP'],
      }),
    );
    expect(rcg?.collections[2]?.rules[0]).toEqual(
      expect.objectContaining({
        fqdnTags: ['AzureKubernetesService'],
        protocols: [{ protocolType: 'Https', port: 443 }],
        sourceAddresses: ['10.1.0.0/22'],
      }),
    );
  });

  it('classic collections go into their firewall, found by azure_firewall_name', () => {
    const today: RawResource[] = [
      { body: { id: FIREWALL, name: 'afw', type: 'Microsoft.Network/azureFirewalls', properties: {} }, origin: {} },
    ];
    const collection = (kind: string, rule: JsonObject, action = 'Allow') =>
      created(`azurerm_firewall_${kind}_rule_collection.c`, {
        name: `${kind}-c`,
        azure_firewall_name: 'afw',
        resource_group_name: 'rg-net',
        priority: 100,
        action,
        rule: [rule],
      });
    const { inventory } = proposed(
      plan([
        collection('application', {
          name: 'aks',
          source_addresses: ['10.1.0.0/22'],
          fqdn_tags: ['AzureKubernetesService'],
          target_fqdns: [],
          protocol: [{ port: 443, type: 'Https' }],
        }),
        collection('network', {
          name: 'ntp',
          source_addresses: ['10.1.0.0/22'],
          destination_addresses: ['*'],
          destination_ports: ['123'],
          protocols: ['UDP'],
        }),
        collection(
          'nat',
          {
            name: 'in',
            source_addresses: ['*'],
            destination_addresses: ['20.0.0.1'],
            destination_ports: ['443'],
            protocols: ['TCP'],
            translated_address: '10.1.0.100',
            translated_port: '443',
          },
          'Dnat',
        ),
      ]),
      today,
    );
    const { classicCollections } = inventory.firewalls[0] ?? { classicCollections: undefined };
    expect(classicCollections?.application[0]?.rules[0]).toEqual(
      expect.objectContaining({
        name: 'aks',
        fqdnTags: ['AzureKubernetesService'],
        protocols: [{ protocolType: 'Https', port: 443 }],
      }),
    );
    expect(classicCollections?.network[0]?.rules[0]).toEqual(
      expect.objectContaining({ name: 'ntp', ipProtocols: ['UDP'], destinationPorts: ['123'] }),
    );
    expect(classicCollections?.nat[0]).toEqual(expect.objectContaining({ action: 'Dnat', name: 'nat-c' }));
  });
});
