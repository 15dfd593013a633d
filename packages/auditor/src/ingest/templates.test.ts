import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvidence } from '../model/flows.ts';
import { createLogEvidenceBuilder } from './evidence.ts';
import { createLogParser } from './parser.ts';
import { classifierFor } from './sources.ts';
import { equalsRun, type FlowTemplateSink, findHoles, runStride } from './templates.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../fixtures/logs');
const encoder = new TextEncoder();
const GROUPS = [
  { group: 'aks-prod', kind: 'cluster' as const, id: '/c/aks-prod', cidrs: ['10.1.0.0/22'] },
  { group: 'aks-teamb', kind: 'cluster' as const, id: '/c/aks-teamb', cidrs: ['10.2.0.0/22'] },
];

/** Rows the last `read` took through a template. */
let templateRows = 0;

/** The evidence and summary of `bytes` pushed in `chunkSize` chunks, with or without row templates. */
function read(bytes: Uint8Array, templates: boolean, chunkSize = bytes.length): LogEvidence {
  const builder = createLogEvidenceBuilder(classifierFor(GROUPS));
  templateRows = 0;
  const sink: FlowTemplateSink = {
    addFlow(template, templateId, sourceIp, time) {
      templateRows++;
      builder.addFlow(template, templateId, sourceIp, time);
    },
    newTemplateId: () => builder.newTemplateId(),
  };
  const parser = createLogParser('test.csv', (record) => builder.add(record), templates ? { templates: sink } : {});
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  builder.addSource(parser.end());
  return builder.evidence();
}

const APPLICATION_HEADER =
  'TenantId,TimeGenerated,Protocol,SourceIp,SourcePort,DestinationPort,Fqdn,TargetUrl,Action,Policy,RuleCollectionGroup,RuleCollection,Rule,ActionReason,IsTlsInspected,WebCategory,IsExplicitProxyRequest,SourceSystem,Type,_ResourceId';
const FW = '/subscriptions/s/resourcegroups/rg/providers/microsoft.network/azurefirewalls/afw-hub';
const allowed = (time: string, ip: string, port: string, fqdn = 'mcr.microsoft.com') =>
  `t,${time},HTTPS,${ip},${port},443,${fqdn},,Allow,afwp-base,rcg-platform-aks,aks-fqdn-required,aks-core,,false,,false,Azure,AZFWApplicationRule,${FW}`;
const denied = (time: string, ip: string) =>
  `t,${time},HTTPS,${ip},40000,443,eastus.data.mcr.microsoft.com,,Deny,,,,,Default Action,false,,false,Azure,AZFWApplicationRule,${FW}`;

describe('row templates', () => {
  it('give the same evidence as building every row, for rows the fast reading takes and rows it leaves', () => {
    const rows = [
      APPLICATION_HEADER,
      allowed('2025-11-20T08:00:01.000Z', '10.1.0.4', '50000'),
      // The same shape: time, source and source port from the row, the rest from the template.
      allowed('2025-11-20T07:59:00.000Z', '10.2.0.9', '50001'),
      allowed('2025-11-20T09:30:00.500Z', '10.1.3.200', ''),
      allowed('2025-11-20T08:00:02.000Z', '10.1.0.5', '50002', 'MCR.microsoft.com'),
      denied('2025-11-20T08:00:03.000Z', '10.2.0.4'),
      denied('2025-11-20T10:00:03.000Z', '10.2.0.5'),
      denied('2025-11-20T10:20:03.000Z', '192.168.7.1'),
      // Left to the builders, which say what is wrong or read the other forms.
      allowed('not a time', '10.1.0.4', '50000'),
      allowed('', '10.1.0.4', '50000'),
      allowed('2025-11-20T08:00:04.000Z', '010.1.0.4', '50000'),
      allowed('2025-11-20T08:00:05.000Z', '2001:db8::1', '50000'),
      allowed('2025-11-20T08:00:06.000Z', 'not-an-ip', '50000'),
      allowed('2025-11-20T08:00:07.000Z', '10.1.0.4', '70000'),
      allowed('2025-11-20T08:00:08.000Z', '10.1.0.4', 'x'),
      allowed('2025-11-20 08:00:09.1234567', '10.1.0.4', '50000'),
      // No FQDN: the destination comes from the URL, which is not part of a template's key.
      `t,2025-11-20T08:00:10.000Z,HTTP,10.1.0.4,50000,80,,http://a.example.com/x,Allow,afwp-base,rcg-platform-aks,aks-fqdn-required,aks-core,,false,,false,Azure,AZFWApplicationRule,${FW}`,
      `t,2025-11-20T08:00:11.000Z,HTTP,10.1.0.4,50000,80,,http://b.example.com/x,Allow,afwp-base,rcg-platform-aks,aks-fqdn-required,aks-core,,false,,false,Azure,AZFWApplicationRule,${FW}`,
      // Doubled quotes in a rule name, twice.
      `t,2025-11-20T08:00:12.000Z,HTTPS,10.1.0.4,50000,443,mcr.microsoft.com,,Allow,afwp-base,rcg,"partner ""edge"", v2",r,,false,,false,Azure,AZFWApplicationRule,${FW}`,
      `t,2025-11-20T08:00:13.000Z,HTTPS,10.1.0.6,50000,443,mcr.microsoft.com,,Allow,afwp-base,rcg,"partner ""edge"", v2",r,,false,,false,Azure,AZFWApplicationRule,${FW}`,
      // A line that is a known shape but for one field more, or one less: rejected, never a template's row.
      `${allowed('2025-11-20T08:00:15.000Z', '10.1.0.4', '50000')},extra`,
      allowed('2025-11-20T08:00:16.000Z', '10.1.0.4', '50000').replace(',aks-core,', ','),
      // A quoted URL holding a comma, in a known shape: split as CSV (not as a line), then a template's row.
      allowed('2025-11-20T08:00:17.000Z', '10.1.0.7', '50000').replace(
        ',,Allow,',
        ',"https://mcr.microsoft.com/a,b",Allow,',
      ),
      // Another table named by the Type column (a union export).
      `t,2025-11-20T08:00:14.000Z,HTTPS,10.1.0.4,50000,443,mcr.microsoft.com,,Allow,afwp-base,rcg-platform-aks,aks-fqdn-required,aks-core,,false,,false,Azure,AZFWFlowTrace,${FW}`,
    ];
    const bytes = encoder.encode(`${rows.join('\r\n')}\r\n`);
    const expected = read(bytes, false);
    expect(expected.sources[0]).toMatchObject({ rowsRead: 15, rowsRejected: 7, rowsIgnored: 1 });
    for (const chunkSize of [bytes.length, 64, 7]) {
      expect(read(bytes, true, chunkSize)).toEqual(expected);
      // Two more allows and a deny of the first shapes, the Kusto-style time of the first shape, and
      // the quoted URL's row.
      expect(templateRows).toBe(6);
    }
  });

  it("take a line only when every byte of its key is the template's, at any alignment in its buffer", () => {
    // Sources of four lengths put the key's bytes after them at each alignment modulo 4.
    const sources = ['10.1.0.4', '10.1.0.45', '10.1.0.245', '10.1.10.245'];
    const base = allowed('2025-11-20T08:00:00.000Z', '10.1.0.4', '50000');
    // The key's bytes from the destination port on: destination, rule path, firewall.
    const key = base.slice(base.indexOf(',443,'));
    const rows = [APPLICATION_HEADER, base];
    let same = 0;
    for (let at = 0; at < key.length; at++) {
      if (key[at] === ',') continue;
      const changed = `${key.slice(0, at)}~${key.slice(at + 1)}`;
      for (const [k, source] of sources.entries()) {
        const row = allowed(`2025-11-20T08:${String(at % 60).padStart(2, '0')}:0${k}.000Z`, source, '50000');
        const head = row.slice(0, row.length - key.length);
        // One byte of the key changed (another destination, rule or firewall), then the row as it is.
        rows.push(`${head}${changed}`, row);
        same++;
      }
    }
    const bytes = encoder.encode(`${rows.join('\n')}\n`);
    const expected = read(bytes, false);
    expect(read(bytes, true)).toEqual(expected);
    // Every unchanged row (and rows of a changed key seen before) through the template.
    expect(templateRows).toBeGreaterThanOrEqual(same);
  });

  it('narrow their key when a column no builder reads varies by row, and keep taking rows', () => {
    // The tenant column is no builder's: while it repeats it is part of the key; unique per row, it
    // fills the cache once, then the key is what the builders read.
    const rows = Array.from({ length: 6000 }, (_, i) =>
      allowed(`2025-11-20T08:00:${String(i % 60).padStart(2, '0')}.000Z`, `10.1.0.${i % 200}`, '50000').replace(
        /^t,/,
        `tenant-${i},`,
      ),
    );
    const bytes = encoder.encode(`${[APPLICATION_HEADER, ...rows].join('\n')}\n`);
    const expected = read(bytes, false);
    expect(read(bytes, true)).toEqual(expected);
    // 4,096 templates fill the cache; the next row narrows the key, the one after is its template.
    expect(templateRows).toBe(6000 - 4096 - 2);
  });

  it('give the same evidence on every fixture', () => {
    for (const name of readdirSync(fixtures).filter((file) => !file.endsWith('.md'))) {
      const bytes = new Uint8Array(readFileSync(path.join(fixtures, name)));
      expect(read(bytes, true), name).toEqual(read(bytes, false));
    }
  });

  it('give the same evidence on random rows of a few shapes, from any source, at any time', () => {
    const row = fc
      .record({
        second: fc.integer({ min: 0, max: 7200 }),
        ip: fc.oneof(
          fc
            .tuple(fc.constantFrom(1, 2, 3), fc.nat(3), fc.integer({ min: 0, max: 255 }))
            .map(([b, c, d]) => `10.${b}.${c}.${d}`),
          fc.constantFrom('010.1.0.1', '10.1.0.256', '::1', ''),
        ),
        port: fc.oneof(fc.integer({ min: 0, max: 70000 }).map(String), fc.constantFrom('', '-1')),
        fqdn: fc.constantFrom('mcr.microsoft.com', 'MCR.microsoft.com', 'quay.io', ''),
        deny: fc.boolean(),
        // Firewalls whose ids differ from FW in one byte, anywhere: a key is compared word by word.
        firewall: fc.option(fc.nat(FW.length - 1), { nil: undefined }),
      })
      .map(({ second, ip, port, fqdn, deny, firewall }) => {
        const time = new Date(Date.UTC(2025, 10, 20) + second * 1000).toISOString();
        const fw = firewall === undefined ? FW : `${FW.slice(0, firewall)}#${FW.slice(firewall + 1)}`;
        return deny
          ? `t,${time},HTTPS,${ip},${port},443,${fqdn},,Deny,,,,,Default Action,false,,false,Azure,AZFWApplicationRule,${fw}`
          : `t,${time},HTTPS,${ip},${port},443,${fqdn},https://${fqdn}x/,Allow,p,g,c,r,,false,,false,Azure,AZFWApplicationRule,${fw}`;
      });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const bytes = encoder.encode(`${[APPLICATION_HEADER, ...rows].join('\n')}\n`);
        expect(read(bytes, true, 50)).toEqual(read(bytes, false));
      }),
      { numRuns: 200 },
    );
  });
});

describe('equalsRun', () => {
  /** A run store holding `run` as the key arena does (copy k at k × stride + k) and its Int32 view. */
  function store(run: Uint8Array): Int32Array {
    const stride = runStride(run.length);
    const bytes = new Uint8Array(4 * stride + 8).fill(0x7e);
    for (let copy = 0; copy < 4; copy++) bytes.set(run, copy * stride + copy);
    return new Int32Array(bytes.buffer);
  }

  it('compares every length at every alignment, byte by byte, and nothing around the run', () => {
    for (let length = 0; length <= 13; length++) {
      const run = Uint8Array.from({ length }, (_, i) => 0x41 + i);
      const runWords = store(run);
      for (let from = 1; from <= 8; from++) {
        // Bytes around the line's run differ from the store's padding.
        const line = new Uint8Array(32).fill(0x2c);
        line.set(run, from);
        const words = new Int32Array(line.buffer);
        expect(equalsRun(runWords, 0, words, 0, from, length)).toBe(true);
        for (let at = 0; at < length; at++) {
          line[from + at] = 0x7a;
          expect(equalsRun(runWords, 0, words, 0, from, length)).toBe(false);
          line[from + at] = run[at] as number;
        }
      }
    }
  });
});

describe('findHoles', () => {
  it("finds the holes' bounds at every alignment, with delimiters just outside the line", () => {
    const text = 'a,bb,,ccc,d,eeeee,f';
    const fields = text.split(',');
    const holes = Int32Array.from([1, 2, 4, 6]);
    const expected = [...holes].map((field) => {
      const from = fields.slice(0, field).join(',').length + (field > 0 ? 1 : 0);
      return [from, from + (fields[field] as string).length];
    });
    for (let from = 1; from <= 9; from++) {
      // Delimiters right before and after the line: they are not the line's.
      const bytes = encoder.encode(`${','.repeat(from)}${text},,,,,`);
      const words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
      const starts = new Int32Array(holes.length);
      const ends = new Int32Array(holes.length);
      expect(findHoles(bytes, words, from, from + text.length, 44, holes, starts, ends)).toBe(true);
      expect([...starts].map((start, k) => [start - from, (ends[k] as number) - from])).toEqual(expected);
      // One field fewer than the last hole needs.
      expect(findHoles(bytes, words, from, from + text.lastIndexOf(','), 44, holes, starts, ends)).toBe(false);
    }
  });
});
