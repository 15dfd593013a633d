import { type EntryFields, httpsEntry, tcpEntry } from './define.ts';
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

const ARC_CLOUDS: readonly Cloud[] = ['public', 'china', 'usgov'];

/**
 * An Arc entry's fields. The id names its cloud and whether it is for an Arc gateway (`arc.<cloud>.<name>`,
 * `arc.<cloud>.gw.<name>`); `port` 8084 (Cluster Connect's obo endpoint) is TCP without an application protocol;
 * `note` says how this entry differs from the source's text.
 */
type ArcFields = Omit<EntryFields, 'kinds' | 'clouds' | 'when'> & {
  fqdn: string;
  port?: number;
  alternatives?: readonly string[];
  /** Defaults to `optional` when features are given, `required` otherwise. */
  features?: readonly Feature[];
  note?: string;
};

function arc({ fqdn, port = 443, alternatives, features, note, ...fields }: ArcFields): CatalogEntry {
  const [, cloud, gw] = fields.id.split('.');
  const clouds = ARC_CLOUDS.filter((c) => c === cloud);
  if (clouds.length === 0) throw new Error(`catalog id ${fields.id} names no cloud`);
  const common = {
    ...fields,
    kinds: ['arc'] as const,
    clouds,
    requirement: fields.requirement ?? (features ? 'optional' : 'required'),
    when: { arcGateway: gw === 'gw', ...(features && { features }) },
    source: note ? { ...fields.source, note } : fields.source,
  };
  return port === 443
    ? httpsEntry({ ...common, fqdn, ...(alternatives && { alternatives }) })
    : tcpEntry({ ...common, fqdn, port });
}

const CLUSTER_CONNECT = ['cluster-connect'] as const;
const CLUSTER_CONNECT_PURPOSE = 'Cluster Connect and Custom Locations.';
const SERVICEBUS_PURPOSE =
  'Cluster Connect and Custom Locations (relay); websockets must be allowed through firewalls and proxies. The wildcard can be narrowed with GET https://guestnotificationservice.<cloud domain>/urls/allowlist?api-version=2020-01-01&location=<region>.';

// ---------------------------------------------------------------------------------------------------------
// Without an Arc gateway
// ---------------------------------------------------------------------------------------------------------

const PUBLIC: CatalogEntry[] = [
  arc({
    id: 'arc.public.management',
    fqdn: 'management.azure.com',
    purpose: 'Azure Resource Manager: the agent connects to Azure and registers the cluster.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.dp',
    fqdn: '<region>.dp.kubernetesconfiguration.azure.com',
    purpose: 'Data plane: the agent pushes status and fetches configuration (extensions, GitOps).',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.login',
    fqdn: 'login.microsoftonline.com',
    purpose: 'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.login-regional',
    fqdn: '<region>.login.microsoft.com',
    purpose: 'Microsoft Entra ID regional endpoint: fetch and update Azure Resource Manager tokens.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.login-windows',
    fqdn: 'login.windows.net',
    purpose: 'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: Azure Arc agent images.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.dl-k8s',
    fqdn: 'dl.k8s.io',
    purpose: 'Onboarding: the Azure CLI connectedk8s extension downloads kubectl binaries.',
    source: ARC_PUB,
    features: ['onboarding'],
    note: 'ARC-2023 said "Required when automatic agent upgrade is enabled" (arc.public.legacy-dl-k8s-agent-upgrade).',
  }),
  arc({
    id: 'arc.public.his-global',
    fqdn: 'gbl.his.arc.azure.com',
    purpose:
      'Hybrid identity service, global: returns the regional endpoint for system-assigned managed identity certificates.',
    source: ARC_PUB,
  }),
  arc({
    id: 'arc.public.his-regional',
    fqdn: '*.his.arc.azure.com',
    purpose: 'Hybrid identity service, regional: pull system-assigned managed identity certificates.',
    source: ARC_PUB,
    note: 'The regional host uses a short region code (eus.his.arc.azure.com): the non-gateway page writes the wildcard.',
  }),
  arc({
    id: 'arc.public.guestnotification',
    fqdn: 'guestnotificationservice.azure.com',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_PUB,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.public.guestnotification-regional',
    fqdn: '*.guestnotificationservice.azure.com',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_PUB,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.public.sts',
    fqdn: 'sts.windows.net',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_PUB,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.public.servicebus',
    fqdn: '*.servicebus.windows.net',
    purpose: SERVICEBUS_PURPOSE,
    source: ARC_PUB,
    features: CLUSTER_CONNECT,
    websockets: true,
  }),
  arc({
    id: 'arc.public.graph',
    fqdn: 'graph.microsoft.com',
    purpose: 'Microsoft Graph: needed when Azure RBAC is configured.',
    source: ARC_PUB,
    features: ['azure-rbac'],
  }),
  arc({
    id: 'arc.public.portal',
    fqdn: '*.arc.azure.net',
    purpose: 'Managing connected clusters in the Azure portal.',
    source: ARC_PUB,
    features: ['portal'],
  }),
  arc({
    id: 'arc.public.obo',
    fqdn: '<region>.obo.arc.azure.com',
    purpose: 'Cluster Connect with Azure RBAC: the on-behalf-of endpoint (TCP 8084).',
    source: ARC_PUB,
    port: 8084,
    features: ['cluster-connect', 'azure-rbac'],
    note: '@b1dac7ad (chosen, as the research notes record it) says "when Cluster Connect and Azure RBAC is configured"; another stored version with the same ms.date, and ARC-2023, say "when Cluster Connect is configured"; the March 2023 include said "when Azure RBAC is configured".',
  }),
  arc({
    id: 'arc.public.linuxgeneva',
    fqdn: 'linuxgeneva-microsoft.azurecr.io',
    purpose: 'Images used by Azure Arc-enabled Kubernetes extensions.',
    source: ARC_PUB,
    features: ['extensions'],
    note: 'Absent in ARC-2023.',
  }),
  // ARC-2023 rows the current page dropped.
  arc({
    id: 'arc.public.legacy-dl-k8s-agent-upgrade',
    fqdn: 'dl.k8s.io',
    purpose: 'kubectl download, then documented as needed for automatic agent upgrade.',
    source: ARC_2023,
    status: 'legacy',
    supersededBy: 'arc.public.dl-k8s',
    requirement: 'optional',
    note: 'ARC-2023: "Required when automatic agent upgrade is enabled"; ARC-PUB ties dl.k8s.io to onboarding by the connectedk8s extension.',
  }),
  arc({
    id: 'arc.public.legacy-k8connecthelm',
    fqdn: 'k8connecthelm.azureedge.net',
    purpose: 'Helm 3 client download for `az connectedk8s connect`.',
    source: ARC_2023,
    status: 'legacy',
    note: 'Only in ARC-2023 ("az connectedk8s connect uses Helm 3 ... Helm client download"); the current page no longer lists it and has no successor.',
  }),
  arc({
    id: 'arc.public.legacy-k8sconnectcsp',
    fqdn: 'k8sconnectcsp.azureedge.net',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_2023,
    status: 'legacy',
    features: CLUSTER_CONNECT,
    note: 'Only in ARC-2023, grouped with the Cluster Connect and Custom Locations endpoints; no successor.',
  }),
];

const USGOV: CatalogEntry[] = [
  arc({
    id: 'arc.usgov.management',
    fqdn: 'management.usgovcloudapi.net',
    purpose: 'Azure Resource Manager: the agent connects to Azure and registers the cluster.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.dp',
    fqdn: '<region>.dp.kubernetesconfiguration.azure.us',
    purpose: 'Data plane: the agent pushes status and fetches configuration (extensions, GitOps).',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.login',
    fqdn: 'login.microsoftonline.us',
    purpose: 'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.login-regional',
    fqdn: '<region>.login.microsoftonline.us',
    purpose: 'Microsoft Entra ID regional endpoint: fetch and update Azure Resource Manager tokens.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: Azure Arc agent images.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.his-global',
    fqdn: 'gbl.his.arc.azure.us',
    purpose:
      'Hybrid identity service, global: returns the regional endpoint for system-assigned managed identity certificates.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.his-regional',
    fqdn: 'usgv.his.arc.azure.us',
    purpose:
      'Hybrid identity service: pull system-assigned managed identity certificates. A fixed host, not a wildcard, for every Azure Government region.',
    source: ARC_GOV,
  }),
  arc({
    id: 'arc.usgov.guestnotification',
    fqdn: 'guestnotificationservice.azure.us',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_GOV,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.usgov.guestnotification-regional',
    fqdn: '*.guestnotificationservice.azure.us',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_GOV,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.usgov.sts',
    fqdn: 'sts.windows.net',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_GOV,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.usgov.servicebus',
    fqdn: '*.servicebus.usgovcloudapi.net',
    purpose: SERVICEBUS_PURPOSE,
    source: ARC_GOV,
    features: CLUSTER_CONNECT,
    websockets: true,
  }),
  arc({
    id: 'arc.usgov.graph',
    fqdn: 'graph.microsoft.com',
    purpose:
      'Microsoft Graph: needed when Azure RBAC is configured (the Azure Government page names the public-cloud host).',
    source: ARC_GOV,
    features: ['azure-rbac'],
  }),
  arc({
    id: 'arc.usgov.obo',
    fqdn: 'usgovvirginia.obo.arc.azure.us',
    purpose:
      'Cluster Connect: the on-behalf-of endpoint (TCP 8084); a fixed US Gov Virginia host for every Azure Government region.',
    source: ARC_GOV,
    port: 8084,
    features: CLUSTER_CONNECT,
    note: 'ARC-GOV: "Required when Cluster Connect is configured"; the March 2023 include said "when Azure RBAC is configured".',
  }),
  // ARC-2023 rows the current Azure Government page dropped.
  arc({
    id: 'arc.usgov.legacy-dl-k8s',
    fqdn: 'dl.k8s.io',
    purpose: 'kubectl download (agent upgrade / onboarding).',
    source: ARC_2023,
    status: 'legacy',
    requirement: 'optional',
    note: 'In ARC-2023 for Azure Government too; ARC-GOV no longer lists dl.k8s.io.',
  }),
  arc({
    id: 'arc.usgov.legacy-k8connecthelm',
    fqdn: 'k8connecthelm.azureedge.net',
    purpose: 'Helm 3 client download for `az connectedk8s connect`.',
    source: ARC_2023,
    status: 'legacy',
    note: 'Only in ARC-2023; no successor.',
  }),
  arc({
    id: 'arc.usgov.legacy-k8sconnectcsp',
    fqdn: 'k8sconnectcsp.azureedge.net',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_2023,
    status: 'legacy',
    features: CLUSTER_CONNECT,
    note: 'Only in ARC-2023; no successor.',
  }),
];

const CHINA_REGISTRY_PURPOSE =
  'Container registry proxy servers for Azure China VMs (the page lists them without a condition).';

const CHINA: CatalogEntry[] = [
  arc({
    id: 'arc.china.management',
    fqdn: 'management.chinacloudapi.cn',
    purpose: 'Azure Resource Manager: the agent connects to Azure and registers the cluster.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.dp',
    fqdn: '<region>.dp.kubernetesconfiguration.azure.cn',
    purpose: 'Data plane: the agent pushes status and fetches configuration (extensions, GitOps).',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.login',
    fqdn: 'login.chinacloudapi.cn',
    purpose: 'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.login-regional',
    fqdn: '<region>.login.chinacloudapi.cn',
    purpose: 'Microsoft Entra ID regional endpoint: fetch and update Azure Resource Manager tokens.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.login-partner',
    fqdn: 'login.partner.microsoftonline.cn',
    purpose: 'Microsoft Entra ID: fetch and update Azure Resource Manager tokens.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.mcr',
    fqdn: 'mcr.azk8s.cn',
    purpose: 'MCR proxy in Azure China: Azure Arc agent images.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.his-global',
    fqdn: 'gbl.his.arc.azure.cn',
    purpose:
      'Hybrid identity service, global: returns the regional endpoint for system-assigned managed identity certificates.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.his-regional',
    fqdn: '*.his.arc.azure.cn',
    purpose: 'Hybrid identity service, regional: pull system-assigned managed identity certificates.',
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.guestnotification',
    fqdn: 'guestnotificationservice.azure.cn',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_CN,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.china.guestnotification-regional',
    fqdn: '*.guestnotificationservice.azure.cn',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_CN,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.china.sts',
    fqdn: 'sts.chinacloudapi.cn',
    purpose: CLUSTER_CONNECT_PURPOSE,
    source: ARC_CN,
    features: CLUSTER_CONNECT,
  }),
  arc({
    id: 'arc.china.servicebus',
    fqdn: '*.servicebus.chinacloudapi.cn',
    purpose: SERVICEBUS_PURPOSE,
    source: ARC_CN,
    features: CLUSTER_CONNECT,
    websockets: true,
  }),
  arc({
    id: 'arc.china.graph',
    fqdn: 'graph.chinacloudapi.cn',
    purpose: 'Microsoft Graph: needed when Azure RBAC is configured.',
    source: ARC_CN,
    features: ['azure-rbac'],
  }),
  arc({
    id: 'arc.china.portal',
    fqdn: '*.arc.azure.cn',
    purpose: 'Managing connected clusters in the Azure portal.',
    source: ARC_CN,
    features: ['portal'],
  }),
  arc({
    id: 'arc.china.obo',
    fqdn: '<region>.obo.arc.azure.cn',
    purpose: 'Cluster Connect: the on-behalf-of endpoint (TCP 8084).',
    source: ARC_CN,
    port: 8084,
    features: CLUSTER_CONNECT,
  }),
  arc({ id: 'arc.china.registry-proxy-quay', fqdn: 'quay.azk8s.cn', purpose: CHINA_REGISTRY_PURPOSE, source: ARC_CN }),
  arc({
    id: 'arc.china.registry-proxy-registryk8s',
    fqdn: 'registryk8s.azk8s.cn',
    purpose: CHINA_REGISTRY_PURPOSE,
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.registry-proxy-k8sgcr',
    fqdn: 'k8sgcr.azk8s.cn',
    purpose: CHINA_REGISTRY_PURPOSE,
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.registry-proxy-usgcr',
    fqdn: 'usgcr.azk8s.cn',
    purpose: CHINA_REGISTRY_PURPOSE,
    source: ARC_CN,
  }),
  arc({
    id: 'arc.china.registry-proxy-dockerhub',
    fqdn: 'dockerhub.azk8s.cn',
    purpose: `${CHINA_REGISTRY_PURPOSE} Docker Hub images, pulled as dockerhub.azk8s.cn/<repo-name>/<image-name>:<version>.`,
    source: ARC_CN,
  }),
];

// Container insights / managed Prometheus on Arc without a gateway: MON's table per cloud.
// login.microsoftonline.com (public) is also in MON's table; it is already a core Arc entry, so not repeated.
const MONITORING = ['monitoring'] as const;
const MON_NOTE = 'MON is the Container insights firewall page for AKS and Arc-enabled clusters alike.';

const monitoring = (cloud: Cloud, suffix: 'com' | 'us' | 'cn'): CatalogEntry[] => [
  arc({
    id: `arc.${cloud}.monitoring-ods`,
    fqdn: `*.ods.opinsights.azure.${suffix}`,
    purpose: 'Container insights: Log Analytics data ingestion.',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
  arc({
    id: `arc.${cloud}.monitoring-oms`,
    fqdn: `*.oms.opinsights.azure.${suffix}`,
    purpose: 'Container insights: Azure Monitor agent onboarding and authentication with the workspace.',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
  arc({
    id: `arc.${cloud}.monitoring-dc`,
    fqdn: 'dc.services.visualstudio.com',
    purpose:
      'Container insights: agent telemetry (public-cloud Application Insights, also from Azure Government and China).',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
  arc({
    id: `arc.${cloud}.monitoring-global-handler`,
    fqdn: `global.handler.control.monitor.azure.${suffix}`,
    purpose: 'Container insights / managed Prometheus: access control service.',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
  arc({
    id: `arc.${cloud}.monitoring-region-handler`,
    fqdn: `<region>.handler.control.monitor.azure.${suffix}`,
    purpose: 'Container insights / managed Prometheus: fetch the data collection rules of the cluster.',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
  arc({
    id: `arc.${cloud}.monitoring-ingest`,
    fqdn: `*.ingest.monitor.azure.${suffix}`,
    purpose: 'Container insights: logs ingestion endpoint (data collection endpoint).',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
  arc({
    id: `arc.${cloud}.monitoring-metrics-ingest`,
    fqdn: `*.metrics.ingest.monitor.azure.${suffix}`,
    purpose: 'Managed Prometheus: metrics ingestion endpoint (data collection endpoint).',
    source: MON,
    features: MONITORING,
    note: MON_NOTE,
  }),
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
    arc({
      id: `arc.public.${gateway ? 'gw.' : ''}${name}`,
      fqdn: pattern,
      purpose: purpose,
      source: ARC_GW,
      features: [feature],
      ...(note && { note }),
    });
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
  arc({
    id: 'arc.public.gw.gateway',
    fqdn: '<gateway-prefix>.gw.arc.azure.com',
    purpose:
      'The Arc gateway URL (from `az arcgateway list`): the front end the Arc Proxy sends agent traffic to; websockets must be allowed through the enterprise proxy.',
    source: ARC_GW,
    websockets: true,
    note: 'ARC-GW: "The outbound proxy has to be configured to allow websocket connections."',
  }),
  arc({
    id: 'arc.public.gw.management',
    fqdn: 'management.azure.com',
    purpose: 'Azure Resource Manager: the ARM control channel.',
    source: ARC_GW,
  }),
  arc({
    id: 'arc.public.gw.obo',
    fqdn: '<region>.obo.arc.azure.com',
    purpose: 'Cluster Connect: the on-behalf-of endpoint (TCP 8084).',
    source: ARC_GW,
    port: 8084,
    features: CLUSTER_CONNECT,
    note: "The gateway table gives no port; the network-requirements page and Microsoft's Azure Local endpoint lists give 8084.",
  }),
  arc({
    id: 'arc.public.gw.login',
    fqdn: 'login.microsoftonline.com',
    purpose: 'Microsoft Entra ID: identity access tokens.',
    source: ARC_GW,
  }),
  arc({
    id: 'arc.public.gw.login-regional',
    fqdn: '<region>.login.microsoft.com',
    purpose: 'Microsoft Entra ID regional endpoint: identity access tokens.',
    source: ARC_GW,
  }),
  arc({
    id: 'arc.public.gw.his-global',
    fqdn: 'gbl.his.arc.azure.com',
    purpose: "Arc agents' cloud service endpoint (hybrid identity service), global.",
    source: ARC_GW,
  }),
  // ARC-GW writes `<region>.his.arc.azure.com` but says it "uses short names, for example eus for East US".
  // The short code is resolved from regions.ts; where no code is documented, `*.his.arc.azure.com` (the
  // non-gateway page's form, which holds the regional host) is the alternative that still resolves.
  arc({
    id: 'arc.public.gw.his-regional',
    fqdn: '<region-short>.his.arc.azure.com',
    purpose:
      "Arc agents' cloud service endpoint (hybrid identity service), regional; named with the short region code (eus for East US).",
    source: ARC_GW,
    alternatives: ['*.his.arc.azure.com'],
    note: 'Written <region>.his.arc.azure.com with "Uses short names, for example eus for East US".',
  }),
  arc({
    id: 'arc.public.gw.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: Azure Arc agent images.',
    source: ARC_GW,
  }),
  // Two stored versions of ARC-GW, both ms.date 07/13/2025, disagree: @020c95fd writes
  // `<region>.data.mcr.microsoft.com`, @b6461c35 (and the rendered page of the seed) `*.data.mcr.microsoft.com`.
  // The wildcard is current: MCR serves layers from data endpoints named after MCR's own regions, not the
  // cluster's (Microsoft's Azure Local lists name westus/northeurope/westeurope.data.mcr.microsoft.com for
  // clusters anywhere), and every other Arc and AKS page uses the wildcard.
  arc({
    id: 'arc.public.gw.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    source: ARC_GW,
    note: 'Version @b6461c35; version @020c95fd (same ms.date) writes <region>.data.mcr.microsoft.com (arc.public.gw.legacy-mcr-data-regional).',
  }),
  arc({
    id: 'arc.public.gw.legacy-mcr-data-regional',
    fqdn: '<region>.data.mcr.microsoft.com',
    purpose: "MCR data endpoint of the cluster's region: the other stored version's form.",
    source: ARC_GW,
    status: 'legacy',
    supersededBy: 'arc.public.gw.mcr-data',
    requirement: 'required',
    note: 'Version @020c95fd writes <region>.data.mcr.microsoft.com; @b6461c35 writes *.data.mcr.microsoft.com. Layers can come from data endpoints of other regions, so the regional host alone may not be enough.',
  }),
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
