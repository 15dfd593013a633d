/**
 * The Azure clouds the tool knows, with the endpoints each service has there, and overrides for
 * custom clouds (Azure Stack Hub, a sovereign cloud not listed, the test emulator).
 */

export const CLOUD_NAMES = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface CloudEndpoints {
  cloud: CloudName;
  /** Azure Resource Manager, e.g. `https://management.azure.com`. */
  arm: string;
  /** Token scope for ARM and Resource Graph. */
  armScope: string;
  /** Microsoft Entra authority for credentials. */
  authorityHost: string;
  /** Log Analytics query API (without `/v1`). */
  logs: string;
  logsScope: string;
  /**
   * Azure Monitor metrics data plane: regional, `https://{region}.metrics.monitor.azure.com`, so a
   * template with `{region}`, or a fixed URL when overridden.
   */
  metrics: string;
  metricsScope: string;
}

const CLOUDS: Record<CloudName, CloudEndpoints> = {
  AzureCloud: {
    cloud: 'AzureCloud',
    arm: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    logs: 'https://api.loganalytics.io',
    logsScope: 'https://api.loganalytics.io/.default',
    metrics: 'https://{region}.metrics.monitor.azure.com',
    metricsScope: 'https://metrics.monitor.azure.com/.default',
  },
  AzureChinaCloud: {
    cloud: 'AzureChinaCloud',
    arm: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    authorityHost: 'https://login.chinacloudapi.cn',
    logs: 'https://api.loganalytics.azure.cn',
    logsScope: 'https://api.loganalytics.azure.cn/.default',
    metrics: 'https://{region}.metrics.monitor.azure.cn',
    metricsScope: 'https://metrics.monitor.azure.cn/.default',
  },
  AzureUSGovernment: {
    cloud: 'AzureUSGovernment',
    arm: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    authorityHost: 'https://login.microsoftonline.us',
    logs: 'https://api.loganalytics.us',
    logsScope: 'https://api.loganalytics.us/.default',
    metrics: 'https://{region}.metrics.monitor.azure.us',
    metricsScope: 'https://metrics.monitor.azure.us/.default',
  },
};

export function isCloudName(name: string): name is CloudName {
  return (CLOUD_NAMES as readonly string[]).includes(name);
}

export interface EndpointOverrides {
  arm?: string;
  logs?: string;
  metrics?: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * A cloud's endpoints with overrides applied. An overridden endpoint must be https (bearer tokens are
 * never sent in clear); its token scope becomes `<endpoint>/.default`, the audience convention of
 * custom clouds.
 */
export function cloudEndpoints(cloud: CloudName, overrides: EndpointOverrides = {}): CloudEndpoints {
  const base = { ...CLOUDS[cloud] };
  for (const [name, url] of Object.entries(overrides) as [keyof EndpointOverrides, string | undefined][]) {
    if (!url) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`--${name}-endpoint ${url}: not a URL`);
    }
    if (parsed.protocol !== 'https:') throw new Error(`--${name}-endpoint ${url}: must be an https URL`);
    const endpoint = trimSlash(parsed.toString());
    base[name] = endpoint;
    base[`${name}Scope`] = `${endpoint}/.default`;
  }
  return base;
}
