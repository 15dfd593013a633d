/**
 * What the allowlist (`aro-aks-audit endpoints --format json`) says each kind of cluster needs, per cloud,
 * feature and gateway, pinned to the documents of 2026 (fixtures/docs). Each case names the document row it
 * follows; the audit's verdicts on the same requirements are in checks/required-endpoint-blocked.test.ts.
 */
import type { Cluster, ClusterKind } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { type AllowlistRow, allowlistFor, describedCluster } from '../allowlist.ts';
import type { Feature } from './types.ts';

interface Case {
  kind: ClusterKind;
  region: string;
  features?: Feature[];
  gateway?: boolean;
  /** `destination port requirement` rows that must be listed. */
  listed?: string[];
  /** Destinations that must not be listed at all. */
  absent?: string[];
}

const rowsFor = (c: Case): AllowlistRow[] =>
  allowlistFor(describedCluster({ kind: c.kind, region: c.region, arcGateway: c.gateway ?? false }), {
    declaredFeatures: c.features ?? [],
  });
const summary = (r: AllowlistRow) => `${r.destination} ${r.port} ${r.requirement}`;

describe('endpoints per kind, cloud, feature and gateway (the 2026 documents)', () => {
  it.each<[string, Case]>([
    // Issue 16 item 1: an Arc feature the cluster uses makes its rows required ("Azure Arc agents require …").
    [
      'Arc, Cluster Connect: the relay, notification and STS rows are required; obo needs Azure RBAC too',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['cluster-connect'],
        listed: [
          '*.servicebus.windows.net 443 required',
          'guestnotificationservice.azure.com 443 required',
          '*.guestnotificationservice.azure.com 443 required',
          'sts.windows.net 443 required',
        ],
        absent: ['eastus.obo.arc.azure.com'],
      },
    ],
    [
      'Arc, Cluster Connect with Azure RBAC: obo on TCP 8084 and Microsoft Graph are required',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['cluster-connect', 'azure-rbac'],
        listed: ['eastus.obo.arc.azure.com 8084 required', 'graph.microsoft.com 443 required'],
      },
    ],
    [
      'Arc in Azure Government, Cluster Connect: the fixed US Gov Virginia obo host',
      {
        kind: 'arc',
        region: 'usgovvirginia',
        features: ['cluster-connect'],
        listed: ['usgovvirginia.obo.arc.azure.us 8084 required', '*.servicebus.usgovcloudapi.net 443 required'],
      },
    ],
    [
      'Arc, portal, onboarding and extensions rows are required of a cluster that uses them',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['portal', 'onboarding', 'extensions'],
        listed: [
          '*.arc.azure.net 443 required',
          'dl.k8s.io 443 required',
          'linuxgeneva-microsoft.azurecr.io 443 required',
        ],
      },
    ],
    // Item 2: Defender's own table for Arc: *.cloud.defender.microsoft.com; the opinsights names no longer.
    [
      'Arc + Defender without a gateway',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['defender'],
        listed: ['*.cloud.defender.microsoft.com 443 required'],
        absent: ['*.ods.opinsights.azure.com', '*.oms.opinsights.azure.com'],
      },
    ],
    [
      'Arc + Defender with a gateway',
      {
        kind: 'arc',
        region: 'eastus',
        gateway: true,
        features: ['defender'],
        listed: ['*.cloud.defender.microsoft.com 443 required'],
        absent: ['*.ods.opinsights.azure.com', '*.oms.opinsights.azure.com'],
      },
    ],
    [
      'Arc + Defender in Azure Government and 21Vianet: the table says N/A',
      { kind: 'arc', region: 'usgovvirginia', features: ['defender'], absent: ['*.cloud.defender.microsoft.com'] },
    ],
    [
      'Arc + Defender in 21Vianet: retired on 2026-08-18',
      { kind: 'arc', region: 'chinaeast2', features: ['defender'], absent: ['*.cloud.defender.microsoft.com'] },
    ],
    // Item 3.
    [
      'Arc + monitoring without a gateway: MON’s public table, *.monitoring.azure.com included',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['monitoring'],
        listed: [
          '*.monitoring.azure.com 443 required',
          '*.ods.opinsights.azure.com 443 required',
          'eastus.handler.control.monitor.azure.com 443 required',
          '*.metrics.ingest.monitor.azure.com 443 required',
        ],
      },
    ],
    [
      'Arc + Azure Policy without a gateway: the extension’s four names',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['azure-policy'],
        listed: [
          'data.policy.core.windows.net 443 required',
          'store.policy.core.windows.net 443 required',
          'dc.services.visualstudio.com 443 required',
          'login.windows.net 443 required',
        ],
      },
    ],
    [
      'Arc + Azure Policy with a gateway: the gateway carries them, nothing direct',
      {
        kind: 'arc',
        region: 'eastus',
        gateway: true,
        features: ['azure-policy'],
        absent: ['data.policy.core.windows.net', 'store.policy.core.windows.net', 'dc.services.visualstudio.com'],
      },
    ],
    ...(['secret-store-extension', 'cert-manager', 'iot-operations'] as const).map((feature): [string, Case] => [
      `Arc + ${feature}: the extension telemetry rows of 2026-06`,
      {
        kind: 'arc',
        region: 'eastus',
        features: [feature],
        listed: [
          'gcs.prod.monitoring.core.windows.net 443 required',
          '*.prod.microsoftmetrics.com 443 required',
          '*.prod.hot.ingest.monitor.core.windows.net 443 required',
          '*.prod.warm.ingest.monitor.core.windows.net 443 required',
        ],
      },
    ]),
    [
      'Arc + Key Vault Secret Store extension: the vaults too',
      {
        kind: 'arc',
        region: 'eastus',
        features: ['secret-store-extension'],
        listed: ['*.vault.azure.net 443 required'],
      },
    ],
    [
      'Arc + data services (direct mode): the Helm chart registries, blob storage and the processing service',
      {
        kind: 'arc',
        region: 'westeurope',
        features: ['data-services'],
        listed: [
          'arcdataservicesrow1.azurecr.io 443 required',
          'arcdataservicesrow2.azurecr.io 443 required',
          '*.blob.core.windows.net 443 required',
          '*.westeurope.arcdataservices.com 443 required',
          '*.monitoring.azure.com 443 required',
        ],
      },
    ],
    // Item 4: the AKS document decides; the Policy document's extra row is optional.
    [
      'AKS + Azure Policy: login.windows.net optional, the AKS document’s three required',
      {
        kind: 'aks',
        region: 'eastus',
        features: ['azure-policy'],
        listed: [
          'login.windows.net 443 optional',
          'data.policy.core.windows.net 443 required',
          'store.policy.core.windows.net 443 required',
          'dc.services.visualstudio.com 443 required',
        ],
      },
    ],
    // Item 5: the AzureMonitor service tag is a required network rule of its own since 2024-12-06.
    [
      'AKS + monitoring: the AzureMonitor tag and the FQDNs, both required',
      {
        kind: 'aks',
        region: 'eastus',
        features: ['monitoring'],
        listed: ['AzureMonitor 443 required', '*.ods.opinsights.azure.com 443 required'],
      },
    ],
    [
      'AKS + monitoring in 21Vianet: the tag and the .cn names',
      {
        kind: 'aks',
        region: 'chinaeast2',
        features: ['monitoring'],
        listed: ['AzureMonitor 443 required', '*.ods.opinsights.azure.cn 443 required'],
      },
    ],
    // Item 6: ARO + Container insights goes through the Arc extension.
    [
      'ARO + monitoring: the Arc agents’ and Container insights’ endpoints',
      {
        kind: 'aro',
        region: 'eastus',
        features: ['monitoring'],
        listed: [
          'eastus.dp.kubernetesconfiguration.azure.com 443 required',
          '*.his.arc.azure.com 443 required',
          'gbl.his.arc.azure.com 443 required',
          '*.ods.opinsights.azure.com 443 required',
          'dc.services.visualstudio.com 443 required',
          // Egress lockdown proxies it for the ARO service; whether for the Arc agents too, no document says.
          'management.azure.com 443 conditional',
        ],
      },
    ],
    [
      'ARO without monitoring: none of them',
      {
        kind: 'aro',
        region: 'eastus',
        absent: ['eastus.dp.kubernetesconfiguration.azure.com', '*.ods.opinsights.azure.com'],
      },
    ],
    [
      'ARO in Azure Government + monitoring: the Azure Government names',
      {
        kind: 'aro',
        region: 'usgovvirginia',
        features: ['monitoring'],
        listed: [
          'usgovvirginia.dp.kubernetesconfiguration.azure.us 443 required',
          '*.ods.opinsights.azure.us 443 required',
        ],
      },
    ],
    // Issue 15 item 13: the tunnel ports and konnectivity-agent.
    [
      'AKS in Azure public cloud: the tunnel ports are not required (konnectivity everywhere since July 2022)',
      { kind: 'aks', region: 'eastus', listed: ['AzureCloud.eastus 1194 optional', 'AzureCloud.eastus 9000 optional'] },
    ],
    [
      'AKS in 21Vianet: the tunnel ports are conditional (the rollout’s end is not announced there)',
      {
        kind: 'aks',
        region: 'chinaeast2',
        listed: [
          'AzureCloud.chinaeast2 1194 conditional',
          'AzureCloud.chinaeast2 9000 conditional',
          'AzureCloud.chinaeast2 22 conditional',
        ],
      },
    ],
    [
      'AKS in Azure Government: the tunnel ports are conditional',
      { kind: 'aks', region: 'usgovarizona', listed: ['AzureCloud.usgovarizona 1194 conditional'] },
    ],
    // Issue 20: Ubuntu's optional endpoints without a flag.
    [
      'AKS: the Ubuntu update endpoints for the default Ubuntu node pool, without a flag',
      {
        kind: 'aks',
        region: 'eastus',
        listed: ['security.ubuntu.com 80 optional', 'snapshot.ubuntu.com 443 optional'],
      },
    ],
  ])('%s', (_name, c) => {
    const rows = rowsFor(c);
    const listed = rows.map(summary);
    for (const row of c.listed ?? []) expect(listed, row).toContain(row);
    for (const destination of c.absent ?? []) expect(rows.map((r) => r.destination)).not.toContain(destination);
  });
});

describe('one row per traffic, every purpose listed (issue 20)', () => {
  it.each<[ClusterKind, Feature[], string, string[]]>([
    ['aks', ['monitoring', 'azure-policy'], 'dc.services.visualstudio.com', ['aks.public.policy-telemetry']],
    ['arc', ['monitoring', 'azure-policy'], 'dc.services.visualstudio.com', ['arc.public.policy-telemetry']],
    ['arc', ['azure-policy'], 'login.windows.net', ['arc.public.policy-login-windows']],
    ['arc', ['monitoring', 'data-services'], '*.ods.opinsights.azure.com', ['arc.public.data-services-ods']],
    ['arc', ['keyvault-secrets-provider', 'secret-store-extension'], '*.vault.azure.net', []],
  ])('%s with %j: %s is one row', (kind, features, destination, sharedWith) => {
    const rows = rowsFor({ kind, region: 'eastus', features }).filter((r) => r.destination === destination);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sharedWith.split(' | ').filter(Boolean)).toEqual(sharedWith);
  });

  it('lists the purposes of every merged entry', () => {
    const [row] = rowsFor({ kind: 'aks', region: 'eastus', features: ['monitoring', 'azure-policy'] }).filter(
      (r) => r.destination === 'dc.services.visualstudio.com',
    );
    expect(row?.purpose).toBe(
      'Monitoring agent telemetry (Application Insights). Azure Policy add-on telemetry to Application Insights.',
    );
    expect(row?.why).toMatch(/monitoring \(declared with --features\).*; .*azure-policy \(declared with --features\)/);
  });
});

describe('the cluster’s own API server (issue 15 item 6)', () => {
  const aks = (apiServer: Cluster['apiServer']): Cluster => ({
    ...describedCluster({ kind: 'aks', region: 'eastus' }),
    apiServer,
  });

  it('is the name in properties.fqdn when the resource has one, and says which rule the document gives', () => {
    const [row] = allowlistFor(
      aks({ private: false, fqdn: 'aks-1-dns-1a2b.hcp.eastus.azmk8s.io', authorizedIpRanges: [] }),
    ).filter((r) => r.id === 'aks.public.apiserver');
    expect(row?.destination).toBe('aks-1-dns-1a2b.hcp.eastus.azmk8s.io');
    expect(row?.alternatives).toBe('aks-1-dns-1a2b.hcp.eastus.azmk8s.io');
    expect(row?.notes).toMatch(/the cluster's own API server.*properties\.fqdn.*\*\.hcp\.eastus\.azmk8s\.io/);
  });

  it('keeps the documented wildcard without one (the endpoints command without a cluster)', () => {
    const [row] = allowlistFor(describedCluster({ kind: 'aks', region: 'eastus' })).filter(
      (r) => r.id === 'aks.public.apiserver',
    );
    expect(row?.destination).toBe('*.hcp.eastus.azmk8s.io');
  });
});

describe('the notes say what the documents say today (issue 16 item 7)', () => {
  it('dates entries added in 2025 by their commit, not "the 2026 rendering", and calls the gateway GA', () => {
    const rows = [
      ...rowsFor({ kind: 'aks', region: 'eastus', features: ['app-insights', 'defender'] }),
      ...rowsFor({ kind: 'arc', region: 'eastus', gateway: true }),
    ];
    expect(rows.filter((r) => /2026 rendering|\(preview\)/.test(`${r.notes} ${r.purpose}`))).toEqual([]);
    const gateway = rows.find((r) => r.id === 'arc.public.gw.gateway');
    expect(gateway?.documentVersion).toBe(
      'MicrosoftDocs/azure-management-docs articles/azure-arc/kubernetes/arc-gateway-simplify-networking.md @f15d7560f254',
    );
  });
});
