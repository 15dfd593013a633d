/**
 * The order of text in everything that reaches a report: by UTF-16 code units, so it is the same on
 * every machine whatever its locale (String.prototype.localeCompare follows the machine's).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
