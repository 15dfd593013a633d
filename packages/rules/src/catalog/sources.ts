import type { SourceDocument } from './types.ts';

/*
 * The documents the catalog is built from: the newest version of each (repository, path, commit and the
 * front matter's ms.date), and the older versions whose forms the catalog keeps as legacy data.
 * fixtures/docs/ holds an extract of the endpoint tables of each document that has them (documents.ts says
 * which); README "The endpoints command" says how to refresh them.
 */

const AKS_TITLE = 'Outbound network and FQDN rules for Azure Kubernetes Service (AKS) clusters';
const AKS_URL = 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress';

/** The newest version of the AKS document (ms.date 06/18/2026). */
export const AKS: SourceDocument = {
  title: AKS_TITLE,
  url: AKS_URL,
  date: '2026-06-18',
  file: {
    repository: 'MicrosoftDocs/azure-aks-docs',
    path: 'articles/aks/outbound-rules-control-egress.md',
    commit: 'ccbb339ba694585c6436541c025c50c62a308c98',
    committed: '2026-07-02',
  },
};

/**
 * The version of the same article that the catalog followed until 2026: a rendering of January 2026. Kept only
 * as the date older notes compare with.
 */
export const AKS_2024: SourceDocument = {
  title: AKS_TITLE,
  url: AKS_URL,
  date: '2024-12-11',
  file: {
    repository: 'MicrosoftDocs/azure-aks-docs',
    path: 'articles/aks/outbound-rules-control-egress.md',
    commit: '126786f0',
  },
  note: 'Front matter ms.date 06/13/2023 although the body is newer; another stored version of the same text shows 12/11/2024.',
};

export const AKS_2023: SourceDocument = {
  title: AKS_TITLE,
  url: AKS_URL,
  date: '2023-06-13',
  file: {
    repository: 'MicrosoftDocs/azure-docs',
    path: 'articles/aks/outbound-rules-control-egress.md',
    commit: '003403f2',
  },
};

/** The article before "Outbound network and FQDN rules" existed (limit-egress-traffic.md): the project's starting copies. */
const limitEgress = (fields: { title: string; date: string }): SourceDocument => ({
  ...fields,
  url: 'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
  file: { repository: 'MicrosoftDocs/azure-docs', path: 'articles/aks/limit-egress-traffic.md' },
  note: 'Commit not known: the copy this project started from.',
});

/** The 2020 article (ms.date 06/29/2020). */
export const AKS_2020 = limitEgress({
  title: 'Control egress traffic for cluster nodes in Azure Kubernetes Service (AKS)',
  date: '2020-06-29',
});

/** The 2019 preview article (ms.date 05/14/2019). */
export const AKS_2019 = limitEgress({
  title: 'Preview - Limit egress traffic for cluster nodes and control access to required ports and services in AKS',
  date: '2019-05-14',
});

/** The AKS release notes: where the konnectivity-agent rollout was announced (2021–2022). */
export const AKS_CHANGELOG: SourceDocument = {
  title: 'Azure Kubernetes Service Changelog',
  url: 'https://github.com/Azure/AKS/blob/master/CHANGELOG.md',
  date: '2026-08-07',
  file: {
    repository: 'Azure/AKS',
    path: 'CHANGELOG.md',
    commit: '8d1c890900df47080a5a3a0de0ad06da110af845',
    committed: '2026-08-07',
  },
  note: 'Release 2021-11-04: konnectivity replaces tunnelfront/aks-link region by region; 2021-11-18: rolled back; 2021-12-9: halted until the new year; 2022-02-17 to 2022-06-26: the rollout continues; 2022-07-03: done for most regions, the rest that week; 2022-08-07 (and the releases of July 2022): "Konnectivity rollout is finished in global and started in Sovereign (China, USGov)". No later release announces the end of the sovereign rollout.',
};

/** How to tell whether a cluster runs konnectivity-agent (the KMS page's note). */
export const AKS_KONNECTIVITY_CHECK: SourceDocument = {
  title: 'Add Key Management Service etcd encryption to an AKS cluster',
  url: 'https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption',
  date: '2025-12-22',
  file: {
    repository: 'MicrosoftDocs/azure-aks-docs',
    path: 'articles/aks/use-kms-etcd-encryption.md',
    commit: 'fd6ea71546ee8a536b4184980886d1a33d58ab3b',
    committed: '2026-07-24',
  },
  note: '"You can use kubectl get pods -n kube-system to verify the results and show that a konnectivity-agent pod is running. If a pod is running, the AKS cluster is using Konnectivity."',
};

/** MON: the Azure Monitor team's list per cloud, for AKS and Arc-enabled clusters alike. */
export const MON: SourceDocument = {
  title: 'Network firewall requirements for monitoring Kubernetes clusters',
  url: 'https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-firewall',
  date: '2025-08-25',
  file: {
    repository: 'MicrosoftDocs/azure-monitor-docs',
    path: 'articles/azure-monitor/containers/kubernetes-monitoring-firewall.md',
    commit: '03ff484242a0349c29fc067933f953ba1690fe4a',
  },
  note: 'Two stored versions carry ms.date 08/25/2025 with the same tables; @03ff4842 is the later one (plural title, links moved to fundamentals/).',
};

/** Azure Policy for Kubernetes: the add-on (AKS) and the extension (Arc) open the same four names. */
export const POLICY: SourceDocument = {
  title: 'Understand Azure Policy for Kubernetes clusters',
  url: 'https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes',
  date: '2025-03-04',
  file: {
    repository: 'MicrosoftDocs/azure-docs',
    path: 'articles/governance/policy/concepts/policy-for-kubernetes.md',
    commit: '0145507e13643c2bff334c90af58a42a843385f7',
  },
  note: 'The newest version the index holds (the repository is too large to fetch whole, so a later one may exist).',
};

/** Defender for Containers on Arc, EKS and GKE: the sensor's outbound names per cloud. */
export const DEFENDER_ARC: SourceDocument = {
  title: 'Defender for Containers network requirements (Arc-enabled Kubernetes, EKS, GKE)',
  url: 'https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable?pivots=defender-for-container-arc',
  date: '2022-07-27',
  file: {
    repository: 'MicrosoftDocs/defender-docs',
    path: 'articles/defender-for-cloud/includes/defender-for-containers-network-requirements-arc-eks-gke.md',
    commit: '2577ab43eb3888d13e8e3eb582baf8a47ec2e425',
  },
  note: 'The include keeps ms.date 07/27/2022 although its table was rewritten after the deprecation notice of 2025-10-23 (DEFENDER_NOTICE); of the two stored versions this is the later one ("are no longer required", author metadata moved out).',
};

/** The "What's new" entry of 2025-10-23: the sensor needs *.cloud.defender.microsoft.com, not the opinsights names. */
export const DEFENDER_NOTICE: SourceDocument = {
  title:
    "What's new in Microsoft Defender for Cloud: deprecation notice, update outbound rules for Defender for Containers",
  url: 'https://learn.microsoft.com/azure/defender-for-cloud/release-notes#deprecation-notice-update-outbound-rules-for-microsoft-defender-for-containers',
  date: '2025-10-23',
  file: {
    repository: 'MicrosoftDocs/defender-docs',
    path: 'articles/defender-for-cloud/release-notes.md',
    commit: '0fab8aeefbd94033070af5b134d6d3261c8f90aa',
  },
  note: 'Dated October 23, 2025 in the page: "the Defender for Containers sensor requires outbound traffic to *.cloud.defender.microsoft.com (HTTPS: port 443)"; GKE and EKS must update by September 30, 2026.',
};

const ARC_TITLE = 'Azure Arc-enabled Kubernetes network requirements';
const ARC_URL = 'https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements';
const ARC_INCLUDES = 'articles/azure-arc/kubernetes/includes';

/** One cloud's tab of the Arc network requirements: an include of its own, ms.date 06/11/2026. */
const arcInclude = ({ tab, name, commit }: { tab: string; name: string; commit: string }): SourceDocument => ({
  title: `${ARC_TITLE} (${name})`,
  url: `${ARC_URL}?tabs=${tab}`,
  date: '2026-06-11',
  file: {
    repository: 'MicrosoftDocs/azure-management-docs',
    path: `${ARC_INCLUDES}/network-requirements-${tab}.md`,
    commit,
    committed: '2026-06-11',
  },
});

export const ARC_PUB = arcInclude({
  tab: 'azure-cloud',
  name: 'Azure Cloud',
  commit: '4bf41d8b65873a1d4768cd5d30898951095cfbf0',
});
export const ARC_GOV = arcInclude({
  tab: 'azure-government',
  name: 'Azure Government',
  commit: '24f6d3741942054bdab03e02f78a5e04c05e9d55',
});
export const ARC_CN = arcInclude({
  tab: 'azure-china',
  name: 'Microsoft Azure operated by 21Vianet',
  commit: '24f6d3741942054bdab03e02f78a5e04c05e9d55',
});

/** The older combined include (Azure Cloud and Azure Government tabs in one file), 09/28/2023. */
export const ARC_2023: SourceDocument = {
  title: `${ARC_TITLE} (2023 version)`,
  url: ARC_URL,
  date: '2023-09-28',
  note: 'A public copy of the 2023 include; commit not known.',
};

const ARC_GW_TITLE = 'Simplify network configuration requirements with Azure Arc gateway';
const ARC_GW_URL = 'https://learn.microsoft.com/azure/azure-arc/kubernetes/arc-gateway-simplify-networking';
const ARC_GW_PATH = 'articles/azure-arc/kubernetes/arc-gateway-simplify-networking.md';

/**
 * The gateway page after general availability. Its front matter says ms.date 02/26/2025 (kept as written), but
 * the commit that wrote that date is of 2026-02-26, after the GA commit of 2026-02-17 (which wrote 02/17/2025)
 * and after a preview version dated 08/13/2025: the year is a typo, and the version is of 2026-02-26.
 */
export const ARC_GW: SourceDocument = {
  title: ARC_GW_TITLE,
  url: ARC_GW_URL,
  date: '2025-02-26',
  file: {
    repository: 'MicrosoftDocs/azure-management-docs',
    path: ARC_GW_PATH,
    commit: 'f15d7560f2546d800b46a9d13b7b57835fcedfed',
    committed: '2026-02-26',
  },
  note: 'Front matter ms.date 02/26/2025, a typo for 2026 (the commit is of 2026-02-26). This version removed Azure Policy from the scenarios that still need direct access and added *.cloud.defender.microsoft.com to Defender.',
};

/** The preview page (ms.date 07/13/2025), in two stored versions that differ in the MCR data endpoint. */
export const ARC_GW_PREVIEW: SourceDocument = {
  title: `${ARC_GW_TITLE} (preview)`,
  url: ARC_GW_URL,
  date: '2025-07-13',
  file: { repository: 'MicrosoftDocs/azure-management-docs', path: ARC_GW_PATH, commit: 'b6461c35' },
};

/** The endpoints the Arc gateway carries (over 200), for Arc-enabled servers and Kubernetes alike. */
export const ARC_GW_ENDPOINTS: SourceDocument = {
  title: 'Azure Arc gateway endpoint list',
  url: 'https://learn.microsoft.com/azure/azure-arc/servers/arc-gateway-endpoints',
  date: '2026-02-17',
  file: {
    repository: 'MicrosoftDocs/azure-management-docs',
    path: 'articles/azure-arc/servers/arc-gateway-endpoints.md',
    commit: '635e95593489c370de61d164dd7b6c42b9233504',
    committed: '2026-02-17',
  },
  note: 'Lists data.policy.core.windows.net, store.policy.core.windows.net, login.windows.net and dc.services.visualstudio.com among the names the gateway carries.',
};

/** Azure Arc-enabled data services: the include of the consolidated Arc network requirements. */
export const ARC_DATA: SourceDocument = {
  title: 'Azure Arc network requirements: Azure Arc-enabled data services',
  url: 'https://learn.microsoft.com/azure/azure-arc/network-requirements-consolidated#azure-arc-enabled-data-services',
  date: '2022-04-18',
  file: {
    repository: 'MicrosoftDocs/azure-management-docs',
    path: 'articles/azure-arc/data/includes/network-requirements.md',
    commit: '91422cf12642ad4f6549942be917129fe6a9664f',
    committed: '2026-06-23',
  },
  note: 'The front matter keeps ms.date 04/18/2022; the table changed since (the Helm chart registries and *.blob.core.windows.net on 2025-11-06 and 2025-12-04).',
};

/** FLUX: the "Network requirements" section of the GitOps tutorial. */
export const FLUX: SourceDocument = {
  title: 'Tutorial: Deploy applications using GitOps with Flux v2',
  url: 'https://learn.microsoft.com/azure/azure-arc/kubernetes/tutorial-use-gitops-flux2',
  date: '2026-06-05',
  file: {
    repository: 'MicrosoftDocs/azure-management-docs',
    path: 'articles/azure-arc/kubernetes/tutorial-use-gitops-flux2.md',
    commit: 'c7ad84b413d6f3f11a86da27901cae1e062fe162',
    committed: '2026-06-24',
  },
};

const ARO_TITLE = 'Control egress traffic for your Azure Red Hat OpenShift (ARO) cluster';
const ARO_URL = 'https://learn.microsoft.com/azure/openshift/howto-restrict-egress';
const ARO_PATH = 'articles/openshift/howto-restrict-egress.md';

/** ARO-NEW: the newer layout ("Endpoints proxied through the ARO service", "List of optional endpoints"). */
export const ARO: SourceDocument = {
  title: ARO_TITLE,
  url: ARO_URL,
  date: '2023-10-10',
  file: { repository: 'MicrosoftDocs/azure-docs', path: ARO_PATH },
  note: 'Commit not known: the copy this project started from (its sample firewall how-to is commented out), newer than @0e013031, the only version the index holds, which has the older layout.',
};

/** ARO-OLD: the older layout ("Minimum Required FQDN - Proxied through ARO service", "List of optional FQDNs"). */
export const ARO_OLD: SourceDocument = {
  title: `${ARO_TITLE} (older layout)`,
  url: ARO_URL,
  date: '2023-09-07',
  file: { repository: 'MicrosoftDocs/azure-docs', path: ARO_PATH, commit: '03b6605c' },
  note: '@0e013031 (10/10/2023) has the same lists.',
};

/** "Overview of Azure Red Hat OpenShift egress lockdown" (ms.date 02/28/2022): prose, no endpoint table. */
export const ARO_LOCK: SourceDocument = {
  title: 'Overview of Azure Red Hat OpenShift egress lockdown',
  url: 'https://learn.microsoft.com/azure/openshift/concepts-egress-lockdown',
  date: '2022-02-28',
  file: {
    repository: 'MicrosoftDocs/azure-docs',
    path: 'articles/openshift/concepts-egress-lockdown.md',
    commit: '054c2ae509095cafa52ac467460c4642c5596443',
  },
};

/** A source with a note saying how the entry relates to it. */
export const noted = (source: SourceDocument, note: string): SourceDocument => ({ ...source, note });
