/**
 * The KQL the tool sends (ingest/kql-summarize.ts), checked against the KQL reference: for each
 * operator and function the queries use, the page that documents it, an assertion that the generated
 * text calls it as documented (argument order, types, literals), and the page's own examples run
 * through the emulator's interpreter (packages/azure-emulator), which must give the documented output.
 *
 * Pages: MicrosoftDocs/dataexplorer-docs at 1bbb122cebcea58faa906a914030367551762a8c, folder
 * data-explorer/kusto/query/, published as https://learn.microsoft.com/kusto/query/<page>. Each block
 * below names its page and the page's ms.date.
 */
import { type KqlTable, type KqlValue, runKql } from '@aro-aks-audit/azure-emulator';
import { describe, expect, it } from 'vitest';
import * as kql from '../../ingest/kql-summarize.ts';
import type { SourceGroup } from '../../ingest/sources.ts';

const FIREWALL =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub';
const GROUPS: SourceGroup[] = [
  { group: 'aks-prod', kind: 'cluster', id: '/x/aks-prod', cidrs: ['10.240.0.0/16', '10.240.7.9'] },
  { group: 'subnet:vnet/ipv6', kind: 'subnet', id: '/x/ipv6', cidrs: ['fd00:10::/64'] },
];
const WINDOW = { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-03-08T00:00:00Z') };
const spec = (table: string): kql.SummarizedTable =>
  kql.RESOURCE_SPECIFIC_TABLES.find((t) => t.table === table) as kql.SummarizedTable;
const APPLICATION = kql.summarizeTableQuery(spec('AZFWApplicationRule'), {
  groups: GROUPS,
  firewallIds: [FIREWALL],
  window: WINDOW,
});
const AGGREGATION = kql.summarizeTableQuery(spec('AZFWNetworkRuleAggregation'), { groups: GROUPS, window: WINDOW });
const LEGACY = kql.summarizeLegacyQuery({ groups: GROUPS, firewallIds: [FIREWALL], window: WINDOW });
const PRESENCE = kql.presenceQuery([FIREWALL], WINDOW);
const ALL = [APPLICATION, AGGREGATION, LEGACY, PRESENCE];

/** Every call of `name(` in the text, with its top-level arguments. */
function callsOf(query: string, name: string): string[][] {
  const out: string[][] = [];
  for (let at = query.indexOf(`${name}(`); at !== -1; at = query.indexOf(`${name}(`, at + 1)) {
    if (/[A-Za-z0-9_]/.test(query[at - 1] ?? '')) continue;
    const args: string[] = [];
    let depth = 0;
    let quote: string | undefined;
    let current = '';
    for (let i = at + name.length + 1; i < query.length; i++) {
      const c = query[i] as string;
      if (quote) {
        current += c;
        if (c === '\\' && quote === "'" && query[i - 1] !== '@') current += query[++i] ?? '';
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      if (c === '(') depth++;
      if (c === ')' && depth-- === 0) {
        args.push(current.trim());
        break;
      }
      if (c === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
      } else current += c;
    }
    out.push(args);
  }
  return out;
}

/** Evaluates `expression` on rows of one table T through the emulator: the value of column `r` per row. */
function evaluate(expression: string, columns: string[], rows: KqlValue[][]): KqlValue[] {
  const table: KqlTable = {
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
  };
  return runKql(`T | extend r = ${expression}`, new Map([['T', table]])).rows.map((row) => row.r ?? null);
}
const scalar = (expression: string): KqlValue => evaluate(expression, ['x'], [[null]])[0] ?? null;

describe('the KQL the tool sends, against the KQL reference', () => {
  it('the sample queries hold every operator and function this file checks', () => {
    for (const name of [
      'bin',
      'ipv4_is_in_range',
      'ipv6_is_in_range',
      'extract',
      'replace_regex',
      'iff',
      'case',
      'column_ifexists',
      'make_set',
      'format_ipv4_mask',
      'parse_ipv6_mask',
      'parse_ipv4',
      'coalesce',
      'toint',
      'tostring',
    ])
      expect(
        ALL.some((q) => callsOf(q, name).length > 0),
        name,
      ).toBe(true);
  });

  // bin-function.md (08/11/2024): `bin(value, roundTo)`; "The nearest multiple of roundTo below value.
  // Null values, a null bin size, or a negative bin size will result in null."
  describe('bin()', () => {
    it('is called as bin(TimeGenerated, 1h): the datetime first, a timespan literal second', () => {
      const calls = ALL.flatMap((q) => callsOf(q, 'bin'));
      expect(calls.length).toBeGreaterThanOrEqual(4);
      for (const args of calls) expect(args).toEqual(['TimeGenerated', '1h']);
    });
    it('the emulator gives the page’s outputs and rounds down', () => {
      expect(scalar('bin(4.5, 1)')).toBe(4);
      expect(scalar('bin(datetime(1970-05-11T13:45:07Z), 1d)')).toEqual(new Date('1970-05-11T00:00:00Z'));
      expect(scalar('bin(datetime(2026-03-01T10:59:59.999Z), 1h)')).toEqual(new Date('2026-03-01T10:00:00Z'));
      expect(scalar('bin(datetime(null), 1h)')).toBeNull();
    });
  });

  // ipv4-is-in-range-function.md (08/11/2024): `ipv4_is_in_range(Ipv4Address, Ipv4Range)`, the range in
  // IP-prefix notation; true, false, or null "if conversion for one of the two IPv4 strings wasn't
  // successful". ipv6-is-in-range-function.md (08/11/2024) alike for IPv6.
  describe('ipv4_is_in_range() and ipv6_is_in_range()', () => {
    it('take the address column first and a prefix-notation literal second, IPv6 ranges in the IPv6 function', () => {
      const v4 = callsOf(APPLICATION, 'ipv4_is_in_range');
      const v6 = callsOf(APPLICATION, 'ipv6_is_in_range');
      expect(v4).toEqual([
        ['SourceIp', "'10.240.7.9/32'"],
        ['SourceIp', "'10.240.0.0/16'"],
      ]);
      expect(v6).toEqual([['SourceIp', "'fd00:10::/64'"]]);
    });
    it('the emulator gives the pages’ outputs, and null for what does not convert', () => {
      const rows = [
        ['192.168.1.1', '192.168.1.1'],
        ['192.168.1.1', '192.168.1.255/24'],
        ['10.1.2.3', '192.168.1.0/24'],
        ['not an ip', '192.168.1.0/24'],
        ['192.168.1.1', 'not a range'],
      ];
      expect(evaluate('ipv4_is_in_range(a, b)', ['a', 'b'], rows)).toEqual([true, true, false, null, null]);
      const v6 = [
        ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112'],
        ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd'],
        ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', '0:0:0:0:0:ffff:c0a8:ac/60'],
      ];
      expect(evaluate('ipv6_is_in_range(a, b)', ['a', 'b'], v6)).toEqual([true, true, false]);
    });
    it('the most specific range wins: the /32 is tested before the /16 (case() takes the first true)', () => {
      const group = evaluate(
        `case(${callsOf(APPLICATION, 'case')[0]?.join(', ')})`,
        ['SourceIp'],
        [['10.240.7.9'], ['10.240.1.1'], ['fd00:10::5'], ['192.0.2.1']],
      );
      expect(group).toEqual(['aks-prod', 'aks-prod', 'subnet:vnet/ipv6', 'unknown:192.0.2.0/24']);
    });
  });

  // case-function.md (08/11/2024): `case(predicate_1, then_1, [predicate_2, then_2, ...] else)`;
  // "the value of the first then_i whose predicate_i evaluates to true, or the value of else".
  // iff-function.md (11/27/2024): `iff(if, then, else)`.
  describe('case() and iff()', () => {
    it('case() has pairs and one else (an odd number of arguments); iff() has three', () => {
      for (const args of ALL.flatMap((q) => callsOf(q, 'case'))) expect(args.length % 2).toBe(1);
      for (const args of ALL.flatMap((q) => callsOf(q, 'iff'))) expect(args).toHaveLength(3);
    });
    it('the Hour of a row is its hour when denied, a null datetime otherwise (both branches datetime)', () => {
      const hour = ALL.flatMap((q) => callsOf(q, 'iff')).filter((args) => args[1] === 'bin(TimeGenerated, 1h)');
      expect(hour.length).toBe(3);
      for (const args of hour) expect(args[2]).toBe('datetime(null)');
    });
    it('the emulator gives the case() page’s output', () => {
      const sizes = [[1], [3], [5], [7], [9], [11], [13], [15]];
      expect(evaluate('case(Size <= 3, "Small", Size <= 10, "Medium", "Large")', ['Size'], sizes)).toEqual([
        'Small',
        'Small',
        'Medium',
        'Medium',
        'Medium',
        'Large',
        'Large',
        'Large',
      ]);
    });
  });

  // extract-function.md (12/16/2024): `extract(regex, captureGroup, source [, typeLiteral])`; no match:
  // null, which for a string is the empty string (scalar-data-types/null-values.md (08/11/2024): "The
  // string data type doesn't support null values").
  describe('extract()', () => {
    it('takes the regex first, the group second, the source third', () => {
      const calls = [...callsOf(APPLICATION, 'extract'), ...callsOf(LEGACY, 'extract')];
      expect(calls.length).toBe(3);
      for (const [regex, group, source] of calls) {
        expect(regex).toMatch(/^@'/);
        expect(group).toBe('1');
        expect(source).toMatch(/TargetUrl|msg_s/);
      }
    });
    it('the emulator gives the page’s outputs; no match is empty', () => {
      const text = [['User: James, Email: James@example.com, Age: 29'], ['User: David, Age: 35']];
      expect(evaluate('extract("User: ([^,]+)", 1, Text)', ['Text'], text)).toEqual(['James', 'David']);
      expect(evaluate('extract(@"Email: (\\S+),", 1, Text)', ['Text'], text)).toEqual(['James@example.com', '']);
      expect(evaluate('extract(@"\\d+", 0, Text)', ['Text'], text)).toEqual(['29', '35']);
    });
    it('the TargetUrl host: the generated expression takes the host of a URL', () => {
      const key = spec('AZFWApplicationRule').keys.find((k) => k.startsWith('TargetUrl = ')) ?? '';
      expect(APPLICATION).toContain(key);
      const host = key.replace(/^TargetUrl = /, '');
      expect(host).not.toBe('');
      const urls = [
        ['', 'https://mcr.microsoft.com:443/v2/x?y'],
        ['', 'packages.microsoft.com/repos'],
        ['a.b', 'https://c'],
      ];
      expect(evaluate(host, ['Fqdn', 'TargetUrl'], urls)).toEqual(['mcr.microsoft.com', 'packages.microsoft.com', '']);
    });
  });

  // replace-regex-function.md (12/04/2024): `replace_regex(source, lookup_regex, rewrite_pattern)`; "\0 to
  // refer to the whole match, \1 for the first capture group"; every match is replaced.
  describe('replace_regex()', () => {
    it('takes the source first, then the regex and the rewrite as verbatim literals', () => {
      const calls = callsOf(LEGACY, 'replace_regex');
      expect(calls.length).toBe(4);
      for (const [, regex, rewrite] of calls) {
        expect(regex).toMatch(/^@'/);
        expect(rewrite).toMatch(/^@'/);
      }
    });
    it('the emulator gives the page’s output', () => {
      const rows = [['Number is 1.000000'], ['Number is 2.000000']];
      expect(evaluate("replace_regex(str, @'is (\\d+)', @'was: \\1')", ['str'], rows)).toEqual([
        'Number was: 1.000000',
        'Number was: 2.000000',
      ]);
    });
  });

  // format-ipv4-mask-function.md, parse-ipv6-mask-function.md, parse-ipv4-function.md (08/11/2024).
  describe('format_ipv4_mask(), parse_ipv6_mask(), parse_ipv4()', () => {
    it('an unknown source is named by its /24 (IPv4) or /64 (IPv6) network', () => {
      expect(callsOf(APPLICATION, 'format_ipv4_mask')).toEqual([['SourceIp', '24']]);
      expect(callsOf(APPLICATION, 'parse_ipv6_mask')).toEqual([
        ['SourceIp', '64'],
        ['SourceIp', '64'],
      ]);
      expect(callsOf(APPLICATION, 'parse_ipv4')).toEqual([['SourceIp']]);
    });
    it('the emulator gives the pages’ outputs', () => {
      const masks = [
        ['192.168.1.1', 24],
        ['192.168.1.1', 32],
        ['192.168.1.1/24', 32],
        ['192.168.1.1/24', -1],
      ];
      expect(evaluate('format_ipv4_mask(address, mask)', ['address', 'mask'], masks)).toEqual([
        '192.168.1.0/24',
        '192.168.1.1/32',
        '192.168.1.0/24',
        '',
      ]);
      const v6 = [
        ['192.168.255.255', 120],
        ['192.168.255.255/24', 124],
        ['255.255.255.255', 128],
        ['fe80::85d:e82c:9446:7994', 128],
        ['fe80::85d:e82c:9446:7994/120', 124],
        ['::192.168.255.255', 128],
        ['::192.168.255.255/24', 128],
      ];
      expect(evaluate('parse_ipv6_mask(ip_string, netmask)', ['ip_string', 'netmask'], v6)).toEqual([
        '0000:0000:0000:0000:0000:ffff:c0a8:ff00',
        '0000:0000:0000:0000:0000:ffff:c0a8:ff00',
        '0000:0000:0000:0000:0000:ffff:ffff:ffff',
        'fe80:0000:0000:0000:085d:e82c:9446:7994',
        'fe80:0000:0000:0000:085d:e82c:9446:7900',
        '0000:0000:0000:0000:0000:ffff:c0a8:ffff',
        '0000:0000:0000:0000:0000:ffff:c0a8:ff00',
      ]);
      const v4 = [['192.168.1.1'], ['192.168.1.1/24'], ['255.255.255.255/31'], ['fe80::1']];
      expect(evaluate('parse_ipv4(ip_string)', ['ip_string'], v4)).toEqual([3232235777, 3232235776, 4294967294, null]);
    });
  });

  // coalesce-function.md (08/11/2024): "the first non-null (or non-empty for string) expression".
  describe('coalesce()', () => {
    it('picks the first non-empty extraction of the legacy source address', () => {
      const [args] = callsOf(LEGACY, 'coalesce');
      expect(args?.every((a) => a.startsWith('extract('))).toBe(true);
      expect(
        evaluate(
          'coalesce(a, b)',
          ['a', 'b'],
          [
            ['', '10.0.0.1'],
            ['10.0.0.2', '10.0.0.3'],
          ],
        ),
      ).toEqual(['10.0.0.1', '10.0.0.2']);
    });
  });

  // column-ifexists-function.md (01/09/2025): `column_ifexists(columnName, defaultValue)`, the name a
  // string. tostring-function.md (03/09/2025): null → empty string. toint-function.md (03/09/2025):
  // "If the conversion is successful, the result is an integer. Otherwise, the result is null", and a
  // decimal is truncated.
  describe('column_ifexists(), tostring(), toint()', () => {
    it('names the column as a string literal and gives a typed default', () => {
      const calls = ALL.flatMap((q) => callsOf(q, 'column_ifexists'));
      expect(calls.length).toBeGreaterThan(10);
      for (const [name, fallback] of calls) {
        expect(name).toMatch(/^'[A-Za-z_]+'$/);
        expect(fallback).toMatch(/^(''|int\(null\))$/);
      }
    });
    it('the emulator: a missing column gives the default; tostring(null) is empty; toint truncates or is null', () => {
      expect(evaluate("column_ifexists('Capital', State)", ['State'], [['FLORIDA']])).toEqual(['FLORIDA']);
      expect(evaluate("column_ifexists('State', 'none')", ['State'], [['FLORIDA']])).toEqual(['FLORIDA']);
      expect(scalar('tostring(x)')).toBe('');
      expect(scalar('toint("123")')).toBe(123);
      expect(scalar('toint(2.3)')).toBe(2);
      expect(scalar('toint("not a number")')).toBeNull();
    });
  });

  // summarize-operator.md (01/21/2025): `summarize [Column =] Aggregation, ... by [Column =] GroupExpression`;
  // one row per distinct combination of the by values; with by keys and no input, no rows; aggregates
  // ignore nulls. make-set-aggregation-function.md (08/11/2024): `make_set(expr [, maxSize])`, distinct
  // values, nulls ignored, "The array's sort order is undefined".
  describe('summarize and make_set()', () => {
    it('aggregates before `by`, sample sources as make_set(SourceIp, 5), counted hits summed as long', () => {
      for (const query of [APPLICATION, AGGREGATION, LEGACY]) {
        const line = query.split('\n').find((l) => l.startsWith('| summarize ')) ?? '';
        expect(line).toMatch(
          /^\| summarize Rows = count\(\), Hits = .*, SampleSourceIps = make_set\(SourceIp, 5\) by /,
        );
      }
      expect(AGGREGATION).toContain('Hits = sum(tolong(NetworkRuleCount))');
      expect(callsOf(PRESENCE, 'bin')).toEqual([['TimeGenerated', '1h']]);
    });
    it('the emulator: one row per distinct key, nulls left out of make_set, at most maxSize values, no rows from no input', () => {
      const rows = [
        ['a', '10.0.0.1'],
        ['a', '10.0.0.2'],
        ['a', null],
        ['a', '10.0.0.1'],
        ['b', '10.0.0.3'],
      ];
      const table: KqlTable = {
        columns: ['k', 'ip'],
        rows: rows.map(([k, ip]) => ({ k: k ?? null, ip: ip ?? null })),
      };
      const out = runKql(
        'T | summarize n = count(), s = make_set(ip, 5), one = make_set(ip, 1) by k',
        new Map([['T', table]]),
      );
      expect(out.rows.map((r) => [r.k, r.n, [...(r.s as string[])].sort(), (r.one as string[]).length])).toEqual([
        ['a', 4, ['10.0.0.1', '10.0.0.2'], 1],
        ['b', 1, ['10.0.0.3'], 1],
      ]);
      const empty: KqlTable = { columns: ['k'], rows: [] };
      expect(runKql('T | summarize n = count() by k', new Map([['T', empty]])).rows).toEqual([]);
    });
  });

  // where-operator.md, in-operator.md (`in~`: case-insensitive), equals-operator.md (`=~`: case-insensitive),
  // union-operator.md (withsource=ColumnName; isfuzzy=true: the legs that exist are read, an error only
  // when none does) — all 08/11/2024.
  describe('where, in~, =~ and union', () => {
    it('filters the window half-open, firewalls by case-insensitive id, actions by case-insensitive name', () => {
      const from = new Date(WINDOW.from).toISOString();
      const to = new Date(WINDOW.to).toISOString();
      expect(APPLICATION).toContain(`| where TimeGenerated >= datetime(${from}) and TimeGenerated < datetime(${to})`);
      expect(APPLICATION).toContain(`| where _ResourceId in~ ('${FIREWALL}')`);
      expect(APPLICATION).toContain("=~ 'Deny'");
      expect(PRESENCE.split('\n')[0]).toMatch(/^union withsource=SourceTable isfuzzy=true AZFWApplicationRule, /);
    });
    it('the emulator: in~ and =~ ignore case; a fuzzy union reads the tables that exist', () => {
      const ids = [[FIREWALL.toLowerCase()], ['/other']];
      expect(evaluate(`_ResourceId in~ ('${FIREWALL}')`, ['_ResourceId'], ids)).toEqual([true, false]);
      expect(evaluate("a =~ 'Deny'", ['a'], [['DENY'], ['Allow']])).toEqual([true, false]);
      const tables = new Map<string, KqlTable>([['AZFWNatRule', { columns: ['x'], rows: [{ x: 1 }] }]]);
      const union = runKql('union withsource=SourceTable isfuzzy=true AZFWNetworkRule, AZFWNatRule', tables);
      expect(union.rows).toEqual([{ x: 1, SourceTable: 'AZFWNatRule' }]);
    });
  });
});
