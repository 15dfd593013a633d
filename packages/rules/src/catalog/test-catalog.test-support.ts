/** Small inline catalog entries for checks' tests, independent of the real catalog (which has its own tests). */
import type { CatalogEntry } from './types.ts';

export const TEST_SOURCE = {
  title: 'test catalog',
  url: 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
  date: '2026-01-26',
};

/** An HTTPS (TCP 443) FQDN endpoint of AKS clusters, required unless overridden. */
export const httpsEntry = (id: string, pattern: string, fields: Partial<CatalogEntry> = {}): CatalogEntry => ({
  id,
  kinds: ['aks'],
  clouds: ['public'],
  destinations: [{ kind: 'fqdn', pattern }],
  protocol: 'TCP',
  port: 443,
  applicationProtocol: 'Https',
  requirement: 'required',
  purpose: id,
  source: TEST_SOURCE,
  ...fields,
});

/** The AKS tunnel: UDP 1194 to `*` or the region's AzureCloud tag, as the AKS documentation lists it. */
export const tunnelEntry = (id: string, fields: Partial<CatalogEntry> = {}): CatalogEntry => ({
  id,
  kinds: ['aks'],
  clouds: ['public'],
  destinations: [{ kind: 'any' }, { kind: 'service-tag', tag: 'AzureCloud.<region>' }],
  protocol: 'UDP',
  port: 1194,
  requirement: 'required',
  purpose: 'tunnel',
  source: TEST_SOURCE,
  ...fields,
});
