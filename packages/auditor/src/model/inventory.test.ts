import { describe, expect, it } from 'vitest';
import { findById, idKey } from './inventory.ts';

describe('idKey', () => {
  it('compares ids as ARM does: case-insensitively, without trailing slashes', () => {
    expect(idKey('/Subscriptions/S/ResourceGroups/RG')).toBe('/subscriptions/s/resourcegroups/rg');
    expect(idKey('/subscriptions/s//')).toBe('/subscriptions/s');
  });
});

describe('findById', () => {
  const list = [{ id: '/a/One' }, { id: '/a/two' }, { id: '/A/ONE', second: true }];

  it('finds an item by its id in any case, the first of an id winning as find() did', () => {
    expect(findById(list, '/A/one/')).toBe(list[0]);
    expect(findById(list, '/a/three')).toBeUndefined();
  });

  it('sees items added to the list and ids changed in place after a lookup', () => {
    const grown = [{ id: '/x/1' }];
    expect(findById(grown, '/x/2')).toBeUndefined();
    grown.push({ id: '/x/2' });
    expect(findById(grown, '/x/2')).toBe(grown[1]);
    const renamed = grown[0];
    if (renamed) renamed.id = '/x/one';
    expect(findById(grown, '/x/1')).toBeUndefined();
    expect(findById(grown, '/x/one')).toBe(renamed);
  });
});
