import type { Cluster } from '@aro-aks-audit/auditor';
import {
  appRule,
  checkTester,
  cluster,
  collection,
  firewall,
  hubAndSpoke,
  inventoryOf,
  ipGroup,
  netRule,
  policy,
  routeTable,
  ruleGroup,
  subnet,
} from '@aro-aks-audit/testing';
import { expect } from 'vitest';
import { ARC_ENTRIES } from '../catalog/arc.ts';
import { httpsEntry, tunnelEntry } from '../catalog/test-catalog.test-support.ts';
import type { CatalogEntry } from '../catalog/types.ts';
import check from './required-endpoint-blocked.ts';

// A small inline catalog keeps these cases independent of the real catalog, which has its own tests.
const catalog: CatalogEntry[] = [
  httpsEntry('aks.test.mcr-data', '*.data.mcr.microsoft.com', { purpose: 'image layers' }),
  tunnelEntry('aks.test.tunnel'),
];
const onlyMcr = [catalog[0] as CatalogEntry];
const optionalMcr = [{ ...(catalog[0] as CatalogEntry), requirement: 'optional' as const }];
const aroProxied: CatalogEntry[] = [
  {
    ...(catalog[0] as CatalogEntry),
    id: 'aro.test.arosvc',
    kinds: ['aro'],
    destinations: [{ kind: 'fqdn', pattern: 'arosvc.azurecr.io' }],
    proxiedByAroEgressLockdown: true,
  },
];
const apiServerOnly: CatalogEntry[] = [
  { ...(catalog[1] as CatalogEntry), id: 'aks.test.api-ip', destinations: [{ kind: 'api-server-ip' }] },
];
const arcMcr: CatalogEntry[] = [{ ...(catalog[0] as CatalogEntry), id: 'arc.test.mcr-data', kinds: ['arc'] }];
const aroTopology = (tags: Record<string, string>) => {
  const t = hubAndSpoke();
  return inventoryOf(
    ...t.items.map((i) =>
      i.type.endsWith('managedClusters') ? { ...cluster('aro', 'aro-1', { egressSubnetIds: [t.nodes.id] }), tags } : i,
    ),
    policy(t.policyName),
  );
};

/** The custom DNS requirement ("CustomDNSIP:53 (if using custom DNS servers)", UDP 53), as the catalog lists it. */
const customDns: CatalogEntry[] = [
  {
    ...(catalog[1] as CatalogEntry),
    id: 'aks.test.custom-dns',
    destinations: [{ kind: 'custom-dns' }],
    port: 53,
    when: { features: ['custom-dns'] },
  },
];
const apiServerWildcard: CatalogEntry[] = [httpsEntry('aks.test.apiserver', '*.hcp.<location>.azmk8s.io')];

/** The hub-and-spoke topology whose spoke uses these DNS servers; the firewall's policy has these DNS proxy and rules. */
function dnsTopology(
  dnsServers: string[],
  options: {
    dnsProxy?: boolean;
    routes?: [string, string, string?][];
    remoteGateway?: boolean;
    rules?: ReturnType<typeof netRule>[];
  } = {},
) {
  const t = hubAndSpoke(options.routes ? { routes: options.routes } : {});
  const items = t.items.map((item) => {
    if (item.type !== 'Microsoft.Network/virtualNetworks' || item.name !== 'vnet-spoke') return item;
    const spoke = { ...item, dnsServers } as typeof item & { dnsServers: string[] };
    if (options.remoteGateway && 'peerings' in spoke)
      spoke.peerings = spoke.peerings.map((p) => ({ ...p, useRemoteGateways: true }));
    return spoke;
  });
  return inventoryOf(
    ...items,
    policy(t.policyName, { groups: ['rcg'], ...(options.dnsProxy !== undefined && { dnsProxy: options.dnsProxy }) }),
    ruleGroup(t.policyName, 'rcg', 100, [collection('net', 100, 'Allow', options.rules ?? [])]),
  );
}

/** A cluster with a node subnet and a pod subnet in the spoke, each with its own route table. */
function splitTopology(podRoutes: [string, string, string?][], podFirewallPolicy?: string) {
  const t = hubAndSpoke();
  const pods = subnet('vnet-spoke', 'snet-pods', '10.1.64.0/18', { routeTable: 'rt-pods' });
  const items = t.items.map((item) =>
    item.type === 'Microsoft.ContainerService/managedClusters'
      ? cluster('aks', 'aks-test', { egressSubnetIds: [t.nodes.id, pods.id], outboundType: 'userDefinedRouting' })
      : item,
  );
  return inventoryOf(
    ...items,
    pods,
    routeTable('rt-pods', podRoutes, [pods.id]),
    firewall('afw-pods', { privateIp: '10.0.1.5', vnet: 'vnet-hub', policy: podFirewallPolicy ?? 'afwp-pods' }),
    policy(podFirewallPolicy ?? 'afwp-pods'),
    policy(t.policyName, { groups: ['rcg-aks'] }),
    allowAll,
  );
}

const topo = hubAndSpoke();
const withRules = (...groups: ReturnType<typeof ruleGroup>[]) =>
  inventoryOf(...topo.items, policy(topo.policyName, { groups: groups.map((g) => g.name) }), ...groups);

/** The same topology with the AKS cluster's resource changed (its region, its API server). */
const withCluster = (fields: Partial<Cluster>, ...groups: ReturnType<typeof ruleGroup>[]) =>
  inventoryOf(
    ...topo.items.map((i) => (i.type.toLowerCase().endsWith('managedclusters') ? { ...i, ...fields } : i)),
    policy(topo.policyName, { groups: groups.map((g) => g.name) }),
    ...groups,
  );

// The tunnel as the catalog has it: only for clusters without konnectivity-agent (AKS document, 2026-06-18).
const sovereignTunnel: CatalogEntry[] = [
  tunnelEntry('aks.test.tunnel', { clouds: ['china'], when: { privateApiServer: false, konnectivityAgent: false } }),
];
const publicTunnel: CatalogEntry[] = [
  tunnelEntry('aks.test.tunnel', { when: { privateApiServer: false, konnectivityAgent: false } }),
];
// The API server as the catalog has it: the documented wildcard, resolved to the cluster's own name.
const apiServer: CatalogEntry[] = [
  httpsEntry('aks.test.apiserver', '*.hcp.<location>.azmk8s.io', {
    role: 'api-server',
    when: { privateApiServer: false },
  }),
];
const ownName = 'aks-1-dns-1a2b.hcp.eastus.azmk8s.io';
const ownApiServer = { apiServer: { private: false, fqdn: ownName, authorizedIpRanges: [] } };
const exactApiServer = ruleGroup(topo.policyName, 'rcg', 100, [
  // A deny of another cluster's API server under the same wildcard, processed first.
  collection('deny-other', 100, 'Deny', [appRule('other', { fqdns: ['other-dns-9f9f.hcp.eastus.azmk8s.io'] })]),
  collection('allow-own', 200, 'Allow', [appRule('own', { sources: ['10.1.0.0/22'], fqdns: [ownName] })]),
]);

const allowAll = ruleGroup(topo.policyName, 'rcg-aks', 200, [
  collection('aks-net', 100, 'Allow', [
    netRule('tunnel', {
      sources: ['10.1.0.0/22'],
      protocols: ['UDP'],
      destinations: ['AzureCloud.eastus'],
      ports: ['1194'],
    }),
  ]),
  collection('aks-app', 200, 'Allow', [appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['*.mcr.microsoft.com'] })]),
]);

checkTester.run(check, {
  settings: { catalog },
  pass: [
    {
      name: 'an application rule for *.mcr.microsoft.com holds *.data.mcr.microsoft.com, and AzureCloud.eastus allows the tunnel',
      inventory: withRules(allowAll),
      expect: [
        {
          messageId: 'allowed',
          subject: 'aks.test.mcr-data',
          data: { witness: 'afwp-test / rcg-aks / aks-app / mcr' },
        },
        {
          messageId: 'allowed',
          subject: 'aks.test.tunnel',
          data: { endpoint: 'AzureCloud.eastus', witness: 'afwp-test / rcg-aks / aks-net / tunnel' },
        },
      ],
    },
    {
      name: 'an IP group as the source of the application rule',
      settings: { catalog: onlyMcr },
      inventory: inventoryOf(
        ...topo.items,
        ipGroup('ipg-nodes', ['10.1.0.0/16']),
        policy(topo.policyName, { groups: ['rcg'] }),
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('app', 100, 'Allow', [
            appRule('mcr', { sourceIpGroups: ['ipg-nodes'], fqdns: ['*.data.mcr.microsoft.com'] }),
          ]),
        ]),
      ),
    },
    {
      name: 'ARO under egress lockdown (assumed on) reaches arosvc through the ARO service, not the firewall',
      settings: { catalog: aroProxied },
      inventory: aroTopology({}),
      expect: [{ messageId: 'proxiedByService', subject: 'aro.test.arosvc' }],
    },
    {
      name: "the cluster's own API server (properties.fqdn) is allowed by a rule for exactly it; another cluster's deny does not make it partial",
      settings: { catalog: apiServer },
      inventory: withCluster(ownApiServer, exactApiServer),
      expect: [{ messageId: 'allowed', subject: 'aks.test.apiserver', data: { endpoint: ownName } }],
    },
    {
      name: 'an Arc cluster outside Azure: its declared range reaches the only firewall in the input, which allows it',
      settings: { catalog: arcMcr },
      inventory: inventoryOf(
        ...topo.items.filter((i) => i.type.endsWith('azureFirewalls')),
        policy(topo.policyName, { groups: ['rcg'] }),
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('arc', 100, 'Allow', [
            appRule('mcr', { sources: ['10.60.8.0/24'], fqdns: ['*.data.mcr.microsoft.com'] }),
          ]),
        ]),
        cluster('arc', 'arc-1', { declaredEgressCidrs: ['10.60.8.0/24'] }),
      ),
      expect: [{ messageId: 'allowed', resourceName: 'arc-1' }],
    },
    // Issue 15 item 1: "Configure the Azure Firewall private IP address as a custom DNS address in your virtual
    // network DNS server settings"; with DNS proxy on, "the firewall listens on port 53"
    // (https://learn.microsoft.com/azure/firewall/dns-settings, "DNS proxy configuration").
    {
      name: "the spoke's DNS server is the firewall's private IP and its DNS proxy is on: no network rule needed",
      settings: { catalog: customDns },
      inventory: dnsTopology(['10.0.1.4'], { dnsProxy: true }),
      expect: [
        {
          messageId: 'answeredByDnsProxy',
          subject: 'aks.test.custom-dns',
          data: { endpoint: '10.0.1.4', firewall: 'afw-test', witness: 'DNS proxy of afw-test' },
        },
      ],
    },
    // A DNS server in the peered hub is reached over the VNet peering route, longer than the 0.0.0.0/0 user route
    // (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#how-azure-selects-a-route).
    {
      name: 'a DNS server in the peered hub is reached over the peering, never through the firewall',
      settings: { catalog: customDns },
      inventory: dnsTopology(['10.0.2.4']),
      expect: [
        {
          messageId: 'reachedWithoutFirewall',
          data: { endpoint: '10.0.2.4', witness: 'VNet peering to-vnet-hub (10.0.0.0/16 → VNetPeering)' },
        },
      ],
    },
    {
      name: 'a DNS server the spoke routes through the firewall (a user route for the hub) is judged by its rules',
      settings: { catalog: customDns },
      inventory: dnsTopology(['10.0.2.4'], {
        routes: [
          ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'],
          ['10.0.0.0/16', 'VirtualAppliance', '10.0.1.4'],
        ],
        rules: [
          netRule('dns', { sources: ['10.1.0.0/22'], protocols: ['UDP'], destinations: ['10.0.2.4'], ports: ['53'] }),
        ],
      }),
      expect: [{ messageId: 'allowed', data: { witness: 'afwp-test / rcg / net / dns' } }],
    },
    // Issue 15 item 6, the check side: with the cluster's own API server name as the requirement (the catalog
    // resolves it from properties.fqdn), a deny of another cluster's API server does not make it partial.
    {
      name: "the cluster's own API server FQDN is allowed; a deny of another cluster's is not about it",
      settings: {
        catalog: [httpsEntry('aks.test.apiserver', 'aks-test-k3j9.hcp.eastus.azmk8s.io')],
      },
      inventory: (() => {
        const t = hubAndSpoke();
        return inventoryOf(
          ...t.items.map((item) =>
            item.type === 'Microsoft.ContainerService/managedClusters'
              ? cluster('aks', 'aks-test', {
                  egressSubnetIds: [t.nodes.id],
                  apiServer: { private: false, fqdn: 'aks-test-k3j9.hcp.eastus.azmk8s.io', authorizedIpRanges: [] },
                })
              : item,
          ),
          policy(t.policyName, { groups: ['rcg'] }),
          ruleGroup(t.policyName, 'rcg', 100, [
            collection('deny-other', 100, 'Deny', [appRule('other', { fqdns: ['other-x1.hcp.eastus.azmk8s.io'] })]),
            collection('allow-own', 200, 'Allow', [appRule('own', { fqdns: ['aks-test-k3j9.hcp.eastus.azmk8s.io'] })]),
          ]),
        );
      })(),
      expect: [{ messageId: 'allowed', data: { witness: 'afwp-test / rcg / allow-own / own' } }],
    },
  ],
  fail: [
    {
      name: "the spoke's DNS server is the firewall's private IP but its DNS proxy is off: nothing resolves",
      settings: { catalog: customDns },
      inventory: dnsTopology(['10.0.1.4'], { dnsProxy: false }),
      expect: [{ messageId: 'dnsProxyOff', data: { endpoint: '10.0.1.4', firewall: 'afw-test' } }],
    },
    // Issue 15 item 5: a blackhole default route drops everything; the route is the witness.
    {
      name: 'a default route with next hop None: every required endpoint is lost, not filtered',
      settings: { catalog: onlyMcr },
      inventory: (() => {
        const t = hubAndSpoke({ routes: [['0.0.0.0/0', 'None']] });
        return inventoryOf(...t.items, policy(t.policyName));
      })(),
      expect: [
        {
          messageId: 'dropped',
          subject: 'aks.test.mcr-data',
          data: { witness: 'rt-spoke / route-1 (0.0.0.0/0 → None)', requirement: 'required', firewall: '' },
        },
      ],
    },
    // Issue 15 item 4: two firewalls are two evaluations, each on its own subnets.
    {
      name: "the pod subnet egresses through a second firewall that denies what the node subnet's allows",
      settings: { catalog: onlyMcr },
      inventory: splitTopology([['0.0.0.0/0', 'VirtualAppliance', '10.0.1.5']]),
      alsoYields: { pass: 1 },
      expect: [
        {
          messageId: 'denied',
          subject: 'aks.test.mcr-data [vnet-spoke/snet-pods]',
          data: { firewall: 'afw-pods', from: ' (subnet vnet-spoke/snet-pods)' },
        },
      ],
    },
    // Issue 13, the check side: konnectivity "uses … ALPN … Blocking or rewriting the ALPN extension will cause a
    // failure" (https://learn.microsoft.com/azure/aks/outbound-rules-control-egress, ms.date 06/18/2026).
    {
      name: 'the API server is allowed only by an application rule that terminates TLS on a Premium firewall',
      settings: { catalog: apiServerWildcard },
      inventory: (() => {
        const t = hubAndSpoke();
        return inventoryOf(
          ...t.items.map((item) =>
            item.type === 'Microsoft.Network/azureFirewalls' ? { ...item, skuTier: 'Premium' } : item,
          ),
          { ...policy(t.policyName, { groups: ['rcg'] }), skuTier: 'Premium', tlsInspectionEnabled: true },
          ruleGroup(t.policyName, 'rcg', 100, [
            collection('app', 100, 'Allow', [
              { ...appRule('aks-api', { fqdns: ['*.hcp.eastus.azmk8s.io'] }), terminateTls: true },
            ]),
          ]),
        );
      })(),
      expect: [
        {
          messageId: 'tlsInspected',
          data: { endpoint: '*.hcp.eastus.azmk8s.io', witness: 'application rule afwp-test / rcg / app / aks-api' },
        },
      ],
    },
    {
      name: 'ARO with egress lockdown off (tag) needs arosvc through the firewall, which denies it',
      settings: { catalog: aroProxied },
      inventory: aroTopology({ 'aro-aks-audit.egress-lockdown': 'false' }),
      expect: [{ messageId: 'denied', subject: 'aro.test.arosvc' }],
    },
    {
      name: 'only mcr.microsoft.com is allowed, which holds none of *.data.mcr.microsoft.com: the default deny applies',
      settings: { catalog: onlyMcr },
      inventory: withRules(
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('app', 100, 'Allow', [appRule('mcr', { fqdns: ['mcr.microsoft.com'] })]),
        ]),
      ),
      expect: [
        {
          messageId: 'denied',
          subject: 'aks.test.mcr-data',
          data: { reason: 'denied by no rule matched (default deny)' },
        },
      ],
    },
    {
      name: 'a deny collection with a higher priority decides before the allow',
      settings: { catalog: onlyMcr },
      inventory: withRules(
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('deny-microsoft', 100, 'Deny', [appRule('no-ms', { fqdns: ['*.microsoft.com'] })]),
          collection('allow-mcr', 200, 'Allow', [appRule('mcr', { fqdns: ['*.data.mcr.microsoft.com'] })]),
        ]),
      ),
      expect: [{ messageId: 'denied', data: { witness: 'afwp-test / rcg / deny-microsoft / no-ms' } }],
    },
    {
      name: 'the allow covers only half of the node subnet',
      settings: { catalog: onlyMcr },
      inventory: withRules(
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('app', 100, 'Allow', [
            appRule('mcr', { sources: ['10.1.0.0/23'], fqdns: ['*.data.mcr.microsoft.com'] }),
          ]),
        ]),
      ),
      expect: [{ messageId: 'partiallyAllowed' }],
    },
    {
      name: 'an optional endpoint that is denied is reported as information',
      settings: { catalog: optionalMcr },
      inventory: withRules(
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('app', 100, 'Allow', [appRule('other', { fqdns: ['example.com'] })]),
        ]),
      ),
      expect: [{ messageId: 'optionalDenied' }],
    },
    {
      name: 'Arc with Cluster Connect declared: the blocked relay (*.servicebus.windows.net) is a failure, not information',
      settings: {
        catalog: ARC_ENTRIES.filter((e) => e.id === 'arc.public.servicebus'),
        clusters: { 'arc-1': { features: ['cluster-connect'] } },
      },
      inventory: inventoryOf(
        ...topo.items.filter((i) => i.type.endsWith('azureFirewalls')),
        policy(topo.policyName, { groups: ['rcg'] }),
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('arc', 100, 'Allow', [
            appRule('mcr', { sources: ['10.60.8.0/24'], fqdns: ['mcr.microsoft.com'] }),
          ]),
        ]),
        cluster('arc', 'arc-1', { declaredEgressCidrs: ['10.60.8.0/24'], location: 'eastus' }),
      ),
      expect: [
        { messageId: 'denied', subject: 'arc.public.servicebus', data: { endpoint: '*.servicebus.windows.net' } },
      ],
    },
    {
      name: 'Azure public cloud: a blocked tunnel port is no failure, konnectivity-agent replaced the tunnel there in 2022',
      settings: { catalog: publicTunnel },
      inventory: withRules(),
      expect: [{ messageId: 'optionalDenied', subject: 'aks.test.tunnel' }],
    },
    {
      name: 'without properties.fqdn the documented wildcard is required, and the deny of one name under it makes it partial',
      settings: { catalog: apiServer },
      inventory: withCluster({}, exactApiServer),
      expect: [
        { messageId: 'partiallyAllowed', subject: 'aks.test.apiserver', data: { endpoint: '*.hcp.eastus.azmk8s.io' } },
      ],
    },
  ],
  unknown: [
    {
      name: '21Vianet: a blocked tunnel port is undecided, the resource does not show whether konnectivity-agent runs',
      settings: { catalog: sovereignTunnel },
      inventory: withCluster({ location: 'chinaeast2' }),
      expect: [
        {
          messageId: 'conditionallyDenied',
          subject: 'aks.test.tunnel',
          data: {
            endpoint: '*',
            condition: expect.stringMatching(
              /^required only for clusters without konnectivity-agent; .*not in the ARM resource/,
            ),
          },
        },
      ],
    },
    {
      name: 'the only documented destination is the API server IP, which the resource does not show',
      settings: { catalog: apiServerOnly },
      inventory: withRules(),
      expect: [{ messageId: 'unresolvable', data: { endpointId: 'aks.test.api-ip' } }],
    },
    {
      name: 'an FQDN tag that the catalog does not describe cannot be decided offline',
      settings: { catalog: onlyMcr },
      inventory: withRules(
        ruleGroup(topo.policyName, 'rcg', 100, [
          collection('app', 100, 'Allow', [appRule('tag', { fqdnTags: ['AzureKubernetesService'] })]),
        ]),
      ),
      expect: [{ messageId: 'undecidable' }],
    },
    {
      name: 'the rule collection group the policy names is not in the input',
      settings: { catalog: onlyMcr },
      inventory: inventoryOf(...topo.items, policy(topo.policyName, { groups: ['rcg-missing'] })),
      expect: [{ messageId: 'rulesUnreadable' }],
    },
    {
      name: "the node subnet's default route points at an appliance that is not a known firewall",
      settings: { catalog: onlyMcr },
      inventory: (() => {
        const other = hubAndSpoke({ routes: [['0.0.0.0/0', 'VirtualAppliance', '10.0.9.9']] });
        return inventoryOf(...other.items, policy(other.policyName));
      })(),
      expect: [{ messageId: 'egressPathUnknown' }],
    },
    {
      name: 'an on-premises DNS server behind a gateway: a BGP route the input cannot show may reach it',
      settings: { catalog: customDns },
      inventory: dnsTopology(['192.168.10.4'], { remoteGateway: true }),
      expect: [{ messageId: 'routeUndecidable', data: { endpoint: '192.168.10.4' } }],
    },
    {
      name: 'the firewall denies MCR, but a route sends 13.0.0.0/8 around it: whether MCR is there is not known',
      settings: { catalog: onlyMcr },
      inventory: (() => {
        const t = hubAndSpoke({
          routes: [
            ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'],
            ['13.0.0.0/8', 'Internet'],
          ],
        });
        return inventoryOf(...t.items, policy(t.policyName));
      })(),
      expect: [{ messageId: 'undecidable', data: { firewall: 'afw-test' } }],
    },
  ],
  skip: [
    {
      name: 'the pod subnet bypasses the firewall: only its branch is skipped, the node subnet is still judged',
      settings: { catalog: onlyMcr },
      inventory: splitTopology([['0.0.0.0/0', 'Internet']]),
      alsoYields: { pass: 1 },
      expect: [
        {
          messageId: 'egressNotThroughFirewall',
          subject: 'egress [vnet-spoke/snet-pods]',
          data: { from: ' (subnet vnet-spoke/snet-pods)' },
        },
      ],
    },
    {
      name: "the node subnet's default route goes straight to the Internet",
      inventory: (() => {
        const bypass = hubAndSpoke({ routes: [['0.0.0.0/0', 'Internet']] });
        return inventoryOf(...bypass.items, policy(bypass.policyName));
      })(),
      expect: [{ messageId: 'egressNotThroughFirewall' }],
    },
    {
      name: 'no requirements are catalogued for the cluster kind',
      inventory: inventoryOf(cluster('arc', 'arc-1', { declaredEgressCidrs: ['10.60.0.0/24'] })),
      expect: [{ messageId: 'notCatalogued', data: { kind: 'ARC' } }],
    },
  ],
});
