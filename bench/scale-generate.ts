/**
 * A generated tenant for the scale benchmark, written as the offline input contract (ARM REST shape,
 * one list response per type, as `aro-aks-audit snapshot` writes it): hubs each with a firewall, a
 * child policy of a shared parent policy, and spokes of clusters routed to the hub's firewall. The
 * rules are a seeded mix of application and network rules, from spoke ranges or IP groups, with
 * wildcards, deny collections and a share of overlap (repeated and broader rules), so the
 * containment checks (shadowed, redundant) have real work; the last group of each hub allows what
 * its AKS clusters require. Field names are those of the demo's REST bodies (fixtures/demo/arm).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { aksCoreFqdns, seededRandom, TLDS, WORDS } from './generate.ts';

export interface ScaleShape {
  /** Rules over every policy (the parent's included). */
  rules: number;
  clusters: number;
  hubs: number;
  seed: number;
}

const SUB = '5b1f3c2e-7d4a-4e8b-9c6f-0a1b2c3d4e5f';
const rg = (name: string) => `/subscriptions/${SUB}/resourceGroups/${name}/providers`;
const REGIONS = [
  'eastus',
  'eastus2',
  'westus2',
  'centralus',
  'westeurope',
  'northeurope',
  'uksouth',
  'southeastasia',
  'japaneast',
  'australiaeast',
];
const HUB_RG = 'rg-hub-network';

type Body = Record<string, unknown>;
const ref = (id: string) => ({ id });

function aksRequiredCollections(region: string, sources: { ipGroup: string }) {
  const from = { sourceAddresses: [], sourceIpGroups: [sources.ipGroup] };
  return [
    {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'aks-network-required',
      priority: 100,
      action: { type: 'Allow' },
      rules: [
        {
          ruleType: 'NetworkRule',
          name: 'apiserver-udp',
          ipProtocols: ['UDP'],
          ...from,
          destinationAddresses: [`AzureCloud.${region}`],
          destinationIpGroups: [],
          destinationFqdns: [],
          destinationPorts: ['1194'],
        },
        {
          ruleType: 'NetworkRule',
          name: 'apiserver-tcp',
          ipProtocols: ['TCP'],
          ...from,
          destinationAddresses: [`AzureCloud.${region}`],
          destinationIpGroups: [],
          destinationFqdns: [],
          destinationPorts: ['9000'],
        },
        {
          ruleType: 'NetworkRule',
          name: 'ntp',
          ipProtocols: ['UDP'],
          ...from,
          destinationAddresses: ['*'],
          destinationIpGroups: [],
          destinationFqdns: [],
          destinationPorts: ['123'],
        },
      ],
    },
    {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'aks-fqdn-required',
      priority: 200,
      action: { type: 'Allow' },
      rules: [
        {
          ruleType: 'ApplicationRule',
          name: 'aks-core',
          protocols: [{ protocolType: 'Https', port: 443 }],
          ...from,
          targetFqdns: aksCoreFqdns(region),
          targetUrls: [],
          fqdnTags: [],
          webCategories: [],
          destinationAddresses: [],
          terminateTLS: false,
        },
      ],
    },
  ];
}

/** The tenant's resources by type (REST bodies), deterministic for a shape. */
export function generateTenant(shape: ScaleShape): Map<string, Body[]> {
  const random = seededRandom(shape.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const byType = new Map<string, Body[]>();
  const add = (type: string, body: Body) => {
    const list = byType.get(type) ?? [];
    list.push({ type, ...body });
    byType.set(type, list);
  };
  const perHub = Math.ceil(shape.clusters / shape.hubs);
  const parentRules = Math.floor(shape.rules / 10);
  const childRules = Math.floor((shape.rules - parentRules) / shape.hubs);
  const basePolicyId = `${rg(HUB_RG)}/Microsoft.Network/firewallPolicies/afwp-base`;
  const spokeRange = (cluster: number) => `10.${100 + Math.floor(cluster / 250)}.${cluster % 250}.0/24`;

  /** `count` filter rules in collections of up to 100, in groups of up to 20 collections. */
  const ruleGroups = (policyId: string, prefix: string, count: number, firstPriority: number, sources: () => Body) => {
    const groups: string[] = [];
    let made = 0;
    const recent: Body[] = [];
    for (let g = 0; made < count; g++) {
      const collections: Body[] = [];
      for (let c = 0; c < 20 && made < count; c++) {
        const rules: Body[] = [];
        for (let r = 0; r < 100 && made < count; r++, made++) {
          const name = `${prefix}-${made}`;
          // A share of overlap: the same rule again, or a broader one, as tenants accumulate them.
          if (recent.length > 0 && random() < 0.03) {
            rules.push({ ...pick(recent), name });
            continue;
          }
          let rule: Body;
          if (random() < 0.55) {
            const domain = `${pick(WORDS)}${Math.floor(random() * 5000)}.${pick(WORDS)}.${pick(TLDS)}`;
            const fqdns = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) =>
              k === 0 && random() < 0.2 ? `*.${domain}` : `${['api', 'www', 'cdn', 'login'][k] ?? 'x'}.${domain}`,
            );
            rule = {
              ruleType: 'ApplicationRule',
              name,
              protocols: [{ protocolType: random() < 0.9 ? 'Https' : 'Http', port: random() < 0.9 ? 443 : 80 }],
              ...sources(),
              targetFqdns: fqdns,
              targetUrls: [],
              fqdnTags: [],
              webCategories: [],
              destinationAddresses: [],
              terminateTLS: false,
            };
          } else {
            const port =
              random() < 0.1
                ? `${1000 + Math.floor(random() * 5000)}-${7000 + Math.floor(random() * 2000)}`
                : String(1000 + Math.floor(random() * 9000));
            rule = {
              ruleType: 'NetworkRule',
              name,
              ipProtocols: [random() < 0.8 ? 'TCP' : 'UDP'],
              ...sources(),
              destinationAddresses: [
                random() < 0.05
                  ? `AzureCloud.${pick(REGIONS)}`
                  : `20.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.0/${pick([16, 24, 28])}`,
              ],
              destinationIpGroups: [],
              destinationFqdns: [],
              destinationPorts: [port],
            };
          }
          rules.push(rule);
          if (recent.length < 200) recent.push(rule);
          else recent[Math.floor(random() * recent.length)] = rule;
        }
        collections.push({
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: `rc-${prefix}-${g}-${c}`,
          priority: 100 + c * 10,
          action: { type: random() < 0.1 ? 'Deny' : 'Allow' },
          rules,
        });
      }
      const name = `rcg-${prefix}-${g}`;
      groups.push(`${policyId}/ruleCollectionGroups/${name}`);
      add('Microsoft.Network/firewallPolicies/ruleCollectionGroups', {
        id: `${policyId}/ruleCollectionGroups/${name}`,
        name,
        properties: { provisioningState: 'Succeeded', priority: firstPriority + g * 100, ruleCollections: collections },
      });
    }
    return groups;
  };

  const ipGroupIds: string[] = [];
  for (let i = 0; i < 100; i++) {
    const id = `${rg(HUB_RG)}/Microsoft.Network/ipGroups/ipg-apps-${i}`;
    ipGroupIds.push(id);
    add('Microsoft.Network/ipGroups', {
      id,
      name: `ipg-apps-${i}`,
      location: 'eastus',
      properties: {
        provisioningState: 'Succeeded',
        ipAddresses: [
          `10.${Math.floor(random() * 99)}.${Math.floor(random() * 255)}.0/24`,
          `10.${Math.floor(random() * 99)}.${Math.floor(random() * 255)}.0/26`,
        ],
      },
    });
  }
  const parentSources = () =>
    random() < 0.3
      ? { sourceAddresses: [], sourceIpGroups: [pick(ipGroupIds)] }
      : { sourceAddresses: [`10.${Math.floor(random() * 99)}.${Math.floor(random() * 255)}.0/24`], sourceIpGroups: [] };
  const parentGroups = ruleGroups(basePolicyId, 'base', parentRules, 200, parentSources);
  const childPolicyIds: string[] = [];

  for (let h = 0; h < shape.hubs; h++) {
    const region = REGIONS[h % REGIONS.length] ?? 'eastus';
    const hub = `hub-${h}`;
    const vnetHub = `${rg(HUB_RG)}/Microsoft.Network/virtualNetworks/vnet-${hub}`;
    const firewallId = `${rg(HUB_RG)}/Microsoft.Network/azureFirewalls/afw-${hub}`;
    const policyId = `${rg(HUB_RG)}/Microsoft.Network/firewallPolicies/afwp-${hub}`;
    const privateIp = `10.${h}.1.4`;
    const pips = [1, 2].map((k) => `${rg(HUB_RG)}/Microsoft.Network/publicIPAddresses/pip-afw-${hub}-${k}`);
    for (const [k, id] of pips.entries())
      add('Microsoft.Network/publicIPAddresses', {
        id,
        name: id.split('/').at(-1),
        location: region,
        sku: { name: 'Standard', tier: 'Regional' },
        properties: {
          provisioningState: 'Succeeded',
          ipAddress: `20.${120 + h}.40.${10 + k}`,
          publicIPAddressVersion: 'IPv4',
          publicIPAllocationMethod: 'Static',
          ipConfiguration: ref(`${firewallId}/azureFirewallIpConfigurations/ipconfig-${k + 1}`),
        },
      });
    add('Microsoft.Network/azureFirewalls', {
      id: firewallId,
      name: `afw-${hub}`,
      location: region,
      zones: ['1', '2', '3'],
      properties: {
        provisioningState: 'Succeeded',
        sku: { name: 'AZFW_VNet', tier: 'Premium' },
        threatIntelMode: 'Alert',
        additionalProperties: {},
        ipConfigurations: pips.map((pip, k) => ({
          name: `ipconfig-${k + 1}`,
          id: `${firewallId}/azureFirewallIpConfigurations/ipconfig-${k + 1}`,
          properties: {
            ...(k === 0 && { privateIPAddress: privateIp }),
            publicIPAddress: ref(pip),
            subnet: ref(`${vnetHub}/subnets/AzureFirewallSubnet`),
          },
        })),
        firewallPolicy: ref(policyId),
        applicationRuleCollections: [],
        networkRuleCollections: [],
        natRuleCollections: [],
      },
    });
    const first = h * perHub;
    const last = Math.min(shape.clusters, first + perHub);
    const ranges = Array.from({ length: last - first }, (_, k) => spokeRange(first + k));
    const nodesGroup = `${rg(HUB_RG)}/Microsoft.Network/ipGroups/ipg-${hub}-clusters`;
    add('Microsoft.Network/ipGroups', {
      id: nodesGroup,
      name: `ipg-${hub}-clusters`,
      location: region,
      properties: { provisioningState: 'Succeeded', ipAddresses: ranges },
    });
    const childSources = () =>
      random() < 0.4
        ? { sourceAddresses: [pick(ranges)], sourceIpGroups: [] }
        : random() < 0.5
          ? { sourceAddresses: [], sourceIpGroups: [pick(ipGroupIds)] }
          : {
              sourceAddresses: [`10.${Math.floor(random() * 99)}.${Math.floor(random() * 255)}.0/24`],
              sourceIpGroups: [],
            };
    const groups = ruleGroups(policyId, hub, childRules, 1000, childSources);
    const aksGroup = `${policyId}/ruleCollectionGroups/rcg-${hub}-aks`;
    add('Microsoft.Network/firewallPolicies/ruleCollectionGroups', {
      id: aksGroup,
      name: `rcg-${hub}-aks`,
      properties: {
        provisioningState: 'Succeeded',
        priority: 60000,
        ruleCollections: aksRequiredCollections(region, { ipGroup: nodesGroup }),
      },
    });
    childPolicyIds.push(policyId);
    add('Microsoft.Network/firewallPolicies', {
      id: policyId,
      name: `afwp-${hub}`,
      location: region,
      properties: {
        provisioningState: 'Succeeded',
        sku: { tier: 'Premium' },
        basePolicy: ref(basePolicyId),
        threatIntelMode: 'Alert',
        dnsSettings: { enableProxy: true, servers: [] },
        firewalls: [ref(firewallId)],
        ruleCollectionGroups: [...groups, aksGroup].map(ref),
      },
    });
    const spokes: Body[] = [];
    for (let i = first; i < last; i++) {
      const kind = i % 25 === 24 ? 'arc' : i % 25 === 23 ? 'aro' : 'aks';
      const cluster = `${kind}-${i}`;
      const spokeRg = `rg-${cluster}`;
      const vnet = `${rg(spokeRg)}/Microsoft.Network/virtualNetworks/vnet-${cluster}`;
      const subnet = `${vnet}/subnets/snet-nodes`;
      const routeTable = `${rg(spokeRg)}/Microsoft.Network/routeTables/rt-${cluster}`;
      if (kind === 'arc') {
        add('Microsoft.Kubernetes/connectedClusters', {
          id: `${rg(spokeRg)}/Microsoft.Kubernetes/connectedClusters/${cluster}`,
          name: cluster,
          location: region,
          tags: { 'aro-aks-audit.egress-cidrs': spokeRange(i), 'aro-aks-audit.egress-firewall': `afw-${hub}` },
          properties: {
            provisioningState: 'Succeeded',
            distribution: 'k3s',
            infrastructure: 'generic',
            kubernetesVersion: '1.31.6',
            connectivityStatus: 'Connected',
          },
        });
        continue;
      }
      add('Microsoft.Network/routeTables', {
        id: routeTable,
        name: `rt-${cluster}`,
        location: region,
        properties: {
          provisioningState: 'Succeeded',
          disableBgpRoutePropagation: true,
          routes: [
            {
              name: 'default-to-firewall',
              properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: privateIp },
            },
          ],
          subnets: [ref(subnet)],
        },
      });
      add('Microsoft.Network/virtualNetworks', {
        id: vnet,
        name: `vnet-${cluster}`,
        location: region,
        properties: {
          provisioningState: 'Succeeded',
          addressSpace: { addressPrefixes: [spokeRange(i)] },
          subnets: [
            {
              name: 'snet-nodes',
              id: subnet,
              properties: { addressPrefix: spokeRange(i), routeTable: ref(routeTable) },
            },
          ],
          virtualNetworkPeerings: [
            {
              name: `to-${hub}`,
              properties: {
                peeringState: 'Connected',
                remoteVirtualNetwork: ref(vnetHub),
                allowForwardedTraffic: true,
                useRemoteGateways: false,
              },
            },
          ],
        },
      });
      spokes.push({
        name: `to-${cluster}`,
        properties: {
          peeringState: 'Connected',
          remoteVirtualNetwork: ref(vnet),
          allowForwardedTraffic: true,
          useRemoteGateways: false,
        },
      });
      if (kind === 'aro')
        add('Microsoft.RedHatOpenShift/openShiftClusters', {
          id: `${rg(spokeRg)}/Microsoft.RedHatOpenShift/openShiftClusters/${cluster}`,
          name: cluster,
          location: region,
          properties: {
            provisioningState: 'Succeeded',
            clusterProfile: { domain: `${cluster}.example.com`, version: '4.16.30' },
            networkProfile: {
              podCidr: '10.128.0.0/14',
              serviceCidr: '172.30.0.0/16',
              outboundType: 'UserDefinedRouting',
            },
            masterProfile: { vmSize: 'Standard_D8s_v5', subnetId: subnet },
            workerProfiles: [{ name: 'worker', vmSize: 'Standard_D4s_v5', count: 3, subnetId: subnet }],
            apiserverProfile: { visibility: 'Private' },
            ingressProfiles: [{ name: 'default', visibility: 'Private' }],
          },
        });
      else
        add('Microsoft.ContainerService/managedClusters', {
          id: `${rg(spokeRg)}/Microsoft.ContainerService/managedClusters/${cluster}`,
          name: cluster,
          location: region,
          sku: { name: 'Base', tier: 'Standard' },
          properties: {
            provisioningState: 'Succeeded',
            kubernetesVersion: '1.33.2',
            dnsPrefix: `${cluster}-dns`,
            fqdn: `${cluster}-dns-1a2b3c4d.hcp.${region}.azmk8s.io`,
            agentPoolProfiles: ['systempool', 'userpool'].map((name) => ({
              name,
              count: 3,
              vmSize: 'Standard_D4ds_v5',
              vnetSubnetID: subnet,
              mode: name === 'systempool' ? 'System' : 'User',
              osType: 'Linux',
              osSKU: 'AzureLinux',
              type: 'VirtualMachineScaleSets',
            })),
            networkProfile: {
              networkPlugin: 'azure',
              networkPluginMode: 'overlay',
              podCidr: '10.244.0.0/16',
              serviceCidr: '10.0.0.0/16',
              dnsServiceIP: '10.0.0.10',
              outboundType: 'userDefinedRouting',
            },
          },
        });
    }
    add('Microsoft.Network/virtualNetworks', {
      id: vnetHub,
      name: `vnet-${hub}`,
      location: region,
      properties: {
        provisioningState: 'Succeeded',
        addressSpace: { addressPrefixes: [`10.${h}.0.0/16`] },
        subnets: [
          {
            name: 'AzureFirewallSubnet',
            id: `${vnetHub}/subnets/AzureFirewallSubnet`,
            properties: { addressPrefix: `10.${h}.1.0/26` },
          },
        ],
        virtualNetworkPeerings: spokes,
      },
    });
  }
  add('Microsoft.Network/firewallPolicies', {
    id: basePolicyId,
    name: 'afwp-base',
    location: 'eastus',
    properties: {
      provisioningState: 'Succeeded',
      sku: { tier: 'Premium' },
      threatIntelMode: 'Alert',
      dnsSettings: { enableProxy: false, servers: [] },
      childPolicies: childPolicyIds.map(ref),
      firewalls: [],
      ruleCollectionGroups: parentGroups.map(ref),
    },
  });
  return byType;
}

/** Writes the tenant as one list response per type into `dir` (emptied first by the caller). */
export function writeTenant(dir: string, shape: ScaleShape): { files: number; resources: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  let resources = 0;
  let bytes = 0;
  const tenant = generateTenant(shape);
  for (const [type, bodies] of tenant) {
    const text = `${JSON.stringify({ value: bodies }, null, 2)}\n`;
    writeFileSync(path.join(dir, `${type.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}.json`), text);
    resources += bodies.length;
    bytes += Buffer.byteLength(text);
  }
  return { files: tenant.size, resources, bytes };
}
