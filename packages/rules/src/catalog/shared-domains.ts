import type { Citation, Cloud } from './types.ts';

/**
 * DNS domains under which any customer of a service gets names of their own (`<account>.blob.core.windows.net`):
 * a wildcard over one allows every customer's names, including an attacker's. `multi-tenant-wildcard` reads this
 * list; each entry cites the service document that gives the name form, and the sovereign forms cite the cloud's
 * endpoint table.
 */
export interface SharedDomain {
  /** The shared parent domain, e.g. `blob.core.windows.net`. */
  domain: string;
  /** The Azure cloud whose names these are; `other` for domains outside Azure (GitHub, AWS). */
  cloud: Cloud | 'other';
  service: string;
  /** Why anyone can host a name under it; `{domain}` stands for the domain. */
  reason: string;
  /** The narrower form to allow instead; `{domain}` stands for the domain. */
  narrower: string;
  /**
   * At which label below `domain` a customer's own name sits: 1 for `<account>.blob.core.windows.net`, 2 for
   * `<label>.<region>.cloudapp.azure.com`. A wildcard whose base lies fewer labels below the domain still spans
   * every customer (`*.eastus.cloudapp.azure.com`).
   */
  customerLabel: number;
  source: Citation;
}

const GOVERNMENT: Citation = {
  title: 'Compare Azure Government and global Azure (endpoint mapping)',
  url: 'https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure',
};

const CHINA: Citation = {
  title: 'Microsoft Azure operated by 21Vianet developer guide: check endpoints in Azure',
  url: 'https://learn.microsoft.com/azure/china/resources-developer-guide#check-endpoints-in-azure',
};

interface Family {
  service: string;
  reason: string;
  narrower: string;
  customerLabel?: number;
  /** The public-cloud domains and the document that gives their name form. */
  public: readonly string[];
  source: Citation;
  usgov?: readonly string[];
  china?: readonly string[];
  /** Domains outside Azure, cited by `source`. */
  other?: readonly string[];
}

function family(f: Family): SharedDomain[] {
  const of = (cloud: SharedDomain['cloud'], domains: readonly string[] | undefined, source: Citation) =>
    (domains ?? []).map(
      (domain): SharedDomain => ({
        domain,
        cloud,
        service: f.service,
        reason: f.reason,
        narrower: f.narrower,
        customerLabel: f.customerLabel ?? 1,
        source,
      }),
    );
  return [
    ...of('public', f.public, f.source),
    ...of('usgov', f.usgov, GOVERNMENT),
    ...of('china', f.china, CHINA),
    ...of('other', f.other, f.source),
  ];
}

const STORAGE: Citation = {
  title: 'Storage account overview: standard endpoints',
  url: 'https://learn.microsoft.com/azure/storage/common/storage-account-overview#standard-endpoints',
};

export const SHARED_DOMAINS: readonly SharedDomain[] = [
  ...(['blob', 'table', 'queue', 'file', 'dfs'] as const).flatMap((kind) =>
    family({
      service: `Azure Storage (${kind})`,
      reason: 'every storage account of every customer has a name <account>.{domain}',
      narrower: '<account>.{domain}',
      public: [`${kind}.core.windows.net`],
      usgov: [`${kind}.core.usgovcloudapi.net`],
      china: [`${kind}.core.chinacloudapi.cn`],
      source: STORAGE,
    }),
  ),
  ...family({
    service: 'Azure Storage static websites',
    reason: 'every storage account static website is <account>.<zone>.{domain}',
    narrower: '<account>.<zone>.{domain}',
    customerLabel: 2,
    public: ['web.core.windows.net'],
    usgov: ['web.core.usgovcloudapi.net'],
    china: ['web.core.chinacloudapi.cn'],
    source: {
      title: 'Static website hosting in Azure Storage',
      url: 'https://learn.microsoft.com/azure/storage/blobs/storage-blob-static-website',
    },
  }),
  ...family({
    service: 'Azure Service Bus, Event Hubs and Relay',
    reason: 'every namespace of every customer is <namespace>.{domain}',
    narrower: '<namespace>.{domain}',
    public: ['servicebus.windows.net'],
    usgov: ['servicebus.usgovcloudapi.net'],
    china: ['servicebus.chinacloudapi.cn'],
    source: {
      title: 'What is Azure Service Bus? (namespaces)',
      url: 'https://learn.microsoft.com/azure/service-bus-messaging/service-bus-messaging-overview',
    },
  }),
  ...family({
    service: 'Azure App Service',
    reason: 'every web app and function app of every customer is <app>.{domain}',
    narrower: '<app>.{domain}',
    public: ['azurewebsites.net'],
    usgov: ['azurewebsites.us'],
    china: ['chinacloudsites.cn'],
    source: {
      title: 'Set up an existing custom domain in Azure App Service (the default <app>.azurewebsites.net name)',
      url: 'https://learn.microsoft.com/azure/app-service/app-service-web-tutorial-custom-domain',
    },
  }),
  ...family({
    service: 'Azure public IP DNS labels',
    reason: 'any customer can give a public IP the name <label>.<region>.{domain}',
    narrower: '<label>.<region>.{domain}',
    customerLabel: 2,
    public: ['cloudapp.azure.com'],
    usgov: ['cloudapp.usgovcloudapi.net'],
    china: ['cloudapp.chinacloudapi.cn'],
    source: {
      title: 'Public IP addresses: DNS name label',
      url: 'https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses#dns-name-label',
    },
  }),
  ...family({
    service: 'Azure Cloud Services',
    reason: 'every cloud service of every customer is <service>.{domain}',
    narrower: '<service>.{domain}',
    public: ['cloudapp.net'],
    usgov: ['usgovcloudapp.net'],
    china: ['chinacloudapp.cn'],
    source: {
      title: 'Configure a custom domain name for a cloud service (the <service>.cloudapp.net name)',
      url: 'https://learn.microsoft.com/azure/cloud-services/cloud-services-custom-domain-name-portal',
    },
  }),
  ...family({
    service: 'Azure Container Registry',
    reason: 'every registry of every customer is <registry>.{domain}, and a push is an upload',
    narrower: '<registry>.{domain}',
    public: ['azurecr.io'],
    usgov: ['azurecr.us'],
    china: ['azurecr.cn'],
    source: {
      title: 'Introduction to Azure Container Registry (the login server <registry>.azurecr.io)',
      url: 'https://learn.microsoft.com/azure/container-registry/container-registry-intro',
    },
  }),
  ...family({
    service: 'Azure Container Registry data endpoints',
    reason: 'every registry of every customer has data endpoints <registry>.<region>.{domain}',
    narrower: '<registry>.<region>.{domain}',
    customerLabel: 2,
    public: ['data.azurecr.io'],
    source: {
      title: 'Configure rules to access an Azure container registry behind a firewall (dedicated data endpoints)',
      url: 'https://learn.microsoft.com/azure/container-registry/container-registry-firewall-access-rules',
    },
  }),
  ...family({
    service: 'Azure Key Vault',
    reason: 'every vault of every customer is <vault>.{domain}, and secrets can be written to it',
    narrower: '<vault>.{domain}',
    public: ['vault.azure.net'],
    usgov: ['vault.usgovcloudapi.net'],
    china: ['vault.azure.cn'],
    source: {
      title: 'Azure Key Vault keys, secrets and certificates overview (DNS suffixes per cloud)',
      url: 'https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates',
    },
  }),
  ...family({
    service: 'Azure SQL Database',
    reason: 'every logical server of every customer is <server>.{domain}',
    narrower: '<server>.{domain}',
    public: ['database.windows.net'],
    usgov: ['database.usgovcloudapi.net'],
    china: ['database.chinacloudapi.cn'],
    source: {
      title: 'What is a logical server in Azure SQL Database?',
      url: 'https://learn.microsoft.com/azure/azure-sql/database/logical-servers',
    },
  }),
  ...family({
    service: 'Azure Cosmos DB',
    reason: 'every account of every customer is <account>.{domain}',
    narrower: '<account>.{domain}',
    public: ['documents.azure.com'],
    usgov: ['documents.azure.us'],
    china: ['documents.azure.cn'],
    source: {
      title: 'Azure Cosmos DB resource model (the account endpoint <account>.documents.azure.com)',
      url: 'https://learn.microsoft.com/azure/cosmos-db/resource-model',
    },
  }),
  ...family({
    service: 'Log Analytics ingestion',
    reason: 'every workspace of every customer is <workspace-id>.{domain}, and it accepts data from anywhere',
    narrower: '<workspace-id>.{domain}',
    public: ['ods.opinsights.azure.com', 'oms.opinsights.azure.com'],
    usgov: ['ods.opinsights.azure.us', 'oms.opinsights.azure.us'],
    china: ['ods.opinsights.azure.cn', 'oms.opinsights.azure.cn'],
    source: {
      title: 'Use Azure Private Link to connect networks to Azure Monitor (workspace-specific endpoints)',
      url: 'https://learn.microsoft.com/azure/azure-monitor/logs/private-link-security',
    },
  }),
  ...family({
    service: 'Application Insights ingestion',
    reason: 'the regional ingestion hosts under {domain} accept telemetry for the instrumentation key of any customer',
    narrower:
      'the ingestion host of your connection string, <region>-<n>.{domain} (shared by every customer in that region)',
    public: ['in.applicationinsights.azure.com'],
    usgov: ['in.applicationinsights.azure.us'],
    china: ['in.applicationinsights.azure.cn'],
    source: {
      title: 'Connection strings in Application Insights (IngestionEndpoint)',
      url: 'https://learn.microsoft.com/azure/azure-monitor/app/connection-strings',
    },
  }),
  ...(['ingest', 'metrics.ingest'] as const).flatMap((kind) =>
    family({
      service:
        kind === 'ingest'
          ? 'Azure Monitor data collection endpoints'
          : 'Azure Monitor metrics ingestion (managed Prometheus)',
      reason: 'every data collection endpoint of every customer is <endpoint>.<region>-1.{domain}',
      narrower: '<endpoint>.<region>-1.{domain}',
      customerLabel: 2,
      public: [`${kind}.monitor.azure.com`],
      usgov: [`${kind}.monitor.azure.us`],
      china: [`${kind}.monitor.azure.cn`],
      source: {
        title: 'Data collection endpoints in Azure Monitor (endpoint names)',
        url: 'https://learn.microsoft.com/azure/azure-monitor/data-collection/data-collection-endpoint-overview',
      },
    }),
  ),
  ...family({
    service: 'Azure Traffic Manager',
    reason: 'every profile of every customer is <profile>.{domain} and points anywhere its owner likes',
    narrower: '<profile>.{domain}',
    public: ['trafficmanager.net'],
    usgov: ['usgovtrafficmanager.net'],
    china: ['trafficmanager.cn'],
    source: {
      title: 'What is Traffic Manager? (the profile name <profile>.trafficmanager.net)',
      url: 'https://learn.microsoft.com/azure/traffic-manager/traffic-manager-overview',
    },
  }),
  ...family({
    service: 'Azure CDN',
    reason: 'every CDN endpoint of every customer is <endpoint>.{domain}',
    narrower: '<endpoint>.{domain}',
    public: ['azureedge.net'],
    source: {
      title: 'Create an Azure CDN endpoint (the endpoint name <endpoint>.azureedge.net)',
      url: 'https://learn.microsoft.com/azure/cdn/cdn-create-endpoint-how-to',
    },
  }),
  ...family({
    service: 'Azure Front Door',
    reason: 'every Front Door endpoint of every customer is <endpoint>.{domain}',
    narrower: '<endpoint>.{domain}',
    public: ['azurefd.net'],
    source: {
      title: 'Endpoints in Azure Front Door (the endpoint domain under azurefd.net)',
      url: 'https://learn.microsoft.com/azure/frontdoor/endpoint',
    },
  }),
  ...family({
    service: 'GitHub Pages',
    reason: 'every GitHub user and organization has a site <owner>.{domain}',
    narrower: '<owner>.{domain}',
    public: [],
    other: ['github.io'],
    source: {
      title: 'About GitHub Pages (sites at <owner>.github.io)',
      url: 'https://docs.github.com/pages/getting-started-with-github-pages/about-github-pages',
    },
  }),
  ...family({
    service: 'GitHub user content',
    reason: 'its hosts (raw, objects, gist, avatars) serve content of every repository and user',
    narrower:
      'the exact host, knowing that raw.githubusercontent.com still serves every repository (mirror the content into your own registry or storage)',
    public: [],
    other: ['githubusercontent.com'],
    source: {
      title: "Allowing access to GitHub's services from a restricted network (the githubusercontent.com hosts)",
      url: 'https://docs.github.com/get-started/using-github/allowing-access-to-githubs-services-from-a-restricted-network',
    },
  }),
  ...family({
    service: 'Amazon S3',
    reason: 'every bucket of every AWS customer is <bucket>.{domain}',
    narrower: '<bucket>.{domain}',
    public: [],
    other: ['s3.amazonaws.com'],
    source: {
      title: 'Virtual hosting of Amazon S3 buckets (<bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com)',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html',
    },
  }),
  ...family({
    service: 'Amazon Web Services',
    reason:
      'every AWS customer has names under it, such as <bucket>.s3.<region>.{domain} and <id>.execute-api.<region>.{domain}',
    narrower: '<bucket>.s3.<region>.{domain}',
    customerLabel: 3,
    public: [],
    other: ['amazonaws.com'],
    source: {
      title: 'Virtual hosting of Amazon S3 buckets (<bucket>.s3.<region>.amazonaws.com)',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html',
    },
  }),
  ...family({
    service: 'Amazon CloudFront',
    reason: 'every CloudFront distribution of every AWS customer is <distribution>.{domain}',
    narrower: '<distribution>.{domain}',
    public: [],
    other: ['cloudfront.net'],
    source: {
      title: 'Use custom URLs by adding alternate domain names (CNAMEs): the <distribution>.cloudfront.net name',
      url: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html',
    },
  }),
];

/** The shared domains a name lies in (itself or a parent), nearest first. */
export function sharedDomainsOf(name: string): SharedDomain[] {
  const lower = name.toLowerCase();
  return SHARED_DOMAINS.filter((s) => lower === s.domain || lower.endsWith(`.${s.domain}`)).sort(
    (a, b) => b.domain.split('.').length - a.domain.split('.').length,
  );
}
