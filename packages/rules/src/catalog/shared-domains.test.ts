import { parseFqdnPattern } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { SHARED_DOMAINS, sharedDomainsOf } from './shared-domains.ts';

describe('SHARED_DOMAINS', () => {
  it('names each domain once, as a valid lower-case name, with its cloud', () => {
    const domains = SHARED_DOMAINS.map((s) => s.domain);
    expect(domains.filter((d, i) => domains.indexOf(d) !== i)).toEqual([]);
    for (const s of SHARED_DOMAINS) {
      expect(s.domain, s.domain).toBe(s.domain.toLowerCase());
      expect(parseFqdnPattern(s.domain).kind, s.domain).toBe('exact');
      expect(['public', 'usgov', 'china', 'other'], s.domain).toContain(s.cloud);
      expect(s.customerLabel, s.domain).toBeGreaterThanOrEqual(1);
    }
  });

  it('cites a source with a title and an https address for every entry', () => {
    const wrong = SHARED_DOMAINS.filter((s) => !s.source.title || !/^https:\/\/[a-z.]+\//.test(s.source.url));
    expect(wrong.map((s) => s.domain)).toEqual([]);
  });

  it('cites the sovereign endpoint tables for the Azure Government and 21Vianet forms', () => {
    const byCloud = (cloud: string) =>
      new Set(SHARED_DOMAINS.filter((s) => s.cloud === cloud).map((s) => s.source.url));
    expect([...byCloud('usgov')]).toEqual([
      'https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure',
    ]);
    expect([...byCloud('china')]).toEqual([
      'https://learn.microsoft.com/azure/china/resources-developer-guide#check-endpoints-in-azure',
    ]);
    expect(SHARED_DOMAINS.filter((s) => s.cloud === 'other').map((s) => s.domain)).toEqual([
      'github.io',
      'githubusercontent.com',
      's3.amazonaws.com',
      'amazonaws.com',
      'cloudfront.net',
    ]);
  });

  it.each([
    ['mystorage.blob.core.windows.net', ['blob.core.windows.net']],
    ['bucket.s3.amazonaws.com', ['s3.amazonaws.com', 'amazonaws.com']],
    ['x.eastus-1.metrics.ingest.monitor.azure.com', ['metrics.ingest.monitor.azure.com', 'ingest.monitor.azure.com']],
    ['BLOB.CORE.WINDOWS.NET', ['blob.core.windows.net']],
    ['contoso.com', []],
    ['notblob.core.windows.net', []],
  ])('sharedDomainsOf(%s) gives the shared domains it lies in, nearest first', (name, expected) => {
    expect(sharedDomainsOf(name).map((s) => s.domain)).toEqual(expected);
  });
});
