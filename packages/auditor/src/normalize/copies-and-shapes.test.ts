import { describe, expect, it } from 'vitest';
import type { RawResource } from '../model/raw.ts';
import { normalizeResources } from './index.ts';

const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-1';
const rest = (nextHop: string) => ({
  id: ID,
  name: 'rt-1',
  type: 'Microsoft.Network/routeTables',
  location: 'eastus',
  properties: {
    disableBgpRoutePropagation: false,
    routes: [
      {
        name: 'default',
        properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: nextHop },
      },
    ],
  },
});
/** The same route table as `az network route-table show` prints it: properties at the top, resourceGroup added. */
const flattened = (nextHop: string) => ({
  id: ID,
  name: 'rt-1',
  type: 'Microsoft.Network/routeTables',
  location: 'eastus',
  resourceGroup: 'rg',
  disableBgpRoutePropagation: false,
  routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: nextHop }],
});
const raw = (body: Record<string, unknown>, file: string): RawResource => ({ body, origin: { file, pointer: '' } });

describe('one id given more than once', () => {
  it('is fine when the copies mean the same, whatever their shape: a note, and the first is used', () => {
    const { errors, inventory } = normalizeResources([
      raw(rest('10.0.1.4'), 'a.json'),
      raw(flattened('10.0.1.4'), 'b.json'),
    ]);
    expect(errors).toEqual([]);
    expect(inventory.notes).toEqual([
      {
        kind: 'warning',
        resourceId: ID,
        message: `${ID} appears 2 times (a.json; b.json); the copies are the same and the first is used`,
      },
    ]);
  });

  it('is an input error naming every copy when they differ (one export is stale)', () => {
    const { errors, inventory } = normalizeResources([
      raw(rest('10.0.1.4'), 'a.json'),
      raw(rest('10.0.1.5'), 'b.json'),
    ]);
    expect(errors).toEqual([
      {
        file: 'a.json',
        resourceId: ID,
        message: `${ID} is given 2 times with different contents (a.json; b.json): which is current cannot be told, so what depends on it is unknown; keep one export of it`,
      },
    ]);
    expect(inventory.routeTables[0]?.routes[0]?.nextHopIpAddress).toBe('10.0.1.4');
  });
});

describe('a resource without properties', () => {
  const FIREWALL = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/afw';
  it('in the REST shape (nothing but the envelope) is an input error, not a firewall without rules', () => {
    const { errors, inventory } = normalizeResources([
      raw(
        {
          id: FIREWALL,
          name: 'afw',
          type: 'Microsoft.Network/azureFirewalls',
          location: 'eastus',
          tags: {},
          zones: ['1'],
        },
        'afw.json',
      ),
    ]);
    expect(errors).toEqual([
      {
        file: 'afw.json',
        resourceId: FIREWALL,
        message: `${FIREWALL}: has no properties (ARM returns every resource with them; a partial export, or a list of names only?): read as unreadable, not as empty`,
      },
    ]);
    expect(inventory.firewalls.map((f) => f.name)).toEqual(['afw']);
  });

  it('is read as it is in the flattened shape, its properties at the top', () => {
    const { errors } = normalizeResources([
      raw(
        {
          id: FIREWALL,
          name: 'afw',
          type: 'Microsoft.Network/azureFirewalls',
          location: 'eastus',
          resourceGroup: 'rg',
          threatIntelMode: 'Alert',
          ipConfigurations: [],
        },
        'afw.json',
      ),
    ]);
    expect(errors).toEqual([]);
  });
});
