import { findingOf, HOSTILE, hostileResult, resultOf } from '@aro-aks-audit/testing';
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  const md = renderMarkdown(hostileResult());

  it('leads with what changed since the baseline, then the incomplete warning', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('## aro-aks-audit: 3 open findings (1 high, 2 medium)');
    expect(lines[2]).toMatch(
      /^\*\*Since the baseline\*\* .*: 1 new, 1 resolved, 0 unchanged open findings; 1 required-endpoint changes/,
    );
    expect(md.indexOf('Since the baseline')).toBeLessThan(md.indexOf('[!WARNING]'));
    expect(md.indexOf('[!WARNING]')).toBeLessThan(md.indexOf('| severity | fail | unknown |'));
  });

  it('renders Azure names as text: no HTML, links, emphasis, mentions or broken table cells', () => {
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/[^\\]\[link\]/);
    expect(md).not.toMatch(/[^\\]@platform-team/);
    expect(escapeMarkdown(HOSTILE.markdown)).toBe(
      '\\| \\*\\*bold\\*\\* \\[link\\](javascript:alert(1)) \\@platform-team \\`code\\` \\# heading',
    );
    // Every table row keeps its six cells: a | in a name is escaped.
    const table = md.slice(md.indexOf('### Open findings'), md.indexOf('### Required endpoints'));
    const rows = table.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(5); // header, separator and three findings
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(escapeMarkdown('a\nb\u2028c')).toBe('a b c');
  });

  it('lists open findings, not passes or suppressed ones, and leads with each cluster’s verdict', () => {
    expect(md).toContain('| high **new** | fail | AZFW101 required\\-endpoint\\-blocked'.replaceAll('\\-', '-'));
    expect(md).not.toContain('reaches mcr.microsoft.com');
    expect(md).not.toContain('is over-broad');
    expect(md.indexOf('### Clusters')).toBeLessThan(md.indexOf('### Open findings'));
    expect(md).toMatch(
      /\| &lt;script&gt;window\.pwned=1&lt;\/script&gt; \| \*\*blocked\*\* \| cannot reach 1 required endpoint: javascript:window\.pwned=1 \| 1: 0, 1, 0, 0 \| 1 rule, broadest anything: anything \|/,
    );
  });

  it('says so when nothing is open', () => {
    const clean = renderMarkdown(
      resultOf({ findings: [findingOf({ id: 'p', checkId: 'overly-broad-rule', status: 'pass' })] }),
    );
    expect(clean.split('\n')[0]).toBe('## aro-aks-audit: no open findings');
    expect(clean).not.toContain('### Open findings');
  });
});

describe('renderMarkdown as GitHub renders it (micromark with the GFM extensions)', () => {
  const render = (markdown: string) => micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  /** The elements summary.md is made of: anything else came from a name. */
  const OWN_TAGS = new Set([
    'h2',
    'h3',
    'p',
    'strong',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'ul',
    'li',
    'blockquote',
  ]);
  const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]?.toLowerCase() ?? '');
  const withName = (name: string) =>
    renderMarkdown(
      resultOf({
        findings: [
          findingOf({
            id: 'a',
            checkId: 'overly-broad-rule',
            message: `Allow rule ${name} is over-broad`,
            resource: { id: `/x/${name}`, name, type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups' },
            cluster: { id: `/c/${name}`, name, kind: 'aks' },
          }),
        ],
      }),
    );

  it('turns no name into a link: URLs, www. names, e-mail addresses, mailto: and xmpp:', () => {
    const html = render(withName(HOSTILE.autolink));
    expect(html).not.toContain('<a');
    expect(html).toContain(
      'https://attacker.example/x www.attacker.example ops@attacker.example mailto:ops@attacker.example',
    );
  });

  it('shows bidi controls and terminal escapes as \\uXXXX', () => {
    const markdown = withName(`${HOSTILE.bidi} ${HOSTILE.terminal}`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is tested.
    expect(markdown).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(render(markdown)).toContain('allow-\\u202Etxt.exe\\u2066\\u2069\\u200F red\\u001B[31m');
  });

  it('renders any name as text in its cell: no link, no HTML, the table keeps its columns (property)', () => {
    const urlish = fc
      .tuple(
        fc.constantFrom(
          'https://',
          'http://',
          'www.',
          'WWW.',
          'mailto:',
          'xmpp:',
          '',
          '<',
          '[',
          '](',
          '@',
          '_www.',
          '*http://',
        ),
        fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
      )
      .map(([a, b]) => `${a}${b}.example`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          urlish,
          fc.array(urlish).map((l) => l.join(' ')),
        ),
        (name) => {
          const html = render(withName(name));
          expect(html).not.toMatch(/<a\b|<img\b/);
          expect(tagsOf(html).filter((t) => !OWN_TAGS.has(t))).toEqual([]);
          const findings = html.slice(html.indexOf('<h3>Open findings</h3>'));
          const row = findings.slice(findings.indexOf('<tbody>')).split('</tr>')[0] ?? '';
          expect(row.match(/<td/g)).toHaveLength(6);
        },
      ),
      { numRuns: 100, seed: 18 },
    );
  });
});
