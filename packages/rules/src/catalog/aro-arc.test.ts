import { parseFqdnPattern } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { ARC_ENTRIES } from './arc.ts';
import { ARO_ENTRIES } from './aro.ts';
import type { CatalogEntry } from './types.ts';

const ALL: readonly CatalogEntry[] = [...ARO_ENTRIES, ...ARC_ENTRIES];

const fqdnPatterns = (entries: readonly CatalogEntry[]) =>
  entries.flatMap((e) => e.destinations.flatMap((d) => (d.kind === 'fqdn' ? [{ entry: e, pattern: d.pattern }] : [])));

/** Fills placeholders with sample values, as the resolver would for an East US cluster. */
function sample(pattern: string): string {
  return pattern
    .replace(/<(region|location)>/g, 'eastus')
    .replace(/<region-short>/g, 'eus')
    .replace(/<cluster-domain>/g, 'abcd1234.eastus.aroapp.io')
    .replace(/^<[a-z-]+>\./, 'sample.');
}

describe('ARO and Arc catalog data', () => {
  it('has entries for both kinds', () => {
    expect(ARO_ENTRIES.length).toBeGreaterThan(20);
    expect(ARC_ENTRIES.length).toBeGreaterThan(50);
  });

  it('has unique ids', () => {
    const seen = new Set<string>();
    const duplicates = ALL.map((e) => e.id).filter((id) => seen.has(id) || !seen.add(id));
    expect(duplicates).toEqual([]);
  });

  it('names kind and cloud in the id prefix', () => {
    const wrong = ALL.filter((e) => {
      const [kind, cloud] = e.id.split('.');
      if (e.kinds.length !== 1 || e.kinds[0] !== kind) return true;
      if (cloud === 'all') return e.clouds.length < 2;
      return e.clouds.length !== 1 || e.clouds[0] !== cloud;
    });
    expect(wrong.map((e) => `${e.id} (${e.kinds.join(',')} / ${e.clouds.join(',')})`)).toEqual([]);
    expect(ARO_ENTRIES.every((e) => e.kinds.length === 1 && e.kinds[0] === 'aro')).toBe(true);
    expect(ARC_ENTRIES.every((e) => e.kinds.length === 1 && e.kinds[0] === 'arc')).toBe(true);
  });

  it('has FQDN patterns that parse once placeholders are filled (an asterisk only at the left-most position)', () => {
    const bad = fqdnPatterns(ALL).flatMap(({ entry, pattern }) => {
      const filled = sample(pattern);
      const parsed = parseFqdnPattern(filled);
      if (/[<>]/.test(filled)) return [`${entry.id}: ${pattern} keeps a placeholder (${filled})`];
      return parsed.kind === 'invalid' ? [`${entry.id}: ${pattern} (${filled}): ${parsed.reason}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('uses valid ports, TCP, and Https exactly for the port-443 FQDN entries', () => {
    for (const e of ALL) {
      expect(e.protocol, e.id).toBe('TCP');
      expect(Number.isInteger(e.port) && e.port >= 1 && e.port <= 65535, e.id).toBe(true);
      const fqdn = e.destinations.some((d) => d.kind === 'fqdn');
      if (fqdn && e.port === 443) expect(e.applicationProtocol, e.id).toBe('Https');
      if (e.port !== 443) expect(e.applicationProtocol, e.id).toBeUndefined();
    }
    const obo = ARC_ENTRIES.filter((e) =>
      e.destinations.some((d) => d.kind === 'fqdn' && d.pattern.includes('.obo.arc.')),
    );
    expect(obo.length).toBeGreaterThan(0);
    expect(obo.every((e) => e.port === 8084)).toBe(true);
  });

  it('gives every legacy entry an existing, current successor or a source note', () => {
    const byId = new Map(ALL.map((e) => [e.id, e]));
    for (const e of ALL.filter((x) => x.status === 'legacy')) {
      if (e.supersededBy) {
        const successor = byId.get(e.supersededBy);
        expect(successor, `${e.id} → ${e.supersededBy}`).toBeDefined();
        expect(successor?.status ?? 'current', `${e.id} → ${e.supersededBy}`).toBe('current');
      } else {
        expect(e.source.note, e.id).toBeTruthy();
      }
    }
    expect(ALL.filter((e) => e.status !== 'legacy').every((e) => e.supersededBy === undefined)).toBe(true);
  });

  it('cites sources with https learn.microsoft.com URLs and ISO dates', () => {
    for (const e of ALL) {
      expect(e.source.url, e.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(e.source.date, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${e.source.date}T00:00:00Z`).toISOString().slice(0, 10), e.id).toBe(e.source.date);
      expect(e.source.title.length, e.id).toBeGreaterThan(0);
      expect(e.purpose.length, e.id).toBeGreaterThan(0);
    }
  });

  it('uses <region-short> in public-cloud entries only', () => {
    const shortEntries = fqdnPatterns(ALL).filter(({ pattern }) => pattern.includes('<region-short>'));
    expect(shortEntries.length).toBeGreaterThan(0);
    expect(
      shortEntries.filter(({ entry }) => entry.clouds.some((c) => c !== 'public')).map(({ entry }) => entry.id),
    ).toEqual([]);
  });

  it('marks every Arc entry with or without a gateway, and gateway entries as public-cloud only', () => {
    for (const e of ARC_ENTRIES) {
      expect(typeof e.when?.arcGateway, e.id).toBe('boolean');
      expect(e.id.includes('.gw.'), e.id).toBe(e.when?.arcGateway === true);
      if (e.when?.arcGateway) expect(e.clouds, e.id).toEqual(['public']);
    }
  });

  it('makes every feature-conditional Arc entry required of a cluster with the feature, and asks for websockets on the service bus wildcards', () => {
    // "Azure Arc agents require the following outbound URLs": a conditional row is required where its feature is used.
    for (const e of ARC_ENTRIES.filter((x) => x.status !== 'legacy' && (x.when?.features ?? x.when?.anyFeature)))
      expect(e.requirement, e.id).toBe('required');
    const servicebus = ARC_ENTRIES.filter((e) =>
      e.destinations.some((d) => d.kind === 'fqdn' && d.pattern.startsWith('*.servicebus.')),
    );
    expect(servicebus.map((e) => e.id).sort()).toEqual([
      'arc.china.servicebus',
      'arc.public.servicebus',
      'arc.usgov.servicebus',
    ]);
    expect(servicebus.every((e) => e.websockets === true)).toBe(true);
  });

  it('marks the ARO endpoints proxied under egress lockdown as required, and only those', () => {
    const proxied = ARO_ENTRIES.filter((e) => e.proxiedByAroEgressLockdown && e.status !== 'legacy');
    expect(proxied.map((e) => (e.destinations[0]?.kind === 'fqdn' ? e.destinations[0].pattern : '')).sort()).toEqual([
      '*.blob.core.windows.net',
      '*.monitor.core.windows.net',
      '*.monitoring.core.windows.net',
      '*.servicebus.windows.net',
      '*.table.core.windows.net',
      'arosvc.<region>.data.azurecr.io',
      'arosvc.azurecr.io',
      'login.microsoftonline.com',
      'management.azure.com',
    ]);
    expect(proxied.every((e) => e.requirement === 'required')).toBe(true);
    // The others: the optional Red Hat endpoints, and the Arc and Monitor endpoints of Container insights.
    const others = ARO_ENTRIES.filter((e) => !e.proxiedByAroEgressLockdown);
    expect(others.filter((e) => e.requirement === 'required').every((e) => e.id.includes('.arc-'))).toBe(true);
    expect(others.filter((e) => e.id.includes('.arc-')).every((e) => e.when?.features?.join() === 'monitoring')).toBe(
      true,
    );
    expect(ARO_ENTRIES.some((e) => e.clouds.includes('china'))).toBe(false);
  });
});
