/**
 * Discovery through Azure Resource Graph: one KQL query per batch of subscriptions returns every
 * resource of the audited types, a page of up to 1000 rows at a time. The number of queries is
 * bounded by ceil(subscriptions / SUBSCRIPTIONS_PER_QUERY) × pages, however many subscriptions,
 * resource groups and resource types there are.
 */
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { isRestError } from '@azure/core-rest-pipeline';
import {
  type AzureConnection,
  AzureReadError,
  describeReadFailure,
  type Limiter,
  sdkPipelineOptions,
  withTransportRetries,
} from './arm-reader.ts';

/**
 * Subscriptions named in one Resource Graph request: the service's documented limit, which Azure CLI
 * and PowerShell also batch by (learn.microsoft.com/azure/governance/resource-graph/troubleshoot/general,
 * "Too many subscriptions").
 */
export const SUBSCRIPTIONS_PER_QUERY = 1000;
/** Rows per page: the service's maximum `$top`. */
export const ROWS_PER_PAGE = 1000;

const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

/** The discovery query: the audited types, optionally only in some resource groups, in a stable order. */
export function resourcesQuery(types: readonly string[], resourceGroups: readonly string[] = []): string {
  const stages = ['Resources', `where type in~ (${types.map((t) => quote(t.toLowerCase())).join(', ')})`];
  if (resourceGroups.length > 0) stages.push(`where resourceGroup in~ (${resourceGroups.map(quote).join(', ')})`);
  stages.push('order by id asc');
  return stages.join(' | ');
}

export const SUBSCRIPTIONS_QUERY =
  "ResourceContainers | where type =~ 'microsoft.resources/subscriptions' | order by id asc";

export interface GraphScope {
  subscriptions?: string[];
  managementGroups?: string[];
}

export interface GraphResult {
  rows: Record<string, unknown>[];
  /** Why the result is short: the rows read so far are kept. */
  error?: string;
}

export class ResourceGraphReader {
  /** Query requests sent (each page is one). */
  queries = 0;
  private readonly client: ResourceGraphClient;
  private readonly connection: AzureConnection;
  private readonly limiter: Limiter;

  constructor(connection: AzureConnection, limiter: Limiter) {
    this.connection = connection;
    this.limiter = limiter;
    this.client = new ResourceGraphClient(connection.credential, {
      endpoint: connection.endpoints.arm,
      credentials: { scopes: [connection.endpoints.armScope] },
      ...sdkPipelineOptions(connection),
    });
  }

  /** Every row of `query` over `scope`, following $skipToken; a repeated token or a failed page ends it with `error`. */
  async query(scope: GraphScope, query: string): Promise<GraphResult> {
    const rows: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    let skipToken: string | undefined;
    for (let page = 1; ; page++) {
      let response: Awaited<ReturnType<ResourceGraphClient['resources']>>;
      try {
        response = await this.limiter.run(() =>
          withTransportRetries(this.connection.transportRetries ?? 2, () => this.send(scope, query, skipToken)),
        );
      } catch (error) {
        return {
          rows,
          error: describeReadFailure(page > 1 ? `Resource Graph page ${page}` : 'Resource Graph query', error),
        };
      }
      if (!Array.isArray(response.data))
        return { rows, error: 'Resource Graph returned no row array (resultFormat objectArray expected)' };
      rows.push(...(response.data as Record<string, unknown>[]));
      if (response.resultTruncated === 'true' && !response.skipToken)
        return { rows, error: 'Resource Graph truncated the result without a $skipToken: rows are missing' };
      if (!response.skipToken) return { rows };
      if (seen.has(response.skipToken))
        return {
          rows,
          error: `Resource Graph returned a $skipToken already followed (${response.skipToken}): paging stopped, rows may be missing`,
        };
      seen.add(response.skipToken);
      skipToken = response.skipToken;
    }
  }

  private async send(scope: GraphScope, query: string, skipToken: string | undefined) {
    this.queries++;
    try {
      return await this.client.resources(
        {
          ...(scope.subscriptions && { subscriptions: scope.subscriptions }),
          ...(scope.managementGroups && { managementGroups: scope.managementGroups }),
          query,
          options: { top: ROWS_PER_PAGE, resultFormat: 'objectArray', ...(skipToken && { skipToken }) },
        },
        { requestOptions: { timeout: this.connection.timeoutMs ?? 60_000 } },
      );
    } catch (error) {
      const url = `${this.connection.endpoints.arm}/providers/Microsoft.ResourceGraph/resources`;
      if (isRestError(error) && error.statusCode !== undefined)
        throw new AzureReadError(url, error.message, error.statusCode, error.code);
      if (error instanceof Error && error.name === 'AbortError')
        throw new AzureReadError(url, `no response within ${(this.connection.timeoutMs ?? 60_000) / 1000} s`);
      // A body that does not parse (cut short) or a dropped connection: a transport failure.
      throw new AzureReadError(url, error instanceof Error ? error.message : String(error));
    }
  }
}
