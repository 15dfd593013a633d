import {
  appRule,
  checkTester,
  cluster,
  collection,
  firewall,
  hubAndSpokeWithCollections,
  inventoryOf,
  netRule,
  policyWithRules,
} from '@aro-aks-audit/testing';
import type { CatalogEntry } from '../catalog/types.ts';
import type { RulesSettings } from '../settings.ts';
import check from './multi-tenant-wildcard.ts';

const withRules = (...rules: Parameters<typeof policyWithRules>[0]) => policyWithRules(rules);
/** The rules on the firewall an AKS cluster egresses through (hub and spoke), and any extra resources. */
const behindCluster = (rules: Parameters<typeof policyWithRules>[0], ...extra: Parameters<typeof inventoryOf>) =>
  hubAndSpokeWithCollections([collection('egress', 100, 'Allow', rules)], ...extra);

/** A one-entry catalog: the documents require this pattern of clusters of these kinds. */
const documenting = (
  id: string,
  pattern: string,
  options: { status?: 'legacy'; kinds?: CatalogEntry['kinds'] } = {},
): RulesSettings => ({
  catalog: [
    {
      id,
      kinds: options.kinds ?? ['aks'],
      clouds: ['public'],
      destinations: [{ kind: 'fqdn', pattern }],
      protocol: 'TCP',
      port: 443,
      applicationProtocol: 'Https',
      requirement: 'required',
      purpose: 'Test entry.',
      source: { title: 'Test document', url: 'https://learn.microsoft.com/test', date: '2024-01-01' },
      ...(options.status && { status: options.status }),
    } satisfies CatalogEntry,
  ],
});

checkTester.run(check, {
  // An empty catalog, so that no case depends on what the real catalog documents unless it says so.
  settings: { catalog: [] },
  pass: [
    {
      name: 'exact account names, a Microsoft-only wildcard and a wildcard below one account are one owner each',
      inventory: withRules(
        appRule('storage', {
          sources: ['10.1.0.0/22'],
          fqdns: ['stappdata.blob.core.windows.net', '*.data.mcr.microsoft.com', '*.stappdata.blob.core.windows.net'],
        }),
        netRule('sql', { sources: ['10.1.0.0/22'], fqdns: ['sql-app.database.windows.net'], ports: ['1433'] }),
      ),
      expect: [
        { messageId: 'noSharedWildcard', subject: 'afwp / rcg / egress / storage' },
        { messageId: 'noSharedWildcard', subject: 'afwp / rcg / egress / sql' },
      ],
    },
    {
      name: 'deny collections, rules without FQDNs and the bare * (overly-broad-rule) are not this check',
      inventory: (() => {
        const inv = withRules(
          appRule('any', { sources: ['10.1.0.0/22'], fqdns: ['*'] }),
          netRule('ntp', { destinations: ['*'], protocols: ['UDP'], ports: ['123'] }),
        );
        inv.ruleCollectionGroups[0]?.collections.push(
          collection('deny-storage', 200, 'Deny', [appRule('blob', { fqdns: ['*.blob.core.windows.net'] })]),
        );
        return inv;
      })(),
      expect: [{ messageId: 'noSharedWildcard', subject: 'afwp / rcg / egress / any' }],
    },
  ],
  fail: [
    {
      name: 'every storage account: *.blob.core.windows.net',
      inventory: withRules(appRule('storage', { sources: ['10.1.0.0/22'], fqdns: ['*.blob.core.windows.net'] })),
      expect: [
        {
          messageId: 'sharedWildcard',
          subject: 'afwp / rcg / egress / storage [*.blob.core.windows.net]',
          data: {
            domain: 'blob.core.windows.net',
            narrower: '<account>.blob.core.windows.net',
            documented: false,
          },
        },
      ],
    },
    {
      name: 'a wildcard over a parent of shared domains holds them all: *.core.windows.net',
      inventory: withRules(appRule('core', { fqdns: ['*.core.windows.net'] })),
      expect: [
        {
          messageId: 'sharedWildcard',
          data: {
            domain:
              'blob.core.windows.net, table.core.windows.net, queue.core.windows.net, file.core.windows.net and 2 more shared domains',
          },
        },
      ],
    },
    {
      name: 'a suffix wildcard without a dot holds every name ending with the text: *windows.net',
      inventory: withRules(appRule('windows', { fqdns: ['*windows.net'] })),
      expect: [
        {
          messageId: 'lookAlikeWildcard',
          data: {
            example: 'th3re4lwindows.net',
            alsoShared:
              ' It also holds the name of every customer under blob.core.windows.net, table.core.windows.net, queue.core.windows.net, file.core.windows.net and 4 more shared domains.',
          },
        },
      ],
    },
    // Issue 15 item 7: "*contoso.com … also matches th3re4lcontoso.com" (Azure Firewall FAQ, "How do wildcards work
    // in target URLs and target FQDNs in application rules?", MicrosoftDocs/azure-docs articles/firewall/firewall-faq.yml).
    {
      name: 'a look-alike wildcard over Microsoft: *microsoft.com matches any registrable name ending with microsoft.com',
      inventory: withRules(appRule('ms', { sources: ['10.1.0.0/22'], fqdns: ['*microsoft.com'] })),
      expect: [
        {
          messageId: 'lookAlikeWildcard',
          subject: 'afwp / rcg / egress / ms [*microsoft.com]',
          data: {
            suffix: 'microsoft.com',
            notOnly: ', not only microsoft.com and the names below it',
            example: 'th3re4lmicrosoft.com',
            whoCan: 'anyone can register under .com',
            instead: '*.microsoft.com (and microsoft.com itself, if it is needed)',
            alsoShared: '',
          },
        },
      ],
    },
    {
      name: 'a look-alike wildcard over the AKS API servers: *azmk8s.io in a target URL',
      inventory: withRules({
        ...appRule('aks', { sources: ['10.1.0.0/22'], fqdns: [] }),
        targetUrls: ['*azmk8s.io/*'],
      }),
      expect: [
        {
          messageId: 'lookAlikeWildcard',
          subject: 'afwp / rcg / egress / aks [*azmk8s.io]',
          data: { example: 'th3re4lazmk8s.io', whoCan: 'anyone can register under .io' },
        },
      ],
    },
    {
      name: "a look-alike inside a shared domain: *-prod.azurewebsites.net holds anyone's app named x-prod",
      inventory: withRules(appRule('apps', { fqdns: ['*-prod.azurewebsites.net'] })),
      expect: [
        {
          messageId: 'lookAlikeWildcard',
          data: {
            notOnly: '',
            example: 'th3re4l-prod.azurewebsites.net',
            whoCan: 'any Azure App Service customer can create under azurewebsites.net',
            instead: 'the exact names (-prod.azurewebsites.net is only the end of a name)',
          },
        },
      ],
    },
    {
      name: 'a wildcard over one region still spans every customer: *.eastus.cloudapp.azure.com',
      inventory: withRules(appRule('pip', { fqdns: ['*.eastus.cloudapp.azure.com'] })),
      expect: [{ messageId: 'sharedWildcard', data: { domain: 'cloudapp.azure.com' } }],
    },
    {
      name: 'the finding describes the shared domain the wildcard is written over: *.metrics.ingest.monitor.azure.com',
      inventory: withRules(appRule('prometheus', { fqdns: ['*.metrics.ingest.monitor.azure.com'] })),
      expect: [
        {
          messageId: 'sharedWildcard',
          data: {
            domain: 'ingest.monitor.azure.com, metrics.ingest.monitor.azure.com',
            narrower: '<endpoint>.<region>-1.metrics.ingest.monitor.azure.com',
          },
        },
      ],
    },
    {
      name: 'sovereign twins and non-Azure hosting: *.vault.usgovcloudapi.net, *.github.io, *.s3.amazonaws.com',
      inventory: withRules(
        appRule('gov-vault', { fqdns: ['*.vault.usgovcloudapi.net'] }),
        appRule('pages', { fqdns: ['*.github.io', '*.s3.amazonaws.com'] }),
      ),
      expect: [
        { messageId: 'sharedWildcard', data: { domain: 'vault.usgovcloudapi.net' } },
        { messageId: 'sharedWildcard', data: { domain: 'github.io' } },
        { messageId: 'sharedWildcard', data: { domain: 's3.amazonaws.com, amazonaws.com' } },
      ],
    },
    {
      name: 'a network rule destination FQDN and the host of a target URL count too',
      inventory: (() => {
        const web = appRule('web', { fqdns: ['packages.example.com'] });
        web.targetUrls = ['*.blob.core.windows.net/backups/*'];
        return withRules(
          netRule('amqp', { fqdns: ['*.servicebus.windows.net'], ports: ['5671'] }),
          web,
          appRule('fine', { fqdns: ['login.microsoftonline.com'] }),
        );
      })(),
      alsoYields: { pass: 1 },
      expect: [
        { messageId: 'sharedWildcard', subject: 'afwp / rcg / egress / amqp [*.servicebus.windows.net]' },
        { messageId: 'sharedWildcard', subject: 'afwp / rcg / egress / web [*.blob.core.windows.net]' },
      ],
    },
    {
      name: 'classic application rules on the firewall resource',
      inventory: inventoryOf(
        firewall('afw-classic', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          collections: {
            application: [collection('legacy', 100, 'Allow', [appRule('acr', { fqdns: ['*.azurecr.io'] })])],
          },
        }),
      ),
      expect: [{ messageId: 'sharedWildcard', subject: 'afw-classic (classic) / legacy / acr [*.azurecr.io]' }],
    },
    {
      name: 'a wildcard the documents require is still an exfiltration path, and the finding says who requires it',
      inventory: behindCluster([appRule('geneva', { fqdns: ['*.blob.core.windows.net'] })]),
      settings: documenting('aks.public.test-blob', '*.blob.core.windows.net'),
      expect: [
        {
          messageId: 'documentedSharedWildcard',
          data: {
            documented: true,
            documentedBy: 'aks.public.test-blob, Test document, https://learn.microsoft.com/test',
          },
        },
      ],
    },
    {
      name: 'a documented placeholder <vault-name>.vault.azure.net documents *.vault.azure.net',
      inventory: behindCluster([appRule('kv', { fqdns: ['*.vault.azure.net'] })]),
      settings: documenting('aks.public.keyvault', '<vault-name>.vault.azure.net'),
      expect: [{ messageId: 'documentedSharedWildcard', data: { documented: true } }],
    },
    {
      name: 'a documented wildcard does not document a wider one: *.core.windows.net is wider than *.blob.core.windows.net',
      inventory: behindCluster([appRule('core', { fqdns: ['*.core.windows.net'] })]),
      settings: documenting('aks.public.test-blob', '*.blob.core.windows.net'),
      expect: [{ messageId: 'sharedWildcard', data: { documented: false } }],
    },
    {
      name: "an ARO requirement does not document a wildcard on a firewall that carries only an AKS cluster's egress",
      inventory: behindCluster([appRule('geneva', { fqdns: ['*.blob.core.windows.net'] })]),
      settings: documenting('aro.public.geneva-blob', '*.blob.core.windows.net', { kinds: ['aro'] }),
      expect: [{ messageId: 'sharedWildcard', data: { documented: false, documentedBy: '' } }],
    },
    {
      name: 'a requirement of a superseded document (legacy) documents nothing today',
      inventory: behindCluster([appRule('logs', { fqdns: ['*.opinsights.azure.com'] })]),
      settings: documenting('aks.public.monitor-opinsights', '*.opinsights.azure.com', { status: 'legacy' }),
      expect: [{ messageId: 'sharedWildcard', data: { documented: false } }],
    },
    {
      name: 'a requirement documents nothing on a firewall no cluster egresses through',
      inventory: withRules(appRule('geneva', { fqdns: ['*.blob.core.windows.net'] })),
      settings: documenting('aks.public.test-blob', '*.blob.core.windows.net'),
      expect: [{ messageId: 'sharedWildcard', data: { documented: false } }],
    },
    {
      name: 'with the built-in catalog, *.servicebus.windows.net is documented for an Arc cluster using Cluster Connect',
      inventory: behindCluster(
        [appRule('arc', { fqdns: ['*.servicebus.windows.net'] })],
        cluster('arc', 'arc-edge', { location: 'eastus', declaredEgressCidrs: ['10.60.8.0/24'] }),
      ),
      settings: { clusters: { 'arc-edge': { features: ['cluster-connect'] } } },
      expect: [{ messageId: 'documentedSharedWildcard', data: { documented: true } }],
    },
  ],
});
