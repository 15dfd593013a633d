/**
 * Text for a terminal of a given width. Names (FQDNs, resource ids) hold no spaces, and a rule's path
 * `policy / group / collection / rule` keeps its spaces next to a slash, so breaking only at the other
 * spaces never cuts a name; a name longer than the width stands on a line of its own, whole.
 */

/** The spaces a line may break at: not the ones beside a slash, which join the parts of a rule path. */
const BREAK = /(?<!\/) +(?!\/)/g;

/** The line as it is when it fits, else cut at the last space that leaves room for ` …`. */
export function fitLine(line: string, width: number): string {
  if (line.length <= width) return line;
  const start = line.search(/\S/);
  let cut = -1;
  for (const match of line.matchAll(BREAK)) {
    if (match.index > width - 2) break;
    if (match.index > start) cut = match.index;
  }
  // No space to cut at: the line is one long name, kept whole rather than cut inside it.
  return cut < 0 ? line : `${line.slice(0, cut)} …`;
}

/**
 * The text wrapped at spaces to lines of at most `width` (a longer word stays whole): the first line
 * after `indent`, the lines it continues on after `hanging`.
 */
export function wrap(text: string, width: number, indent = '', hanging = indent): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let prefix = indent;
    for (const word of paragraph.split(BREAK)) {
      if (line && prefix.length + line.length + 1 + word.length > width) {
        lines.push(`${prefix}${line}`);
        prefix = hanging;
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(`${prefix}${line}`);
  }
  return lines;
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short words. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const previous = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

/** The known word closest to a mistyped one, when it is close enough to be what was meant. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const scored = known
    .map((k) => ({ k, distance: k.startsWith(lower) && lower.length >= 3 ? 0 : editDistance(lower, k) }))
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  return best && best.distance <= Math.max(1, Math.floor(best.k.length / 3)) ? best.k : undefined;
}
