import { findingOf, HOSTILE, hostileResult, resultOf } from '@aro-aks-audit/testing';
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
