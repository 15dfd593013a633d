import { findingOf, HOSTILE, hostileResult, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { WhatIfResult } from '../model/what-if.ts';
import { renderWhatIfMarkdown } from './what-if-markdown.ts';
import { renderWhatIfHtml, renderWhatIfSarif } from './what-if-views.ts';

const proposed = hostileResult();
const introduced = proposed.findings.filter((f) => f.id === 'f-blocked');
const resolved = [findingOf({ id: 'f-old', checkId: 'overly-broad-rule', message: `was ${HOSTILE.markdown}` })];

const whatIf = (overrides: Partial<WhatIfResult> = {}): WhatIfResult => ({
  schemaVersion: 1,
  tool: { name: 'aro-aks-audit', version: '1.2.3' },
  generatedAt: '2026-11-22T00:00:00.000Z',
  verdict: `This change blocks 1 required endpoint of ${HOSTILE.scriptTag}; introduces 1 failing finding (1 high).`,
  inputs: { today: ['in'], changes: ['c.json'] },
  changes: [
    {
      resourceId: `/x/${HOSTILE.markdown}`,
      changeType: 'Modify',
      source: 'c.json /changes/0',
      notes: [HOSTILE.scriptTag],
    },
  ],
  introduced,
  resolved,
  notReassessed: [],
  unchanged: 3,
  verdictChanges: [
    {
      cluster: HOSTILE.scriptTag,
      clusterId: '/c',
      endpoint: 'aks.public.mcr',
      destination: HOSTILE.markdown,
      protocol: 'TCP/Https',
      port: '443',
      required: true,
      before: 'allowed',
      after: 'denied',
      witnessBefore: 'aks-core',
      witnessAfter: HOSTILE.htmlComment,
    },
  ],
  incomplete: false,
  errors: [],
  notes: [],
  ...overrides,
});

describe('whatif.md', () => {
  it('leads with the verdict line, then the introduced findings; resolved, verdicts and changes are folded', () => {
    const markdown = renderWhatIfMarkdown(whatIf());
    const lines = markdown.split('\n');
    expect(lines[0]).toBe(
      '## aro-aks-audit what-if: This change blocks 1 required endpoint of &lt;script&gt;window.pwned=1&lt;/script&gt;; introduces 1 failing finding (1 high).',
    );
    expect(markdown.indexOf('### Introduced')).toBeLessThan(markdown.indexOf('<summary>Resolved (1)</summary>'));
    expect(markdown).toContain('<summary>&lt;script&gt;window.pwned=1&lt;/script&gt;: 1 allowed → denied</summary>');
    expect(markdown).toContain('<summary>What the change touches (1 resource)</summary>');
    // Names from Azure never become markup: no raw tag, table break or link.
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('[link](javascript');
  });

  it('warns first when incomplete, naming the errors', () => {
    const markdown = renderWhatIfMarkdown(
      whatIf({ incomplete: true, errors: [{ source: 'c.json', message: HOSTILE.scriptTag }] }),
    );
    expect(markdown.split('\n').slice(2, 5)).toEqual([
      '> [!WARNING]',
      '> Incomplete: some of the input or the change could not be read or applied, or a value is known only once the change is made. Not a clean result.',
      '> - c.json: &lt;script&gt;window.pwned=1&lt;/script&gt;',
    ]);
  });
});

describe('whatif.sarif and whatif.html', () => {
  it('the SARIF log holds the introduced findings only', () => {
    const sarif = JSON.parse(renderWhatIfSarif(whatIf(), proposed));
    expect(
      sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) =>
        Object.values(r.partialFingerprints),
      ),
    ).toEqual([['f-blocked']]);
  });

  it('the HTML report of the proposed state is led by what the change does, names escaped, introduced findings marked new', () => {
    const html = renderWhatIfHtml(whatIf(), proposed);
    expect(html).toContain('<h1>aro-aks-audit what-if report</h1>');
    const lead = html.slice(
      html.indexOf('<section class="changes" id="what-if">'),
      html.indexOf('</section>', html.indexOf('id="what-if"')),
    );
    expect(lead).toContain('This change blocks 1 required endpoint of &#60;script&#62;window.pwned=1&#60;/script&#62;');
    expect(lead).not.toMatch(/<script|<img|<!--/);
    expect(html.match(/<span class="badge badge-new">new<\/span><\/td>/g)).toHaveLength(1);
    // The page's policy still allows exactly its one style and one script.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('without findings, the lead says so', () => {
    const html = renderWhatIfHtml(whatIf({ introduced: [], resolved: [], verdictChanges: [] }), resultOf());
    expect(html).toContain('<h3>Introduced</h3><p class="muted">None.</p>');
  });
});
