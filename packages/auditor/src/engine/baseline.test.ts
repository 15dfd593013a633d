import { findingOf, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { CoverageEntry, Finding } from '../model/finding.ts';
import { compareWithBaseline, parseBaseline } from './baseline.ts';

const finding = (id: string, status: Finding['status'] = 'fail') =>
  findingOf({ id, checkId: 'required-endpoint-blocked', status });

const coverage = (cluster: string, endpointId: string, required = true): CoverageEntry => ({
  cluster: {
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${cluster}`,
    name: cluster,
    kind: 'aks',
  },
  endpointId,
  endpoint: { destination: endpointId, protocol: 'TCP', port: '443' },
  required,
  verdict: 'allowed',
  witness: 'w',
});

describe('compareWithBaseline', () => {
  const cases: {
    name: string;
    before: Finding[];
    after: Finding[];
    incomplete?: boolean;
    changes: Record<string, 'new' | 'unchanged' | undefined>;
    resolved: string[];
    notReassessed?: string[];
  }[] = [
    {
      name: 'an open finding the baseline did not have is new; one it had is unchanged',
      before: [finding('a')],
      after: [finding('a'), finding('b')],
      changes: { a: 'unchanged', b: 'new' },
      resolved: [],
    },
    {
      name: 'an unknown that was a fail is still open: unchanged, not new',
      before: [finding('a', 'fail')],
      after: [finding('a', 'unknown')],
      changes: { a: 'unchanged' },
      resolved: [],
    },
    {
      name: 'a fail that now passes is resolved; passes are not marked',
      before: [finding('a'), finding('p', 'pass')],
      after: [finding('a', 'pass'), finding('p', 'pass')],
      changes: { a: undefined, p: undefined },
      resolved: ['a'],
    },
    {
      name: 'a fail gone from a complete run is resolved (the resource was removed)',
      before: [finding('gone')],
      after: [],
      changes: {},
      resolved: ['gone'],
    },
    {
      name: 'a fail gone from an incomplete run is not resolved: it could not be reassessed',
      before: [finding('gone'), finding('fixed')],
      after: [finding('fixed', 'pass')],
      incomplete: true,
      changes: { fixed: undefined },
      resolved: ['fixed'],
      notReassessed: ['gone'],
    },
    {
      name: 'a baseline pass that now fails is new',
      before: [finding('a', 'pass')],
      after: [finding('a')],
      changes: { a: 'new' },
      resolved: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = compareWithBaseline(
        resultOf({ findings: c.after, incomplete: c.incomplete ?? false }),
        resultOf({ findings: c.before, generatedAt: '2026-11-15T00:00:00.000Z' }),
        'prev/findings.json',
      );
      expect(Object.fromEntries(result.findings.map((f) => [f.id, f.change]))).toEqual(c.changes);
      expect(result.baseline?.resolved.map((r) => r.id)).toEqual(c.resolved);
      expect(result.baseline?.notReassessed.map((r) => r.id)).toEqual(c.notReassessed ?? []);
      expect(result.baseline).toMatchObject({ source: 'prev/findings.json', generatedAt: '2026-11-15T00:00:00.000Z' });
      expect(result.baseline?.newFindings).toBe(Object.values(c.changes).filter((v) => v === 'new').length);
    });
  }

  it('reports the required endpoints each cluster gained or lost, not those of new clusters or optional ones', () => {
    const before = resultOf({
      coverage: [coverage('aks-a', 'aks.mcr'), coverage('aks-a', 'aks.ntp'), coverage('aks-a', 'aks.ubuntu', false)],
    });
    const after = resultOf({
      coverage: [
        coverage('aks-a', 'aks.mcr'),
        coverage('aks-a', 'aks.packages'),
        coverage('aks-a', 'aks.ubuntu', false),
        coverage('aks-new', 'aks.mcr'),
      ],
    });
    expect(compareWithBaseline(after, before, 'b.json').baseline?.catalogChanges).toEqual([
      { cluster: 'aks-a', added: ['aks.packages'], removed: ['aks.ntp'] },
    ]);
  });
});

describe('parseBaseline', () => {
  it('accepts a findings.json', () => {
    const text = JSON.stringify(resultOf({ findings: [finding('a')] }));
    expect(parseBaseline(text, 'prev.json')).toMatchObject({ result: { schemaVersion: 1 } });
  });

  it.each([
    ['not JSON', '{', /prev\.json is not JSON/],
    ['another document', '{"value": []}', /prev\.json is not a findings\.json of aro-aks-audit/],
    [
      'another schema version',
      JSON.stringify({ ...resultOf(), schemaVersion: 2 }),
      /schemaVersion 2; this version reads 1/,
    ],
    [
      'a finding without an id',
      JSON.stringify(resultOf({ findings: [{} as Finding] })),
      /finding 0 has no id or status/,
    ],
  ])('rejects %s, naming the file', (_name, text, error) => {
    const parsed = parseBaseline(text, 'prev.json');
    expect('error' in parsed && parsed.error).toMatch(error);
  });
});
