import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowRecord, LogSourceSummary } from '../model/flows.ts';
import { createLogParser } from './parser.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const fixtures = path.resolve(repoRoot, 'fixtures/logs');
const reference = path.resolve(repoRoot, 'fixtures/reference/logs');
const encoder = new TextEncoder();

function parse(chunks: Uint8Array[], source = 'test'): { records: FlowRecord[]; summary: LogSourceSummary } {
  const records: FlowRecord[] = [];
  const parser = createLogParser(source, (record) => records.push(record));
  for (const chunk of chunks) parser.push(chunk);
  return { records, summary: parser.end() };
}
const parseText = (text: string) => parse([encoder.encode(text)]);
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

const FW =
  '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c/resourcegroups/rg-hub-network/providers/microsoft.network/azurefirewalls/afw-hub';
const FW_LEGACY = FW.toUpperCase();
const at = (iso: string) => Date.parse(iso);
const rec = (fields: Partial<FlowRecord>): FlowRecord => ({ count: 1, firewallId: FW, ...fields }) as FlowRecord;
const legacy = (fields: Partial<FlowRecord>) => rec({ firewallId: FW_LEGACY, ...fields });

const POLICY_AKS = { policy: 'afwp-base', ruleCollectionGroup: 'rcg-platform-aks' };
const AKS_CORE = { ...POLICY_AKS, ruleCollection: 'aks-fqdn-required', rule: 'aks-core' };
const APISERVER_UDP = { ...POLICY_AKS, ruleCollection: 'aks-network-required', rule: 'apiserver-udp' };
const DNAT_RULE = {
  policy: 'afwp-hub-eastus',
  ruleCollectionGroup: 'rcg-dnat',
  ruleCollection: 'ingress-dnat',
  rule: 'https-to-aks-prod-ingress',
};

interface Expected {
  file: string;
  records: FlowRecord[];
  summary: Partial<LogSourceSummary>;
}

const EXPECTED: Expected[] = [
  {
    file: 'azfw-application-rule.kusto.csv',
    summary: { format: 'csv', tables: ['AZFWApplicationRule'], rowsRead: 5, rowsRejected: 0 },
    records: [
      rec({
        time: at('2025-11-20T08:00:01.123Z'),
        table: 'AZFWApplicationRule',
        sourceIp: '10.1.0.4',
        sourcePort: 50123,
        destination: 'mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ...AKS_CORE,
      }),
      rec({
        time: at('2025-11-20T08:00:02.200Z'),
        table: 'AZFWApplicationRule',
        sourceIp: '10.1.0.5',
        sourcePort: 50124,
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ...AKS_CORE,
      }),
      rec({
        time: at('2025-11-20T08:00:03.300Z'),
        table: 'AZFWApplicationRule',
        sourceIp: '10.2.0.4',
        sourcePort: 41000,
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
      rec({
        time: at('2025-11-20T08:00:04.000Z'),
        table: 'AZFWApplicationRule',
        sourceIp: '10.4.0.10',
        sourcePort: 43210,
        destination: 'registry.redhat.io',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        policy: 'afwp-hub-eastus',
        ruleCollectionGroup: 'rcg-app-teams',
        ruleCollection: 'aro-optional',
        rule: 'red-hat-registries',
      }),
      rec({
        time: at('2025-11-20T08:00:05.500Z'),
        table: 'AZFWApplicationRule',
        sourceIp: '10.50.0.7',
        sourcePort: 52000,
        destination: 'www.example.com',
        port: 443,
        protocol: 'HTTP/1.1',
        action: 'Allow',
        policy: 'afwp-hub-eastus',
        ruleCollectionGroup: 'rcg-app-teams',
        ruleCollection: 'temp-debug',
        rule: 'jumpbox-any',
        webCategory: 'SearchEnginesAndPortals',
        targetUrl: 'https://www.example.com/path?x=1,2',
      }),
    ],
  },
  {
    file: 'azfw-network-rule.portal.csv',
    summary: { format: 'csv', tables: ['AZFWNetworkRule'], rowsRead: 4, rowsRejected: 0 },
    records: [
      rec({
        time: at('2025-11-20T08:01:00.250Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.1.0.4',
        sourcePort: 40001,
        destination: '20.42.65.92',
        destinationIp: '20.42.65.92',
        port: 1194,
        protocol: 'UDP',
        action: 'Allow',
        ...APISERVER_UDP,
      }),
      rec({
        time: at('2025-11-20T08:01:01.000Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.3.0.9',
        sourcePort: 123,
        destination: '51.145.123.29',
        destinationIp: '51.145.123.29',
        port: 123,
        protocol: 'UDP',
        action: 'Allow',
        ...POLICY_AKS,
        ruleCollection: 'aks-network-required',
        rule: 'ntp',
      }),
      rec({
        time: at('2025-11-20T12:01:02.500Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.60.8.20',
        sourcePort: 55555,
        destination: '13.107.42.14',
        destinationIp: '13.107.42.14',
        port: 8883,
        protocol: 'TCP',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
      // `12:30:00.000 AM`; ICMP ports (logged as 0) dropped.
      rec({
        time: at('2025-11-20T00:30:00.000Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.50.0.7',
        destination: '8.8.8.8',
        destinationIp: '8.8.8.8',
        protocol: 'ICMP',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
    ],
  },
  {
    file: 'azfw-nat-rule.csv',
    summary: { format: 'csv', tables: ['AZFWNatRule'], rowsRead: 2, rowsRejected: 0 },
    records: [
      rec({
        time: at('2025-11-20T08:02:00.100Z'),
        table: 'AZFWNatRule',
        sourceIp: '203.0.113.50',
        sourcePort: 61000,
        destination: '20.115.40.10',
        destinationIp: '20.115.40.10',
        port: 443,
        protocol: 'TCP',
        action: 'Dnat',
        translatedIp: '10.1.0.100',
        translatedPort: 443,
        ...DNAT_RULE,
      }),
      rec({
        time: at('2025-11-20T08:02:01.000Z'),
        table: 'AZFWNatRule',
        sourceIp: '198.51.100.7',
        sourcePort: 61001,
        destination: '20.115.40.10',
        destinationIp: '20.115.40.10',
        port: 443,
        protocol: 'TCP',
        action: 'Dnat',
        translatedIp: '10.1.0.100',
        translatedPort: 443,
        ...DNAT_RULE,
      }),
    ],
  },
  {
    file: 'azfw-dns-query.kusto.csv',
    summary: { format: 'csv', tables: ['AZFWDnsQuery'], rowsRead: 3, rowsRejected: 0 },
    records: [
      rec({
        time: at('2025-11-20T08:03:00Z'),
        table: 'AZFWDnsQuery',
        sourceIp: '10.1.0.4',
        sourcePort: 53001,
        destination: 'mcr.microsoft.com',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'NOERROR',
        dnsQueryType: 'A',
      }),
      rec({
        time: at('2025-11-20T08:03:01Z'),
        table: 'AZFWDnsQuery',
        sourceIp: '10.2.0.4',
        sourcePort: 53002,
        destination: 'eastus.data.mcr.microsoft.com',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'NXDOMAIN',
        dnsQueryType: 'AAAA',
      }),
      rec({
        time: at('2025-11-20T08:03:02Z'),
        table: 'AZFWDnsQuery',
        sourceIp: '10.3.0.9',
        sourcePort: 53003,
        destination: 'packages.aks.azure.com',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'i/o timeout',
        dnsQueryType: 'A',
      }),
    ],
  },
  {
    file: 'azfw-threat-intel.csv',
    summary: { tables: ['AZFWThreatIntel'], rowsRead: 1 },
    records: [
      rec({
        time: at('2025-11-20T08:04:00Z'),
        table: 'AZFWThreatIntel',
        sourceIp: '10.1.0.6',
        sourcePort: 50500,
        destination: 'malware.example.net',
        destinationIp: '192.0.2.66',
        port: 80,
        protocol: 'HTTP',
        action: 'Alert',
        actionReason: 'ThreatIntel: Bot Networks',
        targetUrl: 'http://malware.example.net/payload',
      }),
    ],
  },
  {
    file: 'azfw-idps-signature.csv',
    summary: { tables: ['AZFWIdpsSignature'], rowsRead: 1 },
    records: [
      rec({
        time: at('2025-11-20T08:05:00Z'),
        table: 'AZFWIdpsSignature',
        sourceIp: '10.1.0.7',
        sourcePort: 51890,
        destination: '192.0.2.80',
        destinationIp: '192.0.2.80',
        port: 443,
        protocol: 'TCP',
        action: 'Drop',
        actionReason: 'IDPS signature 2028816: JA3 Hash - [Abuse.ch] Possible Tofsee',
        idpsSignature: {
          id: '2028816',
          description: 'JA3 Hash - [Abuse.ch] Possible Tofsee',
          severity: 3,
          category: 'Unknown Traffic',
        },
      }),
    ],
  },
  {
    file: 'azfw-application-rule-aggregation.csv',
    summary: { tables: ['AZFWApplicationRuleAggregation'], rowsRead: 2 },
    records: [
      rec({
        time: at('2025-11-20T08:00:00Z'),
        table: 'AZFWApplicationRuleAggregation',
        sourceIp: '10.1.0.4',
        destination: 'mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ...AKS_CORE,
        count: 1520,
      }),
      rec({
        time: at('2025-11-20T08:00:00Z'),
        table: 'AZFWApplicationRuleAggregation',
        sourceIp: '10.2.0.4',
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Deny',
        actionReason: 'Default Action',
        count: 37,
      }),
    ],
  },
  {
    file: 'azfw-network-rule-aggregation.csv',
    summary: { tables: ['AZFWNetworkRuleAggregation'], rowsRead: 1 },
    records: [
      rec({
        time: at('2025-11-20T08:00:00Z'),
        table: 'AZFWNetworkRuleAggregation',
        sourceIp: '10.1.0.4',
        destination: '20.42.65.92',
        destinationIp: '20.42.65.92',
        port: 1194,
        protocol: 'UDP',
        action: 'Allow',
        ...APISERVER_UDP,
        count: 860,
      }),
    ],
  },
  {
    file: 'azfw-nat-rule-aggregation.csv',
    summary: { tables: ['AZFWNatRuleAggregation'], rowsRead: 1 },
    records: [
      // No DestinationIp/Port in this table: the translated address is the destination.
      rec({
        time: at('2025-11-20T08:00:00Z'),
        table: 'AZFWNatRuleAggregation',
        sourceIp: '203.0.113.50',
        destination: '10.1.0.100',
        destinationIp: '10.1.0.100',
        port: 443,
        protocol: 'TCP',
        action: 'Dnat',
        translatedIp: '10.1.0.100',
        translatedPort: 443,
        ...DNAT_RULE,
        count: 12,
      }),
    ],
  },
  {
    file: 'azure-diagnostics.portal.csv',
    summary: {
      format: 'csv',
      tables: ['AzureFirewallApplicationRule', 'AzureFirewallDnsProxy', 'AzureFirewallNetworkRule'],
      rowsRead: 11,
      rowsRejected: 0,
      rowsIgnored: 2,
      ignored: [
        {
          reason: 'category AZFWApplicationRule in AzureDiagnostics mode (fields in AdditionalFields) is not read',
          rows: 1,
        },
        { reason: 'category ApplicationGatewayAccessLog is not a firewall flow log', rows: 1 },
      ],
      firstSeen: at('2025-11-20T09:00:00.100Z'),
      lastSeen: at('2025-11-20T09:00:10Z'),
    },
    records: [
      legacy({
        time: at('2025-11-20T09:00:00.100Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.1.0.4',
        sourcePort: 50123,
        destination: 'mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ...AKS_CORE,
      }),
      legacy({
        time: at('2025-11-20T09:00:01Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.2.0.4',
        sourcePort: 41000,
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
      legacy({
        time: at('2025-11-20T09:00:02Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.50.0.7',
        sourcePort: 52001,
        destination: 'www.example.com',
        port: 80,
        protocol: 'HTTP',
        action: 'Allow',
        targetUrl: 'www.example.com/a,b',
        policy: 'afwp-hub-eastus',
        ruleCollectionGroup: 'rcg-app-teams',
        ruleCollection: 'temp-debug',
        rule: 'jumpbox-any, http',
        webCategory: 'SearchEnginesAndPortals',
      }),
      legacy({
        time: at('2025-11-20T09:00:03Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.3.0.9',
        sourcePort: 6065,
        destination: '',
        protocol: 'HTTPS',
        action: 'Deny',
        actionReason: 'SNI TLS extension was missing',
      }),
      legacy({
        time: at('2025-11-20T09:00:04Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.1.0.4',
        sourcePort: 40001,
        destination: '20.42.65.92',
        destinationIp: '20.42.65.92',
        port: 1194,
        protocol: 'UDP',
        action: 'Allow',
        ...APISERVER_UDP,
      }),
      legacy({
        time: at('2025-11-20T09:00:05Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '203.0.113.50',
        sourcePort: 61000,
        destination: '20.115.40.10',
        destinationIp: '20.115.40.10',
        port: 443,
        protocol: 'TCP',
        action: 'Dnat',
        translatedIp: '10.1.0.100',
        translatedPort: 443,
        ...DNAT_RULE,
      }),
      legacy({
        time: at('2025-11-20T09:00:06Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.1.0.6',
        sourcePort: 50500,
        destination: 'malware.example.net',
        port: 80,
        protocol: 'HTTP',
        action: 'Deny',
        actionReason: 'ThreatIntel: Bot Networks',
        targetUrl: 'malware.example.net/payload',
      }),
      legacy({
        time: at('2025-11-20T09:00:07Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.1.0.7',
        sourcePort: 51890,
        destination: '192.0.2.80',
        destinationIp: '192.0.2.80',
        port: 443,
        protocol: 'TCP',
        action: 'Drop',
        actionReason: 'IDPS signature 2028816: JA3 Hash - [Abuse.ch] Possible Tofsee',
        idpsSignature: {
          id: '2028816',
          description: 'JA3 Hash - [Abuse.ch] Possible Tofsee',
          severity: 3,
          category: 'Unknown Traffic',
        },
      }),
      legacy({
        time: at('2025-11-20T09:00:08Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.50.0.7',
        destination: '8.8.8.8',
        destinationIp: '8.8.8.8',
        protocol: 'ICMP',
        action: 'Deny',
      }),
      legacy({
        time: at('2025-11-20T09:00:09Z'),
        table: 'AzureFirewallDnsProxy',
        sourceIp: '10.1.0.4',
        sourcePort: 53001,
        destination: 'mcr.microsoft.com',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'NOERROR',
        dnsQueryType: 'A',
      }),
      legacy({
        time: at('2025-11-20T09:00:10Z'),
        table: 'AzureFirewallDnsProxy',
        sourceIp: '10.0.1.4',
        sourcePort: 49126,
        destination: 'packages.aks.azure.com',
        destinationIp: '168.63.129.16',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'i/o timeout',
        dnsQueryType: 'A',
      }),
    ],
  },
  {
    file: 'azure-diagnostics.az-cli.json',
    summary: { format: 'json', tables: ['AzureFirewallApplicationRule', 'AzureFirewallNetworkRule'], rowsRead: 2 },
    records: [
      legacy({
        time: at('2025-11-20T09:00:00.100Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.1.0.4',
        sourcePort: 50123,
        destination: 'mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ...AKS_CORE,
      }),
      legacy({
        time: at('2025-11-20T09:00:04Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.60.8.20',
        sourcePort: 55555,
        destination: '13.107.42.14',
        destinationIp: '13.107.42.14',
        port: 8883,
        protocol: 'TCP',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
    ],
  },
  {
    file: 'storage-legacy.PT1H.json',
    summary: {
      format: 'json-lines',
      tables: ['AzureFirewallApplicationRule', 'AzureFirewallDnsProxy', 'AzureFirewallNetworkRule'],
      rowsRead: 3,
    },
    records: [
      legacy({
        time: at('2025-11-20T10:00:00Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.2.0.4',
        sourcePort: 41000,
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
      legacy({
        time: at('2025-11-20T10:00:01Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.1.0.4',
        sourcePort: 40002,
        destination: '20.42.65.92',
        destinationIp: '20.42.65.92',
        port: 9000,
        protocol: 'TCP',
        action: 'Allow',
        ...POLICY_AKS,
        ruleCollection: 'aks-network-required',
        rule: 'apiserver-tcp',
      }),
      legacy({
        time: at('2025-11-20T10:00:02Z'),
        table: 'AzureFirewallDnsProxy',
        sourceIp: '10.1.0.4',
        sourcePort: 53001,
        destination: 'mcr.microsoft.com',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'NOERROR',
        dnsQueryType: 'AAAA',
      }),
    ],
  },
  {
    file: 'storage-resource-specific.PT1H.json',
    summary: {
      format: 'json-lines',
      tables: ['AZFWApplicationRule', 'AZFWDnsQuery', 'AZFWNetworkRule'],
      rowsRead: 3,
      rowsIgnored: 1,
      ignored: [{ reason: 'table AZFWFlowTrace is not a flow log the audit reads', rows: 1 }],
    },
    records: [
      legacy({
        time: at('2025-11-20T11:00:00Z'),
        table: 'AZFWApplicationRule',
        sourceIp: '10.2.0.4',
        sourcePort: 41000,
        destination: 'eastus.data.mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
      legacy({
        time: at('2025-11-20T11:00:01Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.50.0.7',
        destination: '8.8.8.8',
        destinationIp: '8.8.8.8',
        protocol: 'ICMP',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
      legacy({
        time: at('2025-11-20T11:00:02Z'),
        table: 'AZFWDnsQuery',
        sourceIp: '10.1.0.4',
        sourcePort: 53001,
        destination: 'mcr.microsoft.com',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'NOERROR',
        dnsQueryType: 'A',
      }),
    ],
  },
  {
    file: 'storage-records-2018.json',
    summary: { format: 'json', tables: ['AzureFirewallApplicationRule', 'AzureFirewallNetworkRule'], rowsRead: 2 },
    records: [
      legacy({
        time: at('2018-06-14T23:44:11.059Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '10.1.0.4',
        sourcePort: 12518,
        destination: '13.78.143.217',
        destinationIp: '13.78.143.217',
        port: 2323,
        protocol: 'TCP',
        action: 'Deny',
      }),
      legacy({
        time: at('2018-06-14T23:44:12Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.1.0.5',
        sourcePort: 55640,
        destination: 'mcr.microsoft.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ruleCollection: 'aks-egress',
        rule: 'mcr',
      }),
    ],
  },
  {
    file: 'docs-style-record.json',
    summary: { format: 'json', tables: ['AzureFirewallApplicationRule'], rowsRead: 1 },
    records: [
      legacy({
        time: at('2025-11-20T12:00:00Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.1.0.4',
        sourcePort: 50123,
        destination: 'login.microsoftonline.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ruleCollection: 'aks-fqdn-required',
        rule: 'aks-core',
        webCategory: 'ComputersAndTechnology',
      }),
    ],
  },
  {
    file: 'docs-style-invalid-quote.json.txt',
    summary: {
      format: 'json',
      tables: [],
      rowsRead: 0,
      rowsRejected: 1,
      rejected: [
        {
          line: 1,
          reason: 'the input ends inside a string of this JSON value (a string not closed by a plain " quote?)',
        },
      ],
    },
    records: [],
  },
  {
    file: 'query-api-response.json',
    summary: { format: 'json', tables: ['AZFWNetworkRule'], rowsRead: 2 },
    records: [
      rec({
        time: at('2025-11-20T13:00:00Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.1.0.4',
        sourcePort: 40001,
        destination: '20.42.65.92',
        destinationIp: '20.42.65.92',
        port: 1194,
        protocol: 'UDP',
        action: 'Allow',
        ...APISERVER_UDP,
      }),
      rec({
        time: at('2025-11-20T13:00:01Z'),
        table: 'AZFWNetworkRule',
        sourceIp: '10.60.8.20',
        sourcePort: 55555,
        destination: '13.107.42.14',
        destinationIp: '13.107.42.14',
        port: 8883,
        protocol: 'TCP',
        action: 'Deny',
        actionReason: 'Default Action',
      }),
    ],
  },
];

describe('createLogParser on the fixtures (fixtures/logs)', () => {
  it('has an expectation for every fixture but the malformed one', () => {
    const files = readdirSync(fixtures).filter((f) => !f.endsWith('.md') && !f.startsWith('malformed'));
    expect(EXPECTED.map((e) => e.file).sort()).toEqual(files.sort());
  });

  it.each(EXPECTED)('$file', ({ file, records, summary }) => {
    const result = parse([fixture(file)], file);
    expect(result.records).toEqual(records);
    expect(result.summary).toMatchObject({ source: file, rowsRejected: 0, rejected: [], ...summary });
    if (records.length > 0) {
      const times = records.map((r) => r.time);
      expect(result.summary.firstSeen).toBe(Math.min(...times));
      expect(result.summary.lastSeen).toBe(Math.max(...times));
    }
  });

  it('counts and names every malformed row, and reads on', () => {
    const { records, summary } = parse([fixture('malformed-network-rule.csv')], 'malformed-network-rule.csv');
    expect(records.map((r) => r.sourceIp)).toEqual(['10.1.0.4', '10.1.0.4']);
    expect(summary).toEqual({
      source: 'malformed-network-rule.csv',
      format: 'csv',
      tables: ['AZFWNetworkRule'],
      rowsRead: 2,
      rowsRejected: 8,
      rejected: [
        { line: 3, reason: "TimeGenerated 'not a time' is not a time" },
        { line: 4, reason: "SourceIp '10.1.0.999' is not an IP address" },
        { line: 5, reason: "DestinationPort '70000' is not a port" },
        { line: 6, reason: 'the row has 6 fields, the header has 14' },
        { line: 7, reason: 'Action is empty' },
        { line: 8, reason: 'text after a closing quote' },
        { line: 10, reason: 'DestinationIp is empty' },
        { line: 12, reason: 'a quoted field is not closed before the end of the input' },
      ],
      rowsIgnored: 1,
      ignored: [{ reason: 'table AZFWFlowTrace is not a flow log the audit reads', rows: 1 }],
      firstSeen: at('2025-11-20T14:00:00Z'),
      lastSeen: at('2025-11-20T14:00:00Z'),
    });
  });

  it('names only the first rejected rows (maxRejectedSamples) but counts them all', () => {
    const bytes = fixture('malformed-network-rule.csv');
    const parser = createLogParser('x', () => {}, { maxRejectedSamples: 2 });
    parser.push(bytes);
    const summary = parser.end();
    expect(summary.rowsRejected).toBe(8);
    expect(summary.rejected.map((r) => r.line)).toEqual([3, 4]);
  });

  it.each([...EXPECTED.map((e) => e.file), 'malformed-network-rule.csv'])(
    'gives the same result for a cut at every byte offset and byte by byte: %s',
    (file) => {
      const bytes = fixture(file);
      const whole = parse([bytes], file);
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)], file)).toEqual(whole);
      }
      expect(
        parse(
          Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)),
          file,
        ),
      ).toEqual(whole);
    },
  );
});

describe('createLogParser: recognising the content', () => {
  const csv = readFileSync(path.join(fixtures, 'azfw-nat-rule.csv'), 'utf8');

  it.each([
    ['UTF-16LE', 'utf-16le'],
    ['UTF-16BE', 'utf-16be'],
  ])('transcodes %s with a byte order mark (Windows PowerShell output)', (_, encoding) => {
    const units = new Uint16Array(csv.length + 1);
    units[0] = 0xfeff;
    for (let i = 0; i < csv.length; i++) units[i + 1] = csv.charCodeAt(i);
    const bytes = new Uint8Array(units.buffer); // little-endian, as on every platform Node runs on here
    const be = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) {
      be[i] = bytes[i + 1] as number;
      be[i + 1] = bytes[i] as number;
    }
    const input = encoding === 'utf-16le' ? bytes : be;
    const expected = parse([encoder.encode(csv)]).records;
    expect(parse([input]).records).toEqual(expected);
    // Cut inside a code unit and inside the byte order mark.
    expect(parse([input.subarray(0, 1), input.subarray(1, 7), input.subarray(7)]).records).toEqual(expected);
  });

  it.each([
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'gzip-compressed: decompress it first (readLogFile does)'],
    ['zip', new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]), 'a zip archive: extract the log files from it first'],
    ['binary', new Uint8Array([1, 2, 0, 4, 5, 6, 10]), 'binary content, not a log export'],
    ['empty', new Uint8Array(0), 'the file is empty'],
    ['a byte order mark only', new Uint8Array([0xef, 0xbb, 0xbf]), 'the file is empty'],
    ['blank lines', encoder.encode('\n \r\n\t\n'), 'the file holds only blank lines'],
  ])('names %s content in `error` and reads no rows', (_, bytes, error) => {
    expect(parse([bytes])).toEqual({
      records: [],
      summary: { source: 'test', tables: [], rowsRead: 0, rowsRejected: 0, rejected: [], error },
    });
  });

  it('reads JSON arrays, wrapped records, string properties and Type-per-row CSV exports', () => {
    const legacyRecord = {
      category: 'AzureFirewallNetworkRule',
      time: '2025-01-01T00:00:00Z',
      resourceId: '/FW',
      operationName: 'AzureFirewallNetworkRuleLog',
      properties: { msg: 'UDP request from 10.0.0.1:5 to 10.0.0.2:53. Action: Allow' },
    };
    const stringProperties = { ...legacyRecord, properties: JSON.stringify(legacyRecord.properties) };
    expect(parseText(JSON.stringify([legacyRecord, stringProperties, 7, 'x'])).summary).toMatchObject({
      format: 'json',
      rowsRead: 2,
      rowsRejected: 2,
      rejected: [
        { line: 1, reason: 'an array element that is not a JSON object' },
        { line: 1, reason: 'an array element that is not a JSON object' },
      ],
    });
    // JSON lines whose lines are `{"records": [...]}` (Event Hubs batches).
    const batch = JSON.stringify({ records: [legacyRecord, legacyRecord] });
    expect(parseText(`${JSON.stringify(legacyRecord)}\n${batch}\n`).summary).toMatchObject({
      format: 'json-lines',
      rowsRead: 3,
    });
    // A `union` export: the Type column decides each row's table.
    const union = [
      'TimeGenerated,Type,SourceIp,SourcePort,Fqdn,DestinationIp,DestinationPort,Protocol,Action',
      '2025-01-01T00:00:00Z,AZFWApplicationRule,10.0.0.1,5,mcr.microsoft.com,,443,HTTPS,Allow',
      '2025-01-01T00:00:01Z,AZFWNetworkRule,10.0.0.1,6,,20.1.1.1,443,TCP,Deny',
    ].join('\n');
    const { records } = parseText(union);
    expect(records.map((r) => [r.table, r.destination])).toEqual([
      ['AZFWApplicationRule', 'mcr.microsoft.com'],
      ['AZFWNetworkRule', '20.1.1.1'],
    ]);
  });

  it('rejects JSON text it cannot use, line by line', () => {
    const lines = ['{"TimeGenerated":"2025-01-01T00:00:00Z","Name":"x"}', '{oops', '[1,2]', '', 'garbage'];
    expect(parseText(lines.join('\n')).summary).toMatchObject({
      format: 'json-lines',
      rowsRead: 0,
      rowsRejected: 4,
      rejected: [
        { line: 1, reason: expect.stringContaining('are none of the firewall log tables') },
        { line: 2, reason: expect.stringContaining('not valid JSON') },
        { line: 3, reason: 'not a JSON object' },
        { line: 5, reason: expect.stringContaining('not valid JSON') },
      ],
    });
  });

  it('refuses a push after end', () => {
    const parser = createLogParser('x', () => {});
    parser.end();
    expect(() => parser.push(new Uint8Array([1]))).toThrow(/push after end/);
  });
});

describe('createLogParser on the reference samples (fixtures/reference/logs)', () => {
  const docs = path.join(reference, 'azure-docs-firewall-diagnostic-logs');
  const DOCS_ID =
    '/SUBSCRIPTIONS/{subscriptionId}/RESOURCEGROUPS/{resourceGroupName}/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/{resourceName}';
  const doc = (fields: Partial<FlowRecord>) => rec({ firewallId: DOCS_ID, ...fields });

  it.each([
    [
      'AzureFirewallApplicationRule_example1.json',
      doc({
        time: at('2018-04-16T23:45:04.829Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.1.0.5',
        sourcePort: 55640,
        destination: 'mydestination.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ruleCollection: 'collection1000',
        rule: 'rule1002',
      }),
    ],
    [
      'AzureFirewallApplicationRule_example2_webcategory.json',
      doc({
        time: at('2018-04-16T23:45:04.829Z'),
        table: 'AzureFirewallApplicationRule',
        sourceIp: '10.11.2.4',
        sourcePort: 53344,
        destination: 'www.bing.com',
        port: 443,
        protocol: 'HTTPS',
        action: 'Allow',
        ruleCollection: 'ExampleRuleCollection',
        rule: 'ExampleRule',
        webCategory: 'SearchEnginesAndPortals',
      }),
    ],
    [
      'AzureFirewallNetworkRule_example.json',
      doc({
        time: at('2018-06-14T23:44:11.059Z'),
        table: 'AzureFirewallNetworkRule',
        sourceIp: '111.35.136.173',
        sourcePort: 12518,
        destination: '13.78.143.217',
        destinationIp: '13.78.143.217',
        port: 2323,
        protocol: 'TCP',
        action: 'Deny',
      }),
    ],
    [
      'AzureFirewallDnsProxy_success_example.json',
      doc({
        time: at('2020-09-02T19:12:33.751Z'),
        table: 'AzureFirewallDnsProxy',
        sourceIp: '11.5.0.7',
        sourcePort: 48197,
        destination: 'md-l1l1pg5lcmkq.blob.core.windows.net',
        port: 53,
        protocol: 'UDP',
        action: 'Unknown',
        actionReason: 'NOERROR',
        dnsQueryType: 'AAA',
      }),
    ],
  ])('%s', (file, expected) => {
    const bytes = new Uint8Array(readFileSync(path.join(docs, file)));
    const { records, summary } = parse([bytes], file);
    expect(records).toEqual([expected]);
    expect(summary).toMatchObject({ format: 'json', rowsRead: 1, rowsRejected: 0, tables: [expected.table] });
  });

  it('rejects the invalid docs record (typographic closing quote) by its line', () => {
    const bytes = new Uint8Array(readFileSync(path.join(docs, 'AzureFirewallDnsProxy_failed_example.json.txt')));
    expect(parse([bytes]).summary).toMatchObject({
      rowsRead: 0,
      rowsRejected: 1,
      rejected: [{ line: 1, reason: expect.stringContaining('ends inside a string') }],
    });
  });

  it.each([
    ['AzureFirewallApplicationRuleLogs_sample-dataset.kql', 'AzureFirewallApplicationRule'],
    ['AzureFirewallNetworkRuleLogs_sample-dataset.kql', 'AzureFirewallNetworkRule'],
  ])('reads every msg_s of %s as an AzureDiagnostics export', (file, category) => {
    const text = readFileSync(path.join(reference, 'azure-sentinel-parsers', file), 'utf8');
    const messages = [...text.matchAll(/^\s*"(.*)",?\r?$/gm)].map((m) => m[1] ?? '');
    const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
    const csvText = [
      'TimeGenerated [UTC],Category,msg_s',
      ...messages.map((m) => `"1/2/2024, 3:04:05.000 PM",${category},${quote(m)}`),
    ].join('\r\n');
    const { records, summary } = parseText(csvText);
    expect(summary).toMatchObject({ rowsRead: 6, rowsRejected: 0 });
    expect(records.every((r) => r.table === category && r.time === Date.UTC(2024, 0, 2, 15, 4, 5))).toBe(true);
  });
});

describe('createLogParser: properties', () => {
  const GOOD =
    '2025-11-20T08:00:00Z,TCP,10.1.0.4,40000,20.42.65.92,9000,Allow,afwp-base,rcg-platform-aks,aks-network-required,apiserver-tcp,';
  const HEADER =
    'TimeGenerated,Protocol,SourceIp,SourcePort,DestinationIp,DestinationPort,Action,Policy,RuleCollectionGroup,RuleCollection,Rule,ActionReason';
  // Broken rows without quotes or line breaks: each is exactly one row, read or rejected.
  const brokenRow = fc.oneof(
    fc.constant(GOOD),
    fc
      .array(fc.stringMatching(/^[^",\r\n]{0,12}$/), { minLength: 1, maxLength: 15 })
      .map((fields) => fields.join(','))
      .filter((row) => row.trim() !== ''),
    fc.tuple(fc.nat(11), fc.stringMatching(/^[^",\r\n]{0,10}$/)).map(([index, value]) => {
      const fields = GOOD.split(',');
      fields[index] = value;
      return fields.join(',');
    }),
  );

  it('reads or rejects every row, never throws, whatever the chunking (read + rejected = rows)', () => {
    fc.assert(
      fc.property(
        fc.array(brokenRow, { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(4000), { maxLength: 6 }),
        (rows, lineEnd, cutPoints) => {
          const bytes = encoder.encode([HEADER, ...rows].join(lineEnd) + lineEnd);
          const cuts = [...new Set(cutPoints.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
          const { summary } = parse(chunks);
          expect(summary.rowsRead + summary.rowsRejected + (summary.rowsIgnored ?? 0)).toBe(rows.length);
          expect(summary.rowsRead).toBeGreaterThanOrEqual(rows.filter((r) => r === GOOD).length);
          expect(summary.rejected.length).toBe(Math.min(10, summary.rowsRejected));
          expect(parse([bytes]).summary).toEqual(summary);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes or text, and counts no more rows than bytes', () => {
    const anyInput = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.string({ maxLength: 600 }).map((s) => encoder.encode(s)),
      fc
        .array(fc.oneof(fc.constant(GOOD), fc.string({ maxLength: 40 })), { maxLength: 12 })
        .map((rows) => encoder.encode([HEADER, ...rows].join('\n'))),
      fc.json().map((s) => encoder.encode(s)),
    );
    fc.assert(
      fc.property(anyInput, fc.nat(700), (bytes, cut) => {
        const at = cut % (bytes.length + 1);
        const { summary } = parse([bytes.subarray(0, at), bytes.subarray(at)]);
        expect(summary.rowsRead + summary.rowsRejected + (summary.rowsIgnored ?? 0)).toBeLessThanOrEqual(bytes.length);
        expect(parse([bytes]).summary).toEqual(summary);
      }),
      { numRuns: 500 },
    );
  });
});
