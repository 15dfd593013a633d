import type { CatalogEntry, DestinationTemplate } from './types.ts';

/**
 * The constructors every part of the catalog builds its entries with. Each takes one object whose fields
 * are named as in `CatalogEntry`; the constructor adds only the transport its name says (HTTPS 443, HTTP 80,
 * TCP to a host on another port, a network rule) and `requirement: 'required'` unless the entry says otherwise.
 */
export type EntryFields = Omit<
  CatalogEntry,
  'destinations' | 'protocol' | 'port' | 'applicationProtocol' | 'requirement'
> & { requirement?: CatalogEntry['requirement'] };

const fqdn = (pattern: string): DestinationTemplate => ({ kind: 'fqdn', pattern });

/** An FQDN reached with an application rule on HTTPS 443; `alternatives` are other names that satisfy it too. */
export function httpsEntry({
  fqdn: pattern,
  alternatives = [],
  ...fields
}: EntryFields & { fqdn: string; alternatives?: readonly string[] }): CatalogEntry {
  return {
    ...fields,
    destinations: [pattern, ...alternatives].map(fqdn),
    protocol: 'TCP',
    port: 443,
    applicationProtocol: 'Https',
    requirement: fields.requirement ?? 'required',
  };
}

/** An FQDN reached with an application rule on HTTP 80. */
export function httpEntry({ fqdn: pattern, ...fields }: EntryFields & { fqdn: string }): CatalogEntry {
  return {
    ...fields,
    destinations: [fqdn(pattern)],
    protocol: 'TCP',
    port: 80,
    applicationProtocol: 'Http',
    requirement: fields.requirement ?? 'required',
  };
}

/** A host on a TCP port that is not HTTP(S) application-rule traffic (Arc's on-behalf-of endpoint on 8084). */
export function tcpEntry({
  fqdn: pattern,
  port,
  ...fields
}: EntryFields & { fqdn: string; port: number }): CatalogEntry {
  return {
    ...fields,
    destinations: [fqdn(pattern)],
    protocol: 'TCP',
    port,
    requirement: fields.requirement ?? 'required',
  };
}

/** A network (L4) rule with the documented alternatives: allowing any one of them is enough. */
export function networkEntry({
  protocol,
  port,
  destinations,
  ...fields
}: EntryFields & Pick<CatalogEntry, 'protocol' | 'port' | 'destinations'>): CatalogEntry {
  return { ...fields, destinations, protocol, port, requirement: fields.requirement ?? 'required' };
}
