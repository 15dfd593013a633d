import { findingOf, HOSTILE, hostileResult, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, renderHtml } from './html.ts';

const embeddedJson = (html: string) => {
  const start = html.indexOf('<script type="application/json" id="result-data">');
  const body = html.slice(start).replace(/^<script[^>]*>/, '');
  return body.slice(0, body.indexOf('</script>'));
};

describe('renderHtml', () => {
  const html = renderHtml(hostileResult());
  // The markup around the embedded JSON (inside it, quotes and `src=` are data, tested on their own).
  const page = html.replace(embeddedJson(html), '');

  it('escapes every hostile name: the only tags are the report’s own', () => {
    // Two script elements (the data block and the page script), no image, no event handler on any tag.
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<img\b/i);
    // Attribute values hold no raw quote (escaped), so dropping them leaves only the report's own markup.
    const markup = page.replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).not.toContain('<!--');
    for (const name of [HOSTILE.scriptTag, HOSTILE.attributeBreaker, HOSTILE.singleQuoteBreaker, HOSTILE.scriptEnd])
      expect(page).not.toContain(name);
    expect(html).toContain(escapeHtml(HOSTILE.attributeBreaker));
  });

  it('links only to https: a javascript: URL stays text', () => {
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\//);
    expect(html).toContain('<li>javascript:alert(1)</li>');
  });

  it('embeds the result as JSON that no </script> or line separator can break out of', () => {
    const json = embeddedJson(html);
    expect(json).not.toMatch(/[<>\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(hostileResult());
    expect(jsonForScript({ a: '</script>\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u2028"}');
  });

  it('forbids every load but its own style and script with a Content-Security-Policy', () => {
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replaceAll(
      '&#39;',
      "'",
    );
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; img-src data:;/);
    const markup = page.replace(/"[^"]*"/g, '""');
    // Links are followed only when clicked (and only to https); nothing is loaded with the page.
    expect(markup).not.toMatch(/<[a-z][^<>]*\s(src|srcset|action|data|poster|background)\s*=/i);
    expect(markup).not.toMatch(/<(link|iframe|object|embed|img|audio|video|base)\b/i);
    const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).not.toMatch(/url\(|@import/i);
  });

  it('leads with what changed since the baseline, then the incomplete banner, the clusters’ verdicts, the summary', () => {
    const changes = html.indexOf('id="changes"');
    const banner = html.indexOf('id="incomplete"');
    const clusters = html.indexOf('id="clusters"');
    const summary = html.indexOf('id="summary"');
    expect(changes).toBeGreaterThan(0);
    expect(changes).toBeLessThan(banner);
    expect(banner).toBeLessThan(clusters);
    expect(clusters).toBeLessThan(summary);
    expect(html).toMatch(/<strong>1 new<\/strong>, 0 unchanged and <strong>1 resolved<\/strong>/);
  });

  it('draws the denied required traffic per hour and cluster, zero between the hits', () => {
    const chart = html.slice(html.indexOf('id="chart-denied"'), html.indexOf('id="chart-snat"'));
    expect(chart.match(/<polyline/g)).toHaveLength(2);
    // Six hours from the first to the last hit: six points per line, the hours without hits on the axis.
    const points = /points="([^"]*)"/.exec(chart)?.[1]?.split(' ') ?? [];
    expect(points).toHaveLength(6);
    expect(chart).toContain(`${escapeHtml(HOSTILE.scriptTag)} 2026-11-21T03:00:00.000Z: 12 denied`);
  });

  it('draws a timeline of more hours than a call takes as arguments', () => {
    const start = Date.UTC(2020, 0, 1);
    const deniedRequiredTimeline = ['aks-a', 'aks-b'].flatMap((cluster) =>
      Array.from({ length: 80_000 }, (_, i) => ({
        cluster,
        hour: new Date(start + i * 3_600_000).toISOString(),
        hits: i % 50,
      })),
    );
    const logs = { sources: [], deniedRequiredTimeline };
    const html = renderHtml(resultOf({ logs }));
    const chart = html.slice(html.indexOf('id="chart-denied"'), html.indexOf('id="chart-snat"'));
    expect(chart.match(/<polyline/g)).toHaveLength(2);
    expect(chart).toContain('>49</text>');
    expect(chart).toContain('>2020-01-01T00h<');
  });

  it('bounds the timeline by its pixels: a row dated year 9999 does not give a point per hour', () => {
    const deniedRequiredTimeline = [
      { cluster: 'aks-a', hour: '2026-11-21T00:00:00.000Z', hits: 3 },
      { cluster: 'aks-a', hour: '2026-11-21T05:00:00.000Z', hits: 7 },
      { cluster: 'aks-a', hour: '9999-12-31T23:00:00.000Z', hits: 1 },
    ];
    const started = performance.now();
    const html = renderHtml(resultOf({ logs: { sources: [], deniedRequiredTimeline } }));
    expect(performance.now() - started).toBeLessThan(2000);
    const chart = html.slice(html.indexOf('id="chart-denied"'), html.indexOf('id="chart-snat"'));
    const points = /points="([^"]*)"/.exec(chart)?.[1]?.split(' ') ?? [];
    // One point per column of the 580-pixel plot (640 wide, 48 left and 12 right for the axes).
    expect(points).toHaveLength(580);
    // The first column holds both 2026 hours and shows the busiest, 7 denied: the top of the 202-pixel scale.
    expect(points[0]).toBe('48.0,10.0');
    // The last holds 1 denied: 10 + (1 - 1/7) × 202.
    expect(points.at(-1)).toBe('628.0,183.1');
    expect(chart).toContain('<circle cx="48.0" cy="10.0"');
    expect(chart.match(/<circle/g)).toHaveLength(2);
    expect(chart).toContain('>9999-12-31T23h<');
    expect(html.length).toBeLessThan(100_000);
  });

  it('draws SNAT capacity against the recommended capacity and the peak demand', () => {
    const chart = html.slice(html.indexOf('id="chart-snat"'), html.indexOf('id="findings-section"'));
    expect(chart).toContain('>9,984<');
    expect(chart).toContain('>99,840<'); // 9,984 ports / 2 IPs × 20 recommended IPs
    expect(chart).toContain('>6,390<'); // 64% of 9,984 in use at peak
  });

  it('draws a firewall without a frontend IP (no SNAT capacity) without breaking the scale', () => {
    const noIp = findingOf({ id: 'n', checkId: 'snat-exhaustion-risk', data: { firewall: 'afw', ips: 0, ports: 0 } });
    const chart = renderHtml(resultOf({ findings: [noIp] }));
    expect(chart).toContain('<rect x="150" y="22" width="1.0" height="14"');
    expect(chart).not.toContain('NaN');
  });

  it('draws measured SNAT pressure in percent when the finding has no port count, once per firewall', () => {
    const pressure = findingOf({
      id: 'p',
      checkId: 'snat-exhaustion-risk',
      data: { firewall: 'afw', utilizationMax: 93 },
    });
    const again = findingOf({
      id: 'q',
      checkId: 'snat-exhaustion-risk',
      data: { firewall: 'afw', ips: 2, ports: 9984 },
    });
    const chart = renderHtml(resultOf({ findings: [pressure, again] }));
    expect(chart).toContain('afw-test: 93% of the ports in use at peak');
    expect(chart).toContain('>93%<');
    expect(chart.match(/font-weight="600">afw-test</g)).toHaveLength(1);
  });

  it('says when there are no logs instead of drawing an empty chart', () => {
    const plain = renderHtml(resultOf({ findings: [findingOf({ id: 'a', checkId: 'overly-broad-rule' })] }));
    expect(plain).toContain('No firewall logs were given');
    expect(plain).not.toContain('id="incomplete"');
    expect(plain).not.toContain('id="changes"');
  });

  it('puts every failing and undecided finding in the problems table with its filter keys, evidence and fix', () => {
    const groups = html.match(/<tbody class="finding"/g);
    expect(groups).toHaveLength(4);
    expect(html).toContain('data-severity="high" data-rank="6" data-status="fail" data-open="true"');
    expect(html).toContain(`data-cluster="${escapeHtml(HOSTILE.scriptTag)}"`);
    expect(html).toContain(
      escapeHtml(`--name '${HOSTILE.singleQuoteBreaker}'`), // the az CLI fix
    );
    expect(html).toContain('read from clusters/aks.json /value/0');
    expect(html).toContain('<span class="badge badge-new">new</span>');
    expect(html).toContain('<span class="badge">suppressed</span>');
  });

  it('shows the coverage matrix with the deciding rule', () => {
    const coverage = html.slice(html.indexOf('id="coverage"'));
    expect(coverage).toContain('<td class="verdict v-denied">denied</td>');
    expect(coverage).toContain(escapeHtml(HOSTILE.scriptEnd));
  });

  it('heads an expanded finding with its problem, not with the check’s statement of the desired condition', () => {
    const problem = findingOf({
      id: 'p1',
      checkId: 'required-endpoint-blocked',
      title: 'aks-teamb cannot reach required endpoint mcr.microsoft.com',
      message: 'aks-teamb cannot reach required endpoint mcr.microsoft.com: default deny.',
    });
    const page = renderHtml(resultOf({ findings: [problem] }));
    const detail = page.slice(page.indexOf('<tr class="detail'));
    expect(detail).toMatch(
      /^<tr class="detail open-finding" hidden><td colspan="7">\n<h3 class="headline">aks-teamb cannot reach required endpoint mcr.microsoft.com<\/h3>/,
    );
    // The check's own title ("Required egress is allowed by the firewall") is named only as the check.
    expect(detail).toContain('— the check: Required egress is allowed by the firewall');
  });

  it('is a pure function of the result', () => {
    expect(renderHtml(hostileResult())).toBe(html);
  });
});
