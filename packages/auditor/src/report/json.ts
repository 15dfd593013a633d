import type { AuditResult } from '../model/finding.ts';

/** `findings.json`: the result model itself, the source of truth every other format is a view of. */
export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
