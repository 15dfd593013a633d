import { describe, expect, it } from 'vitest';
import { cloudEndpoints, isCloudName } from './clouds.ts';

describe('cloud endpoints', () => {
  it.each([
    ['AzureCloud', 'https://management.azure.com', 'https://login.microsoftonline.com', 'https://api.loganalytics.io'],
    [
      'AzureChinaCloud',
      'https://management.chinacloudapi.cn',
      'https://login.chinacloudapi.cn',
      'https://api.loganalytics.azure.cn',
    ],
    [
      'AzureUSGovernment',
      'https://management.usgovcloudapi.net',
      'https://login.microsoftonline.us',
      'https://api.loganalytics.us',
    ],
  ] as const)(
    '%s: ARM, sign-in and Log Analytics, each token scope on its own audience',
    (cloud, arm, authority, logs) => {
      const endpoints = cloudEndpoints(cloud);
      expect([endpoints.arm, endpoints.armScope, endpoints.authorityHost, endpoints.logs, endpoints.logsScope]).toEqual(
        [arm, `${arm}/.default`, authority, logs, `${logs}/.default`],
      );
    },
  );

  it('takes overrides for a custom cloud, with the endpoint as the token audience', () => {
    const endpoints = cloudEndpoints('AzureCloud', {
      arm: 'https://management.local.azurestack.external/',
      metrics: 'https://127.0.0.1:8443',
    });
    expect([endpoints.arm, endpoints.armScope, endpoints.metrics, endpoints.metricsScope, endpoints.logs]).toEqual([
      'https://management.local.azurestack.external',
      'https://management.local.azurestack.external/.default',
      'https://127.0.0.1:8443',
      'https://127.0.0.1:8443/.default',
      'https://api.loganalytics.io',
    ]);
  });

  it('refuses an endpoint that is not https (a bearer token is never sent in clear) or not a URL', () => {
    expect(() => cloudEndpoints('AzureCloud', { arm: 'http://127.0.0.1:8080' })).toThrow(
      '--arm-endpoint http://127.0.0.1:8080: must be an https URL',
    );
    expect(() => cloudEndpoints('AzureCloud', { logs: 'api.loganalytics.io' })).toThrow(
      '--logs-endpoint api.loganalytics.io: not a URL',
    );
  });

  it('knows the three clouds by their Azure CLI names only', () => {
    expect(
      ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'public', 'AzureGermanCloud'].map(isCloudName),
    ).toEqual([true, true, true, false, false]);
  });
});
