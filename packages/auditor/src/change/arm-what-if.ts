/**
 * An ARM what-if result as a change set. Two shapes, recognised by content:
 *  - the REST `WhatIfOperationResult`: `{status, properties: {changes, potentialChanges, diagnostics}, error}`
 *    (Azure/azure-rest-api-specs, Microsoft.Resources/deployments models.tsp);
 *  - what `az deployment group|sub|mg|tenant what-if --no-pretty-print` prints: the same object with
 *    `properties` flattened into the top level (`{status, changes, potentialChanges, diagnostics, error}`).
 * `Create`, `Modify` and `Deploy` replace the resource with `after`, `Delete` removes it, `NoChange`
 * and `Ignore` leave it; `Unsupported` leaves it too and says so. Azure already resolved the
 * template's expressions; a value still written as one (`[reference(…)]`, which what-if cannot
 * evaluate) is unknown. Pure.
 */
import { canonicalType } from '../normalize/index.ts';
import { childListOf, fieldOf, parentIdOf } from './raw-store.ts';
import type { ChangeError, ChangeSet, JsonObject, ResourceChange, UnknownValue, UnreadableChange } from './types.ts';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `changes` holder of either shape, or undefined when the document is no what-if result. */
function whatIfBody(doc: JsonObject): JsonObject | undefined {
  const properties = doc.properties;
  if (isObject(properties) && Array.isArray(properties.changes)) return properties;
  if (Array.isArray(doc.changes)) return doc;
  return undefined;
}

export function isArmWhatIfResult(doc: unknown): doc is JsonObject {
  if (!isObject(doc)) return false;
  const body = whatIfBody(doc);
  if (!body) return isObject(doc.error) && typeof doc.status === 'string';
  const changes = body.changes as unknown[];
  return changes.every((c) => isObject(c) && typeof c.changeType === 'string');
}

/** `…/providers/Microsoft.Network/routeTables/rt/routes/r` → `Microsoft.Network/routeTables/routes`. */
export function typeOfResourceId(id: string): string | undefined {
  const match = /\/providers\/([^/]+)\/(.+)$/i.exec(id.replace(/\/+$/, ''));
  if (!match) return undefined;
  const [, namespace = '', rest = ''] = match;
  const segments = rest.split('/');
  if (segments.length % 2 !== 0) return undefined;
  return [namespace, ...segments.filter((_, i) => i % 2 === 0)].join('/');
}

/** The types the audit reads, and the sub-resources it reads inside them. */
export function isAuditedType(type: string): boolean {
  return canonicalType(type) !== undefined || childListOf(type) !== undefined;
}

function errorText(error: unknown): string {
  if (!isObject(error)) return String(error);
  const own = [error.code, error.message].filter((x) => typeof x === 'string').join(': ');
  const details = Array.isArray(error.details) ? error.details.map(errorText).filter(Boolean) : [];
  return [own, ...details].filter(Boolean).join('; ');
}

/** A string ARM would evaluate as a template expression: `[…]`, where `[[` escapes a literal bracket. */
const EXPRESSION = /^\[(?!\[)[\s\S]*\]$/;

function unevaluated(value: unknown, path: string, found: { path: string; value: string }[]): void {
  if (typeof value === 'string' && EXPRESSION.test(value.trim())) found.push({ path, value: value.trim() });
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) unevaluated(item, `${path}[${i}]`, found);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) unevaluated(v, path ? `${path}.${k}` : k, found);
}

/** The `name` of item `index` of a list property of `body` (REST or flattened shape). */
function itemName(body: JsonObject, list: string, index: string | undefined): string | undefined {
  const items = (isObject(body.properties) ? body.properties[list] : body[list]) as unknown;
  const item = index !== undefined && Array.isArray(items) ? items[Number(index)] : undefined;
  return isObject(item) ? fieldOf(item, 'name') : undefined;
}

/**
 * Values of `after` that are template expressions what-if left unevaluated. One inside a route is the
 * route's (the whole `routes` list: every route's); one inside a virtual network's subnet, the subnet's.
 */
export function unevaluatedExpressions(id: string, type: string, after: JsonObject): UnknownValue[] {
  const found: { path: string; value: string }[] = [];
  unevaluated(after, '', found);
  const kind = type.toLowerCase();
  const name = fieldOf(after, 'name') ?? id.split('/').at(-1) ?? id;
  return found.map(({ path, value }): UnknownValue => {
    const cause = `is a template expression what-if did not evaluate (${value.length > 80 ? `${value.slice(0, 80)}…` : value})`;
    const attribute = `${name}: ${path}`;
    if (kind === 'microsoft.network/routetables/routes')
      return { resourceId: parentIdOf(id), attribute: `route ${attribute}`, cause, route: name };
    if (kind === 'microsoft.network/routetables') {
      if (/^(?:properties\.)?routes$/i.test(path)) return { resourceId: id, attribute, cause, route: '*' };
      const route = itemName(after, 'routes', /^(?:properties\.)?routes\[(\d+)\]/i.exec(path)?.[1]);
      return { resourceId: id, attribute, cause, ...(route !== undefined && { route }) };
    }
    if (kind === 'microsoft.network/virtualnetworks') {
      const subnet = itemName(after, 'subnets', /^(?:properties\.)?subnets\[(\d+)\]/i.exec(path)?.[1]);
      if (subnet !== undefined) return { resourceId: `${id}/subnets/${subnet}`, attribute, cause };
    }
    return { resourceId: id, attribute, cause };
  });
}

function changeOf(
  item: JsonObject,
  pointer: string,
  source: string,
  errors: ChangeError[],
): ResourceChange | undefined {
  const changeType = String(item.changeType);
  const after = isObject(item.after) ? item.after : undefined;
  const before = isObject(item.before) ? item.before : undefined;
  const resourceId =
    (typeof item.resourceId === 'string' && item.resourceId) ||
    (after && fieldOf(after, 'id')) ||
    (before && fieldOf(before, 'id'));
  const where = `${source} ${pointer}`;
  if (!resourceId) {
    errors.push({ source: where, message: `a ${changeType} change names no resource (no resourceId): not applied` });
    return undefined;
  }
  const type =
    (after && fieldOf(after, 'type')) ??
    (before && fieldOf(before, 'type')) ??
    (typeof item.resourceType === 'string' ? item.resourceType : undefined) ??
    typeOfResourceId(resourceId) ??
    '';
  const change: ResourceChange = { resourceId, changeType, source: where, operations: [], unknowns: [], notes: [] };
  switch (changeType.toLowerCase()) {
    case 'create':
    case 'modify':
    case 'deploy': {
      if (!after) {
        errors.push({
          source: where,
          message: `${resourceId}: a ${changeType} change without its "after" state (a ResourceIdOnly result?): its proposed state is not known`,
        });
        return change;
      }
      const resource = { ...after, id: fieldOf(after, 'id') ?? resourceId, type };
      change.operations.push({ op: 'put', resource });
      change.unknowns.push(...unevaluatedExpressions(resourceId, type, resource));
      return change;
    }
    case 'delete':
      change.operations.push({ op: 'delete', id: resourceId, type });
      return change;
    case 'nochange':
    case 'ignore':
      return change;
    case 'unsupported': {
      const reason = typeof item.unsupportedReason === 'string' ? ` (${item.unsupportedReason})` : '';
      change.notes.push(`what-if does not support this resource${reason}: its proposed state is taken to be today's`);
      if (isAuditedType(type))
        errors.push({
          source: where,
          message: `${resourceId}: what-if does not predict this resource${reason}, and the audit reads it: the proposed state may differ from today's`,
        });
      return change;
    }
    default:
      errors.push({ source: where, message: `${resourceId}: unknown changeType ${changeType}: not applied` });
      return change;
  }
}

/** The change set of a what-if result, or why the result holds no proposed state. */
export function parseArmWhatIf(doc: JsonObject, source: string): ChangeSet | UnreadableChange {
  const status = typeof doc.status === 'string' ? doc.status : undefined;
  if (doc.error !== undefined && doc.error !== null)
    return { error: `${source}: the what-if operation failed: ${errorText(doc.error)}` };
  if (status !== undefined && status.toLowerCase() === 'failed')
    return { error: `${source}: the what-if operation's status is Failed: no proposed state` };
  const body = whatIfBody(doc) ?? {};
  const pointerBase = body === doc ? '/changes' : '/properties/changes';
  const errors: ChangeError[] = [];
  const notes: string[] = [];
  const changes = (body.changes as unknown[]).flatMap((item, i) => {
    const change = isObject(item) ? changeOf(item, `${pointerBase}/${i}`, source, errors) : undefined;
    return change ? [change] : [];
  });
  const potential = Array.isArray(body.potentialChanges) ? body.potentialChanges.filter(isObject) : [];
  if (potential.length > 0)
    notes.push(
      `what-if lists ${potential.length} potential change${potential.length === 1 ? '' : 's'} that may or may not happen, not applied: ${potential
        .map((p) => `${String(p.changeType)} ${String(p.resourceId ?? '')}`.trim())
        .join(', ')}`,
    );
  for (const diagnostic of Array.isArray(body.diagnostics) ? body.diagnostics.filter(isObject) : [])
    notes.push(
      `what-if ${String(diagnostic.level ?? 'diagnostic')} ${String(diagnostic.code ?? '')}: ${String(diagnostic.message ?? '')}${typeof diagnostic.target === 'string' ? ` (${diagnostic.target})` : ''}`,
    );
  return { format: 'arm-what-if', source, changes, notes, errors };
}
