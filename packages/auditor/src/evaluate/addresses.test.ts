import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AddressRange,
  formatRange,
  intersectRanges,
  mergedRangesOverlap,
  mergeRanges,
  parseAddressSpec,
  prefixLength,
  rangeContainment,
  subtractRanges,
} from './addresses.ts';

const ranges = (text: string) => {
  const spec = parseAddressSpec(text);
  if (spec.kind !== 'ranges') throw new Error(`${text} is ${spec.kind}`);
  return spec.ranges;
};

describe('address specifications (https://learn.microsoft.com/azure/firewall/ip-groups)', () => {
  it('reads addresses, CIDRs (aligned to the prefix), ranges, * and service tags', () => {
    expect(ranges('10.1.2.3').map(formatRange)).toEqual(['10.1.2.3']);
    expect(ranges('10.1.2.3/22').map(formatRange)).toEqual(['10.1.0.0/22']);
    expect(ranges('10.2.0.0-10.2.0.31').map(formatRange)).toEqual(['10.2.0.0/27']);
    expect(parseAddressSpec('*')).toEqual({ kind: 'any' });
    expect(parseAddressSpec('0.0.0.0/0')).toEqual({ kind: 'any' });
    expect(parseAddressSpec('AzureCloud.eastus')).toEqual({ kind: 'service-tag', tag: 'AzureCloud.eastus' });
    expect(parseAddressSpec('10.0.0.0/33').kind).toBe('invalid');
    expect(parseAddressSpec('10.0.0.9-10.0.0.1').kind).toBe('invalid');
  });

  it('tells whether one set holds all, some or none of another', () => {
    expect(rangeContainment(ranges('10.0.0.0/8'), ranges('10.1.0.0/22'))).toBe('all');
    expect(rangeContainment(ranges('10.1.0.0/23'), ranges('10.1.0.0/22'))).toBe('some');
    expect(rangeContainment(ranges('10.2.0.0/16'), ranges('10.1.0.0/22'))).toBe('none');
  });

  it('subtracts ranges and formats the rest as CIDRs or ranges', () => {
    expect(subtractRanges(ranges('10.0.0.0/24'), ranges('10.0.0.0/25')).map(formatRange)).toEqual(['10.0.0.128/25']);
    expect(subtractRanges(ranges('10.0.0.0/24'), ranges('10.0.0.1')).map(formatRange)).toEqual([
      '10.0.0.0',
      '10.0.0.2-10.0.0.255',
    ]);
    expect(prefixLength('20.115.40.0/28')).toBe(28);
    expect(prefixLength('AzureCloud')).toBeUndefined();
  });

  it.each([
    { a: ['10.0.0.0/24'], b: ['10.0.0.128/25'], both: ['10.0.0.128/25'] },
    { a: ['10.0.0.0/24'], b: ['10.0.1.0/24'], both: [] },
    { a: ['10.0.0.0/24', '10.0.2.0/24'], b: ['10.0.0.128-10.0.2.127'], both: ['10.0.0.128/25', '10.0.2.0/25'] },
    // Unmerged, overlapping, unsorted input on either side.
    { a: ['10.0.3.0/24', '10.0.0.0/23', '10.0.1.0/24'], b: ['10.0.0.0/8'], both: ['10.0.0.0/23', '10.0.3.0/24'] },
    { a: ['10.0.0.5'], b: ['10.0.0.0/30', '10.0.0.4/30'], both: ['10.0.0.5'] },
    { a: [], b: ['10.0.0.0/8'], both: [] },
  ])('intersects $a with $b', ({ a, b, both }) => {
    const parse = (texts: string[]) => texts.flatMap(ranges);
    expect(intersectRanges(parse(a), parse(b)).map(formatRange)).toEqual(both);
    expect(intersectRanges(parse(b), parse(a)).map(formatRange)).toEqual(both);
  });

  it('intersects as the address-by-address definition does, in merged form', () => {
    // Small numbers keep the sets enumerable; the sweep does not depend on magnitudes.
    const range = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 }))
      .map(([start, length]): AddressRange => [start, start + length]);
    const members = (list: readonly AddressRange[]) => {
      const set = new Set<number>();
      for (const [s, e] of list) for (let n = s; n <= e; n++) set.add(n);
      return set;
    };
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), fc.array(range, { maxLength: 12 }), (a, b) => {
        const result = intersectRanges(a, b);
        const inB = members(b);
        expect([...members(result)].sort((x, y) => x - y)).toEqual(
          [...members(a)].filter((n) => inB.has(n)).sort((x, y) => x - y),
        );
        expect(mergeRanges(result)).toEqual(result);
      }),
    );
  });
});

describe('mergedRangesOverlap', () => {
  it('agrees with intersectRanges on merged lists (property)', () => {
    const ranges = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 50 })), { maxLength: 8 })
      .map((list) => mergeRanges(list.map(([s, n]): [number, number] => [s, s + n])));
    fc.assert(
      fc.property(ranges, ranges, (a, b) => {
        expect(mergedRangesOverlap(a, b)).toBe(intersectRanges(a, b).length > 0);
      }),
      { numRuns: 500, seed: 18 },
    );
  });
});
