import { describe, expect, it } from 'vitest';
import type { FlowAggregate } from '../model/flows.ts';
import { rawRowsQuery, rawRowsQueryOf } from './kql.ts';

const T0 = Date.UTC(2025, 10, 20, 8, 0, 0);

describe('rawRowsQuery', () => {
  it('reads one aggregate from both table families: the resource-specific table and AzureDiagnostics', () => {
    const aggregate: FlowAggregate = {
      sourceGroup: 'aks-teamb',
      destination: 'eastus.data.mcr.microsoft.com',
      port: 443,
      protocol: 'HTTPS',
      action: 'Deny',
      decidedBy: 'Default Action',
      actionReason: 'Default Action',
      tables: ['AZFWApplicationRule'],
      hits: 3,
      firstSeen: T0,
      lastSeen: T0 + 3_600_000,
      sampleSourceIps: ['10.2.0.4'],
    };
    expect(rawRowsQueryOf(aggregate, ['10.2.0.0/22'])).toBe(
      [
        'let sources = dynamic(["10.2.0.0/22"]);',
        'let from = datetime(2025-11-20T07:59:00.000Z);',
        'let to = datetime(2025-11-20T09:01:00.000Z);',
        'union isfuzzy=true',
        '  (AZFWApplicationRule',
        '    | where TimeGenerated between (from .. to)',
        '    | where Fqdn =~ "eastus.data.mcr.microsoft.com" and DestinationPort == 443 and Action == "Deny"',
        '    | where ipv4_is_in_any_range(SourceIp, sources)',
        '    | project TimeGenerated, SourceIp, SourcePort, Destination = Fqdn, DestinationPort, Protocol, Action, Policy, RuleCollectionGroup, RuleCollection, Rule, ActionReason, _ResourceId),',
        '  (AzureDiagnostics',
        '    | where TimeGenerated between (from .. to)',
        '    | where Category == "AzureFirewallApplicationRule"',
        '    | where msg_s contains "eastus.data.mcr.microsoft.com:443" and msg_s contains "Action: Deny"',
        '    | extend SourceIp = extract(@"from ([0-9.]+):", 1, msg_s)',
        '    | where ipv4_is_in_any_range(SourceIp, sources)',
        '    | project TimeGenerated, SourceIp, msg_s, _ResourceId)',
        '| order by TimeGenerated asc',
      ].join('\n'),
    );
  });

  it('network flows read AZFWNetworkRule by destination IP; no sources means any source; quotes are escaped', () => {
    const query = rawRowsQuery({
      sources: [],
      destination: 'a"b\\c',
      action: 'Allow',
      kind: 'network',
      from: T0,
      to: T0,
    });
    expect(query).toContain('  (AZFWNetworkRule');
    expect(query).toContain('| where DestinationIp =~ "a\\"b\\\\c" and Action == "Allow"');
    expect(query).toContain('| where Category == "AzureFirewallNetworkRule"');
    expect(query).toContain('| where msg_s contains "a\\"b\\\\c" and msg_s contains "Action: Allow"');
    expect(query).not.toContain('sources');
  });
});
