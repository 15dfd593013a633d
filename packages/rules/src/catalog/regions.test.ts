import { describe, expect, it } from 'vitest';
import { REGIONS, regionByName } from './regions.ts';
import type { Cloud } from './types.ts';

describe('Azure regions', () => {
  it('has unique ARM names and display names', () => {
    expect(new Set(REGIONS.map((r) => r.name)).size).toBe(REGIONS.length);
    expect(new Set(REGIONS.map((r) => r.displayName.toLowerCase())).size).toBe(REGIONS.length);
  });

  it('writes ARM names in lower case without spaces', () => {
    for (const r of REGIONS) expect(r.name).toMatch(/^[a-z0-9]+$/);
  });

  it('has unique short codes, in the public cloud only', () => {
    const coded = REGIONS.filter((r) => r.shortCode !== undefined);
    expect(coded.length).toBeGreaterThan(0);
    expect(new Set(coded.map((r) => r.shortCode)).size).toBe(coded.length);
    expect(coded.every((r) => r.cloud === 'public' && /^[a-z0-9]+$/.test(r.shortCode ?? ''))).toBe(true);
    expect(regionByName('eastus')?.shortCode).toBe('eus');
    expect(regionByName('centralindia')?.shortCode).toBe('pn');
    expect(regionByName('westus3')?.shortCode).toBeUndefined();
  });

  it('has regions in every cloud', () => {
    for (const cloud of ['public', 'usgov', 'china'] as const satisfies readonly Cloud[]) {
      expect(REGIONS.filter((r) => r.cloud === cloud).length, cloud).toBeGreaterThan(0);
    }
    expect(REGIONS.filter((r) => r.cloud === 'public').length).toBeGreaterThan(50);
  });

  it('finds a region by ARM name or display name, ignoring case and spaces', () => {
    expect(regionByName('East US')?.name).toBe('eastus');
    expect(regionByName('eastus')?.displayName).toBe('East US');
    expect(regionByName('EASTUS 2')?.name).toBe('eastus2');
    expect(regionByName('  West   Europe ')?.name).toBe('westeurope');
    expect(regionByName('US Gov Virginia')?.cloud).toBe('usgov');
    expect(regionByName('USGov Virginia')?.name).toBe('usgovvirginia');
    expect(regionByName('China North 3')).toMatchObject({ name: 'chinanorth3', cloud: 'china' });
    expect(regionByName('Southeast Asia')?.name).toBe('southeastasia');
  });

  it('finds nothing for unknown or empty names', () => {
    expect(regionByName('')).toBeUndefined();
    expect(regionByName('   ')).toBeUndefined();
    expect(regionByName('atlantis')).toBeUndefined();
  });
});
