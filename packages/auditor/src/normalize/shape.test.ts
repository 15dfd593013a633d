import { describe, expect, it } from 'vitest';
import type { InputError } from '../model/raw.ts';
import { type Context, canonical, distinctIds, findKey, Obj, pointerOf } from './shape.ts';

function obj(value: Record<string, unknown>): { o: Obj; errors: InputError[] } {
  const errors: InputError[] = [];
  const ctx: Context = { resourceId: '/r', origin: { file: 'f.json' }, errors };
  return { o: new Obj(ctx, value, ''), errors };
}

describe('Obj', () => {
  it('looks in the properties bag first, then at the top level, ignoring case', () => {
    const { o } = obj({
      name: 'top',
      sku: { name: 'Standard' },
      properties: { privateIPAddress: '10.0.0.4', name: 'bag' },
    });
    expect(o.str('privateIpAddress')).toBe('10.0.0.4');
    expect(o.str('name')).toBe('bag');
    expect(o.obj('sku')?.str('name')).toBe('Standard');
    expect(o.lookup('PRIVATEIPADDRESS')?.path).toBe('properties.privateIPAddress');
  });

  it('prefers an exact key over a case-insensitive one', () => {
    expect(findKey({ vnetSubnetId: 1, vnetSubnetID: 2 }, 'vnetSubnetID')).toBe('vnetSubnetID');
    expect(findKey({ vnetSubnetId: 1 }, 'vnetSubnetID')).toBe('vnetSubnetId');
  });

  it('treats null as absent', () => {
    const { o, errors } = obj({ properties: { a: null, list: null, ref: null } });
    expect(o.str('a')).toBeUndefined();
    expect(o.list('list')).toEqual([]);
    expect(o.ref('ref')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('accepts numbers written as strings and booleans written as strings', () => {
    const { o, errors } = obj({ priority: '100', port: 443, flag: 'True', other: false });
    expect(o.num('priority')).toBe(100);
    expect(o.str('port')).toBe('443');
    expect(o.bool('flag')).toBe(true);
    expect(o.bool('other')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('reports values of the wrong kind with resource, file and field path', () => {
    const { o, errors } = obj({ properties: { n: 'many', b: 'maybe', list: 'x', nested: { s: [1] } } });
    expect(o.num('n')).toBeUndefined();
    expect(o.bool('b')).toBeUndefined();
    expect(o.strings('list')).toEqual([]);
    expect(o.obj('nested')?.str('s')).toBeUndefined();
    expect(errors).toEqual([
      {
        file: 'f.json',
        resourceId: '/r',
        message: '/r: properties.n must be a number, not the string "many" (ignored)',
      },
      {
        file: 'f.json',
        resourceId: '/r',
        message: '/r: properties.b must be a boolean, not the string "maybe" (ignored)',
      },
      {
        file: 'f.json',
        resourceId: '/r',
        message: '/r: properties.list must be an array, not the string "x" (ignored)',
      },
      { file: 'f.json', resourceId: '/r', message: '/r: properties.nested.s must be a string, not an array (ignored)' },
    ]);
  });

  it('reads references as {id} objects or bare ids', () => {
    const { o, errors } = obj({ a: { id: '/x' }, b: '/y', c: [{ id: '/1' }, '/2', { name: 'no id' }, 5] });
    expect(o.ref('a')).toBe('/x');
    expect(o.ref('b')).toBe('/y');
    expect(o.refs('c')).toEqual(['/1', '/2']);
    expect(errors.map((e) => e.message)).toEqual([
      '/r: c[3] must be a resource reference ({"id": "..."}), not a number (ignored)',
    ]);
  });
});

describe('helpers', () => {
  it('distinctIds dedupes case-insensitively, keeps the first spelling and sorts by idKey', () => {
    expect(distinctIds(['/B', '/a', '/b/', '/A'])).toEqual(['/a', '/B']);
  });

  it('canonical matches allowed spellings ignoring case', () => {
    expect(canonical('tcp', ['TCP', 'UDP'] as const)).toBe('TCP');
    expect(canonical('sctp', ['TCP', 'UDP'] as const)).toBeUndefined();
    expect(canonical(undefined, ['TCP'] as const)).toBeUndefined();
  });

  it('pointerOf turns an Obj path into a JSON pointer', () => {
    expect(pointerOf('/value/2', 'properties.subnets[3]')).toBe('/value/2/properties/subnets/3');
    expect(pointerOf('', 'subnets[0]')).toBe('/subnets/0');
    expect(pointerOf(undefined, 'a/b.c~d')).toBe('/a~1b/c~0d');
  });
});
