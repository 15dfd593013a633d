/**
 * The built-in Azure Resource Manager handler: the subscription list, list (top-level and child) and
 * get operations with real paging, the Service Tags list and an AKS cluster's
 * outboundNetworkDependenciesEndpoints, served from a ResourceStore. Anything else is a 404 or, for
 * writes, a 405: the tool must never write.
 */

import { compareText } from '@aro-aks-audit/auditor';
import type { ResourceStore } from './store.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

export interface ArmContext {
  store: ResourceStore;
  /** `https://127.0.0.1:PORT`, for absolute nextLinks. */
  base: string;
  pageSize: number;
  tenantId: string;
  /** Subscriptions the caller can see (`GET /subscriptions`), beyond those holding resources. */
  subscriptions: string[];
}

export const OUTBOUND_DEPENDENCIES_TYPE =
  'microsoft.containerservice/managedclusters/outboundnetworkdependenciesendpoints';
const SERVICE_TAGS_TYPE = 'microsoft.network/servicetags';

export function armError(status: number, code: string, message: string): EmulatorResponse {
  return { status, body: { error: { code, message } } };
}

const notFound = (path: string) =>
  armError(404, 'ResourceNotFound', `The Resource '${path}' was not found (azure emulator).`);

/** One page of `items`, with an absolute nextLink back to this emulator when more remain. */
function page(request: EmulatorRequest, items: unknown[], context: ArmContext): EmulatorResponse {
  const offset = Number(request.url.searchParams.get('$skipToken') ?? '0') || 0;
  const value = items.slice(offset, offset + context.pageSize);
  const body: Record<string, unknown> = { value };
  if (offset + context.pageSize < items.length) {
    const next = new URL(`${request.url.pathname}${request.url.search}`, context.base);
    next.searchParams.set('$skipToken', String(offset + context.pageSize));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}

const sortById = (items: Record<string, unknown>[]) =>
  [...items].sort((a, b) => compareText(String(a.id).toLowerCase(), String(b.id).toLowerCase()));

export function handleArm(request: EmulatorRequest, context: ArmContext): EmulatorResponse {
  const path = request.url.pathname.replace(/\/+$/, '');
  if (request.method !== 'GET')
    return armError(
      405,
      'MethodNotAllowed',
      `The azure emulator serves reads only; ${request.method} ${path} refused.`,
    );
  if (!request.url.searchParams.get('api-version'))
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  const parts = path.split('/').filter(Boolean);
  const lowerParts = parts.map((p) => p.toLowerCase());

  if (lowerParts.length === 1 && lowerParts[0] === 'subscriptions') {
    const ids = [
      ...new Set([...context.store.subscriptions(), ...context.subscriptions.map((s) => s.toLowerCase())]),
    ].sort();
    return page(
      request,
      ids.map((id) => ({
        id: `/subscriptions/${id}`,
        subscriptionId: id,
        tenantId: context.tenantId,
        displayName: `subscription ${id}`,
        state: 'Enabled',
      })),
      context,
    );
  }
  if (lowerParts[0] !== 'subscriptions') return notFound(path);

  // GET /subscriptions/{s}/providers/Microsoft.Network/locations/{location}/serviceTags
  if (
    lowerParts.length === 7 &&
    lowerParts[2] === 'providers' &&
    lowerParts[3] === 'microsoft.network' &&
    lowerParts[4] === 'locations' &&
    lowerParts[6] === 'servicetags'
  ) {
    const docs = context.store.all.filter((r) => r.type === SERVICE_TAGS_TYPE);
    const doc = docs.find((r) => r.subscriptionId.toLowerCase() === lowerParts[1]) ?? docs[0];
    return doc ? { status: 200, body: doc.body } : notFound(path);
  }

  if (lowerParts.at(-1) === 'outboundnetworkdependenciesendpoints') {
    const clusterId = `/${parts.slice(0, -1).join('/')}`;
    if (!context.store.get(clusterId)) return notFound(clusterId);
    const stored = context.store.get(path);
    const endpoints = stored && Array.isArray(stored.body.value) ? stored.body.value : [];
    return page(request, endpoints, context);
  }

  const providersAt = lowerParts.indexOf('providers');
  if (providersAt < 0 || !parts[providersAt + 1]) return notFound(path);
  const rest = parts.slice(providersAt + 2);
  if (rest.length === 0) return notFound(path);
  if (rest.length % 2 === 1) {
    // A list: top-level (`…/providers/{ns}/{type}`) or children (`{parent id}/{segment}`).
    if (rest.length === 1) {
      const type = `${parts[providersAt + 1]}/${rest[0]}`;
      const rgAt = lowerParts.indexOf('resourcegroups');
      const resourceGroup = rgAt >= 0 && rgAt < providersAt ? parts[rgAt + 1] : undefined;
      const items = context.store.list(parts[1] ?? '', type, resourceGroup).map((r) => r.body);
      return page(request, sortById(items), context);
    }
    const parentId = `/${parts.slice(0, -1).join('/')}`;
    if (!context.store.get(parentId)) return notFound(parentId);
    return page(request, sortById(context.store.children(parentId, parts.at(-1) ?? '')), context);
  }
  const body = context.store.get(path)?.body ?? context.store.embeddedById(path);
  return body ? { status: 200, body } : notFound(path);
}
