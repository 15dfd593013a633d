import { createHash } from 'node:crypto';

/**
 * A finding's stable id: the same problem keeps it across runs, so baselines and suppressions
 * survive. Built from the permanent check code (not the id, which may be renamed), the resource id
 * (case-insensitive, as ARM) and the subject within the resource.
 */
export function fingerprint(code: string, resourceId: string, subject = ''): string {
  return createHash('sha256').update(`${code}\n${resourceId.toLowerCase()}\n${subject}`).digest('hex').slice(0, 20);
}
