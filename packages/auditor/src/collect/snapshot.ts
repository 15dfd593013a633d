/**
 * A snapshot: what a live collection read, written as the offline input contract, so that a
 * reviewer without Azure access audits exactly what the live audit saw. Resources go into one list
 * response `{"value": [...]}` per type (sorted by id); what could not be read goes into a manifest,
 * `snapshot.json`, of type `aro-aks-audit/snapshot`, which the file collector turns back into the
 * same input errors — so a snapshot of an incomplete collection audits as incomplete too, never as
 * clean.
 */
import { compareText } from '../model/compare.ts';
import type { CollectedResources, InputError } from '../model/raw.ts';

export const SNAPSHOT_MANIFEST_TYPE = 'aro-aks-audit/snapshot';
export const SNAPSHOT_MANIFEST_FILE = 'snapshot.json';

export interface SnapshotManifest {
  type: typeof SNAPSHOT_MANIFEST_TYPE;
  tool: { name: string; version: string };
  generatedAt: string;
  /** Where it was read from: cloud, endpoint, scope. */
  source: Record<string, unknown>;
  /** Requests and queries made, as the collector lists them. */
  sourcesRead: string[];
  /** What could not be read: each becomes an input error when the snapshot is audited. */
  errors: { resourceId?: string; message: string }[];
}

export interface SnapshotDocument {
  /** Path relative to the snapshot's ARM folder, `/` separated. */
  path: string;
  body: unknown;
}

const fileNameOf = (type: string) => `${type.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}.json`;

/** The files of a snapshot (pure): one list per type, and the manifest. */
export function snapshotDocuments(
  collected: CollectedResources,
  meta: Pick<SnapshotManifest, 'tool' | 'generatedAt' | 'source'>,
): SnapshotDocument[] {
  const byType = new Map<string, Record<string, unknown>[]>();
  for (const { body } of collected.resources) {
    const type = String(body.type ?? 'unknown').toLowerCase();
    byType.set(type, [...(byType.get(type) ?? []), body]);
  }
  const documents: SnapshotDocument[] = [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, bodies]) => ({
      path: fileNameOf(type),
      body: { value: [...bodies].sort((a, b) => compareText(String(a.id).toLowerCase(), String(b.id).toLowerCase())) },
    }));
  const manifest: SnapshotManifest = {
    type: SNAPSHOT_MANIFEST_TYPE,
    ...meta,
    sourcesRead: collected.sourcesRead,
    errors: collected.errors.map((e) => ({ ...(e.resourceId && { resourceId: e.resourceId }), message: e.message })),
  };
  documents.push({ path: SNAPSHOT_MANIFEST_FILE, body: manifest });
  return documents;
}

export function isSnapshotManifest(doc: unknown): doc is SnapshotManifest {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    String((doc as { type?: unknown }).type).toLowerCase() === SNAPSHOT_MANIFEST_TYPE
  );
}

/**
 * The input errors a manifest carries, as the live collection reported them (no file: the error is
 * about Azure, not about the snapshot's files, so the audit names it exactly as the live audit did).
 */
export function snapshotErrors(manifest: SnapshotManifest): InputError[] {
  const errors = Array.isArray(manifest.errors) ? manifest.errors : [];
  return errors
    .filter((e) => e && typeof e.message === 'string')
    .map((e) => ({ ...(typeof e.resourceId === 'string' && { resourceId: e.resourceId }), message: e.message }));
}
