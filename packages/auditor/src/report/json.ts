import type { AuditResult } from '../model/finding.ts';
import { jsonText } from './visible-text.ts';

/** `findings.json`: the result model itself, the source of truth every other format is a view of. */
export function renderJson(result: AuditResult): string {
  return [...renderJsonChunks(result)].join('');
}

/**
 * `findings.json` in pieces, the same text as renderJson: a tenant's result (a finding per rule and
 * check, a coverage entry per cluster and endpoint) is hundreds of MB as one string, and a copy of it
 * as bytes besides. Written piece by piece, the file costs the largest item, not the whole.
 * The text is JSON.stringify's with an indent of 2: each top-level value and each item of a top-level
 * array is stringified on its own and indented to its depth.
 */
export function* renderJsonChunks(result: AuditResult): Generator<string> {
  const entries = Object.entries(result).filter(([, value]) => value !== undefined && typeof value !== 'function');
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield '[';
      for (const [k, item] of value.entries())
        yield `${k === 0 ? '' : ','}\n    ${item === undefined ? 'null' : jsonText(item, 2).replace(/\n/g, '\n    ')}`;
      yield '\n  ]';
    } else yield jsonText(value, 2).replace(/\n/g, '\n  ');
  }
  yield '\n}\n';
}
