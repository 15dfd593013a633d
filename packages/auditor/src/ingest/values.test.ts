import { describe, expect, it } from 'vitest';
import {
  flowAction,
  ipv4FromBytes,
  ipv4Text,
  isIpAddress,
  normalizeProtocol,
  parseCount,
  parsePort,
  StringInterner,
  TimestampParser,
  withoutFinalDot,
} from './values.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('TimestampParser', () => {
  const parser = new TimestampParser();
  const both = (text: string) => {
    const bytes = encode(`x${text}y`);
    return [parser.fromText(text), parser.fromBytes(bytes, 1, bytes.length - 1)];
  };

  it.each([
    // Log Analytics and storage archives: seven fraction digits and Z.
    ['2018-04-16T23:45:04.8295030Z', Date.UTC(2018, 3, 16, 23, 45, 4, 829)],
    ['2018-04-16T23:45:04Z', Date.UTC(2018, 3, 16, 23, 45, 4)],
    ['2018-04-16T23:45:04.5Z', Date.UTC(2018, 3, 16, 23, 45, 4, 500)],
    ['2018-04-16T23:45Z', Date.UTC(2018, 3, 16, 23, 45)],
    // Kusto/ADX CSV exports: a space and no zone (UTC).
    ['2025-11-21 20:13:08.2232340', Date.UTC(2025, 10, 21, 20, 13, 8, 223)],
    // Offsets.
    ['2025-11-21T20:13:08+02:00', Date.UTC(2025, 10, 21, 18, 13, 8)],
    ['2025-11-21T20:13:08-0130', Date.UTC(2025, 10, 21, 21, 43, 8)],
    ['2022-09-22T11:32:59.124368+00:00', Date.UTC(2022, 8, 22, 11, 32, 59, 124)],
    // The portal's en-US display form under `TimeGenerated [UTC]`.
    ['2/25/2025, 9:19:25.391 AM', Date.UTC(2025, 1, 25, 9, 19, 25, 391)],
    ['2/25/2025, 9:19:25.391 PM', Date.UTC(2025, 1, 25, 21, 19, 25, 391)],
    ['11/20/2025, 12:30:00.000 AM', Date.UTC(2025, 10, 20, 0, 30)],
    ['11/20/2025, 12:01:02.500 PM', Date.UTC(2025, 10, 20, 12, 1, 2, 500)],
    ['11/20/2025 14:01:02', Date.UTC(2025, 10, 20, 14, 1, 2)],
  ])('%s', (text, expected) => {
    expect(both(text)).toEqual([expected, expected]);
  });

  it.each([
    '',
    'yesterday',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:00:61Z',
    '2024-01-01T10:00:00.Z',
    '2024-01-01T10:00:00Zjunk',
    '2024-01-01T10:00:00+1',
    '2024-01-01T10:00:5',
    '13/25/2025, 9:19:25 AM',
    '2/25/2025, 13:19:25 PM',
  ])('%j is not a time', (text) => {
    expect(both(text).map(Number.isNaN)).toEqual([true, true]);
  });

  it('does not let a cached minute leak into the next value', () => {
    expect(parser.fromText('2024-01-01T10:00:30Z')).toBe(Date.UTC(2024, 0, 1, 10, 0, 30));
    expect(parser.fromText('2024-01-01T10:00:3')).toBeNaN();
    expect(parser.fromText('2024-01-01T10:01:00Z')).toBe(Date.UTC(2024, 0, 1, 10, 1, 0));
  });
});

describe('value helpers', () => {
  it('parses ports and counts', () => {
    expect([parsePort('0'), parsePort('443'), parsePort('65535')]).toEqual([0, 443, 65535]);
    expect(
      [parsePort(''), parsePort('65536'), parsePort('-1'), parsePort('4 43'), parsePort('123456')].every(Number.isNaN),
    ).toBe(true);
    expect(parseCount('1520')).toBe(1520);
    expect(parseCount('1.5')).toBeNaN();
  });

  it('recognises IPv4 dotted quads and IPv6', () => {
    expect(['10.1.0.4', '255.255.255.255', '::1', '2001:db8::1'].map(isIpAddress)).toEqual([true, true, true, true]);
    expect(['10.1.0', '10.1.0.256', '10.1.0.4.5', 'host', '1..2.3', '', ':::'].map(isIpAddress)).toEqual(
      Array(7).fill(false),
    );
  });

  it('normalises actions, protocols and DNS names', () => {
    expect(['Allow', 'deny', 'drop', 'ALERT', 'Dnat', 'Request'].map(flowAction)).toEqual([
      'Allow',
      'Deny',
      'Drop',
      'Alert',
      'Dnat',
      'Unknown',
    ]);
    expect(['udp', 'TCP', 'ICMP Type=8', 'HTTP/1.1'].map(normalizeProtocol)).toEqual([
      'UDP',
      'TCP',
      'ICMP',
      'HTTP/1.1',
    ]);
    expect([withoutFinalDot('mcr.microsoft.com.'), withoutFinalDot('mcr.microsoft.com'), withoutFinalDot('.')]).toEqual(
      ['mcr.microsoft.com', 'mcr.microsoft.com', '.'],
    );
  });
});

describe('StringInterner', () => {
  it('returns one string for equal bytes, wherever they are', () => {
    const interner = new StringInterner();
    const bytes = encode('afw-hub,afw-hub,other,afw-hub');
    const first = interner.decode(bytes, 0, 7);
    expect(first).toBe('afw-hub');
    expect(interner.decode(bytes, 8, 15)).toBe(first);
    expect(interner.decode(bytes, 16, 21)).toBe('other');
    expect(interner.decode(bytes, 22, 29)).toBe(first);
    expect(interner.decode(bytes, 3, 3)).toBe('');
  });

  it('decodes UTF-8 and tells apart values whose hash collides', () => {
    const interner = new StringInterner();
    const bytes = encode('Zürich|Aa|BB');
    expect(interner.decode(bytes, 0, 7)).toBe('Zürich');
    // "Aa" and "BB" have the same 31-multiplier hash.
    expect(interner.decode(bytes, 8, 10)).toBe('Aa');
    expect(interner.decode(bytes, 11, 13)).toBe('BB');
    expect(interner.decode(bytes, 8, 10)).toBe('Aa');
  });

  it('stays bounded: the table is emptied at its limit and values still decode', () => {
    const interner = new StringInterner(4);
    for (let i = 0; i < 20; i++) {
      const bytes = encode(`value-${i}`);
      expect(interner.decode(bytes, 0, bytes.length)).toBe(`value-${i}`);
    }
  });
});

describe('ipv4FromBytes', () => {
  const bytes = (text: string) => new TextEncoder().encode(` ${text} `);
  it.each([
    ['10.1.0.4', 167837700],
    ['0.0.0.0', 0],
    ['255.255.255.255', 4294967295],
    ['192.168.7.1', 3232237313],
  ])('reads %s as a number that prints back as the same text', (text, value) => {
    expect(ipv4FromBytes(bytes(text), 1, text.length + 1)).toBe(value);
    expect(ipv4Text(value)).toBe(text);
  });

  it.each(['010.1.0.4', '10.1.0', '10.1.0.4.5', '10.1.0.256', '10..0.4', '', '::1', '10.1.0.4 ', '1234.1.1.1'])(
    'leaves %j to the text path (not the canonical dotted quad)',
    (text) => {
      expect(ipv4FromBytes(bytes(text), 1, text.length + 1)).toBe(-1);
    },
  );
});
