import { describe, expect, it } from 'vitest';
import { mergeSharedEndpoints } from './merge.ts';
import type { ResolvedEndpoint } from './resolve.ts';
import { httpsEntry } from './test-catalog.test-support.ts';

/** A resolved endpoint of one entry, as resolve.ts makes it. */
function resolved(id: string, pattern: string, fields: Partial<ResolvedEndpoint> = {}): ResolvedEndpoint {
  const entry = httpsEntry(id, pattern, { purpose: `${id} purpose.` });
  return {
    entry,
    entries: [entry],
    purpose: entry.purpose,
    destinations: [{ kind: 'fqdn', pattern }],
    endpoint: { destination: pattern, protocol: 'TCP/Https', port: '443' },
    required: true,
    why: `why ${id}`,
    unresolved: [],
    notes: [],
    ...fields,
  };
}

describe('mergeSharedEndpoints', () => {
  it('keeps endpoints of different traffic apart, in order', () => {
    const merged = mergeSharedEndpoints([resolved('a', 'a.com'), resolved('b', 'b.com')]);
    expect(merged.map((e) => e.entry.id)).toEqual(['a', 'b']);
  });

  it.each<[string, ResolvedEndpoint[], Partial<Record<keyof ResolvedEndpoint, unknown>> & { ids: string[] }]>([
    [
      'two required entries: the first names the row, both purposes and reasons are listed',
      [resolved('a', 'x.com'), resolved('b', 'x.com')],
      { ids: ['a', 'b'], required: true, purpose: 'a purpose. b purpose.', why: 'why a; why b' },
    ],
    [
      'an optional entry and a required one: required, named by the required one',
      [resolved('opt', 'x.com', { required: false }), resolved('req', 'x.com')],
      { ids: ['req', 'opt'], required: true },
    ],
    [
      'a conditional entry and an unconditional one: not conditional',
      [resolved('cond', 'x.com', { condition: 'only without konnectivity' }), resolved('plain', 'x.com')],
      { ids: ['plain', 'cond'], required: true, condition: undefined },
    ],
    [
      'two conditional entries: conditional',
      [resolved('c1', 'x.com', { condition: 'c' }), resolved('c2', 'x.com', { condition: 'c' })],
      { ids: ['c1', 'c2'], condition: 'c' },
    ],
    [
      'a proxied entry and one that needs the firewall: conditional on what egress lockdown carries, named by the other',
      [resolved('aro', 'x.com', { proxied: { assumption: 'lockdown on' } }), resolved('arc', 'x.com')],
      {
        ids: ['arc', 'aro'],
        required: true,
        proxied: undefined,
        condition:
          'egress lockdown proxies it through the ARO service for aro (lockdown on); whether it also carries the calls of arc is not documented',
      },
    ],
    [
      'two proxied entries: proxied',
      [
        resolved('p1', 'x.com', { proxied: { assumption: 'on' } }),
        resolved('p2', 'x.com', { proxied: { assumption: 'on' } }),
      ],
      { ids: ['p1', 'p2'], proxied: { assumption: 'on' } },
    ],
  ])('%s', (_name, endpoints, expected) => {
    const merged = mergeSharedEndpoints(endpoints);
    expect(merged).toHaveLength(1);
    const { ids, ...fields } = expected;
    expect(merged[0]?.entries.map((e) => e.id)).toEqual(ids);
    expect(merged[0]?.entry.id).toBe(ids[0]);
    for (const [key, value] of Object.entries(fields))
      expect(merged[0]?.[key as keyof ResolvedEndpoint], key).toEqual(value);
  });

  it('does not merge the same name on another port or application protocol', () => {
    const http = resolved('http', 'x.com');
    const onHttp = { ...http, entry: { ...http.entry, port: 80, applicationProtocol: 'Http' as const } };
    expect(mergeSharedEndpoints([resolved('https', 'x.com'), onHttp])).toHaveLength(2);
  });
});
