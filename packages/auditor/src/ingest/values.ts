/**
 * Field values of firewall logs: timestamps in every form the exports use, IP addresses, ports,
 * actions and protocols, and a byte-to-string decoder that interns repeated values. Pure: the parsers
 * hand it bytes or text, nothing here reads anything.
 */
import ipaddr from 'ipaddr.js';
import type { FlowAction } from '../model/flows.ts';

const ZERO = 48;
const NINE = 57;

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= ZERO && code <= NINE;
}

/** The decimal number in `bytes[start, start + count)`, or NaN when a byte is not a digit. */
function digitsAt(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = bytes[i];
    if (code === undefined || code < ZERO || code > NINE) return Number.NaN;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

// The Azure portal's "Export to CSV" writes the displayed time, in en-US form, under a
// `TimeGenerated [UTC]` header: `"2/25/2025, 9:19:25.391 AM"` (the header form is in Microsoft's table
// docs, e.g. "TimeGenerated [UTC]" in the Azure Database for PostgreSQL log schema; the value form in
// Azure-Sentinel's ASIM samples). Other locales' display forms are not recognised: export in UTC/en-US
// or use the query API.
const PORTAL_TIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])?$/;

function parsePortalTime(text: string): number {
  const m = PORTAL_TIME.exec(text.trim());
  if (!m) return Number.NaN;
  const [, month, day, year, hourText, minute, second, fraction, meridiem] = m;
  let hour = Number(hourText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return Number.NaN;
    const pm = meridiem.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const ms = Number(`${fraction ?? ''}000`.slice(0, 3));
  return utcOrNaN(Number(year), Number(month), Number(day), hour, Number(minute), Number(second ?? 0), ms);
}

function utcOrNaN(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2024-02-30 over to March: a day that does not exist is not a time.
  return new Date(time).getUTCDate() === day ? time : Number.NaN;
}

/**
 * Parses the timestamps of firewall logs to epoch milliseconds (NaN when the value is not a time):
 * - ISO 8601 from Log Analytics and storage archives: `2018-04-16T23:45:04.8295030Z` (seven fraction
 *   digits), with `Z`, `±HH:MM` or no zone (UTC, which is what Log Analytics stores);
 * - the space-separated form of Kusto/ADX CSV exports: `2025-11-21 20:13:08.2232340`;
 * - the portal's en-US display form `2/25/2025, 9:19:25.391 AM`.
 * Rows of one export share their minute, so the minute's epoch is computed once and reused: a row
 * costs a 16-byte compare and the seconds.
 */
export class TimestampParser {
  readonly #minuteKey = new Uint8Array(16);
  #minuteKeyValid = false;
  #minuteStart = 0;
  readonly #scratch = new Uint8Array(64);
  readonly #encoder = new TextEncoder();
  readonly #decoder = new TextDecoder();

  fromBytes(bytes: Uint8Array, start: number, end: number): number {
    const time = this.#iso(bytes, start, end);
    if (!Number.isNaN(time) || end - start > 64) return time;
    return parsePortalTime(this.#decoder.decode(bytes.subarray(start, end)));
  }

  fromText(text: string): number {
    const trimmed = text.trim();
    if (trimmed.length <= this.#scratch.length) {
      const { written } = this.#encoder.encodeInto(trimmed, this.#scratch);
      const time = this.#iso(this.#scratch, 0, written);
      if (!Number.isNaN(time)) return time;
    }
    return parsePortalTime(trimmed);
  }

  #iso(b: Uint8Array, s: number, e: number): number {
    if (e - s < 16) return Number.NaN;
    const separator = b[s + 10];
    if (b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 13] !== 58) return Number.NaN;
    if (separator !== 84 && separator !== 32 && separator !== 116) return Number.NaN; // T, space, t
    const key = this.#minuteKey;
    let sameMinute = this.#minuteKeyValid;
    if (sameMinute) {
      for (let i = 0; i < 16; i++) {
        if (b[s + i] !== key[i]) {
          sameMinute = false;
          break;
        }
      }
    }
    if (!sameMinute) {
      const minute = utcOrNaN(
        digitsAt(b, s, 4),
        digitsAt(b, s + 5, 2),
        digitsAt(b, s + 8, 2),
        digitsAt(b, s + 11, 2),
        digitsAt(b, s + 14, 2),
        0,
      );
      if (Number.isNaN(minute)) return Number.NaN;
      key.set(b.subarray(s, s + 16));
      this.#minuteKeyValid = true;
      this.#minuteStart = minute;
    }
    let time = this.#minuteStart;
    let p = s + 16;
    if (p < e && b[p] === 58) {
      const second = digitsAt(b, p + 1, 2);
      if (Number.isNaN(second) || second > 59 || p + 3 > e) return Number.NaN;
      time += second * 1000;
      p += 3;
      if (p < e && b[p] === 46) {
        p++;
        let digits = 0;
        let ms = 0;
        while (p < e && isDigit(b[p])) {
          if (digits < 3) ms = ms * 10 + ((b[p] as number) - ZERO);
          digits++;
          p++;
        }
        if (digits === 0) return Number.NaN;
        for (let d = digits; d < 3; d++) ms *= 10;
        time += ms;
      }
    }
    if (p === e) return time;
    const zone = b[p];
    if (zone === 90 || zone === 122) return p + 1 === e ? time : Number.NaN; // Z, z
    if (zone === 43 || zone === 45) {
      // ±HH:MM or ±HHMM
      const hours = digitsAt(b, p + 1, 2);
      const colon = b[p + 3] === 58 ? 1 : 0;
      const minutes = digitsAt(b, p + 3 + colon, 2);
      if (Number.isNaN(hours) || Number.isNaN(minutes) || p + 5 + colon !== e) return Number.NaN;
      const offset = (hours * 60 + minutes) * 60_000;
      return zone === 43 ? time - offset : time + offset;
    }
    return Number.NaN;
  }
}

/** A port: a whole number 0–65535 (NaN otherwise). */
export function parsePort(text: string): number {
  if (text.length === 0 || text.length > 5) return Number.NaN;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return Number.NaN;
  const port = Number(text);
  return port <= 65535 ? port : Number.NaN;
}

/** A non-negative whole number in text (NaN otherwise). */
export function parseCount(text: string): number {
  if (text.length === 0 || text.length > 15) return Number.NaN;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return Number.NaN;
  return Number(text);
}

/** The same, over bytes: CSV integers are read without making a string. */
export function parseCountBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end === start || end - start > 15) return Number.NaN;
  return digitsAt(bytes, start, end - start);
}

function isIPv4(text: string): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (code >= ZERO && code <= NINE && digits < 3) {
      value = value * 10 + (code - ZERO);
      digits++;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/**
 * The IPv4 address in `bytes[start, end)` as an unsigned 32-bit number, or -1 when the bytes are not
 * the canonical dotted quad (parts 0–255 without leading zeros), the one form whose text ipv4Text gives
 * back exactly. Log readers take the other forms isIPv4Address accepts through the text path.
 */
export function ipv4FromBytes(bytes: Uint8Array, start: number, end: number): number {
  let address = 0;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const code = i < end ? (bytes[i] as number) : 46;
    if (code === 46) {
      if (digits === 0 || value > 255) return -1;
      address = address * 256 + value;
      parts++;
      value = 0;
      digits = 0;
    } else if (code >= ZERO && code <= NINE && digits < 3 && (digits === 0 || value !== 0)) {
      // No leading zeros: the number must print back as the same text (ipv4Text).
      value = value * 10 + (code - ZERO);
      digits++;
    } else {
      return -1;
    }
  }
  return parts === 4 ? address : -1;
}

/** The dotted quad of an IPv4 address given as an unsigned 32-bit number. */
export function ipv4Text(address: number): string {
  return `${Math.floor(address / 16777216)}.${Math.floor(address / 65536) % 256}.${Math.floor(address / 256) % 256}.${address % 256}`;
}

/** An IPv4 address in dotted-quad form, or an IPv6 address. */
export function isIpAddress(text: string): boolean {
  return isIPv4(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

export function isIPv4Address(text: string): boolean {
  return isIPv4(text);
}

const ACTIONS = new Map<string, FlowAction>([
  ['allow', 'Allow'],
  ['deny', 'Deny'],
  ['alert', 'Alert'],
  ['drop', 'Drop'],
  ['dnat', 'Dnat'],
]);

/**
 * The FlowAction of an `Action` value. Case varies between log forms: `Action: drop` and
 * `Action: alert` in IDPS messages (Azure-Sentinel's sample dataset), `Deny` elsewhere. Other words are
 * `Unknown`, not a rejected row: the flow is still evidence.
 */
export function flowAction(text: string): FlowAction {
  return ACTIONS.get(text) ?? ACTIONS.get(text.toLowerCase()) ?? 'Unknown';
}

const PROTOCOLS = new Map<string, string>();

/**
 * Upper case (`udp` in AZFWDnsQuery, `TCP` elsewhere), and `ICMP Type=8` (network rule logs, both legacy
 * and AZFWNetworkRule) as `ICMP`.
 */
export function normalizeProtocol(text: string): string {
  let protocol = PROTOCOLS.get(text);
  if (protocol === undefined) {
    protocol = text.trim().toUpperCase();
    if (protocol.startsWith('ICMP')) protocol = 'ICMP';
    if (PROTOCOLS.size > 1000) PROTOCOLS.clear();
    PROTOCOLS.set(text, protocol);
  }
  return protocol;
}

/** `name.example.com.` as `name.example.com`: DNS logs write names fully qualified, rules do not. */
export function withoutFinalDot(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

function sameBytes(known: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  const length = known.length;
  if (length !== end - start) return false;
  for (let i = 0; i < length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}

/** Long values (URLs) rarely repeat: they are decoded, not kept, so at most limit × 512 bytes per column stay. */
const MAX_INTERNED_BYTES = 512;

interface Interned {
  text: string;
  /** The value's bytes: comparing bytes with bytes is twice as fast as with the string's char codes. */
  bytes: Uint8Array;
}

/**
 * Decodes UTF-8 field bytes, returning one shared string for equal bytes. Log columns repeat heavily
 * (action, protocol, policy, rule, FQDN, firewall id): comparing with the column's previous value, then
 * hashing, is cheaper than decoding, and the records (and the aggregator's keys) share their strings.
 * One interner per column; the table is emptied when it reaches its limit, so memory stays bounded.
 */
export class StringInterner {
  readonly #table = new Map<number, Interned>();
  readonly #limit: number;
  #previous: Interned = { text: '', bytes: new Uint8Array(0) };
  readonly #decoder = new TextDecoder();

  constructor(limit = 8192) {
    this.#limit = limit;
  }

  decode(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length === 0) return '';
    const previous = this.#previous;
    if (sameBytes(previous.bytes, bytes, start, end)) return previous.text;
    if (length > MAX_INTERNED_BYTES) return this.#decoder.decode(bytes.subarray(start, end));
    let hash = length;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + (bytes[i] as number)) | 0;
    const known = this.#table.get(hash);
    if (known !== undefined && sameBytes(known.bytes, bytes, start, end)) {
      this.#previous = known;
      return known.text;
    }
    let ascii = true;
    for (let i = start; i < end; i++) {
      if ((bytes[i] as number) > 127) {
        ascii = false;
        break;
      }
    }
    const text = ascii
      ? String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[])
      : this.#decoder.decode(bytes.subarray(start, end));
    const entry = { text, bytes: bytes.slice(start, end) };
    if (this.#table.size >= this.#limit) this.#table.clear();
    this.#table.set(hash, entry);
    this.#previous = entry;
    return text;
  }
}
