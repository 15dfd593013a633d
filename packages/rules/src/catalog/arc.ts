import { MON } from './sources.ts';
import type { CatalogEntry, Cloud, Feature, SourceDocument } from './types.ts';

/*
 * Azure Arc-enabled Kubernetes: outbound endpoints of the Arc agents, without an Arc gateway (per cloud) and
 * with one (Azure public cloud only), plus the scenario endpoints (Container insights, Key Vault, Azure Policy,
 * Defender, data services).
 *
 * Conventions:
 *  - every entry says `when.arcGateway` (false: the network-requirements page; true: the gateway page);
 *  - the network-requirements page's conditional rows are `requirement: 'optional'` with the feature that
 *    needs them in `when.features` (all listed features must be on);
 *  - `<region>.obo.arc.azure.*` is port 8084: not HTTP(S) application-rule traffic, so no applicationProtocol;
 *  - ids: `arc.<cloud>.<name>` without a gateway, `arc.<cloud>.gw.<name>` with one.
 */

// "Azure Arc-enabled Kubernetes network requirements", Azure Cloud tab (include
// network-requirements-azure-cloud.md, MicrosoftDocs/azure-management-docs @b1dac7ad, ms.date 04/15/2025).
const ARC_PUB: SourceDocument = {
  title: 'Azure Arc-enabled Kubernetes network requirements (Azure Cloud)',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements?tabs=azure-cloud',
  date: '2025-04-15',
};

// The Azure Government tab (include @ebe10e46, ms.date 02/18/2025; a later version dated 06/11/2026 has the
// same rows).
const ARC_GOV: SourceDocument = {
  title: 'Azure Arc-enabled Kubernetes network requirements (Azure Government)',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements?tabs=azure-government',
  date: '2025-02-18',
};

// The Microsoft Azure operated by 21Vianet tab (include @96fc0f18, ms.date 02/18/2025).
const ARC_CN: SourceDocument = {
  title: 'Azure Arc-enabled Kubernetes network requirements (Microsoft Azure operated by 21Vianet)',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements?tabs=azure-china',
  date: '2025-02-18',
};

// The older combined include (Azure Cloud and Azure Government tabs in one file), 09/28/2023.
const ARC_2023: SourceDocument = {
  title: 'Azure Arc-enabled Kubernetes network requirements (2023 version)',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements',
  date: '2023-09-28',
};

// "Simplify network configuration requirements with Azure Arc gateway (preview)", ms.date 07/13/2025; two
// stored versions with that date differ in the MCR data endpoint (see arc.public.gw.mcr-data).
const ARC_GW: SourceDocument = {
  title: 'Simplify network configuration requirements with Azure Arc gateway (preview)',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/arc-gateway-simplify-networking',
  date: '2025-07-13',
};

interface Options {
  features?: readonly Feature[];
  websockets?: boolean;
  /** Port 8084 (Cluster Connect's obo endpoint): TCP without an application protocol. */
  port?: number;
  note?: string;
  legacy?: { supersededBy?: string };
  /** Defaults to `optional` when features are given, `required` otherwise. */
  requirement?: CatalogEntry['requirement'];
  alternatives?: readonly string[];
}

function entry(
  cloud: Cloud,
  gateway: boolean,
  name: string,
  pattern: string,
  purpose: string,
  source: SourceDocument,
  options: Options = {},
): CatalogEntry {
  const port = options.port ?? 443;
  return {
    id: `arc.${cloud}.${gateway ? 'gw.' : ''}${name}`,
    kinds: ['arc'],
    clouds: [cloud],
    destinations: [pattern, ...(options.alternatives ?? [])].map((p) => ({ kind: 'fqdn' as const, pattern: p })),
    protocol: 'TCP',
    port,
    ...(port === 443 && { applicationProtocol: 'Https' as const }),
    requirement: options.requirement ?? (options.features ? 'optional' : 'required'),
    when: { arcGateway: gateway, ...(options.features && { features: options.features }) },
    ...(options.websockets && { websockets: true }),
    purpose,
    source: options.note ? { ...source, note: options.note } : source,
    ...(options.legacy && {
      status: 'legacy' as const,
      ...(options.legacy.supersededBy && { supersededBy: options.legacy.supersededBy }),
    }),
  };
}

const CLUSTER_CONNECT = ['cluster-connect'] as const;
const CLUSTER_CONNECT_PURPOSE = 'Cluster Connect and Custom Locations.';
const SERVICEBUS_PURPOSE =
  'Cluster Connect and Custom Locations (relay); websockets must be allowed through firewalls and proxies. The wildcard can be narrowed with GET https://guestnotificationservice.<cloud domain>/urls/allowlist?api-version=2020-01-01&location=<region>.';

// ---------------------------------------------------------------------------------------------------------
// Without an Arc gateway
// ---------------------------------------------------------------------------------------------------------

const PUBLIC: CatalogEntry[] = [
  entry(
    'public',
    false,
    'management',
    'management.azure.com',
    'Azure Resource Manager: the agent connects to Azure and registers the cluster.',
    ARC_PUB,
  ),
  entry(
    'public',
    false,
    'dp',
    '<region>.dp.kubernetesconfiguration.azure.com',
    'Data plane: the agent pushes status and fetches configuration (extensions, GitOps).',
    ARC_PUB,
  ),
  entry(
    'public',
    false,
    'login',
    'login.microsoftonline.com',
    'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    ARC_PUB,
  ),
  entry(
    'public',
    false,
    'login-regional',
    '<region>.login.microsoft.com',
    'Microsoft Entra ID regional endpoint: fetch and update Azure Resource Manager tokens.',
    ARC_PUB,
  ),
  entry(
    'public',
    false,
    'login-windows',
    'login.windows.net',
    'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    ARC_PUB,
  ),
  entry('public', false, 'mcr', 'mcr.microsoft.com', 'Microsoft Container Registry: Azure Arc agent images.', ARC_PUB),
  entry(
    'public',
    false,
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    ARC_PUB,
  ),
  entry(
    'public',
    false,
    'dl-k8s',
    'dl.k8s.io',
    'Onboarding: the Azure CLI connectedk8s extension downloads kubectl binaries.',
    ARC_PUB,
    {
      features: ['onboarding'],
      note: 'ARC-2023 said "Required when automatic agent upgrade is enabled" (arc.public.legacy-dl-k8s-agent-upgrade).',
    },
  ),
  entry(
    'public',
    false,
    'his-global',
    'gbl.his.arc.azure.com',
    'Hybrid identity service, global: returns the regional endpoint for system-assigned managed identity certificates.',
    ARC_PUB,
  ),
  entry(
    'public',
    false,
    'his-regional',
    '*.his.arc.azure.com',
    'Hybrid identity service, regional: pull system-assigned managed identity certificates.',
    ARC_PUB,
    {
      note: 'The regional host uses a short region code (eus.his.arc.azure.com): the non-gateway page writes the wildcard.',
    },
  ),
  entry('public', false, 'guestnotification', 'guestnotificationservice.azure.com', CLUSTER_CONNECT_PURPOSE, ARC_PUB, {
    features: CLUSTER_CONNECT,
  }),
  entry(
    'public',
    false,
    'guestnotification-regional',
    '*.guestnotificationservice.azure.com',
    CLUSTER_CONNECT_PURPOSE,
    ARC_PUB,
    { features: CLUSTER_CONNECT },
  ),
  entry('public', false, 'sts', 'sts.windows.net', CLUSTER_CONNECT_PURPOSE, ARC_PUB, { features: CLUSTER_CONNECT }),
  entry('public', false, 'servicebus', '*.servicebus.windows.net', SERVICEBUS_PURPOSE, ARC_PUB, {
    features: CLUSTER_CONNECT,
    websockets: true,
  }),
  entry(
    'public',
    false,
    'graph',
    'graph.microsoft.com',
    'Microsoft Graph: needed when Azure RBAC is configured.',
    ARC_PUB,
    { features: ['azure-rbac'] },
  ),
  entry('public', false, 'portal', '*.arc.azure.net', 'Managing connected clusters in the Azure portal.', ARC_PUB, {
    features: ['portal'],
  }),
  entry(
    'public',
    false,
    'obo',
    '<region>.obo.arc.azure.com',
    'Cluster Connect with Azure RBAC: the on-behalf-of endpoint (TCP 8084).',
    ARC_PUB,
    {
      port: 8084,
      features: ['cluster-connect', 'azure-rbac'],
      note: '@b1dac7ad (chosen, as the research notes record it) says "when Cluster Connect and Azure RBAC is configured"; another stored version with the same ms.date, and ARC-2023, say "when Cluster Connect is configured"; the March 2023 include said "when Azure RBAC is configured".',
    },
  ),
  entry(
    'public',
    false,
    'linuxgeneva',
    'linuxgeneva-microsoft.azurecr.io',
    'Images used by Azure Arc-enabled Kubernetes extensions.',
    ARC_PUB,
    {
      features: ['extensions'],
      note: 'Absent in ARC-2023.',
    },
  ),
  // ARC-2023 rows the current page dropped.
  entry(
    'public',
    false,
    'legacy-dl-k8s-agent-upgrade',
    'dl.k8s.io',
    'kubectl download, then documented as needed for automatic agent upgrade.',
    ARC_2023,
    {
      legacy: { supersededBy: 'arc.public.dl-k8s' },
      requirement: 'optional',
      note: 'ARC-2023: "Required when automatic agent upgrade is enabled"; ARC-PUB ties dl.k8s.io to onboarding by the connectedk8s extension.',
    },
  ),
  entry(
    'public',
    false,
    'legacy-k8connecthelm',
    'k8connecthelm.azureedge.net',
    'Helm 3 client download for `az connectedk8s connect`.',
    ARC_2023,
    {
      legacy: {},
      note: 'Only in ARC-2023 ("az connectedk8s connect uses Helm 3 ... Helm client download"); the current page no longer lists it and has no successor.',
    },
  ),
  entry('public', false, 'legacy-k8sconnectcsp', 'k8sconnectcsp.azureedge.net', CLUSTER_CONNECT_PURPOSE, ARC_2023, {
    legacy: {},
    features: CLUSTER_CONNECT,
    note: 'Only in ARC-2023, grouped with the Cluster Connect and Custom Locations endpoints; no successor.',
  }),
];

const USGOV: CatalogEntry[] = [
  entry(
    'usgov',
    false,
    'management',
    'management.usgovcloudapi.net',
    'Azure Resource Manager: the agent connects to Azure and registers the cluster.',
    ARC_GOV,
  ),
  entry(
    'usgov',
    false,
    'dp',
    '<region>.dp.kubernetesconfiguration.azure.us',
    'Data plane: the agent pushes status and fetches configuration (extensions, GitOps).',
    ARC_GOV,
  ),
  entry(
    'usgov',
    false,
    'login',
    'login.microsoftonline.us',
    'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    ARC_GOV,
  ),
  entry(
    'usgov',
    false,
    'login-regional',
    '<region>.login.microsoftonline.us',
    'Microsoft Entra ID regional endpoint: fetch and update Azure Resource Manager tokens.',
    ARC_GOV,
  ),
  entry('usgov', false, 'mcr', 'mcr.microsoft.com', 'Microsoft Container Registry: Azure Arc agent images.', ARC_GOV),
  entry(
    'usgov',
    false,
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    ARC_GOV,
  ),
  entry(
    'usgov',
    false,
    'his-global',
    'gbl.his.arc.azure.us',
    'Hybrid identity service, global: returns the regional endpoint for system-assigned managed identity certificates.',
    ARC_GOV,
  ),
  entry(
    'usgov',
    false,
    'his-regional',
    'usgv.his.arc.azure.us',
    'Hybrid identity service: pull system-assigned managed identity certificates. A fixed host, not a wildcard, for every Azure Government region.',
    ARC_GOV,
  ),
  entry('usgov', false, 'guestnotification', 'guestnotificationservice.azure.us', CLUSTER_CONNECT_PURPOSE, ARC_GOV, {
    features: CLUSTER_CONNECT,
  }),
  entry(
    'usgov',
    false,
    'guestnotification-regional',
    '*.guestnotificationservice.azure.us',
    CLUSTER_CONNECT_PURPOSE,
    ARC_GOV,
    { features: CLUSTER_CONNECT },
  ),
  entry('usgov', false, 'sts', 'sts.windows.net', CLUSTER_CONNECT_PURPOSE, ARC_GOV, { features: CLUSTER_CONNECT }),
  entry('usgov', false, 'servicebus', '*.servicebus.usgovcloudapi.net', SERVICEBUS_PURPOSE, ARC_GOV, {
    features: CLUSTER_CONNECT,
    websockets: true,
  }),
  entry(
    'usgov',
    false,
    'graph',
    'graph.microsoft.com',
    'Microsoft Graph: needed when Azure RBAC is configured (the Azure Government page names the public-cloud host).',
    ARC_GOV,
    {
      features: ['azure-rbac'],
    },
  ),
  entry(
    'usgov',
    false,
    'obo',
    'usgovvirginia.obo.arc.azure.us',
    'Cluster Connect: the on-behalf-of endpoint (TCP 8084); a fixed US Gov Virginia host for every Azure Government region.',
    ARC_GOV,
    {
      port: 8084,
      features: CLUSTER_CONNECT,
      note: 'ARC-GOV: "Required when Cluster Connect is configured"; the March 2023 include said "when Azure RBAC is configured".',
    },
  ),
  // ARC-2023 rows the current Azure Government page dropped.
  entry('usgov', false, 'legacy-dl-k8s', 'dl.k8s.io', 'kubectl download (agent upgrade / onboarding).', ARC_2023, {
    legacy: {},
    requirement: 'optional',
    note: 'In ARC-2023 for Azure Government too; ARC-GOV no longer lists dl.k8s.io.',
  }),
  entry(
    'usgov',
    false,
    'legacy-k8connecthelm',
    'k8connecthelm.azureedge.net',
    'Helm 3 client download for `az connectedk8s connect`.',
    ARC_2023,
    {
      legacy: {},
      note: 'Only in ARC-2023; no successor.',
    },
  ),
  entry('usgov', false, 'legacy-k8sconnectcsp', 'k8sconnectcsp.azureedge.net', CLUSTER_CONNECT_PURPOSE, ARC_2023, {
    legacy: {},
    features: CLUSTER_CONNECT,
    note: 'Only in ARC-2023; no successor.',
  }),
];

const CHINA_REGISTRY_PURPOSE =
  'Container registry proxy servers for Azure China VMs (the page lists them without a condition).';

const CHINA: CatalogEntry[] = [
  entry(
    'china',
    false,
    'management',
    'management.chinacloudapi.cn',
    'Azure Resource Manager: the agent connects to Azure and registers the cluster.',
    ARC_CN,
  ),
  entry(
    'china',
    false,
    'dp',
    '<region>.dp.kubernetesconfiguration.azure.cn',
    'Data plane: the agent pushes status and fetches configuration (extensions, GitOps).',
    ARC_CN,
  ),
  entry(
    'china',
    false,
    'login',
    'login.chinacloudapi.cn',
    'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    ARC_CN,
  ),
  entry(
    'china',
    false,
    'login-regional',
    '<region>.login.chinacloudapi.cn',
    'Microsoft Entra ID regional endpoint: fetch and update Azure Resource Manager tokens.',
    ARC_CN,
  ),
  entry(
    'china',
    false,
    'login-partner',
    'login.partner.microsoftonline.cn',
    'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    ARC_CN,
  ),
  entry('china', false, 'mcr', 'mcr.azk8s.cn', 'MCR proxy in Azure China: Azure Arc agent images.', ARC_CN),
  entry(
    'china',
    false,
    'his-global',
    'gbl.his.arc.azure.cn',
    'Hybrid identity service, global: returns the regional endpoint for system-assigned managed identity certificates.',
    ARC_CN,
  ),
  entry(
    'china',
    false,
    'his-regional',
    '*.his.arc.azure.cn',
    'Hybrid identity service, regional: pull system-assigned managed identity certificates.',
    ARC_CN,
  ),
  entry('china', false, 'guestnotification', 'guestnotificationservice.azure.cn', CLUSTER_CONNECT_PURPOSE, ARC_CN, {
    features: CLUSTER_CONNECT,
  }),
  entry(
    'china',
    false,
    'guestnotification-regional',
    '*.guestnotificationservice.azure.cn',
    CLUSTER_CONNECT_PURPOSE,
    ARC_CN,
    { features: CLUSTER_CONNECT },
  ),
  entry('china', false, 'sts', 'sts.chinacloudapi.cn', CLUSTER_CONNECT_PURPOSE, ARC_CN, { features: CLUSTER_CONNECT }),
  entry('china', false, 'servicebus', '*.servicebus.chinacloudapi.cn', SERVICEBUS_PURPOSE, ARC_CN, {
    features: CLUSTER_CONNECT,
    websockets: true,
  }),
  entry(
    'china',
    false,
    'graph',
    'graph.chinacloudapi.cn',
    'Microsoft Graph: needed when Azure RBAC is configured.',
    ARC_CN,
    { features: ['azure-rbac'] },
  ),
  entry('china', false, 'portal', '*.arc.azure.cn', 'Managing connected clusters in the Azure portal.', ARC_CN, {
    features: ['portal'],
  }),
  entry(
    'china',
    false,
    'obo',
    '<region>.obo.arc.azure.cn',
    'Cluster Connect: the on-behalf-of endpoint (TCP 8084).',
    ARC_CN,
    {
      port: 8084,
      features: CLUSTER_CONNECT,
    },
  ),
  entry('china', false, 'registry-proxy-quay', 'quay.azk8s.cn', CHINA_REGISTRY_PURPOSE, ARC_CN),
  entry('china', false, 'registry-proxy-registryk8s', 'registryk8s.azk8s.cn', CHINA_REGISTRY_PURPOSE, ARC_CN),
  entry('china', false, 'registry-proxy-k8sgcr', 'k8sgcr.azk8s.cn', CHINA_REGISTRY_PURPOSE, ARC_CN),
  entry('china', false, 'registry-proxy-usgcr', 'usgcr.azk8s.cn', CHINA_REGISTRY_PURPOSE, ARC_CN),
  entry(
    'china',
    false,
    'registry-proxy-dockerhub',
    'dockerhub.azk8s.cn',
    `${CHINA_REGISTRY_PURPOSE} Docker Hub images, pulled as dockerhub.azk8s.cn/<repo-name>/<image-name>:<version>.`,
    ARC_CN,
  ),
];

// Container insights / managed Prometheus on Arc without a gateway: MON's table per cloud.
// login.microsoftonline.com (public) is also in MON's table; it is already a core Arc entry, so not repeated.
const MONITORING = ['monitoring'] as const;
const MON_NOTE = 'MON is the Container insights firewall page for AKS and Arc-enabled clusters alike.';

const monitoring = (cloud: Cloud, suffix: 'com' | 'us' | 'cn'): CatalogEntry[] => [
  entry(
    cloud,
    false,
    'monitoring-ods',
    `*.ods.opinsights.azure.${suffix}`,
    'Container insights: Log Analytics data ingestion.',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
  entry(
    cloud,
    false,
    'monitoring-oms',
    `*.oms.opinsights.azure.${suffix}`,
    'Container insights: Azure Monitor agent onboarding and authentication with the workspace.',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
  entry(
    cloud,
    false,
    'monitoring-dc',
    'dc.services.visualstudio.com',
    'Container insights: agent telemetry (public-cloud Application Insights, also from Azure Government and China).',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
  entry(
    cloud,
    false,
    'monitoring-global-handler',
    `global.handler.control.monitor.azure.${suffix}`,
    'Container insights / managed Prometheus: access control service.',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
  entry(
    cloud,
    false,
    'monitoring-region-handler',
    `<region>.handler.control.monitor.azure.${suffix}`,
    'Container insights / managed Prometheus: fetch the data collection rules of the cluster.',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
  entry(
    cloud,
    false,
    'monitoring-ingest',
    `*.ingest.monitor.azure.${suffix}`,
    'Container insights: logs ingestion endpoint (data collection endpoint).',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
  entry(
    cloud,
    false,
    'monitoring-metrics-ingest',
    `*.metrics.ingest.monitor.azure.${suffix}`,
    'Managed Prometheus: metrics ingestion endpoint (data collection endpoint).',
    MON,
    { features: MONITORING, note: MON_NOTE },
  ),
];

// The scenarios ARC-GW says still need direct access with a gateway. Without a gateway nothing is proxied, so
// the scenario needs them all the more; ARC-GW is the only Arc page that lists them (public cloud only).
const WITHOUT_GATEWAY_NOTE =
  'ARC-GW lists this as still required with an Arc gateway; without one nothing is proxied, so the scenario needs it directly. The Arc network-requirements page itself does not list it.';

// ---------------------------------------------------------------------------------------------------------
// Scenario endpoints (ARC-GW "Additional scenarios"), with and without a gateway
// ---------------------------------------------------------------------------------------------------------

const scenarios = (gateway: boolean): CatalogEntry[] => {
  const note = gateway ? undefined : WITHOUT_GATEWAY_NOTE;
  const e = (name: string, pattern: string, purpose: string, feature: Feature) =>
    entry('public', gateway, name, pattern, purpose, ARC_GW, { features: [feature], ...(note && { note }) });
  return [
    // Without a gateway, Container insights is covered by MON's full table (monitoring() above).
    ...(gateway
      ? [
          e(
            'monitoring-ods',
            '*.ods.opinsights.azure.com',
            'Container insights: Log Analytics data ingestion (not carried by the Arc gateway).',
            'monitoring',
          ),
          e(
            'monitoring-oms',
            '*.oms.opinsights.azure.com',
            'Container insights: agent onboarding and workspace authentication (not carried by the Arc gateway).',
            'monitoring',
          ),
          e(
            'monitoring-metrics',
            '*.monitoring.azure.com',
            'Container insights: metrics (not carried by the Arc gateway).',
            'monitoring',
          ),
        ]
      : []),
    e(
      'keyvault',
      '<vault-name>.vault.azure.net',
      'Azure Key Vault (Secrets Store CSI / secret store extension): the vaults the cluster reads.',
      'keyvault-secrets-provider',
    ),
    e(
      'policy-data',
      'data.policy.core.windows.net',
      'Azure Policy: pull policies and report compliance.',
      'azure-policy',
    ),
    e(
      'policy-store',
      'store.policy.core.windows.net',
      'Azure Policy: Gatekeeper artifacts of built-in policies.',
      'azure-policy',
    ),
    e(
      'defender-ods',
      '*.ods.opinsights.azure.com',
      'Microsoft Defender for Containers: upload security events.',
      'defender',
    ),
    e(
      'defender-oms',
      '*.oms.opinsights.azure.com',
      'Microsoft Defender for Containers: workspace authentication.',
      'defender',
    ),
    e(
      'data-services-ods',
      '*.ods.opinsights.azure.com',
      'Azure Arc-enabled data services: log upload.',
      'data-services',
    ),
    e(
      'data-services-oms',
      '*.oms.opinsights.azure.com',
      'Azure Arc-enabled data services: workspace authentication.',
      'data-services',
    ),
    e(
      'data-services-monitoring',
      '*.monitoring.azure.com',
      'Azure Arc-enabled data services: metrics upload.',
      'data-services',
    ),
  ];
};

// ---------------------------------------------------------------------------------------------------------
// With an Arc gateway (preview; Azure public cloud only)
// ---------------------------------------------------------------------------------------------------------

const GATEWAY: CatalogEntry[] = [
  entry(
    'public',
    true,
    'gateway',
    '<gateway-prefix>.gw.arc.azure.com',
    'The Arc gateway URL (from `az arcgateway list`): the front end the Arc Proxy sends agent traffic to; websockets must be allowed through the enterprise proxy.',
    ARC_GW,
    { websockets: true, note: 'ARC-GW: "The outbound proxy has to be configured to allow websocket connections."' },
  ),
  entry(
    'public',
    true,
    'management',
    'management.azure.com',
    'Azure Resource Manager: the ARM control channel.',
    ARC_GW,
  ),
  entry(
    'public',
    true,
    'obo',
    '<region>.obo.arc.azure.com',
    'Cluster Connect: the on-behalf-of endpoint (TCP 8084).',
    ARC_GW,
    {
      port: 8084,
      features: CLUSTER_CONNECT,
      note: "The gateway table gives no port; the network-requirements page and Microsoft's Azure Local endpoint lists give 8084.",
    },
  ),
  entry('public', true, 'login', 'login.microsoftonline.com', 'Microsoft Entra ID: identity access tokens.', ARC_GW),
  entry(
    'public',
    true,
    'login-regional',
    '<region>.login.microsoft.com',
    'Microsoft Entra ID regional endpoint: identity access tokens.',
    ARC_GW,
  ),
  entry(
    'public',
    true,
    'his-global',
    'gbl.his.arc.azure.com',
    "Arc agents' cloud service endpoint (hybrid identity service), global.",
    ARC_GW,
  ),
  // ARC-GW writes `<region>.his.arc.azure.com` but says it "uses short names, for example eus for East US".
  // The short code is resolved from regions.ts; where no code is documented, `*.his.arc.azure.com` (the
  // non-gateway page's form, which holds the regional host) is the alternative that still resolves.
  entry(
    'public',
    true,
    'his-regional',
    '<region-short>.his.arc.azure.com',
    "Arc agents' cloud service endpoint (hybrid identity service), regional; named with the short region code (eus for East US).",
    ARC_GW,
    {
      alternatives: ['*.his.arc.azure.com'],
      note: 'Written <region>.his.arc.azure.com with "Uses short names, for example eus for East US".',
    },
  ),
  entry('public', true, 'mcr', 'mcr.microsoft.com', 'Microsoft Container Registry: Azure Arc agent images.', ARC_GW),
  // Two stored versions of ARC-GW, both ms.date 07/13/2025, disagree: @020c95fd writes
  // `<region>.data.mcr.microsoft.com`, @b6461c35 (and the rendered page of the seed) `*.data.mcr.microsoft.com`.
  // The wildcard is current: MCR serves layers from data endpoints named after MCR's own regions, not the
  // cluster's (Microsoft's Azure Local lists name westus/northeurope/westeurope.data.mcr.microsoft.com for
  // clusters anywhere), and every other Arc and AKS page uses the wildcard.
  entry(
    'public',
    true,
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    ARC_GW,
    {
      note: 'Version @b6461c35; version @020c95fd (same ms.date) writes <region>.data.mcr.microsoft.com (arc.public.gw.legacy-mcr-data-regional).',
    },
  ),
  entry(
    'public',
    true,
    'legacy-mcr-data-regional',
    '<region>.data.mcr.microsoft.com',
    "MCR data endpoint of the cluster's region: the other stored version's form.",
    ARC_GW,
    {
      legacy: { supersededBy: 'arc.public.gw.mcr-data' },
      requirement: 'required',
      note: 'Version @020c95fd writes <region>.data.mcr.microsoft.com; @b6461c35 writes *.data.mcr.microsoft.com. Layers can come from data endpoints of other regions, so the regional host alone may not be enough.',
    },
  ),
  ...scenarios(true),
];

/** Azure Arc-enabled Kubernetes in Azure public cloud, Azure Government and Azure operated by 21Vianet. */
export const ARC_ENTRIES: readonly CatalogEntry[] = [
  ...PUBLIC,
  ...monitoring('public', 'com'),
  ...scenarios(false),
  ...USGOV,
  ...monitoring('usgov', 'us'),
  ...CHINA,
  ...monitoring('china', 'cn'),
  ...GATEWAY,
];
