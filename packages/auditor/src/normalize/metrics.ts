/**
 * Azure Monitor metrics in the input: the items of a metrics REST response
 * (`GET {resource}/providers/Microsoft.Insights/metrics?metricnames=SNATPortUtilization&aggregation=Maximum,Average`,
 * `az monitor metrics list --resource <firewall id> --metric SNATPortUtilization --aggregation Maximum Average`),
 * whose `value` items are `{id: "<resource id>/providers/Microsoft.Insights/metrics/<name>", type:
 * "Microsoft.Insights/metrics", name: {value: "<name>"}, unit, timeseries: [{data: [{timeStamp,
 * average, maximum}]}]}`. Recognised by that content (type and id), not by file name; each item is
 * reduced to a MetricSummary of the resource it names. Pure.
 */
import type { MetricSummary, Origin } from '../model/inventory.ts';
import { isJsonObject, type Json } from './shape.ts';

export const METRICS_TYPE = 'Microsoft.Insights/metrics';
export const SNAT_PORT_UTILIZATION = 'SNATPortUtilization';

const METRIC_SEGMENT = /\/providers\/microsoft\.insights\/metrics\/([^/]+)$/i;

/** The resource a metric item's id belongs to, and the metric's name in the id. */
export function metricTarget(metricId: string): { resourceId: string; metric: string } | undefined {
  const match = METRIC_SEGMENT.exec(metricId);
  if (!match) return undefined;
  return { resourceId: metricId.slice(0, match.index), metric: decodeURIComponent(match[1] ?? '') };
}

/** `name: {value}` (REST) or `name: "…"` (flattened SDK output). */
function metricName(body: Json): string | undefined {
  const name = body.name;
  if (typeof name === 'string') return name;
  if (isJsonObject(name) && typeof name.value === 'string') return name.value;
  return undefined;
}

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * The summary of one metric item: its name and the maximum and mean average of its points, or why it
 * cannot be read (an `errorCode` other than Success, a malformed time series).
 */
export function summarizeMetric(
  body: Json,
  origin: Origin,
): { name: string; summary: MetricSummary } | { name: string | undefined; problem: string } {
  const name = metricName(body);
  if (name === undefined) return { name, problem: 'the metric has no name.value' };
  const errorCode = typeof body.errorCode === 'string' ? body.errorCode : undefined;
  if (errorCode !== undefined && errorCode !== 'Success') {
    const message = typeof body.errorMessage === 'string' ? `: ${body.errorMessage}` : '';
    return { name, problem: `Azure Monitor answered ${errorCode}${message}` };
  }
  if (!Array.isArray(body.timeseries)) return { name, problem: 'the metric has no timeseries array' };
  let maximum: number | undefined;
  let averageSum = 0;
  let averages = 0;
  let points = 0;
  let from: string | undefined;
  let to: string | undefined;
  for (const series of body.timeseries) {
    if (!isJsonObject(series) || !Array.isArray(series.data)) continue;
    for (const point of series.data) {
      if (!isJsonObject(point)) continue;
      const max = finite(point.maximum);
      const avg = finite(point.average);
      if (max === undefined && avg === undefined) continue;
      points++;
      if (max !== undefined) maximum = Math.max(maximum ?? max, max);
      if (avg !== undefined) {
        averageSum += avg;
        averages++;
      }
      const time = typeof point.timeStamp === 'string' ? point.timeStamp : undefined;
      if (time !== undefined) {
        if (from === undefined || time < from) from = time;
        if (to === undefined || time > to) to = time;
      }
    }
  }
  const summary: MetricSummary = { points, origin };
  if (maximum !== undefined) summary.maximum = maximum;
  if (averages > 0) summary.average = Math.round((averageSum / averages) * 100) / 100;
  if (from !== undefined) summary.from = from;
  if (to !== undefined) summary.to = to;
  return { name, summary };
}
