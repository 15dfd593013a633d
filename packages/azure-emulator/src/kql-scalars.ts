/**
 * The values and scalar functions of the emulator's KQL (kql.ts): each function as its page of the
 * KQL reference (learn.microsoft.com/kusto/query/…) documents it, for the arguments the tool's queries
 * pass. `packages/auditor/src/collect/azure/kql-semantics.test.ts` runs the pages' examples here.
 */
import ipaddr from 'ipaddr.js';
import type { KqlValue } from './kql.ts';

export const isDate = (v: KqlValue): v is Date => v instanceof Date;
const isTimespan = (v: KqlValue): v is { timespan: number } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isDate(v);
const isEmpty = (v: KqlValue) => v === null || v === '';

export function toText(v: KqlValue): string {
  if (v === null) return '';
  if (isDate(v)) return v.toISOString();
  if (Array.isArray(v)) return JSON.stringify(v);
  if (typeof v === 'object') return String(v.timespan);
  return String(v);
}

export function toNumber(v: KqlValue): number | null {
  if (v === null || v === '') return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v.trim())) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** A Kusto (RE2) regex as a JS RegExp: a leading `(?i)` becomes the `i` flag. */
export function regexOf(pattern: string, global = false): RegExp {
  let flags = global ? 'g' : '';
  let source = pattern;
  if (source.startsWith('(?i)')) {
    flags += 'i';
    source = source.slice(4);
  }
  return new RegExp(source, flags);
}

function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return ipaddr.parse(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * An address in IP-prefix notation: `a.b.c.d` or `a.b.c.d/n` (IPv6 alike). A bare address is its own
 * prefix (/32, /128); undefined when either part is invalid. (The IP-prefix notation of the
 * ipv4_is_in_range and parse_ipv4 pages.)
 */
function parsePrefix(text: string): { address: ipaddr.IPv4 | ipaddr.IPv6; bits: number } | undefined {
  const [head = '', tail, ...rest] = text.trim().split('/');
  const address = parseIp(head);
  if (!address || rest.length > 0) return undefined;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (tail === undefined) return { address, bits: max };
  if (!/^[0-9]{1,3}$/.test(tail) || Number(tail) > max) return undefined;
  return { address, bits: Number(tail) };
}

/** ipv4_is_in_range / ipv6_is_in_range: null when either argument does not convert. */
function inRange(ip: KqlValue, range: KqlValue, kind: 'ipv4' | 'ipv6'): boolean | null {
  const address = parsePrefix(toText(ip));
  const net = parsePrefix(toText(range));
  if (!address || !net || address.address.kind() !== kind || net.address.kind() !== kind) return null;
  return address.address.match(net.address, net.bits);
}

/**
 * The IPv6 form of an address and its prefix length. An address written with an IPv4 part (`a.b.c.d`,
 * `::a.b.c.d`) is the IPv4-mapped address, and its prefix counts the IPv4 bits (`/24` is /120), as the
 * parse_ipv6_mask page shows.
 */
function asIpv6(
  text: string,
  prefix: { address: ipaddr.IPv4 | ipaddr.IPv6; bits: number },
): { address: ipaddr.IPv6; bits: number } {
  const [head = '', tail] = text.trim().split('/');
  if (!head.includes('.')) return { address: prefix.address as ipaddr.IPv6, bits: prefix.bits };
  const v4 = ipaddr.IPv4.parse(head.slice(head.lastIndexOf(':') + 1));
  const bits = tail === undefined ? 32 : Number(tail);
  return { address: v4.toIPv4MappedAddress(), bits: 96 + Math.min(bits, 32) };
}

export function compare(a: KqlValue, b: KqlValue): number {
  const x = isDate(a) ? a.getTime() : (toNumber(a) ?? toText(a));
  const y = isDate(b) ? b.getTime() : (toNumber(b) ?? toText(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export type Scalar = (args: KqlValue[]) => KqlValue;

export const SCALARS: Record<string, Scalar> = {
  tostring: ([v = null]) => toText(v),
  toint: ([v = null]) => {
    const n = toNumber(v);
    return n === null ? null : Math.trunc(n);
  },
  tolong: ([v = null]) => {
    const n = toNumber(v);
    return n === null ? null : Math.trunc(n);
  },
  tolower: ([v = null]) => toText(v).toLowerCase(),
  isempty: ([v = null]) => isEmpty(v),
  isnotempty: ([v = null]) => !isEmpty(v),
  isnull: ([v = null]) => v === null,
  isnotnull: ([v = null]) => v !== null,
  iff: ([c = null, a = null, b = null]) => (c === true ? a : b),
  case: (args) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1] ?? null;
    return args[args.length - 1] ?? null;
  },
  coalesce: (args) => args.find((v) => !isEmpty(v)) ?? (typeof args[0] === 'string' ? '' : null),
  strcat: (args) => args.map(toText).join(''),
  extract: ([pattern = null, group = null, text = null]) => {
    const match = regexOf(toText(pattern)).exec(toText(text));
    return match?.[Number(group)] ?? '';
  },
  replace_regex: ([text = null, pattern = null, rewrite = null]) =>
    toText(text).replace(
      regexOf(toText(pattern), true),
      // RE2 rewrites name groups \0-\9; `$` is literal.
      toText(rewrite)
        .replace(/\$/g, '$$$$')
        .replace(/\\([0-9])/g, (_, d: string) => (d === '0' ? '$&' : `$${d}`)),
    ),
  ipv4_is_in_range: ([ip = null, range = null]) => inRange(ip, range, 'ipv4'),
  ipv6_is_in_range: ([ip = null, range = null]) => inRange(ip, range, 'ipv6'),
  // The long of the address, masked by its prefix when it has one (`192.168.1.1/24` → 3232235776).
  parse_ipv4: ([ip = null]) => {
    const prefix = parsePrefix(toText(ip));
    if (prefix?.address.kind() !== 'ipv4' || !ipaddr.IPv4.isValidFourPartDecimal(toText(ip).trim().split('/')[0] ?? ''))
      return null;
    const network = ipaddr.IPv4.networkAddressFromCIDR(`${prefix.address.toString()}/${prefix.bits}`);
    return network.octets.reduce((n, o) => n * 256 + o, 0);
  },
  // The narrower of the address's own prefix and `bits` (0 to 32); '' when either does not convert.
  format_ipv4_mask: ([ip = null, bits = null]) => {
    const prefix = parsePrefix(toText(ip));
    const mask = bits === null ? 32 : toNumber(bits);
    if (prefix?.address.kind() !== 'ipv4' || mask === null || mask < 0 || mask > 32) return '';
    const length = Math.min(prefix.bits, mask);
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${prefix.address.toString()}/${length}`).toString()}/${length}`;
  },
  // The canonical IPv6 network address (IPv4 as IPv4-mapped), every group as four hex digits.
  parse_ipv6_mask: ([ip = null, bits = null]) => {
    const prefix = parsePrefix(toText(ip));
    const mask = bits === null ? 128 : toNumber(bits);
    if (!prefix || mask === null || mask < 0 || mask > 128) return '';
    const v6 = asIpv6(toText(ip), prefix);
    const network = ipaddr.IPv6.networkAddressFromCIDR(`${v6.address.toString()}/${Math.min(v6.bits, mask)}`);
    return network.parts.map((part) => part.toString(16).padStart(4, '0')).join(':');
  },
  // The nearest multiple of the size below the value (datetime, timespan or number); null for a null
  // value or a null, zero or negative size.
  bin: ([value = null, size = null]) => {
    const step = typeof size === 'number' ? size : isTimespan(size) ? size.timespan : null;
    if (value === null || step === null || step <= 0) return null;
    const floor = (n: number) => n - (((n % step) + step) % step);
    if (isDate(value)) return isTimespan(size) ? new Date(floor(value.getTime())) : null;
    if (isTimespan(value)) return isTimespan(size) ? { timespan: floor(value.timespan) } : null;
    return typeof value === 'number' ? floor(value) : null;
  },
  __datetime: ([text = null]) => new Date(Date.parse(toText(text))),
};
