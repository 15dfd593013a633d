/**
 * A finding's own heading: what is wrong (or right) with this resource, as the first clause of its
 * message — "aks-teamb cannot reach required endpoint … through firewall afw-hub" — rather than the
 * check's statement of the desired condition, which a failing finding contradicts. Messages are
 * written "what: why. More.": the heading ends at the first `: `, `; ` or `. ` outside brackets.
 */

const MAX = 200;

export function headlineOf(message: string): string {
  let depth = 0;
  let end = message.length;
  for (let i = 0; i < message.length - 1; i++) {
    const c = message[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && (c === ':' || c === ';' || c === '.') && message[i + 1] === ' ') {
      end = i;
      break;
    }
  }
  const clause = message.slice(0, end).replace(/\.$/, '');
  if (clause.length <= MAX) return clause;
  // Cut between words, never inside a name: names hold no spaces, and a rule path's spaces sit beside a slash.
  let cut = -1;
  for (const match of clause.matchAll(/(?<!\/) (?!\/)/g)) {
    if (match.index > MAX - 2) break;
    cut = match.index;
  }
  return `${clause.slice(0, cut > 0 ? cut : MAX - 1)} …`;
}
