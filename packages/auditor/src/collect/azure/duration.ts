/** The `--since` option's durations. */

export const DAY_MS = 86_400_000;

/** `7d`, `36h`, `90m`, or an ISO 8601 duration (`P7D`, `PT12H`) as milliseconds; undefined when not one. */
export function parseDuration(text: string): number | undefined {
  const short = /^(\d+(?:\.\d+)?)\s*(d|h|m)$/i.exec(text.trim());
  if (short) {
    const unit = { d: DAY_MS, h: 3_600_000, m: 60_000 }[(short[2] ?? 'd').toLowerCase() as 'd' | 'h' | 'm'];
    return Number(short[1]) * unit;
  }
  const iso8601 = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text.trim());
  if (iso8601 && text.trim().length > 1 && !/T$/i.test(text.trim())) {
    const [, d = '0', h = '0', m = '0'] = iso8601;
    return Number(d) * DAY_MS + Number(h) * 3_600_000 + Number(m) * 60_000;
  }
  return undefined;
}
