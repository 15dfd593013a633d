/**
 * The firewalls' `SNATPortUtilization` from Azure Monitor metrics (`@azure/monitor-query-metrics`,
 * the `metrics:getBatch` data-plane API): hourly maximum and average over the window, for every
 * firewall, one batch per subscription and region (the API's unit; at most 50 resources a call).
 *
 * The answer is kept in the metrics REST response's own item shape (`{id: "<firewall>/providers/
 * Microsoft.Insights/metrics/SNATPortUtilization", type: "Microsoft.Insights/metrics", name: {value},
 * unit, timeseries}`), as RawResources: normalize (normalize/metrics.ts) reads the same items whether
 * they come from here or from a file, and a snapshot writes them as a list file the offline audit
 * reads back — so both audits see the same metric.
 */

import { MetricsClient } from '@azure/monitor-query-metrics';
import { parseArmId } from '../../model/arm-id.ts';
import { compareText } from '../../model/compare.ts';
import type { InputError, RawResource } from '../../model/raw.ts';
import { METRICS_TYPE, SNAT_PORT_UTILIZATION } from '../../normalize/metrics.ts';
import { type AzureConnection, mapBounded, sdkPipelineOptions } from './arm-reader.ts';
import { describeQueryError } from './log-query.ts';

export const FIREWALL_METRIC_NAMESPACE = 'Microsoft.Network/azureFirewalls';
/** The batch API takes at most 50 resource ids per call. */
const BATCH_SIZE = 50;

export interface MetricsWindow {
  /** Epoch ms. */
  from: number;
  to: number;
}

export interface FirewallRef {
  id: string;
  /** The ARM location (`eastus`): metrics are served by the region's endpoint. */
  location?: string;
}

export interface CollectedMetrics {
  /** Metric items in the REST response shape, one per firewall answered. */
  resources: RawResource[];
  /** Firewalls whose metric could not be read, and why (a 403 names Monitoring Reader). */
  errors: InputError[];
  /** The batch calls made, for the snapshot manifest. */
  sourcesRead: string[];
}

const subscriptionOf = (id: string) => parseArmId(id)?.subscriptionId.toLowerCase() ?? '';

/** The region's metrics endpoint from the cloud's template, or the override as given. */
export function metricsEndpointFor(template: string, location: string | undefined): string | undefined {
  if (!template.includes('{region}')) return template.replace(/\/+$/, '');
  if (!location) return undefined;
  return template.replace('{region}', location.toLowerCase().replace(/\s+/g, ''));
}

interface SdkMetric {
  id?: string;
  name: string;
  unit?: string;
  errorCode?: string;
  errorMessage?: string;
  timeseries?: { metadatavalues?: unknown[]; data?: { timeStamp: Date; average?: number; maximum?: number }[] }[];
}

/** An SDK metric back in the REST item shape that normalize reads (and a snapshot file holds). */
function restItem(resourceId: string, metric: SdkMetric): Record<string, unknown> {
  return {
    id: `${resourceId}/providers/${METRICS_TYPE}/${metric.name}`,
    type: METRICS_TYPE,
    name: { value: metric.name },
    unit: metric.unit ?? 'Percent',
    timeseries: (metric.timeseries ?? []).map((series) => ({
      metadatavalues: series.metadatavalues ?? [],
      data: (series.data ?? []).map((point) => ({
        timeStamp: point.timeStamp instanceof Date ? point.timeStamp.toISOString() : String(point.timeStamp),
        ...(point.average !== undefined && { average: point.average }),
        ...(point.maximum !== undefined && { maximum: point.maximum }),
      })),
    })),
    ...(metric.errorCode !== undefined && { errorCode: metric.errorCode }),
    ...(metric.errorMessage !== undefined && { errorMessage: metric.errorMessage }),
  };
}

/** SNATPortUtilization (hourly Maximum and Average over the window) of every firewall. */
export async function collectFirewallMetrics(
  connection: AzureConnection,
  firewalls: readonly FirewallRef[],
  window: MetricsWindow,
  onProgress?: (progress: { step: string; done: number; total: number }) => void,
): Promise<CollectedMetrics> {
  const collected: CollectedMetrics = { resources: [], errors: [], sourcesRead: [] };
  const batches = new Map<string, { endpoint: string; ids: string[] }>();
  for (const firewall of firewalls) {
    const endpoint = metricsEndpointFor(connection.endpoints.metrics, firewall.location);
    if (!endpoint) {
      collected.errors.push({
        resourceId: firewall.id,
        message: `${SNAT_PORT_UTILIZATION} of ${firewall.id} was not read: the firewall has no location, so its region's metrics endpoint is unknown`,
      });
      continue;
    }
    const key = `${endpoint}|${subscriptionOf(firewall.id)}`;
    const batch = batches.get(key) ?? { endpoint, ids: [] };
    batch.ids.push(firewall.id);
    batches.set(key, batch);
  }
  const calls = [...batches.values()].flatMap(({ endpoint, ids }) =>
    Array.from({ length: Math.ceil(ids.length / BATCH_SIZE) }, (_, i) => ({
      endpoint,
      ids: ids.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE),
    })),
  );
  let done = 0;
  const step = 'SNAT port utilization';
  onProgress?.({ step, done, total: calls.length });
  await mapBounded(calls, connection.concurrency ?? 8, async ({ endpoint, ids }) => {
    const client = new MetricsClient(endpoint, connection.credential, {
      ...sdkPipelineOptions(connection),
      audience: connection.endpoints.metricsScope.replace(/\/\.default$/, ''),
    });
    const subscription = subscriptionOf(ids[0] ?? '');
    collected.sourcesRead.push(
      `POST ${endpoint}/subscriptions/${subscription}/metrics:getBatch ${SNAT_PORT_UTILIZATION} (${ids.length} firewall${ids.length === 1 ? '' : 's'})`,
    );
    try {
      const results = await client.queryResources(ids, [SNAT_PORT_UTILIZATION], FIREWALL_METRIC_NAMESPACE, {
        startTime: new Date(window.from),
        endTime: new Date(window.to),
        interval: 'PT1H',
        aggregation: 'Maximum,Average',
      });
      const answered = new Set<string>();
      for (const result of results) {
        const resourceId =
          ids.find((id) => id.toLowerCase() === (result.resourceId ?? '').toLowerCase()) ?? result.resourceId;
        if (!resourceId) continue;
        for (const metric of result.metrics as SdkMetric[]) {
          if (metric.name.toLowerCase() !== SNAT_PORT_UTILIZATION.toLowerCase()) continue;
          answered.add(resourceId.toLowerCase());
          collected.resources.push({
            body: restItem(resourceId, metric),
            origin: { source: `Azure Monitor metrics ${endpoint} ${SNAT_PORT_UTILIZATION}` },
          });
        }
      }
      for (const id of ids) {
        if (!answered.has(id.toLowerCase())) {
          collected.errors.push({
            resourceId: id,
            message: `${SNAT_PORT_UTILIZATION} of ${id} was not read: Azure Monitor's answer did not include it`,
          });
        }
      }
    } catch (error) {
      for (const id of ids) {
        collected.errors.push({
          resourceId: id,
          message: `${SNAT_PORT_UTILIZATION} of ${id} was not read: ${describeQueryError(error, 'the Monitoring Reader role (or Reader) on the firewall')}`,
        });
      }
    }
    onProgress?.({ step, done: ++done, total: calls.length });
  });
  collected.resources.sort((a, b) => compareText(String(a.body.id).toLowerCase(), String(b.body.id).toLowerCase()));
  return collected;
}

/** The firewalls among collected raw resources (REST or flattened shape), with their locations. */
export function firewallsOf(resources: readonly RawResource[]): FirewallRef[] {
  return resources
    .map((r) => r.body)
    .filter((body) => String(body.type ?? '').toLowerCase() === FIREWALL_METRIC_NAMESPACE.toLowerCase())
    .map((body) => ({
      id: String(body.id ?? ''),
      ...(typeof body.location === 'string' && { location: body.location }),
    }))
    .filter((f) => f.id !== '');
}
