/**
 * The HTML report's escaping and small pieces of markup. Rule, collection and resource names are
 * user-controlled: every string from the result goes through `escapeHtml` (text and attributes) or
 * `jsonForScript` (embedded data), and only https: references become links.
 */
import { jsonText, visibleText } from '../visible-text.ts';

/**
 * Text and attribute-value escaping: the five characters that can end a text run or a quoted attribute,
 * and acting characters (bidi controls, terminal escapes) shown as `\uXXXX` (visibleText).
 */
export function escapeHtml(value: string | number | boolean): string {
  return visibleText(String(value)).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<` `>` `&` are escaped so no `</script>` or
 * `<!--` can end or change the element, and U+2028/U+2029 so the text stays valid JavaScript if evaluated.
 */
export function jsonForScript(value: unknown): string {
  return jsonText(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const h = escapeHtml;

/** A link target only when it is an https URL (references come from check metadata, never `javascript:`). */
export function safeHref(url: string): string | undefined {
  return /^https:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}

export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function severityBadge(severity: string): string {
  return `<span class="sev sev-${h(severity)}">${h(severity)}</span>`;
}

export function portalLink(resourceId: string, text: string): string {
  // The id is Azure-sourced: encodeURI keeps it inside the fixed https prefix, escaping keeps it in the attribute.
  if (!resourceId.startsWith('/')) return h(text);
  return `<a href="${h(`https://portal.azure.com/#resource${encodeURI(resourceId)}`)}" rel="noreferrer noopener" target="_blank">${h(text)}</a>`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${thousands(n)} ${n === 1 ? one : many}`;
