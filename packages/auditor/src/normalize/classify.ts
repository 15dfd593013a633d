/**
 * The first phase: raw resources → the resources of modelled types, one per id. A body without `id`
 * or `type` is an InputError naming its file and pointer; a type the inventory does not model is one
 * `unknown-type` note per type; the same id twice keeps the first by origin, with a warning note.
 */
import { compareText } from '../model/compare.ts';
import { type InventoryNote, idKey, type Origin } from '../model/inventory.ts';
import type { InputError, RawResource } from '../model/raw.ts';
import type { Accepted } from './draft.ts';
import { compareOrigins, describeOrigin } from './order.ts';
import { canonicalType, typeFromId } from './resource-types.ts';
import { findKey, type Json } from './shape.ts';

interface UnknownType {
  type: string;
  count: number;
  origins: Origin[];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function fileError(raw: RawResource, message: string): InputError {
  const where = describeOrigin(raw.origin);
  return { ...(raw.origin.file !== undefined ? { file: raw.origin.file } : {}), message: `${where}: ${message}` };
}

function noteUnknownTypes(unknown: Map<string, UnknownType>): InventoryNote[] {
  const notes: InventoryNote[] = [];
  for (const key of [...unknown.keys()].sort(compareText)) {
    const entry = unknown.get(key);
    if (!entry) continue;
    const files = [...new Set(entry.origins.map((o) => o.file ?? o.source ?? '?'))].sort(compareText);
    const shown = files.length > 10 ? [...files.slice(0, 10), `… and ${files.length - 10} more`] : files;
    const note: InventoryNote = {
      kind: 'unknown-type',
      message: `${entry.count} resource${entry.count === 1 ? '' : 's'} of type ${entry.type} ${entry.count === 1 ? 'is' : 'are'} not modelled and ${entry.count === 1 ? 'was' : 'were'} ignored (${shown.join(', ')})`,
    };
    if (files.length === 1 && entry.origins[0]?.file !== undefined) note.file = entry.origins[0].file;
    notes.push(note);
  }
  return notes;
}

/** Input order must not matter: by origin, then by content for resources of the same origin. */
function inOriginOrder(resources: RawResource[]): RawResource[] {
  return resources
    .map((raw) => ({ raw, json: '' }))
    .sort((a, b) => {
      const byOrigin = compareOrigins(a.raw.origin, b.raw.origin);
      if (byOrigin !== 0) return byOrigin;
      a.json ||= JSON.stringify(a.raw.body) ?? '';
      b.json ||= JSON.stringify(b.raw.body) ?? '';
      return compareText(a.json, b.json);
    })
    .map((x) => x.raw);
}

/** The resources of modelled types, one per id (by idKey), sorted by idKey. */
export function classifyResources(resources: RawResource[], errors: InputError[], notes: InventoryNote[]): Accepted[] {
  const unknown = new Map<string, UnknownType>();
  const accepted = new Map<string, Accepted[]>();
  for (const raw of inOriginOrder(resources)) {
    const body: Json = raw.body;
    const idField = findKey(body, 'id');
    const typeField = findKey(body, 'type');
    const id = nonEmptyString(idField !== undefined ? body[idField] : undefined);
    const type =
      nonEmptyString(typeField !== undefined ? body[typeField] : undefined) ??
      (id !== undefined ? typeFromId(id) : undefined);
    if (id === undefined || type === undefined) {
      const missing = [id === undefined ? '"id"' : '', type === undefined ? '"type"' : '']
        .filter(Boolean)
        .join(' and ');
      const hint =
        findKey(body, 'responses') !== undefined ? ' (an ARM example file? give the response body instead)' : '';
      errors.push(fileError(raw, `not a resource: it has no ${missing}${hint}`));
      continue;
    }
    const canonical = canonicalType(type);
    if (!canonical) {
      const key = type.toLowerCase();
      const entry = unknown.get(key) ?? { type, count: 0, origins: [] };
      entry.count++;
      entry.origins.push(raw.origin);
      if (compareText(type, entry.type) < 0) entry.type = type;
      unknown.set(key, entry);
      continue;
    }
    const list = accepted.get(idKey(id)) ?? [];
    list.push({ raw, id, type: canonical });
    accepted.set(idKey(id), list);
  }
  notes.push(...noteUnknownTypes(unknown));

  const used: Accepted[] = [];
  for (const [, copies] of [...accepted.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    const [first, ...others] = copies;
    if (!first) continue;
    if (others.length > 0) {
      notes.push({
        kind: 'warning',
        resourceId: first.id,
        message: `${first.id} appears ${copies.length} times (${copies.map((c) => describeOrigin(c.raw.origin)).join('; ')}); the first is used`,
      });
    }
    used.push(first);
  }
  return used;
}
