import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type AzureEmulator, parseResourceId, startAzureEmulator } from '@aro-aks-audit/azure-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSIONS, type AzureCollected, cloudEndpoints, collectAzure } from './index.ts';

// The REST examples of the Azure specs (fixtures/reference/arm, see its README): real ARM shapes,
// served by the emulator and collected live.
const REFERENCE = path.resolve(import.meta.dirname, '../../../../../fixtures/reference/arm');

function exampleBodies(): Record<string, unknown>[] {
  const bodies = new Map<string, Record<string, unknown>>();
  for (const folder of readdirSync(REFERENCE)) {
    for (const file of readdirSync(path.join(REFERENCE, folder))) {
      const example = JSON.parse(readFileSync(path.join(REFERENCE, folder, file), 'utf8'));
      const body = example?.responses?.['200']?.body;
      const items: unknown[] = Array.isArray(body?.value) ? body.value : body ? [body] : [];
      for (const item of items) {
        const id = (item as { id?: unknown }).id;
        if (typeof id === 'string' && parseResourceId(id))
          bodies.set(id.toLowerCase(), item as Record<string, unknown>);
      }
    }
  }
  return [...bodies.values()];
}

describe('live collection of the reference examples', () => {
  let emulator: AzureEmulator;
  let bodies: Record<string, unknown>[];
  let collected: AzureCollected;
  beforeAll(async () => {
    bodies = exampleBodies();
    emulator = await startAzureEmulator({ resources: bodies });
    const subscriptions = [...new Set(bodies.map((b) => parseResourceId(String(b.id))?.subscriptionId as string))];
    collected = await collectAzure({
      credential: { getToken: async () => ({ token: 'emulator', expiresOnTimestamp: Date.now() + 3600_000 }) },
      endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url }),
      caPem: emulator.caPem,
      scope: { subscriptions },
    });
  });
  afterAll(() => emulator?.close());

  it('reads every example of an audited type, and each policy’s rule collection groups', () => {
    const read = new Set(collected.resources.map((r) => String(r.body.id).toLowerCase()));
    const audited = bodies.filter((b) => API_VERSIONS[parseResourceId(String(b.id))?.type ?? '']);
    expect(audited.length).toBeGreaterThan(5);
    expect(audited.map((b) => String(b.id).toLowerCase()).filter((id) => !read.has(id))).toEqual([]);
    const groups = bodies.filter(
      (b) => parseResourceId(String(b.id))?.type === 'microsoft.network/firewallpolicies/rulecollectiongroups',
    );
    const policies = new Set(audited.map((b) => String(b.id).toLowerCase()));
    for (const group of groups) {
      const parent = parseResourceId(String(group.id))?.parentId?.toLowerCase() ?? '';
      if (policies.has(parent)) expect(read.has(String(group.id).toLowerCase())).toBe(true);
    }
  });

  it('says which referenced resources the examples do not hold, as 404s naming them', () => {
    // The examples point at subnets, IPs and policies that no example defines: each is an error.
    expect(collected.errors.length).toBeGreaterThan(0);
    for (const error of collected.errors) {
      expect(error.resourceId).toBeTruthy();
      expect(error.message).toMatch(
        /^referenced resource \/subscriptions\/.*: not found \(404 ResourceNotFound\)|Service Tags|outbound network dependencies/,
      );
    }
  });
});
