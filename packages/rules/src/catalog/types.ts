import type { ClusterKind } from '@aro-aks-audit/auditor';

export type Cloud = 'public' | 'china' | 'usgov';

/**
 * Features that add endpoints. Each is detected from the cluster resource by `featuresOf`
 * (catalog/features.ts) or declared by the user; the comment says how.
 */
export type Feature =
  /** AKS: a node pool whose VM size is an N-series GPU size. */
  | 'gpu'
  /** AKS: a node pool with osType Windows. */
  | 'windows'
  /**
   * AKS: addon omsagent / azureMonitorProfile (Container insights, managed Prometheus); Arc: the extension
   * (declared); ARO: Container insights through the Arc-enabled Kubernetes extension (declared).
   */
  | 'monitoring'
  /** Application Insights auto-instrumentation (declared). */
  | 'app-insights'
  /** AKS: addon azurepolicy. */
  | 'azure-policy'
  /** AKS: securityProfile.defender.securityMonitoring.enabled. */
  | 'defender'
  /** AKS: addon azureKeyvaultSecretsProvider. */
  | 'keyvault-secrets-provider'
  /** AKS: securityProfile.workloadIdentity.enabled. */
  | 'workload-identity'
  /** AKS: metricsProfile.costAnalysis.enabled. */
  | 'cost-analysis'
  /** Cluster extensions installed (declared; ARM shows extensions as separate resources). */
  | 'extensions'
  /** Marketplace extensions (declared). */
  | 'marketplace-extensions'
  /** GitOps with Flux v2 (declared). */
  | 'gitops'
  /** Arc: Cluster Connect / Custom Locations (declared). */
  | 'cluster-connect'
  /** Arc: Azure RBAC (declared). */
  | 'azure-rbac'
  /** Arc: Azure portal management (declared). */
  | 'portal'
  /** Arc: onboarding with the Azure CLI connectedk8s extension (declared). */
  | 'onboarding'
  /** Arc: Arc-enabled data services in direct connectivity mode (declared; indirect mode sends nothing from the cluster). */
  | 'data-services'
  /** Arc: the Azure Key Vault Secret Store extension (declared). */
  | 'secret-store-extension'
  /** Arc: cert-manager for Azure Arc-enabled Kubernetes (declared). */
  | 'cert-manager'
  /** Arc: Azure IoT Operations (declared). */
  | 'iot-operations'
  /** The nodes use custom DNS servers (from the virtual network's dhcpOptions.dnsServers). */
  | 'custom-dns'
  /** Workloads that call the API server by IP, outside kube-system (declared). */
  | 'api-server-access'
  /** Linux nodes on Ubuntu (AKS default osSKU); the optional Ubuntu update FQDNs apply. */
  | 'ubuntu';

/**
 * Where a required endpoint is, as the documents write it. Placeholders inside FQDN patterns and
 * service tags are resolved per cluster:
 *  - `<location>` / `<region>`: the cluster's region name (`eastus`);
 *  - `<region-short>`: the region's short code (`eus`), used by Arc's `his` endpoints with a gateway;
 *  - `<cluster-domain>`: the ARO cluster domain;
 *  - `<vault-name>`, `<gateway-prefix>`: values the cluster resource does not show; they resolve to a
 *    left-most wildcard (`*.vault.azure.net`) with a note saying so.
 * The other kinds need a value only the environment knows.
 */
export type DestinationTemplate =
  | { kind: 'fqdn'; pattern: string }
  | { kind: 'service-tag'; tag: string }
  | { kind: 'any' }
  /** The cluster's API server public IP: known only after creation; not in the ARM resource. */
  | { kind: 'api-server-ip' }
  /** The custom DNS servers configured on the egress subnets' virtual networks. */
  | { kind: 'custom-dns' };

/** A document cited for a fact: its title and address, and what about it matters here. */
export interface Citation {
  title: string;
  url: string;
  note?: string;
}

/** Where the version of a document that was read is kept. */
export interface DocumentFile {
  /** `owner/name` on GitHub, e.g. `MicrosoftDocs/azure-aks-docs`. */
  repository: string;
  path: string;
  /** The commit of the version read; absent where only a copy of that version was found (the note says so). */
  commit?: string;
  /** The date of that commit, ISO yyyy-mm-dd, where known. */
  committed?: string;
}

export interface SourceDocument extends Citation {
  /**
   * The document's `ms.date` as its front matter writes it (or the date of the version read where it has none),
   * ISO yyyy-mm-dd; `as read` for what a live API reported.
   */
  date: string;
  /** The version read: repository, path and commit. */
  file?: DocumentFile;
  /** What about this entry differs between versions, and why this version was chosen. */
  note?: string;
}

export interface CatalogEntry {
  /** Stable id: `<kind>.<cloud|all>.<name>`, e.g. `aks.public.mcr`. Never reused. */
  id: string;
  kinds: readonly ClusterKind[];
  clouds: readonly Cloud[];
  /** The documented alternatives: allowing any one of them satisfies the requirement. */
  destinations: readonly DestinationTemplate[];
  protocol: 'TCP' | 'UDP';
  port: number;
  /** For FQDN endpoints reached through application rules (HTTP/HTTPS). */
  applicationProtocol?: 'Http' | 'Https';
  /** `required`: the cluster breaks without it; `optional`: a documented feature degrades (say which in `purpose`). */
  requirement: 'required' | 'optional';
  /** Conditions beyond kind and cloud; every condition given must hold. */
  when?: {
    privateApiServer?: boolean;
    /** Every listed feature must be on. */
    features?: readonly Feature[];
    /** At least one listed feature must be on (a row that says "required if using A, B, or C"). */
    anyFeature?: readonly Feature[];
    /**
     * AKS: whether the cluster runs konnectivity-agent (the tunnel ports are for clusters that do not). Where the
     * resource cannot show it, the entry applies with its requirement stated as conditional (resolve.ts).
     */
    konnectivityAgent?: boolean;
    /** Arc: with or without an Arc gateway. */
    arcGateway?: boolean;
    /** AKS outbound types the entry applies to (case-insensitive). */
    outboundTypes?: readonly string[];
  };
  /**
   * ARO: the endpoint is proxied through the ARO service when egress lockdown is on
   * (https://learn.microsoft.com/azure/openshift/concepts-egress-lockdown): it then needs no firewall rule.
   */
  proxiedByAroEgressLockdown?: boolean;
  /** Websockets must be allowed through proxies (Arc's *.servicebus.windows.net). */
  websockets?: boolean;
  /**
   * `api-server`: the cluster's own API server. Resolved to the name the cluster resource carries
   * (`properties.fqdn`) where it has one, so that a rule for exactly that name satisfies it.
   */
  role?: 'api-server';
  /** Where this entry departs on purpose from what its source says, and why. */
  deviation?: string;
  purpose: string;
  source: SourceDocument;
  /**
   * `legacy`: an older document's form, kept as data so the audit can explain it; not resolved for clusters.
   * `supersededBy` names the current entry.
   */
  status?: 'current' | 'legacy';
  supersededBy?: string;
}

/** An Azure region: the data behind `<region>` and `<region-short>` placeholders. */
export interface Region {
  /** ARM location name, e.g. `eastus`. */
  name: string;
  displayName: string;
  /** Short code used by some Arc endpoints, e.g. `eus`; absent where no document gives one. */
  shortCode?: string;
  cloud: Cloud;
}

/** What an Azure Firewall FQDN tag is documented to cover, and the endpoints users found it missed. */
export interface FqdnTagDefinition {
  tag: string;
  /** Catalog entry ids the tag is documented to cover. */
  covers: readonly string[];
  /** FQDN patterns reported as not covered, each with its source. */
  knownGaps: readonly { pattern: string; source: SourceDocument }[];
  source: SourceDocument;
}
