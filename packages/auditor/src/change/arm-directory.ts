/**
 * A directory of ARM JSON (the input contract's shape, read by the file collector) as the proposed
 * state of the resources it holds: each replaces today's resource of the same id; resources it does
 * not hold stay as they are. Pure: the caller collects the directory.
 */
import { idKey } from '../model/inventory.ts';
import type { CollectedResources, RawResource } from '../model/raw.ts';
import { fieldOf } from './raw-store.ts';
import type { ChangeSet, ResourceChange } from './types.ts';

/** JSON equality that ignores the order of object keys. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export function directoryChangeSet(
  proposed: CollectedResources,
  today: readonly RawResource[],
  source: string,
): ChangeSet {
  const current = new Map<string, RawResource>();
  for (const resource of today) {
    const id = fieldOf(resource.body, 'id');
    if (id && !current.has(idKey(id))) current.set(idKey(id), resource);
  }
  const changes: ResourceChange[] = [];
  const errors = proposed.errors.map((e) => ({ source: `${source}/${e.file ?? ''}`, message: e.message }));
  for (const resource of proposed.resources) {
    const where = `${source}/${resource.origin.file ?? ''}${resource.origin.pointer ? ` ${resource.origin.pointer}` : ''}`;
    const id = fieldOf(resource.body, 'id');
    if (!id) {
      errors.push({ source: where, message: 'not a resource: it has no "id": not applied' });
      continue;
    }
    const before = current.get(idKey(id));
    const changeType = !before
      ? 'Create'
      : canonicalJson(before.body) === canonicalJson(resource.body)
        ? 'NoChange'
        : 'Modify';
    changes.push({
      resourceId: id,
      changeType,
      source: where,
      operations: changeType === 'NoChange' ? [] : [{ op: 'put', resource: resource.body }],
      unknowns: [],
      notes: [],
    });
  }
  return { format: 'arm-directory', source, changes, notes: [], errors };
}
