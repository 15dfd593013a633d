import { describe, expect, it } from 'vitest';
import { formatRange, parseAddressSpec, prefixLength, rangeContainment, subtractRanges } from './addresses.ts';

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
});
