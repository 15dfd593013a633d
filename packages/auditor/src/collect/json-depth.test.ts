import { describe, expect, it } from 'vitest';
import { MAX_RESOURCE_DEPTH, nestingDepth } from './json-depth.ts';

describe('nestingDepth', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth(null)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ properties: { rules: [{ protocols: [{ port: 443 }] }] } })).toBe(6);
  });

  it('stops just past the limit without recursion, however deep the value', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(nestingDepth(deep)).toBe(MAX_RESOURCE_DEPTH + 1);
    expect(nestingDepth(deep, 10)).toBe(11);
  });
});
