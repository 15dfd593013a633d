import { HOSTILE, hostileResult } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderOcsf } from './ocsf.ts';
import { renderSarif } from './sarif.ts';

/** C0 controls but tab and line feed, DEL, C1, and the bidi formatting characters of UAX #9. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is tested.
const ACTING = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('every writer, given names with terminal escapes and bidi controls', () => {
  const result = hostileResult();
  const writers = {
    json: renderJson,
    csv: renderCsv,
    html: renderHtml,
    sarif: (r: typeof result) => renderSarif(r, { root: '/' }),
    md: renderMarkdown,
    ocsf: renderOcsf,
  };

  it.each(Object.entries(writers))('%s writes none of them raw', (_, render) => {
    const text = render(result);
    expect(text).not.toMatch(ACTING);
  });

  it('the JSON writers keep the data exact: their escapes decode to the names', () => {
    expect(JSON.parse(renderJson(result))).toEqual(result);
    expect(renderJson(result)).toContain('allow-\\u202etxt.exe\\u2066\\u2069\\u200f');
    expect(renderSarif(result, { root: '/' })).not.toContain(HOSTILE.bidi);
  });

  it('the writers people read show them as \\uXXXX', () => {
    expect(renderCsv(result)).toContain('allow-\\u202Etxt.exe\\u2066\\u2069\\u200F');
    expect(renderHtml(result)).toContain('allow-\\u202Etxt.exe\\u2066\\u2069\\u200F');
  });
});
