import { parseFqdnPattern } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { AKS_ENTRIES } from './aks.ts';
import { FEATURES } from './features.ts';
import { FQDN_TAGS } from './fqdn-tags.ts';
import type { CatalogEntry, Cloud, SourceDocument } from './types.ts';

/** Legacy entries kept exactly as a document printed them, although the text is not a valid target FQDN. */
const MISPRINTED = new Set(['aks.china.mcr-data-typo']);

const CLOUDS: readonly Cloud[] = ['public', 'china', 'usgov'];

describe('AKS_ENTRIES data', () => {
  const ids = AKS_ENTRIES.map((e) => e.id);
  const byId = new Map(AKS_ENTRIES.map((e) => [e.id, e]));
  const sources: { id: string; source: SourceDocument }[] = [
    ...AKS_ENTRIES.map((e) => ({ id: e.id, source: e.source })),
    ...FQDN_TAGS.flatMap((t) => [
      { id: t.tag, source: t.source },
      ...t.knownGaps.map((g) => ({ id: `${t.tag} gap ${g.pattern}`, source: g.source })),
    ]),
  ];

  it('has unique ids', () => {
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('keeps the ids an end-to-end test pins', () => {
    for (const name of [
      'tunnel-udp-1194',
      'tunnel-tcp-9000',
      'ntp',
      'apiserver',
      'mcr',
      'mcr-data',
      'mcr-edge',
      'management',
      'login',
      'packages',
      'acs-mirror',
      'packages-aks',
    ]) {
      const entry = byId.get(`aks.public.${name}`);
      expect(entry, name).toBeDefined();
      expect(entry?.status, name).not.toBe('legacy');
    }
  });

  it('names every entry aks.<cloud|all>.<name>, matching its kinds and clouds', () => {
    const wrong = AKS_ENTRIES.filter((e) => {
      const match = /^aks\.(public|china|usgov|all)\.[a-z0-9]+(-[a-z0-9]+)*$/.exec(e.id);
      if (!match || e.kinds.length !== 1 || e.kinds[0] !== 'aks') return true;
      const expected = match[1] === 'all' ? CLOUDS : [match[1]];
      return [...e.clouds].sort().join() !== [...expected].sort().join();
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('has FQDN patterns that parse once placeholders are filled', () => {
    const invalid = AKS_ENTRIES.flatMap((e) =>
      e.destinations.flatMap((d) => {
        if (d.kind !== 'fqdn' || MISPRINTED.has(e.id)) return [];
        const filled = d.pattern.replace(/<(location|region)>/g, 'eastus').replace(/^<[a-z-]+>\./, '*.');
        const parsed = parseFqdnPattern(filled);
        return parsed.kind === 'invalid' ? [`${e.id}: ${d.pattern} (${parsed.reason})`] : [];
      }),
    );
    expect(invalid).toEqual([]);
    for (const id of MISPRINTED) {
      const entry = byId.get(id);
      expect(entry?.status, id).toBe('legacy');
      expect(entry?.source.note, id).toMatch(/typo|printed/i);
    }
  });

  it('has only known features in its conditions', () => {
    const known = new Set<string>(FEATURES);
    const unknown = AKS_ENTRIES.flatMap((e) =>
      (e.when?.features ?? []).filter((f) => !known.has(f)).map((f) => `${e.id}: ${f}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has valid ports, Https on 443 and Http on 80, and an application protocol on every TCP FQDN entry', () => {
    const wrong = AKS_ENTRIES.filter((e: CatalogEntry) => {
      if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) return true;
      if (e.applicationProtocol === 'Https' && e.port !== 443) return true;
      if (e.applicationProtocol === 'Http' && e.port !== 80) return true;
      if (e.applicationProtocol && e.protocol !== 'TCP') return true;
      const hasFqdn = e.destinations.some((d) => d.kind === 'fqdn');
      return e.protocol === 'TCP' && hasFqdn && !e.applicationProtocol;
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('gives every legacy entry a current successor or a note, and no current entry a successor', () => {
    const wrong = AKS_ENTRIES.filter((e) => {
      if (e.status !== 'legacy') return e.supersededBy !== undefined;
      if (e.supersededBy !== undefined) {
        const successor = byId.get(e.supersededBy);
        return !successor || successor.status === 'legacy';
      }
      return !e.source.note;
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('cites every source with an https URL and an ISO date', () => {
    const wrong = sources.filter(({ source }) => {
      if (!source.title || !source.url.startsWith('https://')) return true;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(source.date)) return true;
      return Number.isNaN(Date.parse(source.date));
    });
    expect(wrong.map((s) => s.id)).toEqual([]);
  });

  it('lets FQDN tags cover only existing, current FQDN entries, and lists gaps that parse', () => {
    for (const tag of FQDN_TAGS) {
      const wrong = tag.covers.filter((id) => {
        const entry = byId.get(id);
        return (
          !entry ||
          entry.status === 'legacy' ||
          !entry.destinations.some((d) => d.kind === 'fqdn') ||
          !entry.applicationProtocol
        );
      });
      expect(wrong, tag.tag).toEqual([]);
      expect(
        tag.covers.filter((id, i) => tag.covers.indexOf(id) !== i),
        tag.tag,
      ).toEqual([]);
      const invalidGaps = tag.knownGaps.filter((g) => parseFqdnPattern(g.pattern).kind === 'invalid');
      expect(invalidGaps, tag.tag).toEqual([]);
    }
  });
});
