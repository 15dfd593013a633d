import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectFiles } from '../collect/files.ts';
import { normalizeResources } from './index.ts';

const FW =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/azureFirewalls/fw-hub';
const firewall = {
  id: FW,
  name: 'fw-hub',
  type: 'Microsoft.Network/azureFirewalls',
  location: 'eastus',
  properties: { sku: { name: 'AZFW_VNet', tier: 'Standard' }, ipConfigurations: [] },
};

/** A metrics REST response as `az monitor metrics list` and `GET …/providers/Microsoft.Insights/metrics` give it. */
const response = (resourceId: string, metric: string, data: object[], extra: object = {}) => ({
  cost: 0,
  timespan: '2026-11-16T00:00:00Z/2026-11-23T00:00:00Z',
  interval: 'PT1H',
  value: [
    {
      id: `${resourceId}/providers/Microsoft.Insights/metrics/${metric}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: metric, localizedValue: 'SNAT port utilization' },
      displayDescription: 'Percentage of outbound SNAT ports currently in use',
      unit: 'Percent',
      timeseries: [{ metadatavalues: [], data }],
      errorCode: 'Success',
      ...extra,
    },
  ],
  namespace: 'Microsoft.Network/azureFirewalls',
  resourceregion: 'eastus',
});

const points = [
  { timeStamp: '2026-11-16T00:00:00Z', average: 12.5, maximum: 40 },
  { timeStamp: '2026-11-16T01:00:00Z', average: 20.5, maximum: 87 },
  { timeStamp: '2026-11-16T02:00:00Z' },
];

describe('Azure Monitor metrics in the input', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function normalizeFiles(files: Record<string, unknown>) {
    dir = await mkdtemp(path.join(tmpdir(), 'metrics-'));
    for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), JSON.stringify(body));
    const collected = await collectFiles(dir);
    return normalizeResources(collected.resources);
  }

  it('recognises a SNATPortUtilization response by its content and attaches it to the firewall', async () => {
    const { inventory, errors } = await normalizeFiles({
      'fw.json': firewall,
      'snat.json': response(FW, 'SNATPortUtilization', points),
    });
    expect(errors).toEqual([]);
    expect(inventory.firewalls[0]?.snatPortUtilization).toEqual({
      maximum: 87,
      average: 16.5,
      from: '2026-11-16T00:00:00Z',
      to: '2026-11-16T01:00:00Z',
      points: 2,
      origin: { file: 'snat.json', pointer: '/value/0' },
    });
    expect(inventory.notes).toEqual([]);
  });

  it('reads a metric with no points as read-but-empty, not as absent', async () => {
    const { inventory } = await normalizeFiles({
      'fw.json': firewall,
      'snat.json': response(FW, 'SNATPortUtilization', []),
    });
    expect(inventory.firewalls[0]?.snatPortUtilization).toMatchObject({ points: 0 });
    expect(inventory.firewalls[0]?.snatPortUtilization?.maximum).toBeUndefined();
  });

  it.each([
    [
      'a metric the audit does not read',
      response(FW, 'Throughput', points),
      { kind: 'unknown-type', message: expect.stringMatching(/^metric Throughput of .* is not one the audit reads/) },
    ],
    [
      'a firewall not in the input',
      response(FW.replace('fw-hub', 'fw-other'), 'SNATPortUtilization', points),
      {
        kind: 'warning',
        message: expect.stringMatching(
          /fw-other \(snat\.json at \/value\/0\) was given, but that firewall is not in the input/,
        ),
      },
    ],
    [
      'an error Azure Monitor answered',
      response(FW, 'SNATPortUtilization', [], { errorCode: 'InvalidMetricName', errorMessage: 'no such metric' }),
      {
        kind: 'warning',
        message: expect.stringMatching(/was not read: Azure Monitor answered InvalidMetricName: no such metric/),
      },
    ],
  ])('keeps %s as a note and attaches nothing', async (_, body, note) => {
    const { inventory, errors } = await normalizeFiles({ 'fw.json': firewall, 'snat.json': body });
    expect(errors).toEqual([]);
    expect(inventory.firewalls[0]?.snatPortUtilization).toBeUndefined();
    expect(inventory.notes).toEqual([expect.objectContaining(note)]);
  });
});
