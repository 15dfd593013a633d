import type { FlowAggregate } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { destinationsOf, summarize } from './log-matching.ts';

const T0 = Date.UTC(2025, 10, 20);

function aggregate(overrides: Partial<FlowAggregate>): FlowAggregate {
  return {
    sourceGroup: 'aks-prod',
    destination: 'mcr.microsoft.com',
    port: 443,
    protocol: 'HTTPS',
    action: 'Deny',
    tables: ['AZFWApplicationRule'],
    hits: 1,
    firstSeen: T0,
    lastSeen: T0,
    sampleSourceIps: ['10.1.0.4'],
    ...overrides,
  };
}

describe('summarize', () => {
  it('sums hits, spans first to last seen, keeps the first five distinct sources and every deciding rule', () => {
    const summary = summarize([
      aggregate({ hits: 3, firstSeen: T0 + 60_000, lastSeen: T0 + 120_000, sampleSourceIps: ['10.1.0.4', '10.1.0.5'] }),
      aggregate({
        hits: 4,
        firstSeen: T0,
        lastSeen: T0 + 60_000,
        sampleSourceIps: ['10.1.0.5', '10.1.0.6', '10.1.0.7', '10.1.0.8', '10.1.0.9'],
        decidedBy: 'afwp / rcg / deny-all / block',
      }),
    ]);
    expect(summary).toEqual({
      hits: 7,
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0 + 120_000).toISOString(),
      sources: '10.1.0.4, 10.1.0.5, 10.1.0.6, 10.1.0.7, 10.1.0.8',
      decidedBy: 'Deny; afwp / rcg / deny-all / block',
    });
  });

  it('takes more aggregates than a call takes as arguments', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => aggregate({ firstSeen: T0 + i, lastSeen: T0 + 2 * i }));
    expect(summarize(many)).toMatchObject({
      hits: 300_000,
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0 + 2 * 299_999).toISOString(),
    });
  });
});

describe('destinationsOf', () => {
  it('lists the distinct destinations in their order, the first ten, then how many more', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => aggregate({ destination: `sa${i}.blob.core.windows.net` }));
    expect(
      destinationsOf([twelve[0] as FlowAggregate, aggregate({ port: undefined }), twelve[0] as FlowAggregate]),
    ).toBe('sa0.blob.core.windows.net:443, mcr.microsoft.com:*');
    expect(destinationsOf(twelve)).toBe(
      `${twelve
        .slice(0, 10)
        .map((a) => `${a.destination}:443`)
        .join(', ')} and 2 more`,
    );
  });
});
