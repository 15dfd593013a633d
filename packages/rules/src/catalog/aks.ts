import { MON } from './sources.ts';
import type { CatalogEntry, Cloud, DestinationTemplate, SourceDocument } from './types.ts';

/*
 * AKS: the endpoints an AKS cluster must reach, for Azure public cloud, Azure operated by 21Vianet (china)
 * and Azure US Government (usgov), with the feature and add-on endpoints, and the forms older versions of
 * the documents used (`status: 'legacy'`), so the audit can explain rules written from an old version.
 *
 * Main source: "Outbound network and FQDN rules for AKS clusters" in the versions listed below (keys as in the
 * shared research notes, endpoints.md §0). Where versions disagree, `source.note` says how, and the entry follows
 * the newest version unless a comment says otherwise.
 *
 * Not modelled, deliberately:
 *  - `md-*.blob.storage.azure.net` (Managed Disks internals): AKS-LIVE says blocking it "should not cause any issues";
 *    an asterisk in the middle of a label is not an Azure Firewall target FQDN either.
 *  - `umsa*.blob.core.windows.net` (VM agent manifests): the documents only say you "might notice traffic".
 *  - The AKS-2024 table "required network rules for private clusters with NSGs" (TCP 443/4443 and UDP 9988 to the
 *    API server subnet CIDR): it is an NSG rule inside the virtual network, not egress, and a DestinationTemplate
 *    has no kind for "the API server subnet".
 *  - KEDA, Istio and application routing: the documents say add-ons not listed are covered by the core
 *    requirements; Istio (plug-in CA, ingress gateway) and application routing point to the Key Vault entries.
 *  - Key Vault for the secrets provider in china: no version of the document lists an endpoint.
 */

// --- Source documents ---------------------------------------------------------------------------------------

const OUTBOUND_TITLE = 'Outbound network and FQDN rules for Azure Kubernetes Service (AKS) clusters';
const OUTBOUND_URL = 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress';

/** AKS-LIVE: the version rendered on learn.microsoft.com, read from a copy dated January 2026. */
const AKS_LIVE: SourceDocument = { title: OUTBOUND_TITLE, url: OUTBOUND_URL, date: '2026-01-26' };

/**
 * AKS-2024: the same article after it moved to MicrosoftDocs/azure-aks-docs (@126786f0, @a614c8bf). Its front
 * matter still says ms.date 06/13/2023 although the body is newer (build-2024 tag, "Microsoft Entra"); another
 * stored version of the same text shows ms.date 12/11/2024, which is the date used.
 */
const AKS_2024: SourceDocument = { title: OUTBOUND_TITLE, url: OUTBOUND_URL, date: '2024-12-11' };

/** AKS-2023: MicrosoftDocs/azure-docs articles/aks/outbound-rules-control-egress.md @003403f2, ms.date 06/13/2023. */
const AKS_2023: SourceDocument = { title: OUTBOUND_TITLE, url: OUTBOUND_URL, date: '2023-06-13' };

/** The 2020 article "Control egress traffic for cluster nodes in AKS" (limit-egress-traffic.md, ms.date 06/29/2020). */
const AKS_2020: SourceDocument = {
  title: 'Control egress traffic for cluster nodes in Azure Kubernetes Service (AKS)',
  url: 'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
  date: '2020-06-29',
};

/** The 2019 preview article "Limit egress traffic for cluster nodes…" (limit-egress-traffic.md, ms.date 05/14/2019). */
const AKS_2019: SourceDocument = {
  title: 'Preview - Limit egress traffic for cluster nodes and control access to required ports and services in AKS',
  url: 'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
  date: '2019-05-14',
};

/** FLUX: the "Network requirements" section of the GitOps tutorial (MicrosoftDocs/azure-management-docs). */
const FLUX: SourceDocument = {
  title: 'Tutorial: Deploy applications using GitOps with Flux v2',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/tutorial-use-gitops-flux2',
  date: '2025-02-14',
};

const noted = (source: SourceDocument, note: string): SourceDocument => ({ ...source, note });

// --- Constructors (data only) -------------------------------------------------------------------------------

const ALL_CLOUDS: readonly Cloud[] = ['public', 'china', 'usgov'];
type Scope = Cloud | 'all';
type Extra = Partial<CatalogEntry>;

const entry = (
  scope: Scope,
  name: string,
  rule: Pick<CatalogEntry, 'destinations' | 'protocol' | 'port' | 'applicationProtocol'>,
  purpose: string,
  source: SourceDocument,
  extra: Extra,
): CatalogEntry => ({
  id: `aks.${scope}.${name}`,
  kinds: ['aks'],
  clouds: scope === 'all' ? ALL_CLOUDS : [scope],
  ...rule,
  requirement: 'required',
  purpose,
  source,
  ...extra,
});

/** An FQDN reached with an application rule on Https:443. */
const https = (
  scope: Scope,
  name: string,
  pattern: string,
  purpose: string,
  source: SourceDocument,
  extra: Extra = {},
) =>
  entry(
    scope,
    name,
    { destinations: [{ kind: 'fqdn', pattern }], protocol: 'TCP', port: 443, applicationProtocol: 'Https' },
    purpose,
    source,
    extra,
  );

/** An FQDN reached with an application rule on Http:80. */
const http = (
  scope: Scope,
  name: string,
  pattern: string,
  purpose: string,
  source: SourceDocument,
  extra: Extra = {},
) =>
  entry(
    scope,
    name,
    { destinations: [{ kind: 'fqdn', pattern }], protocol: 'TCP', port: 80, applicationProtocol: 'Http' },
    purpose,
    source,
    extra,
  );

/** A network rule (L4) with the documented alternatives. */
const network = (
  scope: Scope,
  name: string,
  protocol: 'TCP' | 'UDP',
  port: number,
  destinations: readonly DestinationTemplate[],
  purpose: string,
  source: SourceDocument,
  extra: Extra = {},
) => entry(scope, name, { destinations, protocol, port }, purpose, source, extra);

// --- Shared destinations --------------------------------------------------------------------------------------

/**
 * The tunnel ports' documented alternatives: `*`, the `AzureCloud.<Region>` service tag, `RegionCIDRs` and the
 * API server public IP. `RegionCIDRs` links to the downloadable service-tag JSON: it is the same address set as
 * the `AzureCloud.<region>` tag, so it is modelled by the tag and not listed twice.
 */
const TUNNEL_ALTERNATIVES = [
  { kind: 'any' },
  { kind: 'service-tag', tag: 'AzureCloud.<region>' },
  { kind: 'api-server-ip' },
] as const satisfies readonly DestinationTemplate[];

const NTP_ALTERNATIVES = [
  { kind: 'any' },
  { kind: 'fqdn', pattern: 'ntp.ubuntu.com' },
] as const satisfies readonly DestinationTemplate[];

/**
 * Azure Monitor: the AKS document (2020 to AKS-LIVE) offers two options, "allow the AzureMonitor service tag" (a
 * network rule, TCP 443) or the FQDN application rules. The tag is modelled as an alternative destination of each
 * Monitor FQDN entry, but only where the FQDN belongs to the cluster's own cloud: a service tag in a china or usgov
 * firewall stands for that cloud's addresses, so it cannot stand for `dc.services.visualstudio.com` or
 * `*.in.applicationinsights.azure.com`, which the documents say are public-cloud Application Insights.
 */
const AZURE_MONITOR_TAG = { kind: 'service-tag', tag: 'AzureMonitor' } as const satisfies DestinationTemplate;

/** A Monitor FQDN of the cluster's own cloud, with the AzureMonitor service tag as the documented alternative. */
const monitored = (
  scope: Scope,
  name: string,
  pattern: string,
  purpose: string,
  source: SourceDocument,
  extra: Extra = {},
) =>
  https(scope, name, pattern, purpose, source, {
    destinations: [{ kind: 'fqdn', pattern }, AZURE_MONITOR_TAG],
    when: { features: ['monitoring'] },
    ...extra,
  });

const TUNNEL_PURPOSE =
  'Tunnelled secure communication between the nodes and the control plane (not for private clusters or clusters with konnectivity-agent).';

const MONITOR_SOURCE = noted(
  AKS_LIVE,
  `The same FQDNs per cloud are in "${MON.title}" (${MON.date}); the AzureMonitor service-tag alternative is from this document.`,
);

// --- Core: Azure public cloud ---------------------------------------------------------------------------------

const PUBLIC_CORE: readonly CatalogEntry[] = [
  network('public', 'tunnel-udp-1194', 'UDP', 1194, TUNNEL_ALTERNATIVES, TUNNEL_PURPOSE, AKS_LIVE, {
    when: { privateApiServer: false },
  }),
  network('public', 'tunnel-tcp-9000', 'TCP', 9000, TUNNEL_ALTERNATIVES, TUNNEL_PURPOSE, AKS_LIVE, {
    when: { privateApiServer: false },
  }),
  network(
    'public',
    'ntp',
    'UDP',
    123,
    NTP_ALTERNATIVES,
    'NTP time synchronization on Linux nodes provisioned before March 2021.',
    noted(AKS_LIVE, 'Listed as required, with the note that nodes provisioned after March 2021 do not need it.'),
    {
      // Optional, deliberately: the 2023 and 2024 versions say "This isn't required for nodes provisioned
      // after March 2021" (nodes sync time from the Azure host); flagging it as blocked would be a false alarm.
      requirement: 'optional',
    },
  ),
  https(
    'public',
    'apiserver',
    '*.hcp.<location>.azmk8s.io',
    'Node to API server communication (and konnectivity-agent, which also needs ALPN intact).',
    AKS_LIVE,
    { when: { privateApiServer: false } },
  ),
  https(
    'public',
    'mcr',
    'mcr.microsoft.com',
    'Microsoft Container Registry: first-party images and charts (CoreDNS, …) for create, scale and upgrade.',
    AKS_LIVE,
  ),
  https(
    'public',
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
    AKS_LIVE,
  ),
  https(
    'public',
    'mcr-edge',
    'mcr-0001.mcr-msedge.net',
    'MCR storage backed by the Azure CDN.',
    noted(AKS_LIVE, 'Absent in the 2023 version; present since 2024. Listed for public cloud only.'),
  ),
  https('public', 'management', 'management.azure.com', 'Kubernetes operations against the Azure API.', AKS_LIVE),
  https('public', 'login', 'login.microsoftonline.com', 'Microsoft Entra ID authentication.', AKS_LIVE),
  https(
    'public',
    'packages',
    'packages.microsoft.com',
    'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
    AKS_LIVE,
  ),
  https(
    'public',
    'acs-mirror',
    'acs-mirror.azureedge.net',
    'Repository of required binaries such as kubenet and Azure CNI.',
    AKS_LIVE,
  ),
  https(
    'public',
    'packages-aks',
    'packages.aks.azure.com',
    'Replaces acs-mirror.azureedge.net for Kubernetes and Azure CNI binaries.',
    noted(AKS_LIVE, 'Only in the 2026 rendering; absent in the 2023 and 2024 versions.'),
  ),
];

// --- Core: Azure operated by 21Vianet ---------------------------------------------------------------------------

// The china and usgov network-rule tables carry none of the public table's exclusion text ("not required for
// private clusters or clusters with konnectivity-agent"; NTP "not required for nodes provisioned after March 2021").
// Those tables were copied from the 2020 public table, which lacked the text too; the text was later added to the
// public table only. The exclusions follow from how private clusters and current node images work, not from the
// cloud, so they are applied in every cloud: `privateApiServer: false` on the tunnel entries and NTP optional.
const SOVEREIGN_TABLE_NOTE =
  'This cloud’s table has no private-cluster exclusion text; applied as in the public table (see the comment above the china entries).';

const CHINA_CORE: readonly CatalogEntry[] = [
  network(
    'china',
    'tunnel-udp-1194',
    'UDP',
    1194,
    TUNNEL_ALTERNATIVES,
    TUNNEL_PURPOSE,
    noted(
      AKS_LIVE,
      `The tag is written "AzureCloud.Region" (no angle brackets) in this row only. ${SOVEREIGN_TABLE_NOTE}`,
    ),
    { when: { privateApiServer: false } },
  ),
  network(
    'china',
    'tunnel-tcp-9000',
    'TCP',
    9000,
    TUNNEL_ALTERNATIVES,
    TUNNEL_PURPOSE,
    noted(AKS_LIVE, SOVEREIGN_TABLE_NOTE),
    {
      when: { privateApiServer: false },
    },
  ),
  network(
    'china',
    'tunnel-tcp-22',
    'TCP',
    22,
    TUNNEL_ALTERNATIVES,
    `China only: ${TUNNEL_PURPOSE}`,
    noted(AKS_LIVE, SOVEREIGN_TABLE_NOTE),
    { when: { privateApiServer: false } },
  ),
  network(
    'china',
    'ntp',
    'UDP',
    123,
    NTP_ALTERNATIVES,
    'NTP time synchronization on Linux nodes provisioned before March 2021.',
    noted(
      AKS_LIVE,
      'Listed as required without the public table’s "not required for nodes provisioned after March 2021".',
    ),
    { requirement: 'optional' },
  ),
  https(
    'china',
    'apiserver',
    '*.hcp.<location>.cx.prod.service.azk8s.cn',
    'Node to API server communication.',
    AKS_LIVE,
    { when: { privateApiServer: false } },
  ),
  https(
    'china',
    'apiserver-tunnel',
    '*.tun.<location>.cx.prod.service.azk8s.cn',
    'Node to API server communication through the tunnel endpoint.',
    noted(AKS_LIVE, SOVEREIGN_TABLE_NOTE),
    { when: { privateApiServer: false } },
  ),
  https(
    'china',
    'mcr',
    'mcr.microsoft.com',
    'Microsoft Container Registry: first-party images and charts for create, scale and upgrade.',
    AKS_LIVE,
  ),
  https(
    'china',
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
    noted(
      AKS_LIVE,
      'The 2020, 2023 and 2024 versions print ".data.mcr.microsoft.com" without the asterisk (aks.china.mcr-data-typo).',
    ),
  ),
  https('china', 'management', 'management.chinacloudapi.cn', 'Kubernetes operations against the Azure API.', AKS_LIVE),
  https('china', 'login', 'login.chinacloudapi.cn', 'Microsoft Entra ID authentication.', AKS_LIVE),
  https(
    'china',
    'packages',
    'packages.microsoft.com',
    'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
    AKS_LIVE,
  ),
  https(
    'china',
    'binaries',
    '*.azk8s.cn',
    'Repository of required binaries such as kubenet and Azure CNI (the china counterpart of acs-mirror.azureedge.net).',
    AKS_LIVE,
  ),
  https(
    'china',
    'mcr-azure-cn',
    'mcr.azure.cn',
    'MCR in China cloud (Mooncake): a cache of mcr.microsoft.com used for images.',
    noted(AKS_LIVE, 'Only in the 2026 rendering; absent in the 2023 and 2024 versions.'),
  ),
  https(
    'china',
    'mcr-azure-cn-data',
    '*.data.mcr.azure.cn',
    'Storage of MCR in China cloud (Mooncake): where cached image layers are downloaded from.',
    noted(AKS_LIVE, 'Only in the 2026 rendering; absent in the 2023 and 2024 versions.'),
  ),
];

// --- Core: Azure US Government ---------------------------------------------------------------------------------

const USGOV_CORE: readonly CatalogEntry[] = [
  network(
    'usgov',
    'tunnel-udp-1194',
    'UDP',
    1194,
    TUNNEL_ALTERNATIVES,
    TUNNEL_PURPOSE,
    noted(AKS_LIVE, SOVEREIGN_TABLE_NOTE),
    {
      when: { privateApiServer: false },
    },
  ),
  network(
    'usgov',
    'tunnel-tcp-9000',
    'TCP',
    9000,
    TUNNEL_ALTERNATIVES,
    TUNNEL_PURPOSE,
    noted(AKS_LIVE, SOVEREIGN_TABLE_NOTE),
    {
      when: { privateApiServer: false },
    },
  ),
  network(
    'usgov',
    'ntp',
    'UDP',
    123,
    NTP_ALTERNATIVES,
    'NTP time synchronization on Linux nodes provisioned before March 2021.',
    noted(
      AKS_LIVE,
      'Listed as required without the public table’s "not required for nodes provisioned after March 2021".',
    ),
    { requirement: 'optional' },
  ),
  https(
    'usgov',
    'apiserver',
    '*.hcp.<location>.cx.aks.containerservice.azure.us',
    'Node to API server communication.',
    AKS_LIVE,
    { when: { privateApiServer: false } },
  ),
  https(
    'usgov',
    'mcr',
    'mcr.microsoft.com',
    'Microsoft Container Registry: first-party images and charts for create, scale and upgrade.',
    AKS_LIVE,
  ),
  https(
    'usgov',
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
    AKS_LIVE,
  ),
  https(
    'usgov',
    'management',
    'management.usgovcloudapi.net',
    'Kubernetes operations against the Azure API.',
    AKS_LIVE,
  ),
  https('usgov', 'login', 'login.microsoftonline.us', 'Microsoft Entra ID authentication.', AKS_LIVE),
  https(
    'usgov',
    'packages',
    'packages.microsoft.com',
    'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
    AKS_LIVE,
  ),
  https(
    'usgov',
    'acs-mirror',
    'acs-mirror.azureedge.net',
    'Repository of required binaries such as kubenet and Azure CNI.',
    AKS_LIVE,
  ),
  https(
    'usgov',
    'packages-aks',
    'packages.aks.azure.com',
    'Replaces acs-mirror.azureedge.net for Kubernetes and Azure CNI binaries.',
    noted(AKS_LIVE, 'Only in the 2026 rendering; absent in the 2023 and 2024 versions.'),
  ),
];

// --- Core: rows that are the same in every cloud ------------------------------------------------------------------

const ALL_CORE: readonly CatalogEntry[] = [
  network(
    'all',
    'custom-dns',
    'UDP',
    53,
    [{ kind: 'custom-dns' }],
    'Name resolution through the custom DNS servers of the virtual network: without it nodes resolve nothing.',
    AKS_LIVE,
    { when: { features: ['custom-dns'] } },
  ),
  network(
    'all',
    'apiserver-ip-443',
    'TCP',
    443,
    [{ kind: 'api-server-ip' }],
    'Pods outside kube-system and gatekeeper-system (an ingress controller, for example) that call the API server by its IP; the pod annotation kubernetes.azure.com/set-kube-service-host-fqdn makes them use the FQDN instead.',
    noted(AKS_LIVE, '"Not required for private clusters" is in the public table only; applied in every cloud.'),
    { when: { privateApiServer: false, features: ['api-server-access'] } },
  ),
];

// --- Optional: OS updates ---------------------------------------------------------------------------------------

// The "Optional recommended FQDN / application rules" section follows the three clouds' sections and names no
// cloud, so it applies to all three. Without these, nodes get OS updates only through node image or cluster upgrades.
const UBUNTU_PURPOSE =
  'Security patches and updates for Ubuntu nodes (otherwise only through node image or cluster upgrades).';

const OPTIONAL: readonly CatalogEntry[] = [
  http('all', 'ubuntu-security', 'security.ubuntu.com', UBUNTU_PURPOSE, AKS_LIVE, {
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
  http('all', 'ubuntu-archive', 'azure.archive.ubuntu.com', UBUNTU_PURPOSE, AKS_LIVE, {
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
  http('all', 'ubuntu-changelogs', 'changelogs.ubuntu.com', UBUNTU_PURPOSE, AKS_LIVE, {
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
  https(
    'all',
    'ubuntu-snapshot',
    'snapshot.ubuntu.com',
    'Security patches and updates for Ubuntu nodes from the Ubuntu snapshot service.',
    noted(AKS_LIVE, 'Absent in the 2023 version; present since 2024.'),
    { requirement: 'optional', when: { features: ['ubuntu'] } },
  ),
];

// --- Node pools: GPU and Windows (one list in the document, no per-cloud split) -----------------------------------

const GPU_PURPOSE = 'Driver installation and operation on GPU node pools.';

const NODE_POOLS: readonly CatalogEntry[] = [
  https('all', 'gpu-nvidia-github', 'nvidia.github.io', GPU_PURPOSE, AKS_LIVE, { when: { features: ['gpu'] } }),
  https('all', 'gpu-nvidia-download', 'us.download.nvidia.com', GPU_PURPOSE, AKS_LIVE, { when: { features: ['gpu'] } }),
  // The document (2023 to 2026) lists download.docker.com; apt.dockerproject.org is the 2019/2020 form, still in the
  // ARM outboundNetworkDependenciesEndpoints SDK example. The document is the newer and the authoritative text, and
  // apt.dockerproject.org is Docker's retired repository, so the API example's form is kept as legacy only.
  https('all', 'gpu-docker', 'download.docker.com', GPU_PURPOSE, AKS_LIVE, { when: { features: ['gpu'] } }),
  https(
    'all',
    'windows-oneget',
    'onegetcdn.azureedge.net',
    'Installs Windows-related binaries on Windows node pools.',
    AKS_LIVE,
    {
      when: { features: ['windows'] },
    },
  ),
  https('all', 'windows-go', 'go.microsoft.com', 'Installs Windows-related binaries on Windows node pools.', AKS_LIVE, {
    when: { features: ['windows'] },
  }),
  // The next three are documented on HTTP:80 (not 443), in a section titled "required".
  http(
    'all',
    'windows-mp',
    '*.mp.microsoft.com',
    'Installs Windows-related binaries and updates on Windows node pools.',
    AKS_LIVE,
    {
      when: { features: ['windows'] },
    },
  ),
  http(
    'all',
    'windows-msftconnecttest',
    'www.msftconnecttest.com',
    'Installs Windows-related binaries on Windows node pools (Windows connectivity check).',
    AKS_LIVE,
    { when: { features: ['windows'] } },
  ),
  http(
    'all',
    'windows-ctldl',
    'ctldl.windowsupdate.com',
    'Installs Windows-related binaries on Windows node pools (certificate trust lists).',
    AKS_LIVE,
    { when: { features: ['windows'] } },
  ),
];

// --- Azure Monitor: Container insights, managed Prometheus; Application Insights auto-instrumentation ------------

// login.microsoftonline.com (public) is listed for Monitor too; the core already requires it, so no separate entry.
const MONITORING: readonly CatalogEntry[] = [
  monitored(
    'public',
    'monitor-ods',
    '*.ods.opinsights.azure.com',
    'Log Analytics data ingestion for Container insights.',
    MONITOR_SOURCE,
  ),
  monitored(
    'public',
    'monitor-oms',
    '*.oms.opinsights.azure.com',
    'Monitoring agent (omsagent/AMA) authentication with Log Analytics.',
    MONITOR_SOURCE,
  ),
  monitored(
    'public',
    'monitor-dc',
    'dc.services.visualstudio.com',
    'Monitoring agent telemetry (Application Insights).',
    MONITOR_SOURCE,
  ),
  monitored('public', 'monitor-metrics', '*.monitoring.azure.com', 'Metrics sent to Azure Monitor.', MONITOR_SOURCE),
  monitored(
    'public',
    'monitor-global-handler',
    'global.handler.control.monitor.azure.com',
    'Azure Monitor access control service: without it the agent gets no configuration.',
    noted(MONITOR_SOURCE, 'Absent in the 2023 and 2024 versions.'),
  ),
  monitored(
    'public',
    'monitor-region-handler',
    '<region>.handler.control.monitor.azure.com',
    'Fetches the data collection rules of the cluster: without it nothing is collected.',
    noted(MONITOR_SOURCE, 'Written <cluster-region-name>; absent in the 2023 version.'),
  ),
  monitored(
    'public',
    'monitor-ingest',
    '*.ingest.monitor.azure.com',
    'Container insights logs ingestion endpoint (DCE).',
    noted(
      MONITOR_SOURCE,
      'Replaces the 2024 version’s <cluster-region-name>.ingest.monitor.azure.com (aks.public.monitor-region-ingest).',
    ),
  ),
  monitored(
    'public',
    'monitor-metrics-ingest',
    '*.metrics.ingest.monitor.azure.com',
    'Managed Prometheus metrics ingestion endpoint (DCE).',
    noted(
      MONITOR_SOURCE,
      'Replaces the 2024 version’s <cluster-region-name>.ingest.monitor.azure.com (aks.public.monitor-region-ingest).',
    ),
  ),

  monitored(
    'china',
    'monitor-ods',
    '*.ods.opinsights.azure.cn',
    'Log Analytics data ingestion for Container insights.',
    MONITOR_SOURCE,
  ),
  monitored(
    'china',
    'monitor-oms',
    '*.oms.opinsights.azure.cn',
    'Azure Monitor agent onboarding and authentication.',
    MONITOR_SOURCE,
  ),
  https(
    'china',
    'monitor-dc',
    'dc.services.visualstudio.com',
    'Monitoring agent telemetry, sent to public-cloud Application Insights.',
    noted(
      MONITOR_SOURCE,
      'The 2024 version writes dc.services.visualstudio.cn (aks.china.monitor-dc-cn); AKS-LIVE and MON write .com.',
    ),
    { when: { features: ['monitoring'] } },
  ),
  monitored(
    'china',
    'monitor-global-handler',
    'global.handler.control.monitor.azure.cn',
    'Azure Monitor access control service: without it the agent gets no configuration.',
    MONITOR_SOURCE,
  ),
  monitored(
    'china',
    'monitor-region-handler',
    '<region>.handler.control.monitor.azure.cn',
    'Fetches the data collection rules of the cluster: without it nothing is collected.',
    noted(MONITOR_SOURCE, 'Written <cluster-region-name>.'),
  ),
  monitored(
    'china',
    'monitor-ingest',
    '*.ingest.monitor.azure.cn',
    'Container insights logs ingestion endpoint (DCE).',
    noted(MONITOR_SOURCE, 'Absent in the 2024 version.'),
  ),
  monitored(
    'china',
    'monitor-metrics-ingest',
    '*.metrics.ingest.monitor.azure.cn',
    'Managed Prometheus metrics ingestion endpoint (DCE).',
    noted(MONITOR_SOURCE, 'Absent in the 2024 version.'),
  ),

  monitored(
    'usgov',
    'monitor-ods',
    '*.ods.opinsights.azure.us',
    'Log Analytics data ingestion for Container insights.',
    MONITOR_SOURCE,
  ),
  monitored(
    'usgov',
    'monitor-oms',
    '*.oms.opinsights.azure.us',
    'Azure Monitor agent onboarding and authentication.',
    MONITOR_SOURCE,
  ),
  https(
    'usgov',
    'monitor-dc',
    'dc.services.visualstudio.com',
    'Monitoring agent telemetry, sent to public-cloud Application Insights.',
    noted(
      MONITOR_SOURCE,
      'The 2024 version writes dc.services.visualstudio.us (aks.usgov.monitor-dc-us); AKS-LIVE and MON write .com.',
    ),
    { when: { features: ['monitoring'] } },
  ),
  monitored(
    'usgov',
    'monitor-global-handler',
    'global.handler.control.monitor.azure.us',
    'Azure Monitor access control service: without it the agent gets no configuration.',
    MONITOR_SOURCE,
  ),
  monitored(
    'usgov',
    'monitor-region-handler',
    '<region>.handler.control.monitor.azure.us',
    'Fetches the data collection rules of the cluster: without it nothing is collected.',
    noted(MONITOR_SOURCE, 'Written <cluster-region-name>.'),
  ),
  monitored(
    'usgov',
    'monitor-ingest',
    '*.ingest.monitor.azure.us',
    'Container insights logs ingestion endpoint (DCE).',
    noted(MONITOR_SOURCE, 'Absent in the 2024 version.'),
  ),
  monitored(
    'usgov',
    'monitor-metrics-ingest',
    '*.metrics.ingest.monitor.azure.us',
    'Managed Prometheus metrics ingestion endpoint (DCE).',
    noted(MONITOR_SOURCE, 'Absent in the 2024 version.'),
  ),

  // Application Insights auto-instrumentation: the document lists the public-cloud name for all three clouds.
  monitored(
    'public',
    'app-insights-ingest',
    '*.in.applicationinsights.azure.com',
    'Application Insights auto-instrumentation telemetry (can be narrowed to the ingestion endpoints of the connection strings).',
    noted(AKS_LIVE, 'Only in the 2026 rendering.'),
    { when: { features: ['app-insights'] } },
  ),
  https(
    'china',
    'app-insights-ingest',
    '*.in.applicationinsights.azure.com',
    'Application Insights auto-instrumentation telemetry, sent to public-cloud Application Insights.',
    noted(AKS_LIVE, 'Only in the 2026 rendering.'),
    { when: { features: ['app-insights'] } },
  ),
  https(
    'usgov',
    'app-insights-ingest',
    '*.in.applicationinsights.azure.com',
    'Application Insights auto-instrumentation telemetry, sent to public-cloud Application Insights.',
    noted(AKS_LIVE, 'Only in the 2026 rendering.'),
    { when: { features: ['app-insights'] } },
  ),
];

// --- Azure Policy add-on ----------------------------------------------------------------------------------------

const POLICY_DATA = 'Pulls the Kubernetes policies and reports compliance to the Policy service.';
const POLICY_STORE = 'Pulls the Gatekeeper artifacts of built-in policies.';

// The china and usgov tables list no telemetry endpoint for the add-on.
const POLICY: readonly CatalogEntry[] = [
  https('public', 'policy-data', 'data.policy.core.windows.net', POLICY_DATA, AKS_LIVE, {
    when: { features: ['azure-policy'] },
  }),
  https('public', 'policy-store', 'store.policy.core.windows.net', POLICY_STORE, AKS_LIVE, {
    when: { features: ['azure-policy'] },
  }),
  https(
    'public',
    'policy-telemetry',
    'dc.services.visualstudio.com',
    'Azure Policy add-on telemetry to Application Insights.',
    AKS_LIVE,
    {
      when: { features: ['azure-policy'] },
    },
  ),
  https('china', 'policy-data', 'data.policy.azure.cn', POLICY_DATA, AKS_LIVE, {
    when: { features: ['azure-policy'] },
  }),
  https('china', 'policy-store', 'store.policy.azure.cn', POLICY_STORE, AKS_LIVE, {
    when: { features: ['azure-policy'] },
  }),
  https('usgov', 'policy-data', 'data.policy.azure.us', POLICY_DATA, AKS_LIVE, {
    when: { features: ['azure-policy'] },
  }),
  https('usgov', 'policy-store', 'store.policy.azure.us', POLICY_STORE, AKS_LIVE, {
    when: { features: ['azure-policy'] },
  }),
];

// --- Microsoft Defender for Containers ------------------------------------------------------------------------------

// Defender lists login.microsoftonline.com / .us, which the public and usgov cores already require. For china it
// lists login.microsoftonline.cn, while the china core has login.chinacloudapi.cn: that one gets its own entry.
const DEFENDER_CHINA = noted(
  AKS_LIVE,
  'All Defender for Cloud features retire in Azure operated by 21Vianet on August 18, 2026; new subscriptions can no longer onboard.',
);

const DEFENDER: readonly CatalogEntry[] = [
  https(
    'public',
    'defender-ods',
    '*.ods.opinsights.azure.com',
    'Defender uploads security events to Log Analytics.',
    AKS_LIVE,
    {
      when: { features: ['defender'] },
    },
  ),
  https(
    'public',
    'defender-oms',
    '*.oms.opinsights.azure.com',
    'Defender authenticates with Log Analytics workspaces.',
    AKS_LIVE,
    {
      when: { features: ['defender'] },
    },
  ),
  // The row names no cloud (the rows around it give .us / .cn variants), so it is taken to apply in every cloud.
  https(
    'all',
    'defender-cloud',
    '*.cloud.defender.microsoft.com',
    'Defender sensor uploads security events to Microsoft Defender for Cloud.',
    noted(
      AKS_LIVE,
      'Marked "NEW" in the 2026 rendering; absent in the 2023 and 2024 versions. The row names no cloud.',
    ),
    { when: { features: ['defender'] } },
  ),
  https(
    'china',
    'defender-login',
    'login.microsoftonline.cn',
    'Microsoft Entra authentication for the Defender sensor.',
    noted(DEFENDER_CHINA, `Differs from the core's login.chinacloudapi.cn; kept as documented. ${DEFENDER_CHINA.note}`),
    { when: { features: ['defender'] } },
  ),
  https(
    'china',
    'defender-ods',
    '*.ods.opinsights.azure.cn',
    'Defender uploads security events to Log Analytics.',
    DEFENDER_CHINA,
    {
      when: { features: ['defender'] },
    },
  ),
  https(
    'china',
    'defender-oms',
    '*.oms.opinsights.azure.cn',
    'Defender authenticates with Log Analytics workspaces.',
    DEFENDER_CHINA,
    {
      when: { features: ['defender'] },
    },
  ),
  https(
    'usgov',
    'defender-ods',
    '*.ods.opinsights.azure.us',
    'Defender uploads security events to Log Analytics.',
    AKS_LIVE,
    {
      when: { features: ['defender'] },
    },
  ),
  https(
    'usgov',
    'defender-oms',
    '*.oms.opinsights.azure.us',
    'Defender authenticates with Log Analytics workspaces.',
    AKS_LIVE,
    {
      when: { features: ['defender'] },
    },
  ),
];

// --- Key Vault provider for Secrets Store CSI Driver (also Istio plug-in CA / ingress gateway, app routing) ---------

// The document writes `vault.azure.net`, with no wildcard, for public cloud; but vaults are reached as
// `<vault-name>.vault.azure.net`, and an Azure Firewall target FQDN `vault.azure.net` matches that name only, not
// any vault. The catalog therefore requires `<vault-name>.vault.azure.net` (resolved to `*.vault.azure.net`, the
// form Arc's gateway document uses) and keeps the literal form as legacy data (aks.public.keyvault-literal), so a
// rule copied from the document is explained rather than silently taken as sufficient.
const KEYVAULT: readonly CatalogEntry[] = [
  https(
    'public',
    'keyvault',
    '<vault-name>.vault.azure.net',
    'Secrets Store CSI driver pods read secrets, keys and certificates from Azure Key Vault.',
    noted(AKS_LIVE, 'The document writes vault.azure.net; the vault host name is <vault-name>.vault.azure.net.'),
    { when: { features: ['keyvault-secrets-provider'] } },
  ),
  https(
    'usgov',
    'keyvault',
    '*.vault.usgovcloudapi.net',
    'Secrets Store CSI driver pods read secrets, keys and certificates from Azure Key Vault in Azure Government.',
    noted(AKS_LIVE, 'Absent in the 2023 version; present since 2024.'),
    { when: { features: ['keyvault-secrets-provider'] } },
  ),
];

// --- Workload identity and cost analysis --------------------------------------------------------------------------

// Workload identity (new in AKS-LIVE) needs login.microsoftonline.com / login.chinacloudapi.cn /
// login.microsoftonline.us: each is in its cloud's core, so the feature adds no entry.
// Cost analysis (since 2024) needs management.* and login.* of each cloud: the core has them, except that the china
// row writes login.microsoftonline.cn (not the core's login.chinacloudapi.cn).
const COST_ANALYSIS: readonly CatalogEntry[] = [
  https(
    'china',
    'cost-analysis-login',
    'login.microsoftonline.cn',
    'Microsoft Entra ID authentication for the cost analysis add-on.',
    noted(AKS_LIVE, "Differs from the core's login.chinacloudapi.cn; kept as documented. Absent in the 2023 version."),
    { when: { features: ['cost-analysis'] } },
  ),
];

// --- Cluster extensions, marketplace extensions, GitOps -----------------------------------------------------------

// mcr.microsoft.com and *.data.mcr.microsoft.com (extension agent images) are in every cloud's core. The document
// lists no extension endpoints for china. Marketplace entries need only 'marketplace-extensions'; a marketplace
// extension is a cluster extension, so declare 'extensions' too for the data-plane endpoint.
const MARKETPLACE_DATA = 'Pulls marketplace extension images from the registry’s regional data endpoint';
const MARKETPLACE_SOURCE = noted(
  AKS_LIVE,
  'The regional data endpoints are absent in the 2023 version; present since 2024.',
);

const EXTENSIONS: readonly CatalogEntry[] = [
  https(
    'public',
    'extensions-dp',
    '<region>.dp.kubernetesconfiguration.azure.com',
    'Cluster Extensions service data plane: fetches configuration and reports extension status.',
    AKS_LIVE,
    { when: { features: ['extensions'] } },
  ),
  https(
    'public',
    'extensions-ingestion',
    '*.ingestion.msftcloudes.com',
    'Extension agents send metrics to Azure.',
    AKS_LIVE,
    {
      when: { features: ['extensions'] },
    },
  ),
  https('public', 'extensions-metrics', '*.microsoftmetrics.com', 'Extension agents send metrics to Azure.', AKS_LIVE, {
    when: { features: ['extensions'] },
  }),
  https(
    'usgov',
    'extensions-dp',
    '<region>.dp.kubernetesconfiguration.azure.us',
    'Cluster Extensions service data plane: fetches configuration and reports extension status.',
    AKS_LIVE,
    { when: { features: ['extensions'] } },
  ),
  https(
    'public',
    'marketplace-registry',
    'arcmktplaceprod.azurecr.io',
    'Pulls marketplace extension images.',
    AKS_LIVE,
    {
      when: { features: ['marketplace-extensions'] },
    },
  ),
  https(
    'public',
    'marketplace-data-centralindia',
    'arcmktplaceprod.centralindia.data.azurecr.io',
    `${MARKETPLACE_DATA} (Central India).`,
    MARKETPLACE_SOURCE,
    { when: { features: ['marketplace-extensions'] } },
  ),
  https(
    'public',
    'marketplace-data-japaneast',
    'arcmktplaceprod.japaneast.data.azurecr.io',
    `${MARKETPLACE_DATA} (Japan East).`,
    MARKETPLACE_SOURCE,
    { when: { features: ['marketplace-extensions'] } },
  ),
  https(
    'public',
    'marketplace-data-westus2',
    'arcmktplaceprod.westus2.data.azurecr.io',
    `${MARKETPLACE_DATA} (West US 2).`,
    MARKETPLACE_SOURCE,
    { when: { features: ['marketplace-extensions'] } },
  ),
  https(
    'public',
    'marketplace-data-westeurope',
    'arcmktplaceprod.westeurope.data.azurecr.io',
    `${MARKETPLACE_DATA} (West Europe).`,
    MARKETPLACE_SOURCE,
    { when: { features: ['marketplace-extensions'] } },
  ),
  https(
    'public',
    'marketplace-data-eastus',
    'arcmktplaceprod.eastus.data.azurecr.io',
    `${MARKETPLACE_DATA} (East US).`,
    MARKETPLACE_SOURCE,
    { when: { features: ['marketplace-extensions'] } },
  ),
  https(
    'public',
    'marketplace-metering',
    'marketplaceapi.microsoft.com',
    'Sends custom meter-based usage of marketplace extensions to the commerce metering API.',
    AKS_LIVE,
    { when: { features: ['marketplace-extensions'] } },
  ),
  // GitOps (Flux v2, the microsoft.flux extension). FLUX also lists management.azure.com, login.microsoftonline.com
  // and mcr.microsoft.com: all in the public core. FLUX lists public-cloud names only.
  https(
    'public',
    'gitops-dp',
    '<region>.dp.kubernetesconfiguration.azure.com',
    'Flux agents push status and fetch configuration from the Kubernetes Configuration data plane. Flux also needs TCP 22 (SSH) or 443 (HTTPS) to the Git repository itself, which is user-specific and not in the catalog.',
    FLUX,
    { when: { features: ['gitops'] } },
  ),
];

// --- Legacy: forms older versions used ----------------------------------------------------------------------------

const REMOVED_2020 = 'Absent from the 2023 and later versions.';

const LEGACY: readonly CatalogEntry[] = [
  // 2019 preview: network rules as bare ports (not in a table).
  network(
    'public',
    'tcp-443-any',
    'TCP',
    443,
    [{ kind: 'any' }],
    'Listed as a required outbound port, with no destination.',
    noted(
      AKS_2019,
      'Later versions replace it with the FQDN application rules on 443 and the conditional API server rule (aks.all.apiserver-ip-443).',
    ),
    { status: 'legacy' },
  ),
  network('public', 'dns-udp-53-any', 'UDP', 53, [{ kind: 'any' }], 'Recommended outbound port for DNS.', AKS_2019, {
    requirement: 'optional',
    status: 'legacy',
    supersededBy: 'aks.all.custom-dns',
  }),
  // 2019 preview: FQDN rules.
  https(
    'public',
    'apiserver-azmk8s',
    '*.azmk8s.io',
    'API server endpoint.',
    noted(AKS_2019, 'The ARM outboundNetworkDependenciesEndpoints example still uses *.azmk8s.io (443 and TCP 9000).'),
    {
      status: 'legacy',
      supersededBy: 'aks.public.apiserver',
    },
  ),
  https(
    'public',
    'aksrepos',
    'aksrepos.azurecr.io',
    'Images in Azure Container Registry.',
    noted(AKS_2019, 'Removed by the 2020 version; system images come from MCR.'),
    { status: 'legacy' },
  ),
  https(
    'public',
    'blob-core',
    '*.blob.core.windows.net',
    'Backend store for images stored in ACR.',
    noted(AKS_2019, 'Removed by the 2020 version; MCR storage is *.data.mcr.microsoft.com.'),
    { status: 'legacy', supersededBy: 'aks.public.mcr-data' },
  ),
  http(
    'public',
    'ubuntu-wildcard',
    '*.ubuntu.com',
    'Security patches and updates for Linux nodes.',
    noted(AKS_2019, 'Narrowed to three names in 2020.'),
    {
      requirement: 'optional',
      status: 'legacy',
      supersededBy: 'aks.all.ubuntu-security',
    },
  ),
  https(
    'public',
    'monitor-opinsights',
    '*.opinsights.azure.com',
    'Metrics and monitoring with Azure Monitor.',
    noted(AKS_2019, 'Split into *.ods.opinsights.azure.com and *.oms.opinsights.azure.com in 2020.'),
    {
      requirement: 'optional',
      status: 'legacy',
      supersededBy: 'aks.public.monitor-ods',
      when: { features: ['monitoring'] },
    },
  ),
  https(
    'public',
    'policy-gov-prod-data',
    'gov-prod-policy-data.trafficmanager.net',
    'Azure Policy add-on (preview).',
    noted(
      AKS_2020,
      'Also in the 2019 version. Absent from the 2023 and later versions, which list data.policy.core.windows.net (added in 2021: Azure/AKS#1969, as Azure/AKS#2215 reports).',
    ),
    { status: 'legacy', supersededBy: 'aks.public.policy-data', when: { features: ['azure-policy'] } },
  ),
  https(
    'public',
    'policy-raw-github',
    'raw.githubusercontent.com',
    'Azure Policy add-on pulled the built-in policies from GitHub.',
    noted(AKS_2020, 'Replaced by store.policy.core.windows.net (Gatekeeper artifacts of built-in policies).'),
    { status: 'legacy', supersededBy: 'aks.public.policy-store', when: { features: ['azure-policy'] } },
  ),
  https(
    'all',
    'gpu-dockerproject',
    'apt.dockerproject.org',
    GPU_PURPOSE,
    noted(
      AKS_2020,
      'Also in the 2019 version and the ARM outboundNetworkDependenciesEndpoints example; the 2023+ document lists download.docker.com.',
    ),
    { status: 'legacy', supersededBy: 'aks.all.gpu-docker', when: { features: ['gpu'] } },
  ),
  // 2020: MCR's old CDN, in every cloud's list.
  https(
    'public',
    'mscr-cdn',
    '*.cdn.mscr.io',
    'MCR storage backed by the Azure CDN (old CDN domain).',
    noted(AKS_2020, REMOVED_2020),
    {
      status: 'legacy',
      supersededBy: 'aks.public.mcr-data',
    },
  ),
  https(
    'china',
    'mscr-cdn',
    '*.cdn.mscr.io',
    'MCR storage backed by the Azure CDN (old CDN domain).',
    noted(AKS_2020, REMOVED_2020),
    {
      status: 'legacy',
      supersededBy: 'aks.china.mcr-data',
    },
  ),
  https(
    'usgov',
    'mscr-cdn',
    '*.cdn.mscr.io',
    'MCR storage backed by the Azure CDN (old CDN domain).',
    noted(AKS_2020, REMOVED_2020),
    {
      status: 'legacy',
      supersededBy: 'aks.usgov.mcr-data',
    },
  ),
  // Kept as printed: a leading dot with no asterisk is not a valid Azure Firewall target FQDN.
  https(
    'china',
    'mcr-data-typo',
    '.data.mcr.microsoft.com',
    'MCR storage backed by the Azure CDN.',
    noted(
      AKS_2024,
      'Printed without the asterisk in the 2020, 2023 and 2024 versions (a typo); AKS-LIVE writes *.data.mcr.microsoft.com.',
    ),
    { status: 'legacy', supersededBy: 'aks.china.mcr-data' },
  ),
  // 2020: Azure Dev Spaces, retired (https://learn.microsoft.com/previous-versions/azure/dev-spaces/); no successor.
  network(
    'public',
    'devspaces-tag',
    'TCP',
    443,
    [{ kind: 'service-tag', tag: 'AzureDevSpaces' }],
    'Azure Dev Spaces infrastructure services.',
    noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    { status: 'legacy' },
  ),
  https(
    'public',
    'devspaces-cloudflare-docker',
    'cloudflare.docker.com',
    'Azure Dev Spaces pulled Linux alpine and other images.',
    noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    { status: 'legacy' },
  ),
  https(
    'public',
    'devspaces-gcr',
    'gcr.io',
    'Azure Dev Spaces pulled helm/tiller images.',
    noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    {
      status: 'legacy',
    },
  ),
  https(
    'public',
    'devspaces-googleapis',
    'storage.googleapis.com',
    'Azure Dev Spaces pulled helm/tiller images.',
    noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    { status: 'legacy' },
  ),
  // 2024: forms AKS-LIVE and MON replaced.
  https(
    'public',
    'monitor-region-ingest',
    '<region>.ingest.monitor.azure.com',
    'Managed Prometheus metrics ingestion.',
    noted(
      AKS_2024,
      'AKS-LIVE and MON replace it with *.ingest.monitor.azure.com and *.metrics.ingest.monitor.azure.com (DCE names carry a suffix, e.g. eastus-1: MicrosoftDocs/azure-docs#121081).',
    ),
    { status: 'legacy', supersededBy: 'aks.public.monitor-metrics-ingest', when: { features: ['monitoring'] } },
  ),
  https(
    'china',
    'monitor-dc-cn',
    'dc.services.visualstudio.cn',
    'Monitoring agent telemetry.',
    noted(AKS_2024, 'AKS-LIVE and MON write dc.services.visualstudio.com (public-cloud Application Insights).'),
    { status: 'legacy', supersededBy: 'aks.china.monitor-dc', when: { features: ['monitoring'] } },
  ),
  https(
    'usgov',
    'monitor-dc-us',
    'dc.services.visualstudio.us',
    'Monitoring agent telemetry.',
    noted(AKS_2024, 'AKS-LIVE and MON write dc.services.visualstudio.com (public-cloud Application Insights).'),
    { status: 'legacy', supersededBy: 'aks.usgov.monitor-dc', when: { features: ['monitoring'] } },
  ),
  // The documented literal, not resolved: see the Key Vault comment above.
  https(
    'public',
    'keyvault-literal',
    'vault.azure.net',
    'Secrets Store CSI driver pods reach Azure Key Vault.',
    noted(
      AKS_2023,
      'Written so in every version (2023 to 2026). A rule for exactly vault.azure.net does not match <vault-name>.vault.azure.net, the name the driver calls.',
    ),
    { status: 'legacy', supersededBy: 'aks.public.keyvault', when: { features: ['keyvault-secrets-provider'] } },
  ),
];

/** AKS in Azure public cloud, Azure operated by 21Vianet and Azure US Government: core, optional, features, legacy. */
export const AKS_ENTRIES: readonly CatalogEntry[] = [
  ...PUBLIC_CORE,
  ...CHINA_CORE,
  ...USGOV_CORE,
  ...ALL_CORE,
  ...OPTIONAL,
  ...NODE_POOLS,
  ...MONITORING,
  ...POLICY,
  ...DEFENDER,
  ...KEYVAULT,
  ...COST_ANALYSIS,
  ...EXTENSIONS,
  ...LEGACY,
];
