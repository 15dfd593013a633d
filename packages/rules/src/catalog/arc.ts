import { type EntryFields, httpsEntry, tcpEntry } from './define.ts';
import {
  ARC_2023,
  ARC_CN,
  ARC_DATA,
  ARC_GOV,
  ARC_GW,
  ARC_GW_ENDPOINTS,
  ARC_GW_PREVIEW,
  ARC_PUB,
  DEFENDER_ARC,
  DEFENDER_NOTICE,
  MON,
  noted,
  POLICY,
} from './sources.ts';
import type { CatalogEntry, Cloud, Feature } from './types.ts';

/*
 * Azure Arc-enabled Kubernetes: outbound endpoints of the Arc agents, without an Arc gateway (per cloud) and
 * with one (Azure public cloud only), plus the scenario endpoints (Container insights, Key Vault, Azure Policy,
 * Defender, data services, the extensions that send telemetry).
 *
 * Conventions:
 *  - every entry says `when.arcGateway` (false: the network-requirements page; true: the gateway page);
 *  - the table is headed "Azure Arc agents require the following outbound URLs"; its conditional rows ("Required
 *    when Cluster Connect … is configured", "For Cluster Connect and Custom Location based scenarios", "Required if
 *    using …") are required of a cluster that uses the feature: `requirement: 'required'` with the feature in
 *    `when.features` (every one must be on) or `when.anyFeature` (one is enough), as for AKS;
 *  - `<region>.obo.arc.azure.*` is port 8084: not HTTP(S) application-rule traffic, so no applicationProtocol;
 *  - ids: `arc.<cloud>.<name>` without a gateway, `arc.<cloud>.gw.<name>` with one.
 */

const ARC_CLOUDS: readonly Cloud[] = ['public', 'china', 'usgov'];

/**
 * An Arc entry's fields. The id names its cloud and whether it is for an Arc gateway (`arc.<cloud>.<name>`,
 * `arc.<cloud>.gw.<name>`); `port` 8084 (Cluster Connect's obo endpoint) is TCP without an application protocol;
 * `note` says how this entry relates to its source's text.
 */
type ArcFields = Omit<EntryFields, 'kinds' | 'clouds' | 'when'> & {
  fqdn: string;
  port?: number;
  alternatives?: readonly string[];
  /** Every listed feature must be on. */
  features?: readonly Feature[];
  /** At least one listed feature must be on. */
  anyFeature?: readonly Feature[];
  note?: string;
};

function arc({ fqdn, port = 443, alternatives, features, anyFeature, note, ...fields }: ArcFields): CatalogEntry {
  const [, cloud, gw] = fields.id.split('.');
  const clouds = ARC_CLOUDS.filter((c) => c === cloud);
  if (clouds.length === 0) throw new Error(`catalog id ${fields.id} names no cloud`);
  const common = {
    ...fields,
    kinds: ['arc'] as const,
    clouds,
    when: { arcGateway: gw === 'gw', ...(features && { features }), ...(anyFeature && { anyFeature }) },
    source: note ? noted(fields.source, note) : fields.source,
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
// Without an Arc gateway: the agents
// ---------------------------------------------------------------------------------------------------------

/** The extensions whose telemetry needs the Geneva names of the 2026-06 rows. */
const TELEMETRY_EXTENSIONS = ['iot-operations', 'secret-store-extension', 'cert-manager'] as const;
const TELEMETRY_PURPOSE =
  'Telemetry of Azure IoT Operations, the Azure Key Vault Secret Store extension (SSE) and cert-manager for Azure Arc-enabled Kubernetes.';

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
    port: 8084,
    purpose: 'Cluster Connect with Azure RBAC: the on-behalf-of endpoint (TCP 8084).',
    source: ARC_PUB,
    features: ['cluster-connect', 'azure-rbac'],
    note: '"Required when Cluster Connect and Azure RBAC is configured" since 2025-10-28 (d828464a); ARC-2023 said "when Cluster Connect is configured", the March 2023 include "when Azure RBAC is configured".',
  }),
  arc({
    id: 'arc.public.linuxgeneva',
    fqdn: 'linuxgeneva-microsoft.azurecr.io',
    purpose: 'Images used by Azure Arc-enabled Kubernetes extensions.',
    source: ARC_PUB,
    features: ['extensions'],
  }),
  ...(
    [
      ['telemetry-gcs', 'gcs.prod.monitoring.core.windows.net'],
      ['telemetry-metrics', '*.prod.microsoftmetrics.com'],
      ['telemetry-hot-ingest', '*.prod.hot.ingest.monitor.core.windows.net'],
      ['telemetry-warm-ingest', '*.prod.warm.ingest.monitor.core.windows.net'],
    ] as const
  ).map(([name, fqdn]) =>
    arc({
      id: `arc.public.${name}`,
      fqdn,
      purpose: TELEMETRY_PURPOSE,
      source: ARC_PUB,
      anyFeature: TELEMETRY_EXTENSIONS,
      note: 'Added on 2026-06-11 (24f6d374, "add K8s extension endpoints").',
    }),
  ),
  // ARC-2023 rows the current page dropped.
  arc({
    id: 'arc.public.legacy-dl-k8s-agent-upgrade',
    fqdn: 'dl.k8s.io',
    purpose: 'kubectl download, then documented as needed for automatic agent upgrade.',
    source: ARC_2023,
    requirement: 'optional',
    status: 'legacy',
    supersededBy: 'arc.public.dl-k8s',
    note: 'ARC-2023: "Required when automatic agent upgrade is enabled"; the current page ties dl.k8s.io to onboarding by the connectedk8s extension.',
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
    features: CLUSTER_CONNECT,
    status: 'legacy',
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
    port: 8084,
    purpose:
      'Cluster Connect: the on-behalf-of endpoint (TCP 8084); a fixed US Gov Virginia host for every Azure Government region.',
    source: ARC_GOV,
    features: CLUSTER_CONNECT,
    note: '"Required when Cluster Connect is configured"; the March 2023 include said "when Azure RBAC is configured".',
  }),
  // ARC-2023 rows the current Azure Government page dropped.
  arc({
    id: 'arc.usgov.legacy-dl-k8s',
    fqdn: 'dl.k8s.io',
    purpose: 'kubectl download (agent upgrade / onboarding).',
    source: ARC_2023,
    requirement: 'optional',
    status: 'legacy',
    note: 'In ARC-2023 for Azure Government too; the current Azure Government page no longer lists dl.k8s.io.',
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
    features: CLUSTER_CONNECT,
    status: 'legacy',
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
    port: 8084,
    purpose: 'Cluster Connect: the on-behalf-of endpoint (TCP 8084).',
    source: ARC_CN,
    features: CLUSTER_CONNECT,
  }),
  ...(
    [
      ['registry-proxy-quay', 'quay.azk8s.cn'],
      ['registry-proxy-registryk8s', 'registryk8s.azk8s.cn'],
      ['registry-proxy-k8sgcr', 'k8sgcr.azk8s.cn'],
      ['registry-proxy-usgcr', 'usgcr.azk8s.cn'],
    ] as const
  ).map(([name, fqdn]) => arc({ id: `arc.china.${name}`, fqdn, purpose: CHINA_REGISTRY_PURPOSE, source: ARC_CN })),
  arc({
    id: 'arc.china.registry-proxy-dockerhub',
    fqdn: 'dockerhub.azk8s.cn',
    purpose: `${CHINA_REGISTRY_PURPOSE} Docker Hub images, pulled as dockerhub.azk8s.cn/<repo-name>/<image-name>:<version>.`,
    source: ARC_CN,
  }),
];

// ---------------------------------------------------------------------------------------------------------
// Without an Arc gateway: Container insights (MON's table per cloud)
// ---------------------------------------------------------------------------------------------------------

// login.microsoftonline.com (public) is also in MON's table; it is a core Arc entry, so not repeated.
const MONITORING = ['monitoring'] as const;

const monitoring = (cloud: Cloud, suffix: 'com' | 'us' | 'cn'): CatalogEntry[] =>
  (
    [
      ['monitoring-ods', `*.ods.opinsights.azure.${suffix}`, 'Container insights: Log Analytics data ingestion.'],
      [
        'monitoring-oms',
        `*.oms.opinsights.azure.${suffix}`,
        'Container insights: Azure Monitor agent onboarding and authentication with the workspace.',
      ],
      [
        'monitoring-dc',
        'dc.services.visualstudio.com',
        'Container insights: agent telemetry (public-cloud Application Insights, also from Azure Government and China).',
      ],
      // MON lists *.monitoring.azure.com in the public table only.
      ...(cloud === 'public'
        ? [['monitoring-metrics', '*.monitoring.azure.com', 'Container insights: metrics sent to Azure Monitor.']]
        : []),
      [
        'monitoring-global-handler',
        `global.handler.control.monitor.azure.${suffix}`,
        'Container insights / managed Prometheus: access control service.',
      ],
      [
        'monitoring-region-handler',
        `<region>.handler.control.monitor.azure.${suffix}`,
        'Container insights / managed Prometheus: fetch the data collection rules of the cluster.',
      ],
      [
        'monitoring-ingest',
        `*.ingest.monitor.azure.${suffix}`,
        'Container insights: logs ingestion endpoint (data collection endpoint).',
      ],
      [
        'monitoring-metrics-ingest',
        `*.metrics.ingest.monitor.azure.${suffix}`,
        'Managed Prometheus: metrics ingestion endpoint (data collection endpoint).',
      ],
    ] as const
  ).map(([name, fqdn, purpose]) =>
    arc({ id: `arc.${cloud}.${name}`, fqdn, purpose, source: MON, features: MONITORING }),
  );

// ---------------------------------------------------------------------------------------------------------
// Without an Arc gateway: the other scenarios (Azure public cloud: their documents name public hosts only)
// ---------------------------------------------------------------------------------------------------------

const KEY_VAULT_FEATURES = ['keyvault-secrets-provider', 'secret-store-extension'] as const;
const KEY_VAULT_PURPOSE =
  'Azure Key Vault (Secrets Store CSI driver, Secret Store extension): the vaults the cluster reads.';
const DATA = ['data-services'] as const;
const DATA_NOTE = 'Direct connectivity mode: the controller pod sends logs, metrics, inventory and billing.';

const SCENARIOS: CatalogEntry[] = [
  // The gateway page lists <vault-name>.vault.azure.net among the names it does not carry; without a gateway
  // nothing is carried, so the scenario needs it all the more. No Arc page lists Key Vault otherwise.
  arc({
    id: 'arc.public.keyvault',
    fqdn: '<vault-name>.vault.azure.net',
    purpose: KEY_VAULT_PURPOSE,
    source: ARC_GW,
    anyFeature: KEY_VAULT_FEATURES,
    deviation:
      'The gateway page lists it as still needed with a gateway ("Additional scenarios"); without a gateway nothing is carried, so it is needed directly. The Arc network-requirements page itself does not list Key Vault.',
  }),
  // Azure Policy extension for Arc-enabled Kubernetes: the Policy page's table for the extension.
  arc({
    id: 'arc.public.policy-data',
    fqdn: 'data.policy.core.windows.net',
    purpose: 'Azure Policy extension: pull policies and report compliance.',
    source: POLICY,
    features: ['azure-policy'],
  }),
  arc({
    id: 'arc.public.policy-store',
    fqdn: 'store.policy.core.windows.net',
    purpose: 'Azure Policy extension: Gatekeeper artifacts of built-in policies.',
    source: POLICY,
    features: ['azure-policy'],
  }),
  arc({
    id: 'arc.public.policy-telemetry',
    fqdn: 'dc.services.visualstudio.com',
    purpose: 'Azure Policy extension: telemetry to Application Insights.',
    source: POLICY,
    features: ['azure-policy'],
  }),
  arc({
    id: 'arc.public.policy-login-windows',
    fqdn: 'login.windows.net',
    purpose: 'Azure Policy extension: Microsoft Entra sign-in.',
    source: POLICY,
    features: ['azure-policy'],
  }),
  // Defender for Containers sensor: Defender's own table (the include for Arc, EKS and GKE).
  arc({
    id: 'arc.public.defender-cloud',
    fqdn: '*.cloud.defender.microsoft.com',
    purpose: 'Microsoft Defender for Containers: the sensor sends security data and events.',
    source: DEFENDER_ARC,
    features: ['defender'],
    note: `The Azure Government and 21Vianet columns say N/A; Defender for Cloud retired in 21Vianet on 2026-08-18. Required since ${DEFENDER_NOTICE.date} (${DEFENDER_NOTICE.url}).`,
  }),
  ...(['ods', 'oms'] as const).map((kind) =>
    arc({
      id: `arc.public.legacy-defender-${kind}`,
      fqdn: `*.${kind}.opinsights.azure.com`,
      purpose: 'Microsoft Defender for Containers: the Log Analytics names the sensor used before October 2025.',
      source: DEFENDER_ARC,
      features: ['defender'],
      status: 'legacy',
      supersededBy: 'arc.public.defender-cloud',
      note: 'Defender\'s table: "The Azure domains *.ods.opinsights.azure.com and *.oms.opinsights.azure.com are no longer required for outbound access" (deprecation notice of 2025-10-23).',
    }),
  ),
  // Arc-enabled data services (direct connectivity mode): the data services include.
  ...(
    [
      [
        'data-services-registry-1',
        'arcdataservicesrow1.azurecr.io',
        'Helm chart: the data controller bootstrapper and cluster-level objects are pulled from it.',
      ],
      [
        'data-services-registry-2',
        'arcdataservicesrow2.azurecr.io',
        'Helm chart: the data controller bootstrapper and cluster-level objects are pulled from it.',
      ],
      [
        'data-services-blob',
        '*.blob.core.windows.net',
        'Helm chart: the registries’ storage (direct connectivity mode only).',
      ],
      ['data-services-ods', '*.ods.opinsights.azure.com', 'Azure Monitor APIs: log upload.'],
      ['data-services-oms', '*.oms.opinsights.azure.com', 'Azure Monitor APIs: workspace authentication.'],
      ['data-services-monitoring', '*.monitoring.azure.com', 'Azure Monitor APIs: metrics upload.'],
      [
        'data-services-processing',
        '*.<region>.arcdataservices.com',
        'Azure Arc data processing service: inventory and billing.',
      ],
    ] as const
  ).map(([name, fqdn, purpose]) =>
    arc({
      id: `arc.public.${name}`,
      fqdn,
      purpose: `Azure Arc-enabled data services: ${purpose}`,
      source: ARC_DATA,
      features: DATA,
      note: DATA_NOTE,
    }),
  ),
  arc({
    id: 'arc.public.legacy-data-services-processing',
    fqdn: 'san-af-<region>-prod.azurewebsites.net',
    purpose: 'Azure Arc data processing service, for extension versions up to and including February 13, 2024.',
    source: ARC_DATA,
    features: DATA,
    status: 'legacy',
    supersededBy: 'arc.public.data-services-processing',
    note: 'Footnote 2 of the table: "For extension versions up to and including February 13, 2024, use san-af-<region>-prod.azurewebsites.net."',
  }),
];

// ---------------------------------------------------------------------------------------------------------
// With an Arc gateway (Azure public cloud only)
// ---------------------------------------------------------------------------------------------------------

const GATEWAY: CatalogEntry[] = [
  arc({
    id: 'arc.public.gw.gateway',
    fqdn: '<gateway-prefix>.gw.arc.azure.com',
    purpose:
      'The Arc gateway URL (from `az arcgateway list`): the front end the Arc Proxy sends agent traffic to; websockets must be allowed through the enterprise proxy, and TLS inspection skipped for it.',
    source: ARC_GW,
    websockets: true,
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
    port: 8084,
    purpose: 'Cluster Connect: the on-behalf-of endpoint (TCP 8084).',
    source: ARC_GW,
    features: CLUSTER_CONNECT,
    deviation:
      "The gateway table gives no port; the network-requirements page and Microsoft's Azure Local endpoint lists give 8084.",
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
  // The page writes `<region>.his.arc.azure.com` but says it "uses short names, for example eus for East US".
  // The short code is resolved from regions.ts; where no code is documented, `*.his.arc.azure.com` (the
  // non-gateway page's form, which holds the regional host) is the alternative that still resolves.
  arc({
    id: 'arc.public.gw.his-regional',
    fqdn: '<region-short>.his.arc.azure.com',
    alternatives: ['*.his.arc.azure.com'],
    purpose:
      "Arc agents' cloud service endpoint (hybrid identity service), regional; named with the short region code (eus for East US).",
    source: ARC_GW,
    note: 'Written <region>.his.arc.azure.com with "Uses short names, for example eus for East US".',
  }),
  arc({
    id: 'arc.public.gw.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: Azure Arc agent images.',
    source: ARC_GW,
  }),
  arc({
    id: 'arc.public.gw.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR data endpoints: where the Arc agent image layers are downloaded from.',
    source: ARC_GW,
  }),
  // A preview version (@020c95fd, ms.date 07/13/2025) wrote `<region>.data.mcr.microsoft.com`; every later one
  // writes the wildcard. MCR serves layers from data endpoints named after its own regions, not the cluster's.
  arc({
    id: 'arc.public.gw.legacy-mcr-data-regional',
    fqdn: '<region>.data.mcr.microsoft.com',
    purpose: "MCR data endpoint of the cluster's region: a preview version's form.",
    source: ARC_GW_PREVIEW,
    status: 'legacy',
    supersededBy: 'arc.public.gw.mcr-data',
    note: 'Version @020c95fd writes <region>.data.mcr.microsoft.com; @b6461c35 and the GA page write *.data.mcr.microsoft.com. Layers can come from data endpoints of other regions, so the regional host alone may not be enough.',
  }),
  // "Additional scenarios": what the gateway does not carry.
  ...(
    [
      ['monitoring-ods', '*.ods.opinsights.azure.com', 'Container insights: Log Analytics data ingestion', MONITORING],
      [
        'monitoring-oms',
        '*.oms.opinsights.azure.com',
        'Container insights: agent onboarding and workspace authentication',
        MONITORING,
      ],
      ['monitoring-metrics', '*.monitoring.azure.com', 'Container insights: metrics', MONITORING],
      ['data-services-ods', '*.ods.opinsights.azure.com', 'Azure Arc-enabled data services: log upload', DATA],
      [
        'data-services-oms',
        '*.oms.opinsights.azure.com',
        'Azure Arc-enabled data services: workspace authentication',
        DATA,
      ],
      ['data-services-monitoring', '*.monitoring.azure.com', 'Azure Arc-enabled data services: metrics upload', DATA],
      [
        'defender-cloud',
        '*.cloud.defender.microsoft.com',
        'Microsoft Defender for Containers: the sensor sends security data and events',
        ['defender'] as const,
      ],
    ] as const
  ).map(([name, fqdn, purpose, features]) =>
    arc({
      id: `arc.public.gw.${name}`,
      fqdn,
      purpose: `${purpose} (not carried by the Arc gateway).`,
      source: ARC_GW,
      features,
    }),
  ),
  arc({
    id: 'arc.public.gw.keyvault',
    fqdn: '<vault-name>.vault.azure.net',
    purpose: `${KEY_VAULT_PURPOSE} Not carried by the Arc gateway.`,
    source: ARC_GW,
    anyFeature: KEY_VAULT_FEATURES,
  }),
  // The page still lists the Log Analytics names under Defender; Defender's own table says the sensor no longer
  // needs them (2025-10-23). Defender's table decides for its sensor; the gateway page's rows are kept as data.
  ...(['ods', 'oms'] as const).map((kind) =>
    arc({
      id: `arc.public.gw.legacy-defender-${kind}`,
      fqdn: `*.${kind}.opinsights.azure.com`,
      purpose: 'Microsoft Defender for Containers: a Log Analytics name the gateway page still lists for Defender.',
      source: ARC_GW,
      features: ['defender'],
      status: 'legacy',
      supersededBy: 'arc.public.gw.defender-cloud',
      note: `Listed under Defender by the gateway page (2026-02-26); Defender's own table says the sensor no longer needs it (${DEFENDER_ARC.url}).`,
    }),
  ),
  // Azure Policy: the preview page listed data/store.policy as still needed with a gateway; the page of
  // 2026-02-26 removed them, and the gateway endpoint list carries them (and login.windows.net,
  // dc.services.visualstudio.com).
  ...(
    [
      ['policy-data', 'data.policy.core.windows.net'],
      ['policy-store', 'store.policy.core.windows.net'],
    ] as const
  ).map(([name, fqdn]) =>
    arc({
      id: `arc.public.gw.legacy-${name}`,
      fqdn,
      purpose: 'Azure Policy extension: a name the preview gateway page listed as not carried by the gateway.',
      source: ARC_GW_PREVIEW,
      features: ['azure-policy'],
      status: 'legacy',
      note: `Removed from the gateway page's additional scenarios on 2026-02-26 (f15d7560): the gateway carries it (${ARC_GW_ENDPOINTS.url}).`,
    }),
  ),
];

/** Azure Arc-enabled Kubernetes in Azure public cloud, Azure Government and Azure operated by 21Vianet. */
export const ARC_ENTRIES: readonly CatalogEntry[] = [
  ...PUBLIC,
  ...monitoring('public', 'com'),
  ...SCENARIOS,
  ...USGOV,
  ...monitoring('usgov', 'us'),
  ...CHINA,
  ...monitoring('china', 'cn'),
  ...GATEWAY,
];
