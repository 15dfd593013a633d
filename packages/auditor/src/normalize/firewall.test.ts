import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../collect/files.ts';
import type { Firewall, Inventory } from '../model/inventory.ts';
import {
  FIXTURES_RELATIVE,
  FW,
  FW_CLASSIC,
  FW_IPCONF,
  FW_MGMT_SUBNET,
  FW_SUBNET,
  FW_VWAN,
  IPG,
  NET,
  PIP_FW,
  PIP_MGMT,
  POL_CHILD,
  VHUB,
} from './fixtures.test-support.ts';
import { normalizeResources } from './index.ts';

const fixtures = path.resolve(import.meta.dirname, FIXTURES_RELATIVE);

function firewall(inventory: Inventory, id: string): Firewall {
  const found = inventory.firewalls.find((f) => f.id === id);
  if (!found) throw new Error(`no firewall ${id}`);
  return found;
}

describe.each(['rest', 'cli', 'sdk'])('firewalls (%s shape)', (shape) => {
  let inventory: Inventory;
  beforeAll(async () => {
    const collected = await collectFiles(path.join(fixtures, shape));
    const result = normalizeResources(collected.resources);
    expect(collected.errors).toEqual([]);
    expect(result.errors).toEqual([]);
    inventory = result.inventory;
  });

  it('reads a policy-based firewall: sku, threat intel, policy, zones, ip and management configurations', () => {
    const fw = firewall(inventory, FW);
    expect(fw).toMatchObject({
      name: 'fw-hub',
      type: 'Microsoft.Network/azureFirewalls',
      location: 'westeurope',
      tags: { env: 'prod' },
      skuName: 'AZFW_VNet',
      skuTier: 'Premium',
      threatIntelMode: 'Deny',
      policyId: POL_CHILD,
      zones: ['1', '2', '3'],
      provisioningState: 'Succeeded',
      hubPublicIpAddresses: [],
      classicCollections: { application: [], network: [], nat: [] },
      additionalProperties: {},
    });
    expect(fw.ipConfigurations).toEqual([
      { name: 'ipconfig1', privateIpAddress: '10.0.1.4', subnetId: FW_SUBNET, publicIpAddressId: PIP_FW },
    ]);
    expect(fw.managementIpConfiguration).toEqual({
      name: 'mgmt',
      subnetId: FW_MGMT_SUBNET,
      publicIpAddressId: PIP_MGMT,
    });
    expect(fw.virtualHubId).toBeUndefined();
    expect(fw.origin.file).toBe('firewall/fw-hub.json');
  });

  it('reads the public IPs a firewall uses back onto the public IP (attachedToId)', () => {
    const pip = inventory.publicIps.find((p) => p.id === PIP_FW);
    expect(pip?.attachedToId).toBe(FW_IPCONF);
    const mgmt = inventory.publicIps.find((p) => p.id === PIP_MGMT);
    expect(mgmt?.attachedToId).toBe(`${FW}/azureFirewallIpConfigurations/mgmt`);
  });

  it('reads a secured virtual hub firewall (AZFW_Hub) with its hub addresses', () => {
    const fw = firewall(inventory, FW_VWAN);
    expect(fw).toMatchObject({
      skuName: 'AZFW_Hub',
      skuTier: 'Standard',
      virtualHubId: VHUB,
      policyId: POL_CHILD,
      hubPrivateIpAddress: '10.100.64.4',
      hubPublicIpAddresses: ['20.70.0.1', '20.70.0.2'],
      hubPublicIpCount: 2,
      ipConfigurations: [],
      zones: [],
    });
    expect(fw.managementIpConfiguration).toBeUndefined();
  });

  it('converts classic application rule collections, with default ports and protocol names in any case', () => {
    const fw = firewall(inventory, FW_CLASSIC);
    expect(fw.policyId).toBeUndefined();
    expect(fw.additionalProperties).toEqual({
      'Network.DNS.EnableProxy': 'true',
      'Network.DNS.Servers': '168.63.129.16',
    });
    expect(fw.classicCollections.application).toEqual([
      {
        name: 'allow-aks',
        priority: 200,
        action: 'Allow',
        rules: [
          {
            kind: 'application',
            name: 'aks-tag',
            description: 'AKS FQDN tag',
            sourceAddresses: ['10.1.0.0/22'],
            sourceIpGroups: [],
            protocols: [
              { protocolType: 'Https', port: 443 },
              { protocolType: 'Http', port: 80 },
            ],
            targetFqdns: [],
            targetUrls: [],
            fqdnTags: ['AzureKubernetesService'],
            webCategories: [],
            destinationAddresses: [],
            terminateTls: false,
          },
          {
            kind: 'application',
            name: 'mcr',
            sourceAddresses: [],
            sourceIpGroups: [IPG],
            protocols: [{ protocolType: 'Https', port: 443 }],
            targetFqdns: ['mcr.microsoft.com', '*.data.mcr.microsoft.com'],
            targetUrls: [],
            fqdnTags: [],
            webCategories: [],
            destinationAddresses: [],
            terminateTls: false,
          },
        ],
      },
    ]);
  });

  it('converts classic network rule collections (protocols → ipProtocols), in document order', () => {
    const network = firewall(inventory, FW_CLASSIC).classicCollections.network;
    expect(network.map((c) => [c.name, c.priority, c.action])).toEqual([
      ['deny-all', 4000, 'Deny'],
      ['allow-api', 100, 'Allow'],
    ]);
    expect(network[0]?.rules).toEqual([
      {
        kind: 'network',
        name: 'everything',
        ipProtocols: ['Any'],
        sourceAddresses: ['*'],
        sourceIpGroups: [],
        destinationAddresses: ['*'],
        destinationIpGroups: [],
        destinationFqdns: [],
        destinationPorts: ['*'],
      },
    ]);
    const [api, ntp, toGroup] = network[1]?.rules ?? [];
    expect(api).toMatchObject({
      ipProtocols: ['UDP'],
      destinationAddresses: ['AzureCloud.westeurope'],
      destinationPorts: ['1194'],
    });
    expect(ntp).toMatchObject({
      ipProtocols: ['UDP'],
      sourceIpGroups: [IPG],
      destinationFqdns: ['ntp.ubuntu.com'],
      destinationPorts: ['123'],
    });
    expect(toGroup).toMatchObject({
      ipProtocols: ['TCP', 'UDP'],
      destinationIpGroups: [IPG],
      destinationPorts: ['443', '8000-8999'],
    });
  });

  it('converts classic NAT rule collections (action Dnat)', () => {
    expect(firewall(inventory, FW_CLASSIC).classicCollections.nat).toEqual([
      {
        name: 'dnat-ssh',
        priority: 100,
        action: 'Dnat',
        rules: [
          {
            kind: 'nat',
            name: 'ssh',
            ipProtocols: ['TCP'],
            sourceAddresses: ['203.0.113.0/24'],
            sourceIpGroups: [],
            destinationAddresses: ['20.50.0.30'],
            destinationPorts: ['22'],
            translatedAddress: '10.1.0.10',
            translatedPort: '22',
          },
        ],
      },
    ]);
  });
});

describe('malformed firewall fields', () => {
  const id = `${NET}/azureFirewalls/fw-x`;
  const normalize = (properties: Record<string, unknown>) =>
    normalizeResources([
      {
        body: { id, name: 'fw-x', type: 'Microsoft.Network/azureFirewalls', properties },
        origin: { file: 'fw-x.json' },
      },
    ]);

  it('reports ipConfigurations given as a string, naming the resource and the field, and reads the rest', () => {
    const { inventory, errors } = normalize({
      ipConfigurations: '10.0.0.4',
      threatIntelMode: 'Alert',
      sku: { name: 'AZFW_VNet', tier: 'Basic' },
    });
    expect(errors).toEqual([
      {
        file: 'fw-x.json',
        resourceId: id,
        message: `${id}: properties.ipConfigurations must be an array, not the string "10.0.0.4" (ignored)`,
      },
    ]);
    expect(inventory.firewalls[0]).toMatchObject({ ipConfigurations: [], threatIntelMode: 'Alert', skuTier: 'Basic' });
  });

  it('skips a classic Snat collection and a collection with an unknown action, keeping the others', () => {
    const { inventory, errors } = normalize({
      natRuleCollections: [
        { name: 'snat', properties: { priority: 100, action: { type: 'Snat' }, rules: [] } },
        { name: 'dnat', properties: { priority: 200, action: { type: 'DNAT' }, rules: [] } },
      ],
      networkRuleCollections: [{ name: 'n', properties: { priority: 100, action: { type: 'Maybe' }, rules: [] } }],
    });
    expect(inventory.firewalls[0]?.classicCollections.nat.map((c) => [c.name, c.action])).toEqual([['dnat', 'Dnat']]);
    expect(inventory.firewalls[0]?.classicCollections.network).toEqual([]);
    expect(errors.map((e) => e.message.slice(id.length + 2))).toEqual([
      'properties.networkRuleCollections[0].action.type must be Allow or Deny, not the string "Maybe" (collection skipped)',
      'properties.natRuleCollections[0].action.type must be Dnat, not the string "Snat" (collection skipped)',
    ]);
  });

  it('keeps a collection without priority at 65000 and reports it', () => {
    const { inventory, errors } = normalize({
      applicationRuleCollections: [{ name: 'a', properties: { action: { type: 'Allow' }, rules: [] } }],
    });
    expect(inventory.firewalls[0]?.classicCollections.application[0]?.priority).toBe(65000);
    expect(errors[0]?.message).toMatch(/applicationRuleCollections\[0\]\.priority is missing/);
  });
});
