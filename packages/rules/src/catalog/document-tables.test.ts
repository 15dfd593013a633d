import { describe, expect, it } from 'vitest';
import { extractTables, msDateOf, normalizeDestination, type TableSpec } from './document-tables.ts';

const AKS: TableSpec = { kinds: ['aks'] };
const ARC: TableSpec = { kinds: ['arc'], cloud: 'public', defaultPort: 443 };
const DATA: TableSpec = { kinds: ['arc'] };
const ARO: TableSpec = { kinds: ['aro'] };
const DEFENDER: TableSpec = {
  kinds: ['arc'],
  cloudColumns: [
    { header: /^Azure domain$/i, cloud: 'public' },
    { header: /Government/i, cloud: 'usgov' },
    { header: /21Vianet/i, cloud: 'china' },
  ],
};

/** The rows as `destination cloud protocol/port`, for compact expectations. */
const rowsOf = (markdown: string, spec: TableSpec) =>
  extractTables(markdown, spec).rows.map(
    (r) => `${r.destination} ${r.cloud ?? '-'} ${r.protocol ?? '-'}/${r.port ?? '-'}`,
  );

describe('extractTables: the shapes of the documents’ tables', () => {
  it.each([
    [
      'AKS network rule: alternatives split on *Or*, links and the "(only known after…)" remark dropped',
      [
        '### Azure Global required network rules',
        '| Destination Endpoint | Protocol | Port | Use |',
        '|---|---|---|---|',
        '| **`*:1194`** <br/> *Or* <br/> [ServiceTag](/x) - **`AzureCloud.<Region>:1194`** <br/> *Or* <br/> [Regional CIDRs](/y) - **`RegionCIDRs:1194`** <br/> *Or* <br/> **`APIServerPublicIP:1194`** `(only known after cluster creation)`  | UDP | 1194 | tunnel |',
      ],
      AKS,
      [
        '* public UDP/1194',
        'AzureCloud.<region> public UDP/1194',
        'RegionCIDRs public UDP/1194',
        'APIServerPublicIP public UDP/1194',
      ],
    ],
    [
      'the 21Vianet row writes AzureCloud.Region without brackets',
      [
        '### Microsoft Azure operated by 21Vianet required network rules',
        '| Destination Endpoint | Protocol | Port | Use |',
        '|---|---|---|---|',
        '| **`*:1194`** <br/> *Or* <br/> **`AzureCloud.Region:1194`** | UDP | 1194 | tunnel |',
      ],
      AKS,
      ['* china UDP/1194', 'AzureCloud.<region> china UDP/1194'],
    ],
    [
      'a cell of several FQDNs separated by commas, on HTTP:80',
      [
        '## Optional recommended FQDN / application rules',
        '| Destination FQDN | Port | Use |',
        '|---|---|---|',
        '| **`security.ubuntu.com`, `azure.archive.ubuntu.com`** | **`HTTP:80`** | updates |',
      ],
      AKS,
      ['security.ubuntu.com - -/80', 'azure.archive.ubuntu.com - -/80'],
    ],
    [
      'a cloud named per destination: "(Azure Government)", "(Azure operated by 21Vianet)"',
      [
        '#### Microsoft Defender for Containers required FQDN / application rules',
        '| FQDN | Port | Use |',
        '|---|---|---|',
        '| **`login.microsoftonline.com`** <br/> **`login.microsoftonline.us`** (Azure Government) <br/> **`login.microsoftonline.cn`** (Azure operated by 21Vianet) | **`HTTPS:443`** | auth |',
      ],
      AKS,
      [
        'login.microsoftonline.com - -/443',
        'login.microsoftonline.us usgov -/443',
        'login.microsoftonline.cn china -/443',
      ],
    ],
    [
      'Arc: https:// and trailing slashes dropped, the port in a URL kept, 443 otherwise',
      [
        '| Endpoint (DNS) | Description |',
        '| --- | --- |',
        '| `https://login.microsoftonline.com`<br/>`https://<region>.login.microsoft.com`<br/>`login.windows.net`| tokens |',
        '|`https://<region>.obo.arc.azure.com:8084/` | Required when Cluster Connect is configured. |',
        '|`dockerhub.azk8s.cn/<repo-name>/<image-name>:<version>`| proxy |',
      ],
      ARC,
      [
        'login.microsoftonline.com public -/443',
        '<region>.login.microsoft.com public -/443',
        'login.windows.net public -/443',
        '<region>.obo.arc.azure.com public -/8084',
        'dockerhub.azk8s.cn public -/443',
      ],
    ],
    [
      'Defender: one column per cloud, N/A cells skipped',
      [
        '| Azure domain  | Azure Government domain  | Azure operated by 21Vianet domain | Port |',
        '| --- | --- | --- |---- |',
        '| *.cloud.defender.microsoft.com| N/A | N/A | 443  |',
      ],
      DEFENDER,
      ['*.cloud.defender.microsoft.com public -/443'],
    ],
    [
      'Arc data services: the URL column, footnote marks dropped, an indented table read',
      [
        '|**Service**|**Port**|**URL**|**Direction**|**Notes**|',
        '|--|--|--|--|--|',
        '| Helm chart | 443 | `arcdataservicesrow1.azurecr.io`<br/>`*.blob.core.windows.net`<br/> | Outbound | x |',
        '   | Processing <sup>1</sup>| 443 |`*.<region>.arcdataservices.com` <sup>2</sup> | Outbound | |',
      ],
      DATA,
      [
        'arcdataservicesrow1.azurecr.io - -/443',
        '*.blob.core.windows.net - -/443',
        '*.<region>.arcdataservices.com - -/443',
      ],
    ],
    [
      'ARO: "Specific subdomains of x" is *.x, $REGION and <cluster_domain>* are placeholders, a URL path dropped',
      [
        '| Destination FQDN | Port | Use |',
        '| --- | --- | --- |',
        '| **Specific subdomains of `monitor.core.windows.net`** | **HTTPS:443** | Geneva |',
        '| **`arosvc.$REGION.data.azurecr.io`** | **HTTPS:443** | registry |',
        '| **`console.redhat.com/api/ingress`** | **HTTPS:443** | insights |',
        '| **`*.apps.<cluster_domain>*`** | **HTTPS:443** | apps |',
      ],
      ARO,
      [
        '*.monitor.core.windows.net - -/443',
        'arosvc.<region>.data.azurecr.io - -/443',
        'console.redhat.com - -/443',
        '*.apps.<cluster-domain> - -/443',
      ],
    ],
    [
      'tables in code blocks and HTML comments, and tables without a destination column, are not endpoint tables',
      [
        '```',
        '| Destination FQDN | Port |',
        '|---|---|',
        '| code.example.com | 443 |',
        '```',
        '<!--',
        '| Destination FQDN | Port |',
        '|---|---|',
        '| comment.example.com | 443 |',
        '-->',
        '| Parameter | Value |',
        '|---|---|',
        '| other.example.com | 443 |',
        '',
        '| FQDN | Port | Use |',
        '|---|---|---|',
      ],
      AKS,
      [],
    ],
  ])('%s', (_name, lines, spec, expected) => {
    expect(rowsOf(lines.join('\n'), spec)).toEqual(expected);
  });

  it('reads the scenario list of the gateway page, each name under its scenario', () => {
    const markdown = [
      '## Additional scenarios',
      '',
      '- [Container insights in Azure Monitor](/azure/x):',
      '  - `*.ods.opinsights.azure.com`',
      '- [Azure Key Vault](/azure/y):',
      '  - `<vault-name>.vault.azure.net`',
      '',
      '## Next',
      '- [Not a scenario](/z):',
      '  - `ignored.example.com`',
    ].join('\n');
    const rows = extractTables(markdown, { ...ARC, scenarioList: /Additional scenarios/ }).rows;
    expect(rows.map((r) => [r.line, r.section, r.destination, r.port])).toEqual([
      [4, 'Additional scenarios: Container insights in Azure Monitor', '*.ods.opinsights.azure.com', 443],
      [6, 'Additional scenarios: Azure Key Vault', '<vault-name>.vault.azure.net', 443],
    ]);
  });

  it('skips the front matter, whose "# Customer intent" comment is no heading', () => {
    const markdown = [
      '---',
      'ms.date: 06/11/2026',
      '# Customer intent: As a network administrator, I want …',
      '---',
      '| Endpoint (DNS) | Description |',
      '| --- | --- |',
      '| `https://management.azure.com` | ARM |',
    ].join('\n');
    expect(extractTables(markdown, ARC).rows.map((r) => [r.line, r.section, r.destination])).toEqual([
      [7, '', 'management.azure.com'],
    ]);
  });

  it('names each row’s section by its headings and gives the kinds of the section', () => {
    const markdown = [
      '# Doc',
      '## Install Azure Policy Add-on for AKS',
      '### Prerequisites',
      '   |Domain |Port |',
      '   |---|---|',
      '   |`data.policy.core.windows.net` |`443` |',
      '## Install Azure Policy Extension for Azure Arc enabled Kubernetes',
      '### Prerequisites',
      '   |Domain |Port |',
      '   |---|---|',
      '   |`store.policy.core.windows.net` |`443` |',
    ].join('\n');
    const spec: TableSpec = {
      kinds: ['aks', 'arc'],
      sections: [
        { heading: /Add-on for AKS/, kinds: ['aks'] },
        { heading: /Arc enabled/, kinds: ['arc'] },
      ],
    };
    expect(extractTables(markdown, spec).rows.map((r) => [r.line, r.section, r.kinds])).toEqual([
      [6, 'Doc › Install Azure Policy Add-on for AKS › Prerequisites', ['aks']],
      [11, 'Doc › Install Azure Policy Extension for Azure Arc enabled Kubernetes › Prerequisites', ['arc']],
    ]);
  });
});

describe('normalizeDestination and msDateOf', () => {
  it.each([
    ['https://graph.microsoft.com/', 'graph.microsoft.com'],
    ['<location>.x.io', '<region>.x.io'],
    ['<cluster-region-name>.handler.control.monitor.azure.com', '<region>.handler.control.monitor.azure.com'],
    ['<Your URL prefix>.gw.arc.azure.com', '<gateway-prefix>.gw.arc.azure.com'],
    ['AzureMonitor:443', 'AzureMonitor'],
    ['CustomDNSIP:53', 'CustomDNSIP'],
    ['N/A', undefined],
    ['MCR.Microsoft.COM', 'mcr.microsoft.com'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeDestination(raw)).toBe(expected);
  });

  it('reads ms.date from the front matter as an ISO date', () => {
    expect(msDateOf('---\ntitle: x\nms.date: 6/8/2026\n---\n')).toBe('2026-06-08');
    expect(msDateOf('no front matter')).toBeUndefined();
  });
});
