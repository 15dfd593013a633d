import ipaddr from 'ipaddr.js';

/**
 * Address specifications as Azure Firewall rules and IP Groups accept them: a single IPv4 address,
 * a CIDR, a range `a.b.c.d-e.f.g.h`, or `*` (https://learn.microsoft.com/azure/firewall/ip-groups).
 * Anything else in a destination field is a service tag (`AzureCloud.eastus`) or, in source fields,
 * invalid. IPv4 only: Azure Firewall filters IPv4.
 */
export type AddressSpec =
  | { kind: 'any' }
  | { kind: 'ranges'; ranges: AddressRange[] }
  | { kind: 'service-tag'; tag: string }
  | { kind: 'invalid'; raw: string };

/** Inclusive range of IPv4 addresses as unsigned 32-bit numbers. */
export type AddressRange = readonly [start: number, end: number];

const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

function toNumber(address: ipaddr.IPv4): number {
  const [a, b, c, d] = address.octets as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

function parseIPv4(text: string): number | undefined {
  // Only the four-part decimal form: ipaddr.js alone would also take hex, octal and short forms.
  return DOTTED_QUAD.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text)
    ? toNumber(ipaddr.IPv4.parse(text))
    : undefined;
}
// Rules repeat the same addresses many times (cluster subnets in every rule): parse each text once.
const PARSED = new Map<string, AddressSpec>();
const PARSED_LIMIT = 100_000;

export function parseAddressSpec(raw: string): AddressSpec {
  const cached = PARSED.get(raw);
  if (cached) return cached;
  const spec = parseAddressSpecText(raw);
  if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
  PARSED.set(raw, spec);
  return spec;
}

function parseAddressSpecText(raw: string): AddressSpec {
  const text = raw.trim();
  if (text === '*' || text === '0.0.0.0/0') return { kind: 'any' };
  const single = parseIPv4(text);
  if (single !== undefined) return { kind: 'ranges', ranges: [[single, single]] };
  if (text.includes('/')) {
    const [base, bits] = text.split('/');
    const start = parseIPv4(base ?? '');
    const length = Number(bits);
    if (start === undefined || !Number.isInteger(length) || length < 0 || length > 32 || bits === '') {
      return { kind: 'invalid', raw };
    }
    const size = 2 ** (32 - length);
    const first = start - (start % size);
    return { kind: 'ranges', ranges: [[first, first + size - 1]] };
  }
  if (text.includes('-')) {
    const [from, to] = text.split('-').map((part) => parseIPv4(part.trim()));
    return from !== undefined && to !== undefined && from <= to
      ? { kind: 'ranges', ranges: [[from, to]] }
      : { kind: 'invalid', raw };
  }
  return SERVICE_TAG.test(text) ? { kind: 'service-tag', tag: text } : { kind: 'invalid', raw };
}

/** Sorted, non-overlapping, merged ranges. */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * Whether two sets share an address, for lists already merged (sorted, disjoint), as sourceRangesOf
 * gives them: one sweep, nothing allocated (intersectRanges merges and builds the intersection).
 */
export function mergedRangesOverlap(a: readonly AddressRange[], b: readonly AddressRange[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [s1, e1] = a[i] as AddressRange;
    const [s2, e2] = b[j] as AddressRange;
    if (e1 < s2) i++;
    else if (e2 < s1) j++;
    else return true;
  }
  return false;
}

/** The addresses in both sets: each side merged once, then one sweep over both sorted lists. */
export function intersectRanges(a: readonly AddressRange[], b: readonly AddressRange[]): AddressRange[] {
  const left = mergeRanges(a);
  const right = mergeRanges(b);
  const out: AddressRange[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const [s1, e1] = left[i] as AddressRange;
    const [s2, e2] = right[j] as AddressRange;
    const start = Math.max(s1, s2);
    const end = Math.min(e1, e2);
    if (start <= end) out.push([start, end]);
    // The range that ends first can overlap nothing further on the other side.
    if (e1 < e2) i++;
    else j++;
  }
  // Both sides are merged (disjoint, non-adjacent), so the pieces are too.
  return out;
}

export function subtractRanges(from: readonly AddressRange[], remove: readonly AddressRange[]): AddressRange[] {
  let rest = mergeRanges(from);
  for (const [rs, re] of mergeRanges(remove)) {
    const next: AddressRange[] = [];
    for (const [s, e] of rest) {
      if (re < s || rs > e) next.push([s, e]);
      else {
        if (s < rs) next.push([s, rs - 1]);
        if (re < e) next.push([re + 1, e]);
      }
    }
    rest = next;
  }
  return rest;
}

export function rangesSize(ranges: readonly AddressRange[]): number {
  return mergeRanges(ranges).reduce((sum, [s, e]) => sum + (e - s + 1), 0);
}

/** How much of `target` the ranges hold. */
export function rangeContainment(
  holder: readonly AddressRange[],
  target: readonly AddressRange[],
): 'all' | 'some' | 'none' {
  const inside = rangesSize(intersectRanges(holder, target));
  if (inside === 0) return 'none';
  return inside === rangesSize(target) ? 'all' : 'some';
}

export function formatRange([start, end]: AddressRange): string {
  const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  if (start === end) return ip(start);
  const size = end - start + 1;
  const bits = Math.log2(size);
  if (Number.isInteger(bits) && start % size === 0) return `${ip(start)}/${32 - bits}`;
  return `${ip(start)}-${ip(end)}`;
}

/** The prefix length of a CIDR, or undefined for anything else. */
export function prefixLength(cidr: string): number | undefined {
  const spec = parseAddressSpec(cidr);
  if (spec.kind === 'any') return 0;
  if (spec.kind !== 'ranges' || spec.ranges.length !== 1) return undefined;
  const [[start, end]] = spec.ranges as [AddressRange];
  const bits = Math.log2(end - start + 1);
  return Number.isInteger(bits) ? 32 - bits : undefined;
}
