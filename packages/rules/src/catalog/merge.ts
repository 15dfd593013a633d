import type { Destination } from '@aro-aks-audit/auditor';
import type { ResolvedEndpoint } from './resolve.ts';

/** Endpoints name the same traffic when their destinations, protocol, port and application protocol are equal. */
function trafficKey(endpoint: ResolvedEndpoint): string {
  const { protocol, port, applicationProtocol } = endpoint.entry;
  const destinations = endpoint.destinations.map((d: Destination) => JSON.stringify(d)).sort();
  return JSON.stringify([protocol, port, applicationProtocol ?? '', destinations]);
}

const unique = (values: readonly string[]) => [...new Set(values)];

/**
 * One endpoint per traffic: features that share a destination (Container insights and the Policy add-on both
 * send telemetry to dc.services.visualstudio.com; Arc's core and the Policy extension both sign in at
 * login.windows.net) make one endpoint with every purpose, so the allowlist, the audit and the fix agree.
 *
 * The merged endpoint is named by its first required entry. It is required when any merged entry is; conditional
 * only when every required one is; proxied through the ARO service only when every one is (the others need the
 * firewall, and the note says which were proxied).
 */
export function mergeSharedEndpoints(endpoints: readonly ResolvedEndpoint[]): ResolvedEndpoint[] {
  const groups = new Map<string, ResolvedEndpoint[]>();
  for (const endpoint of endpoints) {
    const key = trafficKey(endpoint);
    const group = groups.get(key);
    if (group) group.push(endpoint);
    else groups.set(key, [endpoint]);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? (group[0] as ResolvedEndpoint) : merged(group)));
}

function merged(group: ResolvedEndpoint[]): ResolvedEndpoint {
  const required = group.filter((e) => e.required);
  const primary = required.find((e) => !e.condition) ?? required[0] ?? (group[0] as ResolvedEndpoint);
  const ordered = [primary, ...group.filter((e) => e !== primary)];
  const proxied = group.every((e) => e.proxied) ? primary.proxied : undefined;
  const condition = required.length > 0 && required.every((e) => e.condition) ? primary.condition : undefined;
  const proxiedNotes = proxied
    ? []
    : group.flatMap((e) => (e.proxied ? [`${e.entry.id} alone would be proxied: ${e.proxied.assumption}`] : []));
  const { condition: _condition, proxied: _proxied, ...rest } = primary;
  return {
    ...rest,
    entries: ordered.flatMap((e) => e.entries),
    purpose: unique(ordered.map((e) => e.purpose)).join(' '),
    required: required.length > 0,
    ...(condition && { condition }),
    ...(proxied && { proxied }),
    why: unique(ordered.map((e) => e.why)).join('; '),
    unresolved: unique(ordered.flatMap((e) => e.unresolved)),
    notes: unique([...ordered.flatMap((e) => e.notes), ...proxiedNotes]),
  };
}
