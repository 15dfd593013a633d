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
 * The merged endpoint is named by its first required entry that needs the firewall. It is required when any merged
 * entry is; conditional when every required one is; proxied through the ARO service when every one is. When some
 * are proxied and others are not (ARO's own management.azure.com and the Arc agents' of Container insights), it is
 * conditional: egress lockdown proxies the name for the ARO service, and no document says whether it also carries
 * the other components' calls to it.
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
  const primary =
    required.find((e) => !e.condition && !e.proxied) ??
    required.find((e) => !e.condition) ??
    required[0] ??
    (group[0] as ResolvedEndpoint);
  const ordered = [primary, ...group.filter((e) => e !== primary)];
  const proxied = group.every((e) => e.proxied) ? primary.proxied : undefined;
  const byService = proxied ? [] : group.filter((e) => e.proxied);
  const direct = required.filter((e) => !e.proxied && !e.condition);
  const condition =
    byService.length > 0 && direct.length > 0
      ? `egress lockdown proxies it through the ARO service for ${byService.map((e) => e.entry.id).join(', ')} (${byService[0]?.proxied?.assumption}); whether it also carries the calls of ${direct.map((e) => e.entry.id).join(', ')} is not documented`
      : required.length > 0 && required.every((e) => e.condition)
        ? primary.condition
        : undefined;
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
    notes: unique(ordered.flatMap((e) => e.notes)),
  };
}
