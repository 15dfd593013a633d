import { type EntryFields, httpEntry, httpsEntry, networkEntry } from './define.ts';
import {
  AKS,
  AKS_2019,
  AKS_2020,
  AKS_2023,
  AKS_2024,
  AKS_CHANGELOG,
  DEFENDER_ARC,
  FLUX,
  MON,
  noted,
  POLICY,
} from './sources.ts';
import type { CatalogEntry, Cloud, DestinationTemplate } from './types.ts';

/*
 * AKS: the endpoints an AKS cluster must reach, for Azure public cloud, Azure operated by 21Vianet (china)
 * and Azure US Government (usgov), with the feature and add-on endpoints, and the forms older versions of
 * the documents used (`status: 'legacy'`), so the audit can explain rules written from an old version.
 *
 * Main source: "Outbound network and FQDN rules for AKS clusters" (sources.ts AKS, ms.date 06/18/2026). Where
 * an older version wrote an entry differently, `source.note` says how; where the entry departs on purpose from
 * the newest version, `deviation` says why. "Added on <date> (<commit>)" is the commit of
 * MicrosoftDocs/azure-aks-docs that first wrote the row.
 *
 * Not modelled, deliberately (documents.ts records them as deviations of the extract):
 *  - `md-*.blob.storage.azure.net` (Managed Disks internals): the document says blocking it "should not cause any issues";
 *    an asterisk in the middle of a label is not an Azure Firewall target FQDN either.
 *  - `umsa*.blob.core.windows.net` (VM agent manifests): the documents only say you "might notice traffic".
 *  - The 2024 version's table "required network rules for private clusters with NSGs" (TCP 443/4443 and UDP 9988 to the
 *    API server subnet CIDR): it is an NSG rule inside the virtual network, not egress, and a DestinationTemplate
 *    has no kind for "the API server subnet".
 *  - KEDA, Istio and application routing: the documents say add-ons not listed are covered by the core
 *    requirements; Istio (plug-in CA, ingress gateway) and application routing point to the Key Vault entries.
 *  - Key Vault for the secrets provider in china: no version of the document lists an endpoint.
 */

// --- Constructors (data only) -------------------------------------------------------------------------------

const ALL_CLOUDS: readonly Cloud[] = ['public', 'china', 'usgov'];

/** An entry's fields but kinds and clouds, which its id names: `aks.<public|china|usgov>.<name>`, `aks.all.<name>`. */
type AksFields = Omit<EntryFields, 'kinds' | 'clouds'>;

function scoped<T extends { id: string }>(fields: T): T & Pick<CatalogEntry, 'kinds' | 'clouds'> {
  const scope = fields.id.split('.')[1];
  const clouds = scope === 'all' ? ALL_CLOUDS : ALL_CLOUDS.filter((c) => c === scope);
  if (clouds.length === 0) throw new Error(`catalog id ${fields.id} names no cloud`);
  return { ...fields, kinds: ['aks'], clouds };
}

/** An FQDN reached with an application rule on HTTPS 443. */
const https = (fields: AksFields & { fqdn: string }) => httpsEntry(scoped(fields));

/** An FQDN reached with an application rule on HTTP 80. */
const http = (fields: AksFields & { fqdn: string }) => httpEntry(scoped(fields));

/** A network rule (L4) with the documented alternatives. */
const network = (fields: AksFields & Pick<CatalogEntry, 'protocol' | 'port' | 'destinations'>) =>
  networkEntry(scoped(fields));

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
 * Azure Monitor: until 2024-12-06 the document offered two options, "allow the AzureMonitor service tag" (a
 * network rule, TCP 443) or the FQDN application rules; commit 5378de9f removed the choice, and the document now
 * lists both as required: a network rule to the AzureMonitor service tag, and the FQDN rules per cloud.
 */
const monitoring = (fields: AksFields & { fqdn: string }): CatalogEntry =>
  https({ when: { features: ['monitoring'] }, ...fields });

/**
 * The tunnel ports. The public table says they are "not required for private clusters, or for clusters with the
 * konnectivity-agent enabled"; the rollout of konnectivity-agent, which replaced tunnelfront and aks-link, finished
 * in Azure public cloud in July 2022 and started in the sovereign clouds then (AKS_CHANGELOG). resolve.ts decides
 * `konnectivityAgent` per cloud and states it; see konnectivityOf there.
 */
const TUNNEL_PURPOSE =
  'Tunnelled secure communication between the nodes and the control plane, for clusters whose tunnel is tunnelfront or aks-link (not for private clusters, nor for clusters with konnectivity-agent, which tunnel over the API server FQDN on 443).';
const TUNNEL_WHEN = { privateApiServer: false, konnectivityAgent: false } as const;

/**
 * The document lists NTP as required, adding in the public table that it "isn't required for nodes provisioned
 * after March 2021" (those sync time from the Azure host). Every node running today was provisioned after March
 * 2021 (node images are replaced at every upgrade), so a blocked NTP rule is no failure.
 */
const NTP_DEVIATION =
  'Optional, not required: the public table says NTP "isn\'t required for nodes provisioned after March 2021", and every node running today was provisioned since (node images are replaced at each upgrade and node image update).';

// The china and usgov network-rule tables carry none of the public table's exclusion text ("not required for
// private clusters or clusters with konnectivity-agent"; NTP "not required for nodes provisioned after March 2021").
// Those tables were copied from the 2020 public table, which lacked the text too; the text was later added to the
// public table only. The exclusions follow from how private clusters, konnectivity and current node images work,
// not from the cloud, so they are applied in every cloud.
const SOVEREIGN_DEVIATION =
  'This cloud’s table lacks the public table’s exclusion text; the exclusion is applied as in the public table, because it follows from how the tunnel and private clusters work, not from the cloud.';

/** The tunnel ports of one cloud's table: UDP 1194 and TCP 9000, and TCP 22 in 21Vianet. */
function tunnels(cloud: Cloud): CatalogEntry[] {
  const ports = [['UDP', 1194], ['TCP', 9000], ...(cloud === 'china' ? [['TCP', 22] as const] : [])] as const;
  return ports.map(([protocol, port]) =>
    network({
      id: `aks.${cloud}.tunnel-${protocol.toLowerCase()}-${port}`,
      protocol,
      port,
      destinations: TUNNEL_ALTERNATIVES,
      purpose: port === 22 ? `China only: ${TUNNEL_PURPOSE}` : TUNNEL_PURPOSE,
      source: noted(
        AKS,
        `${cloud === 'china' && port === 1194 ? 'The tag is written "AzureCloud.Region" (no angle brackets) in this row only. ' : ''}Konnectivity rollout: ${AKS_CHANGELOG.url}.`,
      ),
      when: TUNNEL_WHEN,
      ...(cloud !== 'public' && { deviation: SOVEREIGN_DEVIATION }),
    }),
  );
}

/** The cluster's API server, for public clusters, in each cloud's FQDN table. */
const apiServer = (cloud: Cloud, fqdn: string): CatalogEntry =>
  https({
    id: `aks.${cloud}.apiserver`,
    fqdn,
    purpose:
      cloud === 'public'
        ? 'Node to API server communication, and the konnectivity-agent tunnel, which uses ALPN: a rule or TLS inspection that blocks or rewrites the ALPN extension breaks it.'
        : 'Node to API server communication.',
    source: AKS,
    when: { privateApiServer: false },
    role: 'api-server',
    ...(cloud !== 'public' && { deviation: SOVEREIGN_DEVIATION }),
  });

/** NTP, in every cloud's table. */
const ntp = (cloud: Cloud): CatalogEntry =>
  network({
    id: `aks.${cloud}.ntp`,
    protocol: 'UDP',
    port: 123,
    destinations: NTP_ALTERNATIVES,
    purpose: 'NTP time synchronization on Linux nodes provisioned before March 2021.',
    source: AKS,
    requirement: 'optional',
    deviation: cloud === 'public' ? NTP_DEVIATION : `${NTP_DEVIATION} ${SOVEREIGN_DEVIATION}`,
  });

const MONITOR_SOURCE = noted(AKS, `The same FQDNs per cloud are in "${MON.title}" (ms.date ${MON.date}).`);

// --- Core: Azure public cloud ---------------------------------------------------------------------------------

const PUBLIC_CORE: readonly CatalogEntry[] = [
  ...tunnels('public'),
  ntp('public'),
  apiServer('public', '*.hcp.<location>.azmk8s.io'),
  https({
    id: 'aks.public.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: first-party images and charts (CoreDNS, …) for create, scale and upgrade.',
    source: AKS,
  }),
  https({
    id: 'aks.public.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
    source: AKS,
  }),
  https({
    id: 'aks.public.mcr-edge',
    fqdn: 'mcr-0001.mcr-msedge.net',
    purpose: 'MCR storage backed by the Azure CDN.',
    source: noted(AKS, 'Added on 2024-06-14 (a2148a2b). Listed for public cloud only.'),
  }),
  https({
    id: 'aks.public.management',
    fqdn: 'management.azure.com',
    purpose: 'Kubernetes operations against the Azure API.',
    source: AKS,
  }),
  https({
    id: 'aks.public.login',
    fqdn: 'login.microsoftonline.com',
    purpose: 'Microsoft Entra ID authentication.',
    source: AKS,
  }),
  https({
    id: 'aks.public.packages',
    fqdn: 'packages.microsoft.com',
    purpose: 'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
    source: AKS,
  }),
  https({
    id: 'aks.public.acs-mirror',
    fqdn: 'acs-mirror.azureedge.net',
    purpose: 'Repository of required binaries such as kubenet and Azure CNI.',
    source: AKS,
  }),
  https({
    id: 'aks.public.packages-aks',
    fqdn: 'packages.aks.azure.com',
    purpose: 'Replaces acs-mirror.azureedge.net for Kubernetes and Azure CNI binaries.',
    source: noted(AKS, 'Added on 2025-02-05 (df62a500).'),
  }),
];

// --- Core: Azure operated by 21Vianet ---------------------------------------------------------------------------

const CHINA_CORE: readonly CatalogEntry[] = [
  ...tunnels('china'),
  ntp('china'),
  apiServer('china', '*.hcp.<location>.cx.prod.service.azk8s.cn'),
  https({
    id: 'aks.china.apiserver-tunnel',
    fqdn: '*.tun.<location>.cx.prod.service.azk8s.cn',
    purpose: 'Node to API server communication through the tunnel endpoint.',
    source: AKS,
    when: { privateApiServer: false },
    deviation: SOVEREIGN_DEVIATION,
  }),
  https({
    id: 'aks.china.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: first-party images and charts for create, scale and upgrade.',
    source: AKS,
  }),
  https({
    id: 'aks.china.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
    source: noted(
      AKS,
      'The 2020, 2023 and 2024 versions print ".data.mcr.microsoft.com" without the asterisk (aks.china.mcr-data-typo).',
    ),
  }),
  https({
    id: 'aks.china.management',
    fqdn: 'management.chinacloudapi.cn',
    purpose: 'Kubernetes operations against the Azure API.',
    source: AKS,
  }),
  https({
    id: 'aks.china.login',
    fqdn: 'login.chinacloudapi.cn',
    purpose: 'Microsoft Entra ID authentication.',
    source: AKS,
  }),
  https({
    id: 'aks.china.packages',
    fqdn: 'packages.microsoft.com',
    purpose: 'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
    source: AKS,
  }),
  https({
    id: 'aks.china.binaries',
    fqdn: '*.azk8s.cn',
    purpose:
      'Repository of required binaries such as kubenet and Azure CNI (the china counterpart of acs-mirror.azureedge.net).',
    source: AKS,
  }),
  https({
    id: 'aks.china.mcr-azure-cn',
    fqdn: 'mcr.azure.cn',
    purpose: 'MCR in China cloud (Mooncake): a cache of mcr.microsoft.com used for images.',
    source: noted(AKS, 'Added on 2025-03-13 (3e862686).'),
  }),
  https({
    id: 'aks.china.mcr-azure-cn-data',
    fqdn: '*.data.mcr.azure.cn',
    purpose: 'Storage of MCR in China cloud (Mooncake): where cached image layers are downloaded from.',
    source: noted(AKS, 'Added on 2025-03-13 (3e862686).'),
  }),
];

// --- Core: Azure US Government ---------------------------------------------------------------------------------

const USGOV_CORE: readonly CatalogEntry[] = [
  ...tunnels('usgov'),
  ntp('usgov'),
  apiServer('usgov', '*.hcp.<location>.cx.aks.containerservice.azure.us'),
  https({
    id: 'aks.usgov.mcr',
    fqdn: 'mcr.microsoft.com',
    purpose: 'Microsoft Container Registry: first-party images and charts for create, scale and upgrade.',
    source: AKS,
  }),
  https({
    id: 'aks.usgov.mcr-data',
    fqdn: '*.data.mcr.microsoft.com',
    purpose: 'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
    source: AKS,
  }),
  https({
    id: 'aks.usgov.management',
    fqdn: 'management.usgovcloudapi.net',
    purpose: 'Kubernetes operations against the Azure API.',
    source: AKS,
  }),
  https({
    id: 'aks.usgov.login',
    fqdn: 'login.microsoftonline.us',
    purpose: 'Microsoft Entra ID authentication.',
    source: AKS,
  }),
  https({
    id: 'aks.usgov.packages',
    fqdn: 'packages.microsoft.com',
    purpose: 'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
    source: AKS,
  }),
  https({
    id: 'aks.usgov.acs-mirror',
    fqdn: 'acs-mirror.azureedge.net',
    purpose: 'Repository of required binaries such as kubenet and Azure CNI.',
    source: AKS,
  }),
  https({
    id: 'aks.usgov.packages-aks',
    fqdn: 'packages.aks.azure.com',
    purpose: 'Replaces acs-mirror.azureedge.net for Kubernetes and Azure CNI binaries.',
    source: noted(AKS, 'Added on 2025-02-05 (df62a500).'),
  }),
];

// --- Core: rows that are the same in every cloud ------------------------------------------------------------------

const ALL_CORE: readonly CatalogEntry[] = [
  network({
    id: 'aks.all.custom-dns',
    protocol: 'UDP',
    port: 53,
    destinations: [{ kind: 'custom-dns' }],
    purpose: 'Name resolution through the custom DNS servers of the virtual network: without it nodes resolve nothing.',
    source: AKS,
    when: { features: ['custom-dns'] },
  }),
  network({
    id: 'aks.all.apiserver-ip-443',
    protocol: 'TCP',
    port: 443,
    destinations: [{ kind: 'api-server-ip' }],
    purpose:
      'Pods outside kube-system and gatekeeper-system (an ingress controller, for example) that call the API server by its IP; the pod annotation kubernetes.azure.com/set-kube-service-host-fqdn makes them use the FQDN instead.',
    source: AKS,
    when: { privateApiServer: false, features: ['api-server-access'] },
    deviation: `"This port isn't required for private clusters" is in the public table only. ${SOVEREIGN_DEVIATION}`,
  }),
];

// --- Optional: OS updates ---------------------------------------------------------------------------------------

// The "Optional recommended FQDN / application rules" section follows the three clouds' sections and names no
// cloud, so it applies to all three. Without these, nodes get OS updates only through node image or cluster upgrades.
const UBUNTU_PURPOSE =
  'Security patches and updates for Ubuntu nodes (otherwise only through node image or cluster upgrades).';

const OPTIONAL: readonly CatalogEntry[] = [
  http({
    id: 'aks.all.ubuntu-security',
    fqdn: 'security.ubuntu.com',
    purpose: UBUNTU_PURPOSE,
    source: AKS,
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
  http({
    id: 'aks.all.ubuntu-archive',
    fqdn: 'azure.archive.ubuntu.com',
    purpose: UBUNTU_PURPOSE,
    source: AKS,
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
  http({
    id: 'aks.all.ubuntu-changelogs',
    fqdn: 'changelogs.ubuntu.com',
    purpose: UBUNTU_PURPOSE,
    source: AKS,
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
  https({
    id: 'aks.all.ubuntu-snapshot',
    fqdn: 'snapshot.ubuntu.com',
    purpose: 'Security patches and updates for Ubuntu nodes from the Ubuntu snapshot service.',
    source: noted(AKS, 'Added on 2024-09-26 (70f42917).'),
    requirement: 'optional',
    when: { features: ['ubuntu'] },
  }),
];

// --- Node pools: GPU and Windows (one list in the document, no per-cloud split) -----------------------------------

const GPU_PURPOSE = 'Driver installation and operation on GPU node pools.';

const NODE_POOLS: readonly CatalogEntry[] = [
  https({
    id: 'aks.all.gpu-nvidia-github',
    fqdn: 'nvidia.github.io',
    purpose: GPU_PURPOSE,
    source: AKS,
    when: { features: ['gpu'] },
  }),
  https({
    id: 'aks.all.gpu-nvidia-download',
    fqdn: 'us.download.nvidia.com',
    purpose: GPU_PURPOSE,
    source: AKS,
    when: { features: ['gpu'] },
  }),
  // The document (2023 to 2026) lists download.docker.com; apt.dockerproject.org is the 2019/2020 form, still in the
  // ARM outboundNetworkDependenciesEndpoints SDK example. The document is the newer and the authoritative text, and
  // apt.dockerproject.org is Docker's retired repository, so the API example's form is kept as legacy only.
  https({
    id: 'aks.all.gpu-docker',
    fqdn: 'download.docker.com',
    purpose: GPU_PURPOSE,
    source: AKS,
    when: { features: ['gpu'] },
  }),
  https({
    id: 'aks.all.windows-oneget',
    fqdn: 'onegetcdn.azureedge.net',
    purpose: 'Installs Windows-related binaries on Windows node pools.',
    source: AKS,
    when: { features: ['windows'] },
  }),
  https({
    id: 'aks.all.windows-go',
    fqdn: 'go.microsoft.com',
    purpose: 'Installs Windows-related binaries on Windows node pools.',
    source: AKS,
    when: { features: ['windows'] },
  }),
  // The next three are documented on HTTP:80 (not 443), in a section titled "required".
  http({
    id: 'aks.all.windows-mp',
    fqdn: '*.mp.microsoft.com',
    purpose: 'Installs Windows-related binaries and updates on Windows node pools.',
    source: AKS,
    when: { features: ['windows'] },
  }),
  http({
    id: 'aks.all.windows-msftconnecttest',
    fqdn: 'www.msftconnecttest.com',
    purpose: 'Installs Windows-related binaries on Windows node pools (Windows connectivity check).',
    source: AKS,
    when: { features: ['windows'] },
  }),
  http({
    id: 'aks.all.windows-ctldl',
    fqdn: 'ctldl.windowsupdate.com',
    purpose: 'Installs Windows-related binaries on Windows node pools (certificate trust lists).',
    source: AKS,
    when: { features: ['windows'] },
  }),
];

// --- Azure Monitor: Container insights, managed Prometheus; Application Insights auto-instrumentation ------------

// login.microsoftonline.com (public) is listed for Monitor too; the core already requires it, so no separate entry.
const MONITORING: readonly CatalogEntry[] = [
  // The "Required network rules" table of the Monitor section names no cloud: the tag exists in every cloud.
  network({
    id: 'aks.all.monitor-service-tag',
    protocol: 'TCP',
    port: 443,
    destinations: [{ kind: 'service-tag', tag: 'AzureMonitor' }],
    purpose:
      'Metrics data and logs sent to Azure Monitor and Log Analytics (a network rule to the AzureMonitor service tag).',
    source: noted(
      AKS,
      'Until 2024-12-06 (5378de9f) the document offered the service tag or the FQDN rules as two options; it now lists both as required.',
    ),
    when: { features: ['monitoring'] },
  }),
  monitoring({
    id: 'aks.public.monitor-ods',
    fqdn: '*.ods.opinsights.azure.com',
    purpose: 'Log Analytics data ingestion for Container insights.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.public.monitor-oms',
    fqdn: '*.oms.opinsights.azure.com',
    purpose: 'Monitoring agent (omsagent/AMA) authentication with Log Analytics.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.public.monitor-dc',
    fqdn: 'dc.services.visualstudio.com',
    purpose: 'Monitoring agent telemetry (Application Insights).',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.public.monitor-metrics',
    fqdn: '*.monitoring.azure.com',
    purpose: 'Metrics sent to Azure Monitor.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.public.monitor-global-handler',
    fqdn: 'global.handler.control.monitor.azure.com',
    purpose: 'Azure Monitor access control service: without it the agent gets no configuration.',
    source: noted(MONITOR_SOURCE, 'Added on 2024-01-17 (c98d0481).'),
  }),
  monitoring({
    id: 'aks.public.monitor-region-handler',
    fqdn: '<region>.handler.control.monitor.azure.com',
    purpose: 'Fetches the data collection rules of the cluster: without it nothing is collected.',
    source: noted(MONITOR_SOURCE, 'Written <cluster-region-name>; absent in the 2023 version.'),
  }),
  monitoring({
    id: 'aks.public.monitor-ingest',
    fqdn: '*.ingest.monitor.azure.com',
    purpose: 'Container insights logs ingestion endpoint (DCE).',
    source: noted(
      MONITOR_SOURCE,
      'Replaces the 2024 version’s <cluster-region-name>.ingest.monitor.azure.com (aks.public.monitor-region-ingest).',
    ),
  }),
  monitoring({
    id: 'aks.public.monitor-metrics-ingest',
    fqdn: '*.metrics.ingest.monitor.azure.com',
    purpose: 'Managed Prometheus metrics ingestion endpoint (DCE).',
    source: noted(
      MONITOR_SOURCE,
      'Replaces the 2024 version’s <cluster-region-name>.ingest.monitor.azure.com (aks.public.monitor-region-ingest).',
    ),
  }),

  monitoring({
    id: 'aks.china.monitor-ods',
    fqdn: '*.ods.opinsights.azure.cn',
    purpose: 'Log Analytics data ingestion for Container insights.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.china.monitor-oms',
    fqdn: '*.oms.opinsights.azure.cn',
    purpose: 'Azure Monitor agent onboarding and authentication.',
    source: MONITOR_SOURCE,
  }),
  https({
    id: 'aks.china.monitor-dc',
    fqdn: 'dc.services.visualstudio.com',
    purpose: 'Monitoring agent telemetry, sent to public-cloud Application Insights.',
    source: noted(
      MONITOR_SOURCE,
      'The 2024 version writes dc.services.visualstudio.cn (aks.china.monitor-dc-cn); the current document and MON write .com.',
    ),
    when: { features: ['monitoring'] },
  }),
  monitoring({
    id: 'aks.china.monitor-global-handler',
    fqdn: 'global.handler.control.monitor.azure.cn',
    purpose: 'Azure Monitor access control service: without it the agent gets no configuration.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.china.monitor-region-handler',
    fqdn: '<region>.handler.control.monitor.azure.cn',
    purpose: 'Fetches the data collection rules of the cluster: without it nothing is collected.',
    source: noted(MONITOR_SOURCE, 'Written <cluster-region-name>.'),
  }),
  monitoring({
    id: 'aks.china.monitor-ingest',
    fqdn: '*.ingest.monitor.azure.cn',
    purpose: 'Container insights logs ingestion endpoint (DCE).',
    source: noted(MONITOR_SOURCE, 'Added on 2024-12-06 (5378de9f).'),
  }),
  monitoring({
    id: 'aks.china.monitor-metrics-ingest',
    fqdn: '*.metrics.ingest.monitor.azure.cn',
    purpose: 'Managed Prometheus metrics ingestion endpoint (DCE).',
    source: noted(MONITOR_SOURCE, 'Added on 2024-12-06 (5378de9f).'),
  }),

  monitoring({
    id: 'aks.usgov.monitor-ods',
    fqdn: '*.ods.opinsights.azure.us',
    purpose: 'Log Analytics data ingestion for Container insights.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.usgov.monitor-oms',
    fqdn: '*.oms.opinsights.azure.us',
    purpose: 'Azure Monitor agent onboarding and authentication.',
    source: MONITOR_SOURCE,
  }),
  https({
    id: 'aks.usgov.monitor-dc',
    fqdn: 'dc.services.visualstudio.com',
    purpose: 'Monitoring agent telemetry, sent to public-cloud Application Insights.',
    source: noted(
      MONITOR_SOURCE,
      'The 2024 version writes dc.services.visualstudio.us (aks.usgov.monitor-dc-us); the current document and MON write .com.',
    ),
    when: { features: ['monitoring'] },
  }),
  monitoring({
    id: 'aks.usgov.monitor-global-handler',
    fqdn: 'global.handler.control.monitor.azure.us',
    purpose: 'Azure Monitor access control service: without it the agent gets no configuration.',
    source: MONITOR_SOURCE,
  }),
  monitoring({
    id: 'aks.usgov.monitor-region-handler',
    fqdn: '<region>.handler.control.monitor.azure.us',
    purpose: 'Fetches the data collection rules of the cluster: without it nothing is collected.',
    source: noted(MONITOR_SOURCE, 'Written <cluster-region-name>.'),
  }),
  monitoring({
    id: 'aks.usgov.monitor-ingest',
    fqdn: '*.ingest.monitor.azure.us',
    purpose: 'Container insights logs ingestion endpoint (DCE).',
    source: noted(MONITOR_SOURCE, 'Added on 2024-12-06 (5378de9f).'),
  }),
  monitoring({
    id: 'aks.usgov.monitor-metrics-ingest',
    fqdn: '*.metrics.ingest.monitor.azure.us',
    purpose: 'Managed Prometheus metrics ingestion endpoint (DCE).',
    source: noted(MONITOR_SOURCE, 'Added on 2024-12-06 (5378de9f).'),
  }),

  // Application Insights auto-instrumentation: the document lists the public-cloud name for all three clouds.
  monitoring({
    id: 'aks.public.app-insights-ingest',
    fqdn: '*.in.applicationinsights.azure.com',
    purpose:
      'Application Insights auto-instrumentation telemetry (can be narrowed to the ingestion endpoints of the connection strings).',
    source: noted(AKS, 'Added on 2025-05-27 (80540a38).'),
    when: { features: ['app-insights'] },
  }),
  https({
    id: 'aks.china.app-insights-ingest',
    fqdn: '*.in.applicationinsights.azure.com',
    purpose: 'Application Insights auto-instrumentation telemetry, sent to public-cloud Application Insights.',
    source: noted(AKS, 'Added on 2025-05-27 (80540a38).'),
    when: { features: ['app-insights'] },
  }),
  https({
    id: 'aks.usgov.app-insights-ingest',
    fqdn: '*.in.applicationinsights.azure.com',
    purpose: 'Application Insights auto-instrumentation telemetry, sent to public-cloud Application Insights.',
    source: noted(AKS, 'Added on 2025-05-27 (80540a38).'),
    when: { features: ['app-insights'] },
  }),
];

// --- Azure Policy add-on ----------------------------------------------------------------------------------------

const POLICY_DATA = 'Pulls the Kubernetes policies and reports compliance to the Policy service.';
const POLICY_STORE = 'Pulls the Gatekeeper artifacts of built-in policies.';

// The china and usgov tables list no telemetry endpoint for the add-on.
const POLICY_ADDON: readonly CatalogEntry[] = [
  https({
    id: 'aks.public.policy-data',
    fqdn: 'data.policy.core.windows.net',
    purpose: POLICY_DATA,
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.public.policy-store',
    fqdn: 'store.policy.core.windows.net',
    purpose: POLICY_STORE,
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.public.policy-telemetry',
    fqdn: 'dc.services.visualstudio.com',
    purpose: 'Azure Policy add-on telemetry to Application Insights.',
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
  // Item of decision: the Policy document lists login.windows.net for the AKS add-on; the AKS document (newer, and
  // the AKS team's list for the add-on) does not. login.windows.net is an older name of the Microsoft Entra sign-in
  // service that the core requires as login.microsoftonline.com. The AKS document decides what is required; the
  // Policy document's row is kept as an optional entry, so that the allowlist shows it and a blocked rule is
  // reported without a failing verdict.
  https({
    id: 'aks.public.policy-login-windows',
    fqdn: 'login.windows.net',
    purpose:
      'Microsoft Entra sign-in under its older name, listed for the Azure Policy add-on by the Policy document but not by the AKS document.',
    source: POLICY,
    requirement: 'optional',
    when: { features: ['azure-policy'] },
    deviation:
      'Optional, not required: the AKS document (ms.date 06/18/2026), newer than the Policy document (03/04/2025) and the AKS team’s own list for the add-on, does not list it.',
  }),
  https({
    id: 'aks.china.policy-data',
    fqdn: 'data.policy.azure.cn',
    purpose: POLICY_DATA,
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.china.policy-store',
    fqdn: 'store.policy.azure.cn',
    purpose: POLICY_STORE,
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.usgov.policy-data',
    fqdn: 'data.policy.azure.us',
    purpose: POLICY_DATA,
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.usgov.policy-store',
    fqdn: 'store.policy.azure.us',
    purpose: POLICY_STORE,
    source: AKS,
    when: { features: ['azure-policy'] },
  }),
];

// --- Microsoft Defender for Containers ------------------------------------------------------------------------------

// Defender lists login.microsoftonline.com / .us, which the public and usgov cores already require. For china it
// lists login.microsoftonline.cn, while the china core has login.chinacloudapi.cn.
//
// Azure operated by 21Vianet: "all Defender for Cloud features retire on August 18, 2026" (the document's
// 21vianet-retirement include, added on 2026-01-21, 1c621aa1). The date has passed, so the china rows are kept as
// legacy data and required of no cluster.
const DEFENDER_CHINA_RETIRED = noted(
  AKS,
  "Defender for Cloud retired in Azure operated by 21Vianet on August 18, 2026 (the document's retirement include): not required of any cluster since.",
);

const DEFENDER: readonly CatalogEntry[] = [
  https({
    id: 'aks.public.defender-ods',
    fqdn: '*.ods.opinsights.azure.com',
    purpose: 'Defender uploads security events to Log Analytics.',
    source: AKS,
    when: { features: ['defender'] },
  }),
  https({
    id: 'aks.public.defender-oms',
    fqdn: '*.oms.opinsights.azure.com',
    purpose: 'Defender authenticates with Log Analytics workspaces.',
    source: AKS,
    when: { features: ['defender'] },
  }),
  https({
    id: 'aks.public.defender-cloud',
    fqdn: '*.cloud.defender.microsoft.com',
    purpose: 'The Defender sensor uploads security events to Microsoft Defender for Cloud.',
    source: noted(AKS, 'Added on 2025-07-03 (5c524afc).'),
    when: { features: ['defender'] },
    deviation: `Azure public cloud only: the AKS row names no cloud, and Defender's own table for the sensor gives "N/A" for Azure Government and 21Vianet (${DEFENDER_ARC.url}).`,
  }),
  https({
    id: 'aks.usgov.defender-ods',
    fqdn: '*.ods.opinsights.azure.us',
    purpose: 'Defender uploads security events to Log Analytics.',
    source: AKS,
    when: { features: ['defender'] },
  }),
  https({
    id: 'aks.usgov.defender-oms',
    fqdn: '*.oms.opinsights.azure.us',
    purpose: 'Defender authenticates with Log Analytics workspaces.',
    source: AKS,
    when: { features: ['defender'] },
  }),
  // Retired with Defender in Azure operated by 21Vianet.
  ...(
    [
      ['defender-login', 'login.microsoftonline.cn', 'Microsoft Entra authentication for the Defender sensor.'],
      ['defender-ods', '*.ods.opinsights.azure.cn', 'Defender uploads security events to Log Analytics.'],
      ['defender-oms', '*.oms.opinsights.azure.cn', 'Defender authenticates with Log Analytics workspaces.'],
    ] as const
  ).map(([name, fqdn, purpose]) =>
    https({
      id: `aks.china.${name}`,
      fqdn,
      purpose,
      source: DEFENDER_CHINA_RETIRED,
      status: 'legacy',
      when: { features: ['defender'] },
    }),
  ),
];

// --- Key Vault provider for Secrets Store CSI Driver (also Istio plug-in CA / ingress gateway, app routing) ---------

// The document writes `vault.azure.net`, with no wildcard, for public cloud; but vaults are reached as
// `<vault-name>.vault.azure.net`, and an Azure Firewall target FQDN `vault.azure.net` matches that name only, not
// any vault. The catalog therefore requires `<vault-name>.vault.azure.net` (resolved to `*.vault.azure.net`, the
// form Arc's gateway document uses) and keeps the literal form as legacy data (aks.public.keyvault-literal), so a
// rule copied from the document is explained rather than silently taken as sufficient.
const KEYVAULT: readonly CatalogEntry[] = [
  https({
    id: 'aks.public.keyvault',
    fqdn: '<vault-name>.vault.azure.net',
    purpose: 'Secrets Store CSI driver pods read secrets, keys and certificates from Azure Key Vault.',
    source: AKS,
    when: { features: ['keyvault-secrets-provider'] },
    deviation:
      'The document writes vault.azure.net, which as an Azure Firewall target FQDN matches that one name and no vault; a vault is reached as <vault-name>.vault.azure.net (the form of the Arc gateway page), resolved to *.vault.azure.net since the resource does not name the vaults. The literal form is kept as aks.public.keyvault-literal.',
  }),
  https({
    id: 'aks.usgov.keyvault',
    fqdn: '*.vault.usgovcloudapi.net',
    purpose:
      'Secrets Store CSI driver pods read secrets, keys and certificates from Azure Key Vault in Azure Government.',
    source: noted(AKS, 'Added on 2024-10-10 (f9be3faa).'),
    when: { features: ['keyvault-secrets-provider'] },
  }),
];

// --- Workload identity and cost analysis --------------------------------------------------------------------------

// Workload identity (added on 2024-12-07) needs login.microsoftonline.com / login.chinacloudapi.cn /
// login.microsoftonline.us: each is in its cloud's core, so the feature adds no entry.
// Cost analysis (since 2024) needs management.* and login.* of each cloud: the core has them, except that the china
// row writes login.microsoftonline.cn (not the core's login.chinacloudapi.cn).
const COST_ANALYSIS: readonly CatalogEntry[] = [
  https({
    id: 'aks.china.cost-analysis-login',
    fqdn: 'login.microsoftonline.cn',
    purpose: 'Microsoft Entra ID authentication for the cost analysis add-on.',
    source: noted(
      AKS,
      "Differs from the core's login.chinacloudapi.cn; kept as documented. Added on 2023-06-13 (2d1277dc).",
    ),
    when: { features: ['cost-analysis'] },
  }),
];

// --- Cluster extensions, marketplace extensions, GitOps -----------------------------------------------------------

// mcr.microsoft.com and *.data.mcr.microsoft.com (extension agent images) are in every cloud's core. The document
// lists no extension endpoints for china. Marketplace entries need only 'marketplace-extensions'; a marketplace
// extension is a cluster extension, so declare 'extensions' too for the data-plane endpoint.
const MARKETPLACE_DATA = 'Pulls marketplace extension images from the registry’s regional data endpoint';
const MARKETPLACE_SOURCE = noted(AKS, 'The regional data endpoints were added on 2023-12-06 (7c799c01).');

const EXTENSIONS: readonly CatalogEntry[] = [
  https({
    id: 'aks.public.extensions-dp',
    fqdn: '<region>.dp.kubernetesconfiguration.azure.com',
    purpose: 'Cluster Extensions service data plane: fetches configuration and reports extension status.',
    source: AKS,
    when: { features: ['extensions'] },
  }),
  https({
    id: 'aks.public.extensions-ingestion',
    fqdn: '*.ingestion.msftcloudes.com',
    purpose: 'Extension agents send metrics to Azure.',
    source: AKS,
    when: { features: ['extensions'] },
  }),
  https({
    id: 'aks.public.extensions-metrics',
    fqdn: '*.microsoftmetrics.com',
    purpose: 'Extension agents send metrics to Azure.',
    source: AKS,
    when: { features: ['extensions'] },
  }),
  https({
    id: 'aks.usgov.extensions-dp',
    fqdn: '<region>.dp.kubernetesconfiguration.azure.us',
    purpose: 'Cluster Extensions service data plane: fetches configuration and reports extension status.',
    source: AKS,
    when: { features: ['extensions'] },
  }),
  https({
    id: 'aks.public.marketplace-registry',
    fqdn: 'arcmktplaceprod.azurecr.io',
    purpose: 'Pulls marketplace extension images.',
    source: AKS,
    when: { features: ['marketplace-extensions'] },
  }),
  ...(
    [
      ['centralindia', 'Central India'],
      ['japaneast', 'Japan East'],
      ['westus2', 'West US 2'],
      ['westeurope', 'West Europe'],
      ['eastus', 'East US'],
    ] as const
  ).map(([region, name]) =>
    https({
      id: `aks.public.marketplace-data-${region}`,
      fqdn: `arcmktplaceprod.${region}.data.azurecr.io`,
      purpose: `${MARKETPLACE_DATA} (${name}).`,
      source: MARKETPLACE_SOURCE,
      when: { features: ['marketplace-extensions'] },
    }),
  ),
  https({
    id: 'aks.public.marketplace-metering',
    fqdn: 'marketplaceapi.microsoft.com',
    purpose: 'Sends custom meter-based usage of marketplace extensions to the commerce metering API.',
    source: AKS,
    when: { features: ['marketplace-extensions'] },
  }),
  // GitOps (Flux v2, the microsoft.flux extension). FLUX also lists management.azure.com, login.microsoftonline.com
  // and mcr.microsoft.com: all in the public core. FLUX lists public-cloud names only.
  https({
    id: 'aks.public.gitops-dp',
    fqdn: '<region>.dp.kubernetesconfiguration.azure.com',
    purpose:
      'Flux agents push status and fetch configuration from the Kubernetes Configuration data plane. Flux also needs TCP 22 (SSH) or 443 (HTTPS) to the Git repository itself, which is user-specific and not in the catalog.',
    source: FLUX,
    when: { features: ['gitops'] },
  }),
];

// --- Legacy: forms older versions used ----------------------------------------------------------------------------

const REMOVED_2020 = 'Absent from the 2023 and later versions.';

const LEGACY: readonly CatalogEntry[] = [
  // 2019 preview: network rules as bare ports (not in a table).
  network({
    id: 'aks.public.tcp-443-any',
    protocol: 'TCP',
    port: 443,
    destinations: [{ kind: 'any' }],
    purpose: 'Listed as a required outbound port, with no destination.',
    source: noted(
      AKS_2019,
      'Later versions replace it with the FQDN application rules on 443 and the conditional API server rule (aks.all.apiserver-ip-443).',
    ),
    status: 'legacy',
  }),
  network({
    id: 'aks.public.dns-udp-53-any',
    protocol: 'UDP',
    port: 53,
    destinations: [{ kind: 'any' }],
    purpose: 'Recommended outbound port for DNS.',
    source: AKS_2019,
    requirement: 'optional',
    status: 'legacy',
    supersededBy: 'aks.all.custom-dns',
  }),
  // 2019 preview: FQDN rules.
  https({
    id: 'aks.public.apiserver-azmk8s',
    fqdn: '*.azmk8s.io',
    purpose: 'API server endpoint.',
    source: noted(
      AKS_2019,
      'The ARM outboundNetworkDependenciesEndpoints example still uses *.azmk8s.io (443 and TCP 9000).',
    ),
    status: 'legacy',
    supersededBy: 'aks.public.apiserver',
  }),
  https({
    id: 'aks.public.aksrepos',
    fqdn: 'aksrepos.azurecr.io',
    purpose: 'Images in Azure Container Registry.',
    source: noted(AKS_2019, 'Removed by the 2020 version; system images come from MCR.'),
    status: 'legacy',
  }),
  https({
    id: 'aks.public.blob-core',
    fqdn: '*.blob.core.windows.net',
    purpose: 'Backend store for images stored in ACR.',
    source: noted(AKS_2019, 'Removed by the 2020 version; MCR storage is *.data.mcr.microsoft.com.'),
    status: 'legacy',
    supersededBy: 'aks.public.mcr-data',
  }),
  http({
    id: 'aks.public.ubuntu-wildcard',
    fqdn: '*.ubuntu.com',
    purpose: 'Security patches and updates for Linux nodes.',
    source: noted(AKS_2019, 'Narrowed to three names in 2020.'),
    requirement: 'optional',
    status: 'legacy',
    supersededBy: 'aks.all.ubuntu-security',
  }),
  https({
    id: 'aks.public.monitor-opinsights',
    fqdn: '*.opinsights.azure.com',
    purpose: 'Metrics and monitoring with Azure Monitor.',
    source: noted(AKS_2019, 'Split into *.ods.opinsights.azure.com and *.oms.opinsights.azure.com in 2020.'),
    requirement: 'optional',
    status: 'legacy',
    supersededBy: 'aks.public.monitor-ods',
    when: { features: ['monitoring'] },
  }),
  https({
    id: 'aks.public.policy-gov-prod-data',
    fqdn: 'gov-prod-policy-data.trafficmanager.net',
    purpose: 'Azure Policy add-on (preview).',
    source: noted(
      AKS_2020,
      'Also in the 2019 version. Absent from the 2023 and later versions, which list data.policy.core.windows.net (added in 2021: Azure/AKS#1969, as Azure/AKS#2215 reports).',
    ),
    status: 'legacy',
    supersededBy: 'aks.public.policy-data',
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.public.policy-raw-github',
    fqdn: 'raw.githubusercontent.com',
    purpose: 'Azure Policy add-on pulled the built-in policies from GitHub.',
    source: noted(AKS_2020, 'Replaced by store.policy.core.windows.net (Gatekeeper artifacts of built-in policies).'),
    status: 'legacy',
    supersededBy: 'aks.public.policy-store',
    when: { features: ['azure-policy'] },
  }),
  https({
    id: 'aks.all.gpu-dockerproject',
    fqdn: 'apt.dockerproject.org',
    purpose: GPU_PURPOSE,
    source: noted(
      AKS_2020,
      'Also in the 2019 version and the ARM outboundNetworkDependenciesEndpoints example; the 2023+ document lists download.docker.com.',
    ),
    status: 'legacy',
    supersededBy: 'aks.all.gpu-docker',
    when: { features: ['gpu'] },
  }),
  // 2020: MCR's old CDN, in every cloud's list.
  https({
    id: 'aks.public.mscr-cdn',
    fqdn: '*.cdn.mscr.io',
    purpose: 'MCR storage backed by the Azure CDN (old CDN domain).',
    source: noted(AKS_2020, REMOVED_2020),
    status: 'legacy',
    supersededBy: 'aks.public.mcr-data',
  }),
  https({
    id: 'aks.china.mscr-cdn',
    fqdn: '*.cdn.mscr.io',
    purpose: 'MCR storage backed by the Azure CDN (old CDN domain).',
    source: noted(AKS_2020, REMOVED_2020),
    status: 'legacy',
    supersededBy: 'aks.china.mcr-data',
  }),
  https({
    id: 'aks.usgov.mscr-cdn',
    fqdn: '*.cdn.mscr.io',
    purpose: 'MCR storage backed by the Azure CDN (old CDN domain).',
    source: noted(AKS_2020, REMOVED_2020),
    status: 'legacy',
    supersededBy: 'aks.usgov.mcr-data',
  }),
  // Kept as printed: a leading dot with no asterisk is not a valid Azure Firewall target FQDN.
  https({
    id: 'aks.china.mcr-data-typo',
    fqdn: '.data.mcr.microsoft.com',
    purpose: 'MCR storage backed by the Azure CDN.',
    source: noted(
      AKS_2024,
      'Printed without the asterisk in the 2020, 2023 and 2024 versions (a typo); the current document writes *.data.mcr.microsoft.com.',
    ),
    status: 'legacy',
    supersededBy: 'aks.china.mcr-data',
  }),
  // 2020: Azure Dev Spaces, retired (https://learn.microsoft.com/previous-versions/azure/dev-spaces/); no successor.
  network({
    id: 'aks.public.devspaces-tag',
    protocol: 'TCP',
    port: 443,
    destinations: [{ kind: 'service-tag', tag: 'AzureDevSpaces' }],
    purpose: 'Azure Dev Spaces infrastructure services.',
    source: noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    status: 'legacy',
  }),
  https({
    id: 'aks.public.devspaces-cloudflare-docker',
    fqdn: 'cloudflare.docker.com',
    purpose: 'Azure Dev Spaces pulled Linux alpine and other images.',
    source: noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    status: 'legacy',
  }),
  https({
    id: 'aks.public.devspaces-gcr',
    fqdn: 'gcr.io',
    purpose: 'Azure Dev Spaces pulled helm/tiller images.',
    source: noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    status: 'legacy',
  }),
  https({
    id: 'aks.public.devspaces-googleapis',
    fqdn: 'storage.googleapis.com',
    purpose: 'Azure Dev Spaces pulled helm/tiller images.',
    source: noted(AKS_2020, `Azure Dev Spaces is retired. ${REMOVED_2020}`),
    status: 'legacy',
  }),
  // 2024: forms the current document and MON replaced.
  https({
    id: 'aks.public.monitor-region-ingest',
    fqdn: '<region>.ingest.monitor.azure.com',
    purpose: 'Managed Prometheus metrics ingestion.',
    source: noted(
      AKS_2024,
      'the current document and MON replace it with *.ingest.monitor.azure.com and *.metrics.ingest.monitor.azure.com (DCE names carry a suffix, e.g. eastus-1: MicrosoftDocs/azure-docs#121081).',
    ),
    status: 'legacy',
    supersededBy: 'aks.public.monitor-metrics-ingest',
    when: { features: ['monitoring'] },
  }),
  https({
    id: 'aks.china.monitor-dc-cn',
    fqdn: 'dc.services.visualstudio.cn',
    purpose: 'Monitoring agent telemetry.',
    source: noted(
      AKS_2024,
      'the current document and MON write dc.services.visualstudio.com (public-cloud Application Insights).',
    ),
    status: 'legacy',
    supersededBy: 'aks.china.monitor-dc',
    when: { features: ['monitoring'] },
  }),
  https({
    id: 'aks.usgov.monitor-dc-us',
    fqdn: 'dc.services.visualstudio.us',
    purpose: 'Monitoring agent telemetry.',
    source: noted(
      AKS_2024,
      'the current document and MON write dc.services.visualstudio.com (public-cloud Application Insights).',
    ),
    status: 'legacy',
    supersededBy: 'aks.usgov.monitor-dc',
    when: { features: ['monitoring'] },
  }),
  // The documented literal, not resolved: see the Key Vault comment above.
  https({
    id: 'aks.public.keyvault-literal',
    fqdn: 'vault.azure.net',
    purpose: 'Secrets Store CSI driver pods reach Azure Key Vault.',
    source: noted(
      AKS_2023,
      'Written so in every version (2023 to 2026). A rule for exactly vault.azure.net does not match <vault-name>.vault.azure.net, the name the driver calls.',
    ),
    status: 'legacy',
    supersededBy: 'aks.public.keyvault',
    when: { features: ['keyvault-secrets-provider'] },
  }),
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
  ...POLICY_ADDON,
  ...DEFENDER,
  ...KEYVAULT,
  ...COST_ANALYSIS,
  ...EXTENSIONS,
  ...LEGACY,
];
