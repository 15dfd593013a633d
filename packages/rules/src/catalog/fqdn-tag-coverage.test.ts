import { type FqdnPattern, parseFqdnPattern } from '@aro-aks-audit/auditor';
import { cluster } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { fqdnTagContainmentFor } from './fqdn-tag-coverage.ts';
import { FQDN_TAGS } from './fqdn-tags.ts';
import { clusterFacts } from './resolve.ts';

const pattern = (raw: string): FqdnPattern => {
  const p = parseFqdnPattern(raw);
  if (p.kind === 'invalid') throw new Error(raw);
  return p;
};

describe('the AzureKubernetesService FQDN tag', () => {
  const aks = cluster('aks', 'aks-1', { location: 'eastus' });
  const containment = fqdnTagContainmentFor(aks, clusterFacts(aks));

  it('holds the core FQDNs of the AKS outbound rules document, resolved for the cluster region', () => {
    expect(containment('AzureKubernetesService', pattern('mcr.microsoft.com'))).toBe('all');
    expect(containment('azurekubernetesservice', pattern('*.hcp.eastus.azmk8s.io'))).toBe('all');
  });

  it('is not claimed to hold add-on endpoints the documentation does not list for it', () => {
    expect(containment('AzureKubernetesService', pattern('us.download.nvidia.com'))).toBe('unknown');
  });

  it('is known not to hold the reported gaps', () => {
    const [gap] = FQDN_TAGS.find((t) => t.tag === 'AzureKubernetesService')?.knownGaps ?? [];
    if (!gap) throw new Error('no known gap recorded');
    expect(containment('AzureKubernetesService', pattern(gap.pattern))).toBe('none');
  });

  it('says nothing of tags it has no definition for', () => {
    expect(containment('WindowsUpdate', pattern('mcr.microsoft.com'))).toBe('unknown');
  });
});
