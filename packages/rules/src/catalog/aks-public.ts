import type { CatalogEntry, SourceDocument } from './types.ts';

// "Outbound network and FQDN rules for Azure Kubernetes Service (AKS) clusters", the version rendered on
// learn.microsoft.com in January 2026 (see shared research notes, key AKS-LIVE); rows that older versions
// lack say so in their note.
const AKS_OUTBOUND: SourceDocument = {
  title: 'Outbound network and FQDN rules for Azure Kubernetes Service (AKS) clusters',
  url: 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
  date: '2026-01-26',
};

const TUNNEL_ALTERNATIVES = [
  { kind: 'any' },
  { kind: 'service-tag', tag: 'AzureCloud.<region>' },
  { kind: 'api-server-ip' },
] as const satisfies CatalogEntry['destinations'];

const https = (id: string, pattern: string, purpose: string, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
  id: `aks.public.${id}`,
  kinds: ['aks'],
  clouds: ['public'],
  destinations: [{ kind: 'fqdn', pattern }],
  protocol: 'TCP',
  port: 443,
  applicationProtocol: 'Https',
  requirement: 'required',
  purpose,
  source: AKS_OUTBOUND,
  ...extra,
});

/** AKS in Azure public cloud: the required network rules and FQDN rules. */
export const AKS_PUBLIC: readonly CatalogEntry[] = [
  {
    id: 'aks.public.tunnel-udp-1194',
    kinds: ['aks'],
    clouds: ['public'],
    destinations: TUNNEL_ALTERNATIVES,
    protocol: 'UDP',
    port: 1194,
    requirement: 'required',
    when: { privateApiServer: false },
    purpose:
      'Tunnelled secure communication between the nodes and the control plane (not for private clusters or clusters with konnectivity-agent).',
    source: AKS_OUTBOUND,
  },
  {
    id: 'aks.public.tunnel-tcp-9000',
    kinds: ['aks'],
    clouds: ['public'],
    destinations: TUNNEL_ALTERNATIVES,
    protocol: 'TCP',
    port: 9000,
    requirement: 'required',
    when: { privateApiServer: false },
    purpose:
      'Tunnelled secure communication between the nodes and the control plane (not for private clusters or clusters with konnectivity-agent).',
    source: AKS_OUTBOUND,
  },
  {
    id: 'aks.public.ntp',
    kinds: ['aks'],
    clouds: ['public'],
    destinations: [{ kind: 'any' }, { kind: 'fqdn', pattern: 'ntp.ubuntu.com' }],
    protocol: 'UDP',
    port: 123,
    // Optional, deliberately: the 2023 and 2024 versions say "This isn't required for nodes provisioned
    // after March 2021" (nodes sync time from the Azure host); flagging it as blocked would be a false alarm.
    requirement: 'optional',
    purpose: 'NTP time synchronization on Linux nodes provisioned before March 2021.',
    source: {
      ...AKS_OUTBOUND,
      note: 'Listed as required, with the note that nodes provisioned after March 2021 do not need it.',
    },
  },
  https(
    'apiserver',
    '*.hcp.<location>.azmk8s.io',
    'Node to API server communication (and konnectivity-agent, which also needs ALPN intact).',
    {
      when: { privateApiServer: false },
    },
  ),
  https(
    'mcr',
    'mcr.microsoft.com',
    'Microsoft Container Registry: first-party images and charts (CoreDNS, …) for create, scale and upgrade.',
  ),
  https(
    'mcr-data',
    '*.data.mcr.microsoft.com',
    'MCR storage backed by the Azure CDN: where image layers are downloaded from.',
  ),
  https('mcr-edge', 'mcr-0001.mcr-msedge.net', 'MCR storage backed by the Azure CDN.', {
    source: { ...AKS_OUTBOUND, note: 'Absent in the 2023 version; present since 2024.' },
  }),
  https('management', 'management.azure.com', 'Kubernetes operations against the Azure API.'),
  https('login', 'login.microsoftonline.com', 'Microsoft Entra ID authentication.'),
  https(
    'packages',
    'packages.microsoft.com',
    'Microsoft packages repository used for cached apt-get operations (Moby, PowerShell, Azure CLI).',
  ),
  https('acs-mirror', 'acs-mirror.azureedge.net', 'Repository of required binaries such as kubenet and Azure CNI.'),
  https(
    'packages-aks',
    'packages.aks.azure.com',
    'Replaces acs-mirror.azureedge.net for Kubernetes and Azure CNI binaries.',
    {
      source: { ...AKS_OUTBOUND, note: 'Only in the 2026 rendering; absent in the 2023 and 2024 versions.' },
    },
  ),
];
