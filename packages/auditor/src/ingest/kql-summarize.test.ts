import { describe, expect, it } from 'vitest';
import { kqlString, LEGACY_MESSAGE_REWRITES, presenceQuery, sourceGroupExpression } from './kql-summarize.ts';
import { parseLegacyMessage } from './legacy-message.ts';
import type { SourceGroup } from './sources.ts';

const group = (name: string, ...cidrs: string[]): SourceGroup => ({ group: name, kind: 'cluster', id: name, cidrs });

describe('sourceGroupExpression', () => {
  it('tests the most specific CIDR first, the earlier group among equals, as classifierFor decides', () => {
    const expression = sourceGroupExpression([
      group('subnet:vnet-hub/snet-shared', '10.0.0.0/16'),
      group('aks-prod', '10.0.4.0/22'),
      group('aks-teamb', '10.0.8.0/22'),
      group('edge', '10.0.12.7', '2001:db8::/48'),
    ]);
    const order = [...expression.matchAll(/ipv[46]_is_in_range\(SourceIp, '([^']+)'\), '([^']+)'/g)].map(
      (m) => `${m[2]} ${m[1]}`,
    );
    expect(order).toEqual([
      // Prefix lengths compare across families as in classifierFor; an address only matches its own family.
      'edge 2001:db8::/48',
      'edge 10.0.12.7/32',
      'aks-prod 10.0.4.0/22',
      'aks-teamb 10.0.8.0/22',
      'subnet:vnet-hub/snet-shared 10.0.0.0/16',
    ]);
    expect(expression).toContain("ipv6_is_in_range(SourceIp, '2001:db8::/48')");
    // Sources no group holds: by /24 as the file aggregator names them.
    expect(expression).toContain("strcat('unknown:', format_ipv4_mask(SourceIp, 24))");
  });

  it('without groups is the /24 of every source', () => {
    expect(sourceGroupExpression([])).toMatch(/^iff\(isnotnull\(parse_ipv4\(SourceIp\)\)/);
  });
});

describe('kqlString', () => {
  it.each([
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
  ])('%s', (text, literal) => expect(kqlString(text)).toBe(literal));
});

describe('presenceQuery', () => {
  it('looks at both table families, only the firewall categories of AzureDiagnostics, in a half-open window', () => {
    const query = presenceQuery(['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/afw'], {
      from: Date.parse('2026-11-16T00:00:00Z'),
      to: Date.parse('2026-11-23T00:00:00Z'),
    });
    expect(query).toMatch(/^union withsource=SourceTable isfuzzy=true AZFWApplicationRule, .*AzureDiagnostics\n/);
    expect(query).toContain(
      'where TimeGenerated >= datetime(2026-11-16T00:00:00.000Z) and TimeGenerated < datetime(2026-11-23T00:00:00.000Z)',
    );
    expect(query).toContain(
      "Category in ('AzureFirewallApplicationRule', 'AzureFirewallNetworkRule', 'AzureFirewallDnsProxy')",
    );
    expect(query).toContain(
      "_ResourceId in~ ('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/afw')",
    );
  });
});

/** The rewrites as replace_regex applies them (RE2 `\1` is JS `$1`). */
function rewrite(message: string): string {
  return LEGACY_MESSAGE_REWRITES.reduce(
    (text, [pattern, replacement]) => text.replace(new RegExp(pattern, 'g'), replacement.replace(/\\(\d)/g, '$$$1')),
    message,
  );
}

describe('LEGACY_MESSAGE_REWRITES', () => {
  // Every documented form (legacy-message.ts): the blanked message still parses, to the same flow but
  // for the client address, its port and the per-query numbers.
  it.each([
    'HTTPS request from 10.1.0.4:50123 to mcr.microsoft.com:443. Action: Allow. Policy: afwp-base. Rule Collection Group: rcg-platform-aks. Rule Collection: aks-fqdn-required. Rule: aks-core',
    'TCP request from 10.60.8.20:55555 to 13.107.42.14:8883. Action: Deny. No rule matched. Proceeding with default action',
    'HTTPS request from 10.2.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.',
    "TCP request from 203.0.113.50:40000 to 20.115.40.10:443 was DNAT'ed to 10.1.0.100:443",
    'ICMP Type=8 request from 10.1.0.4 to 10.0.1.4. Action: Allow.',
    'DNS Request: 10.1.0.4:55052 – 48817 A IN mcr.microsoft.com. udp 35 false 512 NOERROR qr,rd,ra 302 0.061s',
    ' Error: 2 time.windows.com.reddog.microsoft.com. A: read udp 10.0.1.5:49126->168.63.129.16:53: i/o timeout',
  ])('%s', (message) => {
    const original = parseLegacyMessage(message);
    const blanked = parseLegacyMessage(rewrite(message));
    expect(original.ok && blanked.ok).toBe(true);
    if (!original.ok || !blanked.ok) return;
    const { sourceIp: _a, sourcePort: _b, ...expected } = original.fields;
    const { sourceIp, sourcePort: _c, ...actual } = blanked.fields;
    expect(actual).toEqual(expected);
    expect(sourceIp).toBe('0.0.0.0');
    expect(blanked.kind).toBe(original.kind);
  });
});
