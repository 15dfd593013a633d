import { hostileResult, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { renderJson, renderJsonChunks } from './json.ts';
import { jsonText } from './visible-text.ts';

describe('renderJson', () => {
  it('is JSON.stringify with an indent of 2, written in pieces', () => {
    for (const result of [hostileResult(), resultOf({})]) {
      expect(renderJson(result)).toBe(`${jsonText(result, 2)}\n`);
      expect([...renderJsonChunks(result)].length).toBeGreaterThan(result.findings.length);
    }
  });

  it('leaves out what JSON.stringify leaves out, and writes an empty array as []', () => {
    const result = { ...resultOf({ findings: [] }), baseline: undefined };
    expect(renderJson(result)).toBe(`${JSON.stringify(result, null, 2)}\n`);
    expect(renderJson(result)).toContain('"findings": []');
  });
});
