/**
 * Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`): the subset of KQL that
 * the collector sends — `Resources` or `ResourceContainers`, `where F in~ (…)` / `where F =~ '…'` over
 * type, resourceGroup, subscriptionId and location, `order by`, `project` — with the service's paging
 * (`$top` at most 1000, `$skipToken`). Rows have Resource Graph's shape: lower-case `type`, plus
 * `resourceGroup` and `subscriptionId`. A query outside the subset is a 400, so a test notices.
 */
import { compareText } from '@aro-aks-audit/auditor';
import type { ArmContext } from './arm.ts';
import { armError } from './arm.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

export const RESOURCE_GRAPH_PATH = '/providers/microsoft.resourcegraph/resources';

interface GraphRequest {
  subscriptions?: string[];
  managementGroups?: string[];
  query?: string;
  options?: { $top?: number; $skip?: number; $skipToken?: string };
}

type Row = Record<string, unknown>;
const FIELDS = ['type', 'resourcegroup', 'subscriptionid', 'location'];

function parseQuery(query: string): { table: string; filters: { field: string; values: string[] }[] } | string {
  const [table = '', ...stages] = query.split('|').map((s) => s.trim());
  if (!/^(Resources|ResourceContainers)$/i.test(table)) return `unsupported table ${table}`;
  const filters: { field: string; values: string[] }[] = [];
  for (const stage of stages) {
    if (/^(order by|project|sort by)\s/i.test(stage)) continue;
    const inList = /^where\s+(\w+)\s+in~\s*\((.*)\)$/is.exec(stage);
    const equals = /^where\s+(\w+)\s*=~\s*'([^']*)'$/is.exec(stage);
    const field = (inList?.[1] ?? equals?.[1] ?? '').toLowerCase();
    if (!FIELDS.includes(field)) return `unsupported stage: ${stage}`;
    const values = inList
      ? [...(inList[2] ?? '').matchAll(/'([^']*)'/g)].map((m) => (m[1] ?? '').toLowerCase())
      : [(equals?.[2] ?? '').toLowerCase()];
    filters.push({ field, values });
  }
  return { table: table.toLowerCase(), filters };
}

export function handleResourceGraph(
  request: EmulatorRequest,
  context: ArmContext,
  managementGroups: Record<string, string[]>,
): EmulatorResponse {
  if (request.method !== 'POST') return armError(405, 'MethodNotAllowed', 'Resource Graph queries are POSTs.');
  const body = (request.body ?? {}) as GraphRequest;
  const parsed = parseQuery(String(body.query ?? ''));
  if (typeof parsed === 'string') return armError(400, 'BadRequest', `azure emulator: ${parsed}`);
  const scope = new Set<string>((body.subscriptions ?? []).map((s) => s.toLowerCase()));
  for (const group of body.managementGroups ?? []) {
    const members = managementGroups[group.toLowerCase()] ?? managementGroups[group];
    if (!members) return armError(404, 'ManagementGroupNotFound', `management group ${group} not found`);
    for (const s of members) scope.add(s.toLowerCase());
  }
  let rows: Row[];
  if (parsed.table === 'resourcecontainers') {
    const known = new Set([...context.store.subscriptions(), ...context.subscriptions.map((s) => s.toLowerCase())]);
    rows = [...scope]
      .filter((s) => known.has(s))
      .sort()
      .map((s) => ({
        id: `/subscriptions/${s}`,
        name: `subscription ${s}`,
        type: 'microsoft.resources/subscriptions',
        subscriptionId: s,
        tenantId: context.tenantId,
      }));
  } else {
    rows = context.store.all
      .filter(
        (r) =>
          scope.has(r.subscriptionId.toLowerCase()) &&
          r.type.split('/').length === 2 &&
          r.type !== 'microsoft.network/servicetags',
      )
      .sort((a, b) => compareText(a.id.toLowerCase(), b.id.toLowerCase()))
      .map((r) => ({
        ...r.body,
        type: r.type,
        resourceGroup: r.resourceGroup.toLowerCase(),
        subscriptionId: r.subscriptionId,
        tenantId: context.tenantId,
      }));
  }
  const field = (row: Row, name: string) => {
    const key = Object.keys(row).find((k) => k.toLowerCase() === name);
    return String(key ? row[key] : '').toLowerCase();
  };
  rows = rows.filter((row) => parsed.filters.every((f) => f.values.includes(field(row, f.field))));
  const top = Math.min(body.options?.$top ?? 1000, 1000);
  const offset = Number(body.options?.$skipToken ?? body.options?.$skip ?? 0) || 0;
  const data = rows.slice(offset, offset + top);
  const response: Record<string, unknown> = {
    totalRecords: rows.length,
    count: data.length,
    data,
    facets: [],
    resultTruncated: 'false',
  };
  if (offset + top < rows.length) response.$skipToken = String(offset + top);
  return { status: 200, body: response };
}
