/**
 * What the firewall logs say about each cluster: its flows (aggregates of its source group) matched to
 * the endpoints it needs, and the firewalls whose rules the logs can speak for. Shared by the log-based
 * checks; computed once per audit.
 */
import {
  type Analysis,
  type CheckContext,
  type Cluster,
  type Destination,
  type Evidence,
  type FindingDraft,
  type Firewall,
  type FlowAggregate,
  type FqdnPattern,
  findById,
  fqdnMatches,
  HOUR_MS,
  idKey,
  type LogEvidence,
  type LogTable,
  logWindowOf,
  type ProgramEntry,
  parseAddressSpec,
  parseFqdnPattern,
  rangeContainment,
  rawRowsQueryOf,
  type ServiceTag,
  type SourceGroup,
  sourceGroupsOf,
  sumHourlyHits,
} from '@aro-aks-audit/auditor';
import { type ResolvedEndpoint, requiredEndpointsFor } from './catalog/resolve.ts';
import { clusterRef, resourceOf } from './checks/cluster-ref.ts';
import { egressVerdictsOf, soleEvaluation } from './egress-verdicts.ts';
import { allowCommandFor, allowStemFor, type RuleContainer, removeRuleCommand } from './fixes.ts';
import { type RulesSettings, resolutionOptionsFor } from './settings.ts';

/** The resource of findings about the logs as a whole (traffic of no cluster, missing logs). */
export const LOG_RESOURCE = { id: '/firewall-logs', name: 'firewall logs', type: 'aro-aks-audit/logs' };

/** Application protocols as logged ride on TCP. */
const TRANSPORT: Record<string, 'TCP' | 'UDP' | 'ICMP' | undefined> = {
  TCP: 'TCP',
  UDP: 'UDP',
  ICMP: 'ICMP',
  HTTP: 'TCP',
  HTTPS: 'TCP',
  MSSQL: 'TCP',
};

/** The transport protocol of a logged flow (`HTTPS` → `TCP`), undefined when unknown. */
export const transportOf = (protocol: string): 'TCP' | 'UDP' | 'ICMP' | undefined =>
  TRANSPORT[protocol.toUpperCase().split('/')[0] ?? ''];

const DOTTED_QUAD = /^\d{1,3}(\.\d{1,3}){3}$/;

type CompiledDestination =
  | { kind: 'fqdn'; pattern: FqdnPattern }
  | { kind: 'ranges'; ranges: readonly (readonly [number, number])[] }
  | { kind: 'any' };

function rangesOf(texts: readonly string[]): (readonly [number, number])[] {
  return texts.flatMap((text) => {
    const spec = parseAddressSpec(text);
    return spec.kind === 'ranges' ? spec.ranges : [];
  });
}

function compileDestination(
  endpoint: ResolvedEndpoint,
  destination: Destination,
  serviceTags: readonly ServiceTag[],
): CompiledDestination[] {
  if (destination.kind === 'any') return endpoint.entry.applicationProtocol ? [] : [{ kind: 'any' }];
  if (destination.kind === 'fqdn') {
    const pattern = parseFqdnPattern(destination.pattern);
    return pattern.kind === 'invalid' ? [] : [{ kind: 'fqdn', pattern }];
  }
  const ranges =
    destination.kind === 'addresses'
      ? rangesOf(destination.addresses)
      : rangesOf(
          serviceTags.find((t) => t.name.toLowerCase() === destination.tag.toLowerCase())?.addressPrefixes ?? [],
        );
  return ranges.length > 0 ? [{ kind: 'ranges', ranges }] : [];
}

/**
 * A matcher from a logged flow to the endpoint it is for, required endpoints before optional ones, in
 * catalog order. A flow matches an endpoint when its transport and port are the endpoint's and its
 * destination is one of the endpoint's documented alternatives: an FQDN by the one FQDN pattern
 * implementation, an address by the alternative's addresses or service tag prefixes (when the input
 * holds the Service Tags list). A `*` alternative matches only endpoints without an application
 * protocol (the tunnel and NTP ports), where the catalog itself names the endpoint by port alone.
 * Answers are cached per distinct (destination, port, protocol).
 */
export function endpointMatcher(
  endpoints: readonly ResolvedEndpoint[],
  serviceTags: readonly ServiceTag[],
): (flow: Pick<FlowAggregate, 'destination' | 'port' | 'protocol'>) => ResolvedEndpoint | undefined {
  const ordered = [...endpoints.filter((e) => e.required), ...endpoints.filter((e) => !e.required)];
  const compiled = ordered.map((endpoint) => ({
    endpoint,
    destinations: endpoint.destinations.flatMap((d) => compileDestination(endpoint, d, serviceTags)),
  }));
  const cache = new Map<string, ResolvedEndpoint | null>();
  return (flow) => {
    const key = `${flow.destination}\u0000${flow.port ?? ''}\u0000${flow.protocol}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const transport = transportOf(flow.protocol);
    const address = DOTTED_QUAD.test(flow.destination) ? parseAddressSpec(flow.destination) : undefined;
    const found = compiled.find(
      ({ endpoint, destinations }) =>
        transport === endpoint.entry.protocol &&
        flow.port === endpoint.entry.port &&
        destinations.some((d) => {
          if (d.kind === 'any') return true;
          if (d.kind === 'fqdn')
            return address === undefined && flow.destination !== '' && fqdnMatches(d.pattern, flow.destination);
          return address?.kind === 'ranges' && rangeContainment(d.ranges, address.ranges) === 'all';
        }),
    )?.endpoint;
    cache.set(key, found ?? null);
    return found;
  };
}

/** One cluster's view of the logs. */
export interface ClusterLogs {
  cluster: Cluster;
  group: SourceGroup;
  /** The aggregates of the cluster's source group. */
  aggregates: FlowAggregate[];
  endpoints: ResolvedEndpoint[];
  /** Each aggregate's endpoint, when it is one the cluster needs. */
  endpointOf: (aggregate: FlowAggregate) => ResolvedEndpoint | undefined;
}

export interface LogView {
  logs: LogEvidence;
  groups: SourceGroup[];
  clusters: ClusterLogs[];
  /** Aggregates whose source is no cluster and no known subnet (`unknown:<range>`). */
  unknownSources: FlowAggregate[];
}

const UNKNOWN_PREFIX = 'unknown:';

/** The `/24` (IPv6 `/64`) an aggregate's source group names when no cluster or subnet claims it. */
export function unknownRangeOf(sourceGroup: string): string | undefined {
  return sourceGroup.startsWith(UNKNOWN_PREFIX) ? sourceGroup.slice(UNKNOWN_PREFIX.length) : undefined;
}

/** A source group as a reader wants it: the cluster or subnet name, or the range no input claims. */
export function describeSourceGroup(sourceGroup: string): string {
  const range = unknownRangeOf(sourceGroup);
  return range === undefined ? sourceGroup : `${range} (no cluster or subnet in the input)`;
}

const VIEWS = new WeakMap<Analysis, LogView>();

/** The logs seen per cluster; undefined when no logs were given. Once per audit. */
export function logViewOf(context: CheckContext<RulesSettings>): LogView | undefined {
  const { logs } = context;
  if (!logs) return undefined;
  const cached = VIEWS.get(context.analysis);
  if (cached && cached.logs === logs) return cached;
  const groups = sourceGroupsOf(context.inventory, context.analysis);
  const byGroup = Map.groupBy(logs.aggregates, (a) => a.sourceGroup);
  const clusters = context.inventory.clusters.flatMap((cluster): ClusterLogs[] => {
    const group = groups.find((g) => g.kind === 'cluster' && idKey(g.id) === idKey(cluster.id));
    if (!group) return [];
    const endpoints = requiredEndpointsFor(cluster, resolutionOptionsFor(cluster, context.inventory, context.settings));
    const match = endpointMatcher(endpoints, context.inventory.serviceTags);
    return [{ cluster, group, aggregates: byGroup.get(group.group) ?? [], endpoints, endpointOf: match }];
  });
  const view = {
    logs,
    groups,
    clusters,
    unknownSources: logs.aggregates.filter((a) => unknownRangeOf(a.sourceGroup) !== undefined),
  };
  VIEWS.set(context.analysis, view);
  return view;
}

/** Denied flows of one cluster per endpoint it needs, in the endpoints' order. */
export function deniedByEndpoint(
  clusterLogs: ClusterLogs,
): { endpoint: ResolvedEndpoint; aggregates: FlowAggregate[] }[] {
  const byEndpoint = Map.groupBy(
    clusterLogs.aggregates.filter((a) => a.action === 'Deny'),
    (a) => clusterLogs.endpointOf(a),
  );
  return clusterLogs.endpoints.flatMap((endpoint) => {
    const aggregates = byEndpoint.get(endpoint);
    return aggregates ? [{ endpoint, aggregates }] : [];
  });
}

/**
 * The firewalls whose logs were given: the ones the rows name; when no row names one (an export
 * without `_ResourceId`) and the input holds exactly one firewall, that one, as an assumption.
 */
export function loggedFirewalls(
  firewalls: readonly Firewall[],
  logs: LogEvidence,
): { firewall: Firewall; assumption?: string }[] {
  if (logs.firewallIds.length > 0) {
    const named = new Set(logs.firewallIds.map(idKey));
    return firewalls.filter((f) => named.has(idKey(f.id))).map((firewall) => ({ firewall }));
  }
  const [only, ...others] = firewalls;
  return only && others.length === 0
    ? [
        {
          firewall: only,
          assumption: `no log row names its firewall; the logs are taken to be ${only.name}'s, the only firewall in the input`,
        },
      ]
    : [];
}

const iso = (time: number) => new Date(time).toISOString();

/** The time the logs span and how many of its hours had rows: the weight behind "no hits". */
export function logCoverage(
  logs: LogEvidence,
): { from: string; to: string; hours: number; coveredHours: number } | undefined {
  const window = logWindowOf(logs);
  if (!window) return undefined;
  const hours = Math.floor(window.to / HOUR_MS) - Math.floor(window.from / HOUR_MS) + 1;
  return { from: iso(window.from), to: iso(window.to), hours, coveredHours: Math.min(logs.coveredHours.length, hours) };
}

const SUMMARY_SOURCES = 5;

/**
 * A short summary of aggregates: hits, first and last seen, the first few sample sources, the deciding
 * rules. One pass without spreading the aggregates into arguments: a cluster or an unknown range can
 * have more than a hundred thousand, past what a call's arguments hold.
 */
export function summarize(aggregates: readonly FlowAggregate[]) {
  let hits = 0;
  let firstSeen = Number.POSITIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  const sources = new Set<string>();
  const decidedBy = new Set<string>();
  for (const a of aggregates) {
    hits += a.hits;
    if (a.firstSeen < firstSeen) firstSeen = a.firstSeen;
    if (a.lastSeen > lastSeen) lastSeen = a.lastSeen;
    for (const ip of a.sampleSourceIps) if (sources.size < SUMMARY_SOURCES) sources.add(ip);
    decidedBy.add(a.decidedBy ?? a.action);
  }
  return {
    hits,
    firstSeen: iso(firstSeen),
    lastSeen: iso(lastSeen),
    sources: [...sources].join(', '),
    decidedBy: [...decidedBy].join('; '),
  };
}

const LISTED_DESTINATIONS = 10;

/**
 * The distinct destinations (`name:port`) of aggregates, in their order: the first ten, then how many
 * more (a wildcard endpoint can stand for thousands of storage accounts).
 */
export function destinationsOf(aggregates: readonly FlowAggregate[]): string {
  const destinations = new Set(aggregates.map((a) => `${a.destination}:${a.port ?? '*'}`));
  const listed = [...destinations].slice(0, LISTED_DESTINATIONS).join(', ');
  const more = destinations.size - LISTED_DESTINATIONS;
  return more > 0 ? `${listed} and ${more} more` : listed;
}

/** Hits per hour over aggregates (for the report's timeline). */
export function hourlyHitsOf(aggregates: readonly FlowAggregate[]): { hour: number; hits: number }[] {
  const sum = sumHourlyHits(aggregates.map((a) => a.hourlyHits));
  return sum?.hours.map((hour, i) => ({ hour, hits: sum.hits[i] as number })) ?? [];
}

/** The message ids both denied-traffic checks (required and optional endpoints) declare. */
export type DeniedTrafficMessageId = 'noLogs' | 'noSources' | 'noTraffic' | 'noDenies' | 'denied';

/** The messages of the denied-traffic checks that do not depend on which endpoints they judge. */
export const DENIED_TRAFFIC_SKIP_MESSAGES = {
  noTraffic: "No log rows come from {{cluster}}'s egress sources ({{cidrs}}): the logs say nothing about it.",
  noSources: "{{cluster}}'s egress source ranges are not known, so its traffic cannot be told apart in the logs.",
  noLogs: 'No firewall logs were given (--logs, or Log Analytics).',
} as const;

/**
 * Per cluster × endpoint it needs (required or optional), the denied flows in the logs: hits, first and
 * last seen, sample sources, the deciding rule or default action, the KQL that shows the raw rows, the
 * configuration's own verdict beside it, and the allow rule that would fix it.
 */
export function* deniedTrafficDrafts(
  context: CheckContext<RulesSettings>,
  required: boolean,
): Generator<FindingDraft<DeniedTrafficMessageId>> {
  const view = logViewOf(context);
  if (!view) {
    yield { status: 'skip', messageId: 'noLogs', resource: LOG_RESOURCE };
    return;
  }
  for (const clusterLogs of view.clusters) {
    const { cluster, group } = clusterLogs;
    const base = { resource: resourceOf(cluster), cluster: clusterRef(cluster) };
    if (group.cidrs.length === 0) {
      yield { ...base, status: 'skip', messageId: 'noSources', data: { cluster: cluster.name } };
      continue;
    }
    if (clusterLogs.aggregates.length === 0) {
      yield {
        ...base,
        status: 'skip',
        messageId: 'noTraffic',
        data: { cluster: cluster.name, cidrs: group.cidrs.join(', ') },
      };
      continue;
    }
    const denied = deniedByEndpoint(clusterLogs).filter((d) => d.endpoint.required === required);
    if (denied.length === 0) {
      const flows = clusterLogs.aggregates.filter((a) => clusterLogs.endpointOf(a)?.required === required);
      const { hits } = summarize(clusterLogs.aggregates);
      yield {
        ...base,
        status: 'pass',
        messageId: 'noDenies',
        data: {
          cluster: cluster.name,
          matched: flows.reduce((sum, a) => sum + a.hits, 0),
          hits,
          tables: [...new Set(view.logs.sources.flatMap((s) => s.tables))].sort().join(', '),
        },
      };
      continue;
    }
    const egress = soleEvaluation(egressVerdictsOf(cluster, context));
    for (const { endpoint, aggregates } of denied) {
      const summary = summarize(aggregates);
      const top = [...aggregates].sort((a, b) => b.hits - a.hits);
      const evaluated = egress?.results.find((r) => r.endpoint.entry.id === endpoint.entry.id);
      const configured = evaluated?.chosen;
      // The fix names a specific alternative (a name or tag) rather than `*`, as required-endpoint-blocked does.
      const target = evaluated?.verdicts.find((v) => v.destinationSpec.kind !== 'any') ?? configured;
      const proposed =
        egress && target
          ? allowCommandFor(
              context.inventory,
              egress.firewall,
              egress.program,
              endpoint,
              group.cidrs,
              allowStemFor(cluster, endpoint),
              configured?.verdict,
            )
          : undefined;
      const fix = proposed && !('note' in proposed) ? proposed : undefined;
      yield {
        ...base,
        status: 'fail',
        messageId: 'denied',
        subject: endpoint.entry.id,
        endpoint: endpoint.endpoint,
        data: {
          cluster: cluster.name,
          endpoint: endpoint.endpoint.destination,
          endpointId: endpoint.entry.id,
          protocol: endpoint.endpoint.protocol,
          port: endpoint.endpoint.port,
          ...summary,
          destinations: destinationsOf(aggregates),
          configured: configured ? `${configured.verdict.decision} (${configured.verdict.witness})` : 'not evaluated',
        },
        evidence: [
          ...top.slice(0, 5).map(
            (a): Evidence => ({
              kind: 'log',
              label: `${a.destination}:${a.port ?? '*'} ${a.protocol} ${a.action} by ${a.decidedBy ?? 'no rule named'}`,
              detail: `${a.hits} hits from ${a.sampleSourceIps.join(', ')} between ${iso(a.firstSeen)} and ${iso(a.lastSeen)} (${a.tables.join(', ')})`,
            }),
          ),
          ...(top[0]
            ? [{ kind: 'log' as const, label: 'KQL for the raw rows', detail: rawRowsQueryOf(top[0], group.cidrs) }]
            : []),
          ...(configured
            ? [
                {
                  kind: 'trace' as const,
                  label: `configuration verdict: ${configured.verdict.decision}`,
                  detail: configured.verdict.reason,
                },
              ]
            : []),
          {
            kind: 'catalog',
            label: endpoint.entry.id,
            detail: `${endpoint.why} Source: ${endpoint.entry.source.title} ${endpoint.entry.source.url}`,
          },
        ],
        ...(fix && {
          remediation: {
            text: `Allow ${endpoint.endpoint.destination} (${endpoint.endpoint.protocol} ${endpoint.endpoint.port}) from ${group.cidrs.join(', ')} before ${summary.decidedBy} decides, then confirm with the KQL in the evidence that the denies stop.`,
            cli: fix.cli,
            json: fix.json,
          },
        }),
        ...(required && { deniedRequiredHours: hourlyHitsOf(aggregates) }),
      };
    }
  }
}

/** How logs and configuration name a rule alike: `group / collection / rule`, lower-cased (classic rules have no group). */
export const ruleKeyOf = (
  group: string | undefined,
  collection: string | undefined,
  rule: string | undefined,
): string => [group ?? '', collection ?? '', rule ?? ''].join(' / ').toLowerCase();

export const entryKeyOf = (entry: ProgramEntry): string => ruleKeyOf(entry.group, entry.collection, entry.rule.name);

const USAGE = new WeakMap<LogEvidence, Map<FlowAggregate['action'], Map<string, FlowAggregate[]>>>();

/** The aggregates each rule decided, by ruleKeyOf, for one action; once per evidence and action. */
export function aggregatesByRule(logs: LogEvidence, action: FlowAggregate['action']): Map<string, FlowAggregate[]> {
  let byAction = USAGE.get(logs);
  if (!byAction) {
    byAction = new Map();
    USAGE.set(logs, byAction);
  }
  const cached = byAction.get(action);
  if (cached) return cached;
  const byRule = Map.groupBy(
    logs.aggregates.filter((a) => a.action === action && (a.rule !== undefined || a.ruleCollection !== undefined)),
    (a) => ruleKeyOf(a.ruleCollectionGroup, a.ruleCollection, a.rule),
  );
  byAction.set(action, byRule);
  return byRule;
}

/** The log tables that record each kind of rule's decisions. */
const RULE_TABLES: Record<'application' | 'network', readonly LogTable[]> = {
  application: ['AZFWApplicationRule', 'AZFWApplicationRuleAggregation', 'AzureFirewallApplicationRule'],
  network: ['AZFWNetworkRule', 'AZFWNetworkRuleAggregation', 'AzureFirewallNetworkRule'],
};

/**
 * The Allow rules (network and application) of the firewalls whose logs were given, once each even
 * when several firewalls share a policy, with the firewall they were read from.
 */
export function loggedAllowRules(
  context: CheckContext<RulesSettings>,
  logs: LogEvidence,
): {
  rules: { entry: ProgramEntry; firewall: Firewall; assumption?: string }[];
  unreadable: { firewall: Firewall; cause: string }[];
  notLogged: Firewall[];
  /** Rule kinds none of whose tables the logs hold: an export of network rules says nothing of application rules. */
  kindsNotLogged: ('application' | 'network')[];
} {
  const tables = new Set(logs.sources.flatMap((s) => s.tables));
  const kindsNotLogged = (['network', 'application'] as const).filter(
    (kind) => !RULE_TABLES[kind].some((t) => tables.has(t)),
  );
  const logged = loggedFirewalls(context.inventory.firewalls, logs);
  const seen = new Set<string>();
  const rules: { entry: ProgramEntry; firewall: Firewall; assumption?: string }[] = [];
  const unreadable: { firewall: Firewall; cause: string }[] = [];
  for (const { firewall, assumption } of logged) {
    const compiled = context.analysis.programOf(firewall);
    if (!compiled.ok) {
      unreadable.push({ firewall, cause: compiled.cause });
      continue;
    }
    const kinds = (['network', 'application'] as const).filter((k) => !kindsNotLogged.includes(k));
    for (const entry of kinds.flatMap((k) => compiled.program[k])) {
      if (entry.action !== 'Allow' || seen.has(entry.path.toLowerCase())) continue;
      seen.add(entry.path.toLowerCase());
      rules.push({ entry, firewall, ...(assumption && { assumption }) });
    }
  }
  const loggedIds = new Set(logged.map((l) => idKey(l.firewall.id)));
  return {
    rules,
    unreadable,
    notLogged: context.inventory.firewalls.filter((f) => !loggedIds.has(idKey(f.id))),
    kindsNotLogged,
  };
}

/** The resource a program entry's finding is about: its rule collection group, else its firewall. */
export function resourceOfEntry(context: CheckContext<RulesSettings>, entry: ProgramEntry, firewall: Firewall) {
  const group = findById(context.inventory.ruleCollectionGroups, entry.resourceId);
  return resourceOf(group ?? firewall);
}

/** The CLI command that deletes a program entry's rule where it is defined. */
export function removeEntryCommand(entry: ProgramEntry, firewall: Firewall): string {
  const container: RuleContainer =
    entry.policyId && entry.group
      ? { kind: 'policy', policyId: entry.policyId, group: entry.group }
      : { kind: 'classic', firewallId: firewall.id };
  return removeRuleCommand(container, entry.collection, entry.rule);
}

/** The findings for firewalls whose rules the logs cannot speak for: no rows from them, or rules unreadable. */
export function* unjudgedFirewallDrafts({
  notLogged,
  unreadable,
  kindsNotLogged,
}: Pick<ReturnType<typeof loggedAllowRules>, 'notLogged' | 'unreadable' | 'kindsNotLogged'>): Generator<
  FindingDraft<'firewallNotLogged' | 'rulesUnreadable' | 'kindNotLogged'>
> {
  for (const firewall of notLogged) {
    yield {
      status: 'skip',
      messageId: 'firewallNotLogged',
      resource: resourceOf(firewall),
      data: { firewall: firewall.name },
    };
  }
  for (const { firewall, cause } of unreadable) {
    yield {
      status: 'unknown',
      messageId: 'rulesUnreadable',
      resource: resourceOf(firewall),
      data: { firewall: firewall.name, cause },
    };
  }
  for (const kind of kindsNotLogged) {
    yield {
      status: 'skip',
      messageId: 'kindNotLogged',
      resource: LOG_RESOURCE,
      subject: `${kind}-rules`,
      data: { kind, tables: RULE_TABLES[kind].join(', ') },
    };
  }
}

/**
 * Denied flows of a cluster whose destination the logs do not name (HTTPS without SNI): whether they
 * were required traffic cannot be told, so they are `unknown` rather than hidden behind a pass.
 */
export function* unnamedDenyDrafts(context: CheckContext<RulesSettings>): Generator<FindingDraft<'unnamedDenies'>> {
  const view = logViewOf(context);
  for (const { cluster, aggregates } of view?.clusters ?? []) {
    const unnamed = aggregates.filter((a) => a.action === 'Deny' && a.destination === '');
    if (unnamed.length === 0) continue;
    const summary = summarize(unnamed);
    yield {
      status: 'unknown',
      messageId: 'unnamedDenies',
      resource: resourceOf(cluster),
      cluster: clusterRef(cluster),
      subject: 'unnamed-destination',
      data: {
        cluster: cluster.name,
        hits: summary.hits,
        firstSeen: summary.firstSeen,
        lastSeen: summary.lastSeen,
        sources: summary.sources,
        decidedBy: summary.decidedBy,
      },
      evidence: unnamed.map(
        (a): Evidence => ({
          kind: 'log',
          label: `${a.protocol} ${a.port ?? '*'} ${a.action} by ${a.decidedBy ?? 'no rule named'}`,
          detail: `${a.hits} hits from ${a.sampleSourceIps.join(', ')} between ${iso(a.firstSeen)} and ${iso(a.lastSeen)}`,
        }),
      ),
    };
  }
}
