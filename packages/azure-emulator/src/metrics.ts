/**
 * The emulated Azure Monitor metrics data plane: `POST /subscriptions/{sub}/metrics:getBatch`
 * (`@azure/monitor-query-metrics`), answering each resource id of the body with the points given for
 * it inside the request's `starttime`..`endtime`, in the service's response shape. A resource with no
 * series given is answered with an empty time series, as Azure Monitor does for a quiet resource.
 */
import type { EmulatorHandler } from './types.ts';

export interface EmulatedMetricPoint {
  /** ISO time of the interval's start. */
  timeStamp: string;
  average?: number;
  maximum?: number;
}

export interface MetricsEmulatorOptions {
  /** Resource id → metric name → points. */
  series: Record<string, Record<string, EmulatedMetricPoint[]>>;
  /** The region the answers say (default `eastus`). */
  region?: string;
}

export function metricsHandler(options: MetricsEmulatorOptions): EmulatorHandler {
  const series = new Map(Object.entries(options.series).map(([id, metrics]) => [id.toLowerCase(), metrics]));
  return (request) => {
    const match = /^\/subscriptions\/([^/]+)\/metrics:getBatch$/i.exec(decodeURIComponent(request.url.pathname));
    if (!match) return undefined;
    if (request.method !== 'POST')
      return { status: 405, body: { error: { code: 'MethodNotAllowed', message: request.method } } };
    const params = request.url.searchParams;
    const names = (params.get('metricnames') ?? '').split(',').filter(Boolean);
    const namespace = params.get('metricnamespace') ?? '';
    const start = Date.parse(params.get('starttime') ?? '');
    const end = Date.parse(params.get('endtime') ?? '');
    const ids = (request.body as { resourceids?: unknown } | undefined)?.resourceids;
    if (!Array.isArray(ids) || names.length === 0 || Number.isNaN(start) || Number.isNaN(end)) {
      return {
        status: 400,
        body: {
          error: { code: 'BadRequest', message: 'resourceids, metricnames, starttime and endtime are required' },
        },
      };
    }
    const inWindow = (p: EmulatedMetricPoint) => Date.parse(p.timeStamp) >= start && Date.parse(p.timeStamp) < end;
    return {
      status: 200,
      body: {
        values: ids.map((id) => ({
          starttime: new Date(start).toISOString(),
          endtime: new Date(end).toISOString(),
          interval: params.get('interval') ?? 'PT1H',
          namespace,
          resourceregion: options.region ?? 'eastus',
          resourceid: String(id),
          value: names.map((name) => ({
            id: `${String(id)}/providers/Microsoft.Insights/metrics/${name}`,
            type: 'Microsoft.Insights/metrics',
            name: { value: name, localizedValue: name },
            displayDescription: '',
            unit: 'Percent',
            timeseries: [
              { metadatavalues: [], data: (series.get(String(id).toLowerCase())?.[name] ?? []).filter(inWindow) },
            ],
            errorCode: 'Success',
          })),
        })),
      },
    };
  };
}
