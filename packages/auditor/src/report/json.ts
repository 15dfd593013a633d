import type { AuditResult } from '../model/finding.ts';
import { jsonText } from './visible-text.ts';

/** `findings.json`: the result model itself, the source of truth every other format is a view of. */
export function renderJson(result: AuditResult): string {
  return `${jsonText(result, 2)}\n`;
}
