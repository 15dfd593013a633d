import type { FqdnTagDefinition, SourceDocument } from './types.ts';

/** AKS-FW: MicrosoftDocs/azure-aks-docs articles/aks/limit-egress-traffic.md @05b919ce, ms.date 12/05/2023. */
const AKS_FW: SourceDocument = {
  title: 'Limit network traffic with Azure Firewall in Azure Kubernetes Service (AKS)',
  url: 'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
  date: '2023-12-05',
  note: 'Says the AzureKubernetesService FQDN tag "contains all the FQDNs listed in Outbound network and FQDN rules for AKS clusters and is automatically updated". The tag contents are not published anywhere.',
};

const issue = (title: string, url: string, date: string, note: string): SourceDocument => ({ title, url, date, note });

const AKS_2215 = issue(
  'AzureKubernetesService FQDN tag not updated after Azure Policy Egress changes',
  'https://github.com/Azure/AKS/issues/2215',
  '2021-03-23',
  'A user saw data.policy.core.windows.net denied with the tag while the older Azure Policy FQDNs were allowed; the title names store.policy.core.windows.net too. The issue is closed; the thread read does not show whether the tag was updated since.',
);

const AKS_5419 = issue(
  '[BUG] AKSUbuntu-2204gen2containerd-202510.19.1 image has outgoing traffic to new FQDNs',
  'https://github.com/Azure/AKS/issues/5419',
  '2025-11-05',
  'Blocked by Azure Firewall although the AzureKubernetesService tag was allowed. AKS answered that the node image should not call them and fixed the image (node image 20251112); they were not added to the tag.',
);

/**
 * Azure Firewall's `AzureKubernetesService` FQDN tag (application rules only: network-rule needs such as UDP 1194,
 * TCP 9000 or NTP can never be covered by it).
 *
 * `covers`: the core required and the optional FQDN entries of "Outbound network and FQDN rules for AKS clusters",
 * in every cloud. Feature and add-on entries (GPU, Windows, Monitor, Policy, Defender, Key Vault, extensions,
 * GitOps) are left out: AKS-FW's sentence could be read to include them, but a Microsoft reference-architecture
 * maintainer wrote that the tag "only covers the core AKS service, no addons or extensions"
 * (https://github.com/mspnp/aks-baseline/issues/289, 2022-02-24), and the known gaps below are mostly add-on names.
 * Leaving an entry out makes the audit say "unknown" for it, never "allowed".
 * packages.aks.azure.com and mcr-0001.mcr-msedge.net are covered: the tag is "automatically updated" with the
 * document, and Azure/AKS#4792 (2025-02-12) says users of the tag need no action for packages.aks.azure.com.
 * Legacy entries are not listed: what the tag holds of retired names is unknown.
 *
 * `knownGaps`: names users reported blocked while the tag was allowed, each with the report. Not listed, because the
 * report gives no name or is about a port only: MicrosoftDocs/azure-docs#110914 (2023-06-15, "monitor" endpoints
 * denied, names only in a screenshot) and Azure/AKS#2216 (2021-03-23, changelogs.ubuntu.com allowed on 80 but
 * denied on 443, where the documents say 80).
 */
export const FQDN_TAGS: readonly FqdnTagDefinition[] = [
  {
    tag: 'AzureKubernetesService',
    covers: [
      // Azure public cloud
      'aks.public.apiserver',
      'aks.public.mcr',
      'aks.public.mcr-data',
      'aks.public.mcr-edge',
      'aks.public.management',
      'aks.public.login',
      'aks.public.packages',
      'aks.public.acs-mirror',
      'aks.public.packages-aks',
      // Azure operated by 21Vianet
      'aks.china.apiserver',
      'aks.china.apiserver-tunnel',
      'aks.china.mcr',
      'aks.china.mcr-data',
      'aks.china.management',
      'aks.china.login',
      'aks.china.packages',
      'aks.china.binaries',
      'aks.china.mcr-azure-cn',
      'aks.china.mcr-azure-cn-data',
      // Azure US Government
      'aks.usgov.apiserver',
      'aks.usgov.mcr',
      'aks.usgov.mcr-data',
      'aks.usgov.management',
      'aks.usgov.login',
      'aks.usgov.packages',
      'aks.usgov.acs-mirror',
      'aks.usgov.packages-aks',
      // Optional (recommended), every cloud
      'aks.all.ubuntu-security',
      'aks.all.ubuntu-archive',
      'aks.all.ubuntu-changelogs',
      'aks.all.ubuntu-snapshot',
    ],
    knownGaps: [
      {
        pattern: 'mcrprod.azurecr.io',
        source: issue(
          'AzureKubernetesService FQDN tag & MCR',
          'https://github.com/mspnp/aks-baseline/issues/457',
          '2026-06-16',
          'Workloads went unhealthy when mcrprod.azurecr.io was blocked with only the tag allowed; the maintainers raised it with the AKS team.',
        ),
      },
      { pattern: 'esm.ubuntu.com', source: AKS_5419 },
      { pattern: 'developer.download.nvidia.com', source: AKS_5419 },
      {
        pattern: 'ami.cloud-dev.defender.microsoft.com',
        source: issue(
          '[Question] AKS Nodes trying to reach ami.cloud-dev.defender.microsoft.com',
          'https://github.com/Azure/AKS/issues/4901',
          '2025-03-31',
          'Blocked (on port 80) with the AzureKubernetesService tag allowed; traced to the Defender components, not AKS core.',
        ),
      },
      { pattern: 'data.policy.core.windows.net', source: AKS_2215 },
      { pattern: 'store.policy.core.windows.net', source: AKS_2215 },
      {
        pattern: 'eastus2.monitoring.azure.com',
        source: issue(
          'Removed unnecessary FQDNs from ApplicationRuleCollectionGroup as they are included by AzureKubernetesService FQDN Tag',
          'https://github.com/mspnp/aks-baseline/pull/200',
          '2021-06-01',
          'Review comment: "The only [FQDN] not included in AKS tag is eastus2.monitoring.azure.com". Reported for eastus2; the regional <region>.monitoring.azure.com names of other regions are presumably alike but not reported.',
        ),
      },
    ],
    source: AKS_FW,
  },
];
