/**
 * Names come from Azure and from input files, so anyone who can name a rule can put characters in a
 * report that act on its reader: terminal escape sequences (ESC, CSI, a carriage return that
 * overwrites the line) and Unicode bidirectional controls that show text in another order than it is
 * stored ("Trojan Source", CVE-2021-42574). Every writer a person reads — console, stderr, CSV,
 * Markdown, HTML — passes names through `visibleText`, which shows each such character as its escape
 * (`\u202E`), so it is seen, not obeyed. JSON writers use `jsonText`, which writes the same
 * characters as JSON escapes: the file shows them, and the data it holds stays exact.
 */

/**
 * C0 controls except tab and line feed (which writers handle as layout), DEL and the C1 controls,
 * and the bidirectional formatting characters of Unicode's UAX #9: ALM, LRM, RLM, the embeddings
 * and overrides LRE RLE PDF LRO RLO, and the isolates LRI RLI FSI PDI.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const ACTING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** `text` with every character that could act on a terminal or reorder what is shown written as `\uXXXX`. */
export function visibleText(text: string): string {
  return text.replace(ACTING, escaped);
}

/** visibleText on one line: line breaks and tabs become spaces too (console lines, Markdown table cells). */
export function visibleLine(text: string): string {
  return visibleText(text).replace(/[\t\n\u2028\u2029]+/g, ' ');
}

/** What JSON.stringify leaves raw of the acting characters: it escapes C0 itself, not DEL, C1 or bidi. */
const ACTING_AFTER_STRINGIFY = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify, with the acting characters it leaves raw written as `\uXXXX` escapes: lossless
 * (a JSON reader decodes them back), and a `cat findings.json` shows them instead of obeying them.
 */
export function jsonText(value: unknown, indent?: number): string {
  // Lower-case hex, as JSON.stringify writes its own escapes.
  return JSON.stringify(value, null, indent).replace(ACTING_AFTER_STRINGIFY, (c) => escaped(c).toLowerCase());
}
