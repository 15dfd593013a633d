import { type Firewall, type Inventory, idKey } from '../model/inventory.ts';
import type { EgressBranch } from './egress-branches.ts';
import type { ProgramResult } from './program.ts';
import { type DestinationRoute, describeRoute, destinationRoute, firewallByPrivateIp } from './routes.ts';
import { type EvaluationOptions, evaluateTraffic, type TrafficClass, type Verdict } from './traffic.ts';

/**
 * What decides a class of traffic on one egress branch of a cluster: a firewall's rules, a route that
 * keeps it from any firewall (delivered over the virtual network or a peering, dropped by a None route),
 * or a firewall's DNS proxy, which answers DNS sent to the firewall's own private IP without any rule.
 */
export type DecidedBy = 'rules' | 'route' | 'dns-proxy';

export interface BranchVerdict {
  verdict: Verdict;
  decidedBy: DecidedBy;
  /** The firewall whose rules or DNS proxy decide. */
  firewall?: Firewall;
}

export interface BranchContext {
  inventory: Inventory;
  programOf(firewall: Firewall): ProgramResult;
  options: EvaluationOptions;
}

const decided = (decision: Verdict['decision'], witness: string, reason: string): Verdict => ({
  decision,
  witness,
  reason,
  trace: [],
  notes: [],
});

const DNS_PORT = 53;
const DNS_DOC = 'https://learn.microsoft.com/azure/firewall/dns-settings';

function byRules(ctx: BranchContext, firewall: Firewall, traffic: TrafficClass): BranchVerdict {
  const compiled = ctx.programOf(firewall);
  if (!compiled.ok)
    return {
      verdict: decided(
        'unknown',
        `the rules of ${firewall.name}`,
        `the rules of ${firewall.name} are incomplete: ${compiled.cause}`,
      ),
      decidedBy: 'rules',
      firewall,
    };
  return { verdict: evaluateTraffic(compiled.program, traffic, ctx.options), decidedBy: 'rules', firewall };
}

/** Each subnet's route to the addresses, and the one outcome they share (or why there is none). */
function routesOf(ctx: BranchContext, branch: EgressBranch, addresses: readonly string[]) {
  const routes = branch.subnets.map((member) => {
    const subnet = ctx.inventory.subnets.find((s) => idKey(s.id) === idKey(member.subnetId));
    const route: DestinationRoute = subnet
      ? destinationRoute(ctx.inventory, subnet, addresses)
      : { outcome: 'unknown', segments: [], reason: `subnet ${member.subnetId} was not in the input` };
    return { subnetId: member.subnetId, route };
  });
  const keys = new Set(routes.map((r) => `${r.route.outcome}|${idKey(r.route.firewallId ?? '')}`));
  const first = routes[0]?.route;
  const reason = routes
    .map((r) => r.route.reason)
    .filter((text, i, all) => all.indexOf(text) === i)
    .join('; ');
  return { shared: keys.size === 1 ? first : undefined, reason };
}

/**
 * DNS sent to a firewall's private IP: with DNS proxy on, "the firewall listens on port 53 and forwards
 * DNS requests to the configured DNS servers" (DNS_DOC, "Enable DNS proxy"), and the virtual network's DNS
 * servers set to that IP is the documented configuration; with it off, nothing answers there.
 */
function byDnsProxy(ctx: BranchContext, branch: EgressBranch, firewall: Firewall, addresses: string[]): BranchVerdict {
  const { shared, reason } = routesOf(ctx, branch, addresses);
  if (shared?.outcome === 'drop')
    return {
      verdict: decided('denied', describeRoute(shared.segments[0]?.route ?? routeless), reason),
      decidedBy: 'route',
    };
  if (!shared || shared.outcome === 'unknown' || shared.outcome === 'mixed')
    return { verdict: decided('unknown', `the route to ${addresses.join(', ')}`, reason), decidedBy: 'route' };
  const compiled = ctx.programOf(firewall);
  if (!compiled.ok)
    return {
      verdict: decided('unknown', `the DNS settings of ${firewall.name}`, compiled.cause),
      decidedBy: 'dns-proxy',
      firewall,
    };
  const { dnsProxy } = compiled.program;
  return dnsProxy.enabled
    ? {
        verdict: decided(
          'allowed',
          `DNS proxy of ${firewall.name}`,
          `${addresses.join(', ')} is ${firewall.name}'s private IP and its DNS proxy answers on port ${DNS_PORT} (${dnsProxy.source}); no network rule is needed`,
        ),
        decidedBy: 'dns-proxy',
        firewall,
      }
    : {
        verdict: decided(
          'denied',
          `DNS proxy of ${firewall.name} is off`,
          `its DNS proxy is off (${dnsProxy.source}): nothing listens on port ${DNS_PORT} there (${DNS_DOC})`,
        ),
        decidedBy: 'dns-proxy',
        firewall,
      };
}

const routeless = { name: 'the route', addressPrefix: '?', nextHopType: '?' };

/**
 * Traffic to addresses (a custom DNS server, an API server IP) goes where the subnets' routes send those
 * addresses: a private one is usually reached over the virtual network or a peering, whose system routes
 * are longer than a 0.0.0.0/0 user route, and only a path that reaches a firewall is judged by its rules.
 */
function toAddresses(
  ctx: BranchContext,
  branch: EgressBranch,
  traffic: TrafficClass,
  addresses: string[],
): BranchVerdict {
  const owners = new Set(addresses.map((a) => firewallByPrivateIp(ctx.inventory, a)?.id ?? ''));
  const owner = owners.size === 1 ? firewallByPrivateIp(ctx.inventory, addresses[0] ?? '') : undefined;
  if (owner && traffic.port === DNS_PORT && traffic.protocol !== 'ICMP')
    return byDnsProxy(ctx, branch, owner, addresses);
  const { shared, reason } = routesOf(ctx, branch, addresses);
  if (!shared)
    return {
      verdict: decided(
        'unknown',
        `the routes to ${addresses.join(', ')}`,
        `the subnets route it differently: ${reason}`,
      ),
      decidedBy: 'route',
    };
  const witness = describeRoute(shared.segments[0]?.route ?? routeless);
  switch (shared.outcome) {
    case 'firewall': {
      const firewall = ctx.inventory.firewalls.find((f) => idKey(f.id) === idKey(shared.firewallId ?? ''));
      return firewall
        ? byRules(ctx, firewall, traffic)
        : { verdict: decided('unknown', witness, reason), decidedBy: 'route' };
    }
    case 'vnet':
      return {
        verdict: decided(
          'allowed',
          witness,
          'delivers it within the virtual network or over a peering, longer than any default route, so no firewall rule is involved',
        ),
        decidedBy: 'route',
      };
    case 'internet':
      return {
        verdict: decided('allowed', witness, 'sends it straight to the Internet, around every firewall'),
        decidedBy: 'route',
      };
    case 'drop':
      return { verdict: decided('denied', witness, reason), decidedBy: 'route' };
    default:
      return { verdict: decided('unknown', witness, reason), decidedBy: 'route' };
  }
}

/** The verdict on one class of a cluster's traffic from the subnets of one egress branch. */
export function evaluateOnBranch(ctx: BranchContext, branch: EgressBranch, traffic: TrafficClass): BranchVerdict {
  const { destination } = traffic;
  if (destination.kind === 'addresses' && branch.subnets.length > 0)
    return toAddresses(ctx, branch, { ...traffic, sources: branch.sourceCidrs }, destination.addresses);
  if (branch.status === 'drop') {
    const dropping = branch.subnets.flatMap((s) => s.route.segments.filter((g) => g.outcome === 'drop'));
    return {
      verdict: decided(
        'denied',
        [
          ...new Set(dropping.map((g) => `${g.route.table ? `${g.route.table} / ` : ''}${describeRoute(g.route)}`)),
        ].join('; '),
        branch.reason,
      ),
      decidedBy: 'route',
    };
  }
  if (!branch.firewall) return { verdict: decided('unknown', 'the egress path', branch.reason), decidedBy: 'route' };
  const result = byRules(ctx, branch.firewall, { ...traffic, sources: branch.sourceCidrs });
  if (branch.status !== 'partial' || result.verdict.decision === 'allowed') return result;
  // Some public destinations go around the firewall: which addresses a name resolves to is not known offline.
  return {
    ...result,
    verdict: {
      ...result.verdict,
      decision: 'unknown',
      reason: `${branch.firewall.name} ${result.verdict.decision === 'denied' ? 'denies' : 'allows only in part'} it (${result.verdict.reason}), but routes send some public destinations around the firewall (${branch.reason}): whether its addresses are among them is not known offline`,
    },
  };
}
