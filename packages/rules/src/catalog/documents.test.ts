import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareExtracts,
  DOCUMENTS,
  type DocumentExtract,
  entriesForRow,
  featuresOfRow,
  ROW_DEVIATIONS,
  unbackedEntries,
  unmodelledRows,
} from './documents.ts';
import { CATALOG } from './index.ts';
import type { CatalogEntry } from './types.ts';

// The extracts in fixtures/docs/ are part of the repository: these tests run in every clone.
const DOCS = path.resolve(import.meta.dirname, '../../../../fixtures/docs');
const extractOf = (name: string): DocumentExtract =>
  JSON.parse(readFileSync(path.join(DOCS, `${name}.json`), 'utf8')) as DocumentExtract;

/** Rows per extract: a refreshed extract that gains or loses rows must be looked at, not passed by accident. */
const ROWS: Record<string, number> = {
  'aks-outbound-rules': 149,
  'arc-network-requirements-azure-cloud': 22,
  'arc-network-requirements-azure-government': 14,
  'arc-network-requirements-azure-china': 20,
  'arc-gateway': 19,
  'defender-containers-arc': 1,
  'container-insights-firewall': 23,
  'policy-for-kubernetes': 8,
  'arc-data-services': 7,
  'gitops-flux': 8,
  'aro-restrict-egress': 25,
  'aks-2020': 88,
  'aks-2019': 14,
};

describe('the documents the catalog follows (fixtures/docs)', () => {
  it('has one extract per document, and no other', () => {
    expect(DOCUMENTS.map((d) => d.name).sort()).toEqual(Object.keys(ROWS).sort());
  });

  describe.each(DOCUMENTS.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
    const extract = extractOf(name);

    it('is the version the catalog cites: repository, path, commit and ms.date', () => {
      expect(extract.name).toBe(name);
      expect(extract.document).toEqual({
        title: spec.source.title,
        url: spec.source.url,
        repository: spec.source.file?.repository,
        path: spec.source.file?.path,
        ...(spec.source.file?.commit && { commit: spec.source.file.commit }),
        ...(spec.source.file?.committed && { committed: spec.source.file.committed }),
        msDate: spec.source.date,
      });
      expect(extract.rows).toHaveLength(ROWS[name] ?? -1);
    });

    it('has a catalog entry, or a recorded and reasoned deviation, for every row', () => {
      expect(
        unmodelledRows(spec, extract, CATALOG).map(
          (r) => `line ${r.line}: ${r.destination} (${r.cloud ?? 'any cloud'}, port ${r.port ?? 443}) in ${r.section}`,
        ),
      ).toEqual([]);
    });

    // An older version backs only legacy entries, which this does not ask about.
    if (!spec.older)
      it('backs every current entry that cites it with a row, unless the entry says why not', () => {
        expect(unbackedEntries(spec, extract, CATALOG).map((e) => e.id)).toEqual([]);
      });
  });

  it('uses every recorded deviation, on a row no current entry models', () => {
    const current = CATALOG.filter((e) => e.status !== 'legacy');
    const stale = ROW_DEVIATIONS.filter((d) => {
      const spec = DOCUMENTS.find((s) => s.name === d.document);
      if (!spec) return true;
      return !extractOf(spec.name).rows.some(
        (row) =>
          row.destination === d.destination &&
          (d.cloud === undefined || d.cloud === row.cloud) &&
          (d.section === undefined || row.section.includes(d.section)) &&
          entriesForRow(row, current, featuresOfRow(spec, row)).length === 0,
      );
    });
    expect(stale.map((d) => `${d.document}: ${d.destination}`)).toEqual([]);
    expect(ROW_DEVIATIONS.every((d) => d.reason.length > 40)).toBe(true);
  });

  it('gives every deliberate departure of a current entry from its document a reason', () => {
    const departures = CATALOG.filter((e) => e.status !== 'legacy' && e.deviation).map((e) => e.id);
    // Each one is listed here on purpose: a new one needs a look at its reason.
    expect(departures.sort()).toEqual(
      [
        'aks.all.apiserver-ip-443',
        'aks.china.apiserver',
        'aks.china.apiserver-tunnel',
        'aks.china.ntp',
        'aks.china.tunnel-tcp-22',
        'aks.china.tunnel-tcp-9000',
        'aks.china.tunnel-udp-1194',
        'aks.public.defender-cloud',
        'aks.public.keyvault',
        'aks.public.ntp',
        'aks.public.policy-login-windows',
        'aks.usgov.apiserver',
        'aks.usgov.ntp',
        'aks.usgov.tunnel-tcp-9000',
        'aks.usgov.tunnel-udp-1194',
        'arc.public.gw.obo',
        'arc.public.keyvault',
      ].sort(),
    );
  });
});

describe('the walk notices what the catalog lacks or invents', () => {
  const spec = DOCUMENTS.find((d) => d.name === 'arc-network-requirements-azure-cloud');
  if (!spec) throw new Error('no Arc document');
  const extract = extractOf(spec.name);

  it('reports a row whose entry is missing, and one matched only by an entry of another feature', () => {
    const withoutGcs = CATALOG.filter((e) => e.id !== 'arc.public.telemetry-gcs');
    expect(unmodelledRows(spec, extract, withoutGcs).map((r) => r.destination)).toEqual([
      'gcs.prod.monitoring.core.windows.net',
    ]);
    // sts.windows.net is a Cluster Connect row: an entry of another feature does not model it.
    const stsForPortal = CATALOG.map((e) =>
      e.id === 'arc.public.sts' ? { ...e, when: { arcGateway: false, features: ['portal' as const] } } : e,
    );
    expect(unmodelledRows(spec, extract, stsForPortal).map((r) => r.destination)).toEqual(['sts.windows.net']);
  });

  it('reports an entry that cites the document for a name it does not hold', () => {
    const management = CATALOG.find((e) => e.id === 'arc.public.management');
    if (!management) throw new Error('no arc.public.management');
    const invented: CatalogEntry = {
      ...management,
      id: 'arc.public.invented',
      destinations: [{ kind: 'fqdn' as const, pattern: 'invented.azure.com' }],
    };
    expect(unbackedEntries(spec, extract, [...CATALOG, invented]).map((e) => e.id)).toEqual(['arc.public.invented']);
  });
});

describe('compareExtracts', () => {
  const row = (destination: string, line = 1) => ({
    line,
    section: 'Tables',
    kinds: ['aks' as const],
    cloud: 'public' as const,
    destination,
    port: 443,
    text: destination,
  });
  const extract = (rows: ReturnType<typeof row>[]): DocumentExtract => ({
    name: 'x',
    document: { title: 't', url: 'https://learn.microsoft.com/x', repository: 'r', path: 'p', msDate: '2026-01-01' },
    rows,
  });

  it('names the rows a newer version adds and removes, whatever their line', () => {
    expect(compareExtracts(extract([row('a.com'), row('b.com')]), extract([row('b.com', 9), row('c.com')]))).toEqual({
      added: ['c.com (public, TCP 443) in Tables'],
      removed: ['a.com (public, TCP 443) in Tables'],
    });
  });
});
