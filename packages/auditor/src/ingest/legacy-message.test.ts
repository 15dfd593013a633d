import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LegacyFlowFields, type LegacyMessageKind, parseLegacyMessage } from './legacy-message.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const reference = path.resolve(repoRoot, 'fixtures/reference/logs');

interface Case {
  source: string;
  msg: string;
  kind: LegacyMessageKind;
  fields: LegacyFlowFields;
}

// Every variant in the Azure-Sentinel sample datasets (fixtures/reference/logs/azure-sentinel-parsers),
// verbatim, with the exact fields expected.
const SENTINEL_APPLICATION: Case[] = [
  {
    source: 'Sentinel app #1: two spaces after HTTP, Url, policy path, comma in the rule name',
    msg: 'HTTP  request from 10.0.0.1:50776 to ocsp.msocsp.com:80. Url: ocsp.msocsp.com/MFQ=. Action: Allow. Policy: azfwpolicy-nbfw-prd-weeu-01. Rule Collection Group: DefaultApplicationRuleCollectionGroup. Rule Collection: generic-allow-500. Rule: Azure-to-AllowedServices, HTTP',
    kind: 'application',
    fields: {
      protocol: 'HTTP',
      sourceIp: '10.0.0.1',
      sourcePort: 50776,
      destination: 'ocsp.msocsp.com',
      port: 80,
      targetUrl: 'ocsp.msocsp.com/MFQ=',
      action: 'Allow',
      policy: 'azfwpolicy-nbfw-prd-weeu-01',
      ruleCollectionGroup: 'DefaultApplicationRuleCollectionGroup',
      ruleCollection: 'generic-allow-500',
      rule: 'Azure-to-AllowedServices, HTTP',
    },
  },
  {
    source: 'Sentinel app #2: web category',
    msg: 'HTTPS request from 10.0.0.1:49553 to guestconfiguration.azure.com:443. Action: Allow. Policy: azfwpolicy-nbfw-prd-weeu-01. Rule Collection Group: DefaultApplicationRuleCollectionGroup. Rule Collection: enablement-genericwebcategory-prd-allow-200. Rule: Allowed Business-Use Webcategories. Web Category: ComputersAndTechnology',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.0.0.1',
      sourcePort: 49553,
      destination: 'guestconfiguration.azure.com',
      port: 443,
      action: 'Allow',
      policy: 'azfwpolicy-nbfw-prd-weeu-01',
      ruleCollectionGroup: 'DefaultApplicationRuleCollectionGroup',
      ruleCollection: 'enablement-genericwebcategory-prd-allow-200',
      rule: 'Allowed Business-Use Webcategories',
      webCategory: 'ComputersAndTechnology',
    },
  },
  {
    source: 'Sentinel app #3: HTTP default-action deny with Url',
    msg: 'HTTP  request from 10.0.0.1:53717 to ocsp.usertrust.com:80. Url: ocsp.usertrust.com/MFEk=. Action: Deny. No rule matched. Proceeding with default action',
    kind: 'application',
    fields: {
      protocol: 'HTTP',
      sourceIp: '10.0.0.1',
      sourcePort: 53717,
      destination: 'ocsp.usertrust.com',
      port: 80,
      targetUrl: 'ocsp.usertrust.com/MFEk=',
      action: 'Deny',
      actionReason: 'Default Action',
    },
  },
  {
    source: 'Sentinel app #4: HTTPS default-action deny',
    msg: 'HTTPS request from 10.0.0.1:62773 to settings-win.data.microsoft.com:443. Action: Deny. No rule matched. Proceeding with default action',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.0.0.1',
      sourcePort: 62773,
      destination: 'settings-win.data.microsoft.com',
      port: 443,
      action: 'Deny',
      actionReason: 'Default Action',
    },
  },
  {
    source: 'Sentinel app #5: DNS resolution failure',
    msg: 'HTTPS request from 10.0.0.1:59060 to instance01.westeurope.datafactory.azure.net:443. Action: Deny. Failed to resolve address adf-rt-prd-weeu-01.westeurope.datafactory.azure.net:443: lookup adf-rt-prd-weeu-01.westeurope.datafactory.azure.net on 10.0.0.53:53: no such host',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.0.0.1',
      sourcePort: 59060,
      destination: 'instance01.westeurope.datafactory.azure.net',
      port: 443,
      action: 'Deny',
      actionReason:
        'Failed to resolve address adf-rt-prd-weeu-01.westeurope.datafactory.azure.net:443: lookup adf-rt-prd-weeu-01.westeurope.datafactory.azure.net on 10.0.0.53:53: no such host',
    },
  },
  {
    source: 'Sentinel app #6: SNI missing, no destination',
    msg: 'HTTPS request from 10.0.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.0.0.1',
      sourcePort: 6065,
      destination: '',
      action: 'Deny',
      actionReason: 'SNI TLS extension was missing',
    },
  },
];

const SENTINEL_NETWORK: Case[] = [
  {
    source: 'Sentinel net #1: allow with a final period',
    msg: 'UDP request from 101.202.3.4:59960 to 102.203.13.14:53. Action: Allow.',
    kind: 'network',
    fields: {
      protocol: 'UDP',
      sourceIp: '101.202.3.4',
      sourcePort: 59960,
      destination: '102.203.13.14',
      destinationIp: '102.203.13.14',
      port: 53,
      action: 'Allow',
    },
  },
  {
    source: 'Sentinel net #2: IDPS drop, lower-case action',
    msg: 'TCP request from 101.202.3.4:51890 to 102.203.13.14:443. Action: drop. Signature: 2028816. IDS: JA3 Hash - [Abuse.ch] Possible Tofsee. Priority: 3. Classification: Unknown Traffic',
    kind: 'idps',
    fields: {
      protocol: 'TCP',
      sourceIp: '101.202.3.4',
      sourcePort: 51890,
      destination: '102.203.13.14',
      destinationIp: '102.203.13.14',
      port: 443,
      action: 'Drop',
      actionReason: 'IDPS signature 2028816: JA3 Hash - [Abuse.ch] Possible Tofsee',
      idpsSignature: {
        id: '2028816',
        description: 'JA3 Hash - [Abuse.ch] Possible Tofsee',
        severity: 3,
        category: 'Unknown Traffic',
      },
    },
  },
  {
    source: 'Sentinel net #3: IDPS alert',
    msg: 'TCP request from 101.202.3.4:54854 to 102.203.13.14:1521. Action: alert. Signature: 2102649. IDS: SQL service_name buffer overflow attempt. Priority: 1. Classification: Attempted User Privilege Gain',
    kind: 'idps',
    fields: {
      protocol: 'TCP',
      sourceIp: '101.202.3.4',
      sourcePort: 54854,
      destination: '102.203.13.14',
      destinationIp: '102.203.13.14',
      port: 1521,
      action: 'Alert',
      actionReason: 'IDPS signature 2102649: SQL service_name buffer overflow attempt',
      idpsSignature: {
        id: '2102649',
        description: 'SQL service_name buffer overflow attempt',
        severity: 1,
        category: 'Attempted User Privilege Gain',
      },
    },
  },
  {
    source: 'Sentinel net #4: ThreatIntel deny with Url',
    msg: 'HTTP request from 101.202.3.4:54314 to ocsp.sca1b.amazontrust.com:80. Url: ocsp.sca1b.amazontrust.com. Action: Deny. ThreatIntel: Bot Networks',
    kind: 'threat-intel',
    fields: {
      protocol: 'HTTP',
      sourceIp: '101.202.3.4',
      sourcePort: 54314,
      destination: 'ocsp.sca1b.amazontrust.com',
      port: 80,
      targetUrl: 'ocsp.sca1b.amazontrust.com',
      action: 'Deny',
      actionReason: 'ThreatIntel: Bot Networks',
    },
  },
  {
    source: 'Sentinel net #5: ICMP allow, no ports',
    msg: 'ICMP Type=8 request from 101.202.3.4 to 102.203.13.14. Action: Allow.',
    kind: 'network',
    fields: {
      protocol: 'ICMP',
      sourceIp: '101.202.3.4',
      destination: '102.203.13.14',
      destinationIp: '102.203.13.14',
      action: 'Allow',
    },
  },
  {
    source: 'Sentinel net #6: ICMP deny',
    msg: 'ICMP Type=8 request from 101.202.3.4 to 12.23.13.14. Action: Deny.',
    kind: 'network',
    fields: {
      protocol: 'ICMP',
      sourceIp: '101.202.3.4',
      destination: '12.23.13.14',
      destinationIp: '12.23.13.14',
      action: 'Deny',
    },
  },
];

// The docs' example records (fixtures/reference/logs/azure-docs-firewall-diagnostic-logs), verbatim.
const DOCS: Case[] = [
  {
    source: 'docs: application rule, classic rule collection',
    msg: 'HTTPS request from 10.1.0.5:55640 to mydestination.com:443. Action: Allow. Rule Collection: collection1000. Rule: rule1002',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.1.0.5',
      sourcePort: 55640,
      destination: 'mydestination.com',
      port: 443,
      action: 'Allow',
      ruleCollection: 'collection1000',
      rule: 'rule1002',
    },
  },
  {
    source: 'docs: application rule with web category',
    msg: 'HTTPS request from 10.11.2.4:53344 to www.bing.com:443. Action: Allow. Rule Collection: ExampleRuleCollection. Rule: ExampleRule. Web Category: SearchEnginesAndPortals',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.11.2.4',
      sourcePort: 53344,
      destination: 'www.bing.com',
      port: 443,
      action: 'Allow',
      ruleCollection: 'ExampleRuleCollection',
      rule: 'ExampleRule',
      webCategory: 'SearchEnginesAndPortals',
    },
  },
  {
    source: 'docs: network rule deny without a rule',
    msg: 'TCP request from 111.35.136.173:12518 to 13.78.143.217:2323. Action: Deny',
    kind: 'network',
    fields: {
      protocol: 'TCP',
      sourceIp: '111.35.136.173',
      sourcePort: 12518,
      destination: '13.78.143.217',
      destinationIp: '13.78.143.217',
      port: 2323,
      action: 'Deny',
    },
  },
  {
    source: 'docs: DNS proxy success, en dash',
    msg: 'DNS Request: 11.5.0.7:48197 – 15676 AAA IN md-l1l1pg5lcmkq.blob.core.windows.net. udp 55 false 512 NOERROR - 0 2.000301956s',
    kind: 'dns',
    fields: {
      protocol: 'UDP',
      sourceIp: '11.5.0.7',
      sourcePort: 48197,
      destination: 'md-l1l1pg5lcmkq.blob.core.windows.net',
      port: 53,
      action: 'Unknown',
      actionReason: 'NOERROR',
      dnsQueryType: 'AAA',
    },
  },
  {
    // The docs' JSON around this message is invalid (a typographic closing quote): the text inside it.
    source: 'docs: DNS proxy failure, leading space',
    msg: ' Error: 2 time.windows.com.reddog.microsoft.com. A: read udp 10.0.1.5:49126->168.63.129.160:53: i/o timeout',
    kind: 'dns',
    fields: {
      protocol: 'UDP',
      sourceIp: '10.0.1.5',
      sourcePort: 49126,
      destination: 'time.windows.com.reddog.microsoft.com',
      destinationIp: '168.63.129.160',
      port: 53,
      action: 'Unknown',
      actionReason: 'i/o timeout',
      dnsQueryType: 'A',
    },
  },
  {
    source: 'threat-intel doc: alert',
    msg: 'HTTP request from 10.0.0.5:54074 to somemaliciousdomain.com:80. Action: Alert. ThreatIntel: Bot Networks',
    kind: 'threat-intel',
    fields: {
      protocol: 'HTTP',
      sourceIp: '10.0.0.5',
      sourcePort: 54074,
      destination: 'somemaliciousdomain.com',
      port: 80,
      action: 'Alert',
      actionReason: 'ThreatIntel: Bot Networks',
    },
  },
];

// Forms from the Log Analytics samples' parse comments and third-party parsers (research notes §5.2).
const OTHER_FORMS: Case[] = [
  {
    source: 'Log Analytics samples: DNAT',
    msg: "TCP request from 193.238.46.72:50522 to 40.119.154.83:3389 was DNAT'ed to 10.0.2.4:3389",
    kind: 'nat',
    fields: {
      protocol: 'TCP',
      sourceIp: '193.238.46.72',
      sourcePort: 50522,
      destination: '40.119.154.83',
      destinationIp: '40.119.154.83',
      port: 3389,
      action: 'Dnat',
      translatedIp: '10.0.2.4',
      translatedPort: 3389,
    },
  },
  {
    source: 'DNAT with the policy path',
    msg: "TCP request from 203.0.113.50:61000 to 20.115.40.10:443 was DNAT'ed to 10.1.0.100:443. Policy: afwp-hub-eastus. Rule Collection Group: rcg-dnat. Rule Collection: ingress-dnat. Rule: https-to-aks-prod-ingress",
    kind: 'nat',
    fields: {
      protocol: 'TCP',
      sourceIp: '203.0.113.50',
      sourcePort: 61000,
      destination: '20.115.40.10',
      destinationIp: '20.115.40.10',
      port: 443,
      action: 'Dnat',
      translatedIp: '10.1.0.100',
      translatedPort: 443,
      policy: 'afwp-hub-eastus',
      ruleCollectionGroup: 'rcg-dnat',
      ruleCollection: 'ingress-dnat',
      rule: 'https-to-aks-prod-ingress',
    },
  },
  {
    source: 'Log Analytics samples: SNI missing, "was denied" form',
    msg: 'HTTPS request from 10.0.2.4:51990 was denied. Reason: SNI TLS extension was missing.',
    kind: 'application',
    fields: {
      protocol: 'HTTPS',
      sourceIp: '10.0.2.4',
      sourcePort: 51990,
      destination: '',
      action: 'Deny',
      actionReason: 'SNI TLS extension was missing',
    },
  },
  {
    source: 'Log Analytics samples: ICMP without Type',
    msg: 'ICMP request from 10.0.2.4 to 10.0.3.4. Action: Allow',
    kind: 'network',
    fields: {
      protocol: 'ICMP',
      sourceIp: '10.0.2.4',
      destination: '10.0.3.4',
      destinationIp: '10.0.3.4',
      action: 'Allow',
    },
  },
  {
    source: 'third-party: policy deny and a Url with dots ("x64_....cab")',
    msg: 'HTTP  request from 10.13.1.4:55202 to au.download.windowsupdate.com:80. Url: au.download.windowsupdate.com/c/msdownload/.../windows10.0-kb4589208-v2-x64_....cab. Action: Deny. No rule matched. Proceeding with default action',
    kind: 'application',
    fields: {
      protocol: 'HTTP',
      sourceIp: '10.13.1.4',
      sourcePort: 55202,
      destination: 'au.download.windowsupdate.com',
      port: 80,
      targetUrl: 'au.download.windowsupdate.com/c/msdownload/.../windows10.0-kb4589208-v2-x64_....cab',
      action: 'Deny',
      actionReason: 'Default Action',
    },
  },
  {
    source: 'third-party: DNS request, hyphen and flags',
    msg: 'DNS Request: 10.2.0.6:5350 - 10407 A IN ifconfig.me. udp 40 false 1232 NOERROR qr,aa,rd,ra 60 0.000311s',
    kind: 'dns',
    fields: {
      protocol: 'UDP',
      sourceIp: '10.2.0.6',
      sourcePort: 5350,
      destination: 'ifconfig.me',
      port: 53,
      action: 'Unknown',
      actionReason: 'NOERROR',
      dnsQueryType: 'A',
    },
  },
];

const ALL = [...SENTINEL_APPLICATION, ...SENTINEL_NETWORK, ...DOCS, ...OTHER_FORMS];

describe('parseLegacyMessage', () => {
  it.each(ALL)('$source', ({ msg, kind, fields }) => {
    expect(parseLegacyMessage(msg)).toStrictEqual({ ok: true, kind, fields });
  });

  it.each([
    ['', 'not a known message form'],
    ['hello world', 'not a known message form'],
    ['TCP request from nowhere to 1.2.3.4:80. Action: Allow', "source 'nowhere' is not an IP address"],
    ['TCP request from 10.0.0.1:99999 to 1.2.3.4:80. Action: Allow', "source '10.0.0.1:99999' is not host:port"],
    ['TCP request from 10.0.0.1:1 to 1.2.3.4:x. Action: Allow', "destination '1.2.3.4:x' is not host:port"],
    ['TCP request from 10.0.0.1:1 to 1.2.3.4:80', 'no "Action:" and no DNAT'],
    ['DNS Request: 10.0.0.1:5 - 1 A IN', 'fewer than 9 fields'],
    [' Error: 2 name. A: something else', 'DNS error without the socket'],
  ])('rejects %j with a reason', (msg, reason) => {
    const result = parseLegacyMessage(msg);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('reads an unknown action word as Unknown, not as a rejection', () => {
    const result = parseLegacyMessage('TCP request from 10.0.0.1:1 to 1.2.3.4:80. Action: Request');
    expect(result).toMatchObject({ ok: true, fields: { action: 'Unknown' } });
  });
});

describe('parseLegacyMessage on the reference samples (fixtures/reference/logs)', () => {
  const expected = new Map(ALL.map((c) => [c.msg, c]));

  it.each(['AzureFirewallApplicationRuleLogs_sample-dataset.kql', 'AzureFirewallNetworkRuleLogs_sample-dataset.kql'])(
    'covers every msg_s of %s',
    (file) => {
      const text = readFileSync(path.join(reference, 'azure-sentinel-parsers', file), 'utf8');
      // The datatable literal: one "…" string per row.
      const messages = [...text.matchAll(/^\s*"(.*)",?\r?$/gm)].map((m) => (m[1] ?? '').replaceAll('\\"', '"'));
      expect(messages.length).toBe(6);
      for (const msg of messages) {
        const known = expected.get(msg);
        expect(known, msg).toBeDefined();
        expect(parseLegacyMessage(msg)).toStrictEqual({ ok: true, kind: known?.kind, fields: known?.fields });
      }
    },
  );

  it('covers every properties.msg of the docs examples', () => {
    const dir = path.join(reference, 'azure-docs-firewall-diagnostic-logs');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(5);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      // The failed-DNS example is not valid JSON (its msg closes with ”): take the text between the quotes.
      const msg = /"msg": "(.*)["”]\s*$/m.exec(text)?.[1] ?? '';
      const known = expected.get(msg);
      expect(known, `${file}: ${msg}`).toBeDefined();
      expect(parseLegacyMessage(msg)).toStrictEqual({ ok: true, kind: known?.kind, fields: known?.fields });
    }
  });
});
