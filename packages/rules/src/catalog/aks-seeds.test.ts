import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFqdnPattern } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { AKS_ENTRIES } from './aks.ts';
import { FEATURES } from './features.ts';
import { FQDN_TAGS } from './fqdn-tags.ts';
import type { CatalogEntry, Cloud, DestinationTemplate, SourceDocument } from './types.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const SEEDS = path.resolve(REPO_ROOT, '../shared/seeds');

/** Legacy entries kept exactly as a document printed them, although the text is not a valid target FQDN. */
const MISPRINTED = new Set(['aks.china.mcr-data-typo']);

const CLOUDS: readonly Cloud[] = ['public', 'china', 'usgov'];

/** `<location>`, `<region>`, `<cluster-region-name>` and `AzureCloud.Region` all mean the cluster's region. */
const normalizePlaceholders = (text: string) =>
  text
    .trim()
    .replace(/<(location|region|cluster-region-name)>/gi, '<region>')
    .replace(/^AzureCloud\.Region$/i, 'AzureCloud.<region>');

/** What a seed destination means, in the catalog's terms. */
function templateOf(raw: string): DestinationTemplate {
  const text = normalizePlaceholders(raw.replace(/:\d+$/, ''));
  if (text === '*') return { kind: 'any' };
  if (/^APIServer(Public)?IP$/i.test(text)) return { kind: 'api-server-ip' };
  if (/^CustomDNSIP$/i.test(text)) return { kind: 'custom-dns' };
  // The regional CIDRs are the address set of the AzureCloud.<region> service tag.
  if (/^RegionCIDRs$/i.test(text)) return { kind: 'service-tag', tag: 'AzureCloud.<region>' };
  if (/^AzureCloud\./i.test(text) || /^[A-Z][A-Za-z]+$/.test(text)) return { kind: 'service-tag', tag: text };
  return { kind: 'fqdn', pattern: text.toLowerCase() };
}

function sameDestination(a: DestinationTemplate, b: DestinationTemplate): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'fqdn' && b.kind === 'fqdn') return normalizePlaceholders(a.pattern).toLowerCase() === b.pattern;
  if (a.kind === 'service-tag' && b.kind === 'service-tag')
    return normalizePlaceholders(a.tag).toLowerCase() === b.tag.toLowerCase();
  return true;
}

interface SeedRow {
  file: string;
  line: number;
  cloud: Cloud;
  destination: string;
  port?: number;
  protocol?: 'TCP' | 'UDP';
}

/** The destinations of one table cell: `**\`a\`** <br/> *Or* <br/> [Tag](…) - **\`b:1\`**`, `\`a, b\``, `a`. */
function destinationsOf(cell: string): string[] {
  return cell
    .replace(/\[[^\]]*\]\([^)]*\)/g, '') // link labels such as [ServiceTag](…)
    .replace(/`\([^`]*\)`/g, '') // `(only known after cluster creation)`
    .replace(/\([^)]*\)/g, '') // (if using Azure Firewall network rules)
    .replace(/\*\*/g, '')
    .replace(/`/g, '')
    .split(/<br\s*\/?>|\*Or\*|,|\s+or\s+/i)
    .map((part) => part.trim().replace(/^-\s*/, '').trim())
    .filter((part) => part.length > 0);
}

const cellsOf = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

function cloudOfHeading(heading: string): Cloud {
  if (/china|21vianet/i.test(heading)) return 'china';
  if (/government/i.test(heading)) return 'usgov';
  return 'public';
}

/** Every destination in the Markdown tables of one seed document, with its cloud section, port and protocol. */
function seedRows(file: string, text: string): SeedRow[] {
  const rows: SeedRow[] = [];
  let cloud: Cloud = 'public';
  let header: string[] | undefined;
  text.split('\n').forEach((line, index) => {
    if (/^#+\s/.test(line)) cloud = cloudOfHeading(line);
    if (!line.startsWith('|')) {
      header = undefined;
      return;
    }
    const cells = cellsOf(line);
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      return;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) return;
    const portCell = cells[header.indexOf('port')] ?? '';
    const protocolCell = cells[header.indexOf('protocol')] ?? '';
    const port = /(\d+)\D*$/.exec(portCell)?.[1];
    const protocol = /^(TCP|UDP)$/i.exec(protocolCell)?.[1]?.toUpperCase() as 'TCP' | 'UDP' | undefined;
    for (const destination of destinationsOf(cells[0] ?? '')) {
      rows.push({
        file,
        line: index + 1,
        cloud,
        destination,
        ...(port && { port: Number(port) }),
        ...(protocol && { protocol }),
      });
    }
  });
  return rows;
}

function found(row: SeedRow): boolean {
  const wanted = templateOf(row.destination);
  return AKS_ENTRIES.some(
    (e) =>
      e.clouds.includes(row.cloud) &&
      (row.port === undefined || e.port === row.port) &&
      (row.protocol === undefined || e.protocol === row.protocol) &&
      e.destinations.some((d) => sameDestination(d, wanted)),
  );
}

describe.skipIf(!existsSync(SEEDS))('AKS seed documents', () => {
  const documents = existsSync(SEEDS)
    ? readdirSync(SEEDS)
        .filter((name) => name.endsWith('.txt'))
        .map((name) => ({ name, text: readFileSync(path.join(SEEDS, name), 'utf8') }))
        .filter((d) => /^title:.*Azure Kubernetes Service/m.test(d.text))
    : [];

  it('finds the AKS documents among the seeds', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it('has every destination of their tables in AKS_ENTRIES, current or legacy, for the right cloud and port', () => {
    const rows = documents.flatMap((d) => seedRows(d.name, d.text));
    expect(rows.length).toBeGreaterThan(0);
    const missing = rows
      .filter((row) => !found(row))
      .map((r) => `${r.file}:${r.line} ${r.destination} (${r.cloud}, ${r.protocol ?? 'TCP'} ${r.port ?? '?'})`);
    expect(missing).toEqual([]);
  });
});

describe('AKS_ENTRIES data', () => {
  const ids = AKS_ENTRIES.map((e) => e.id);
  const byId = new Map(AKS_ENTRIES.map((e) => [e.id, e]));
  const sources: { id: string; source: SourceDocument }[] = [
    ...AKS_ENTRIES.map((e) => ({ id: e.id, source: e.source })),
    ...FQDN_TAGS.flatMap((t) => [
      { id: t.tag, source: t.source },
      ...t.knownGaps.map((g) => ({ id: `${t.tag} gap ${g.pattern}`, source: g.source })),
    ]),
  ];

  it('has unique ids', () => {
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('keeps the ids an end-to-end test pins', () => {
    for (const name of [
      'tunnel-udp-1194',
      'tunnel-tcp-9000',
      'ntp',
      'apiserver',
      'mcr',
      'mcr-data',
      'mcr-edge',
      'management',
      'login',
      'packages',
      'acs-mirror',
      'packages-aks',
    ]) {
      const entry = byId.get(`aks.public.${name}`);
      expect(entry, name).toBeDefined();
      expect(entry?.status, name).not.toBe('legacy');
    }
  });

  it('names every entry aks.<cloud|all>.<name>, matching its kinds and clouds', () => {
    const wrong = AKS_ENTRIES.filter((e) => {
      const match = /^aks\.(public|china|usgov|all)\.[a-z0-9]+(-[a-z0-9]+)*$/.exec(e.id);
      if (!match || e.kinds.length !== 1 || e.kinds[0] !== 'aks') return true;
      const expected = match[1] === 'all' ? CLOUDS : [match[1]];
      return [...e.clouds].sort().join() !== [...expected].sort().join();
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('has FQDN patterns that parse once placeholders are filled', () => {
    const invalid = AKS_ENTRIES.flatMap((e) =>
      e.destinations.flatMap((d) => {
        if (d.kind !== 'fqdn' || MISPRINTED.has(e.id)) return [];
        const filled = d.pattern.replace(/<(location|region)>/g, 'eastus').replace(/^<[a-z-]+>\./, '*.');
        const parsed = parseFqdnPattern(filled);
        return parsed.kind === 'invalid' ? [`${e.id}: ${d.pattern} (${parsed.reason})`] : [];
      }),
    );
    expect(invalid).toEqual([]);
    for (const id of MISPRINTED) {
      const entry = byId.get(id);
      expect(entry?.status, id).toBe('legacy');
      expect(entry?.source.note, id).toMatch(/typo|printed/i);
    }
  });

  it('has only known features in its conditions', () => {
    const known = new Set<string>(FEATURES);
    const unknown = AKS_ENTRIES.flatMap((e) =>
      (e.when?.features ?? []).filter((f) => !known.has(f)).map((f) => `${e.id}: ${f}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has valid ports, Https on 443 and Http on 80, and an application protocol on every TCP FQDN entry', () => {
    const wrong = AKS_ENTRIES.filter((e: CatalogEntry) => {
      if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) return true;
      if (e.applicationProtocol === 'Https' && e.port !== 443) return true;
      if (e.applicationProtocol === 'Http' && e.port !== 80) return true;
      if (e.applicationProtocol && e.protocol !== 'TCP') return true;
      const hasFqdn = e.destinations.some((d) => d.kind === 'fqdn');
      return e.protocol === 'TCP' && hasFqdn && !e.applicationProtocol;
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('gives every legacy entry a current successor or a note, and no current entry a successor', () => {
    const wrong = AKS_ENTRIES.filter((e) => {
      if (e.status !== 'legacy') return e.supersededBy !== undefined;
      if (e.supersededBy !== undefined) {
        const successor = byId.get(e.supersededBy);
        return !successor || successor.status === 'legacy';
      }
      return !e.source.note;
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('cites every source with an https URL and an ISO date', () => {
    const wrong = sources.filter(({ source }) => {
      if (!source.title || !source.url.startsWith('https://')) return true;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(source.date)) return true;
      return Number.isNaN(Date.parse(source.date));
    });
    expect(wrong.map((s) => s.id)).toEqual([]);
  });

  it('lets FQDN tags cover only existing, current FQDN entries, and lists gaps that parse', () => {
    for (const tag of FQDN_TAGS) {
      const wrong = tag.covers.filter((id) => {
        const entry = byId.get(id);
        return (
          !entry ||
          entry.status === 'legacy' ||
          !entry.destinations.some((d) => d.kind === 'fqdn') ||
          !entry.applicationProtocol
        );
      });
      expect(wrong, tag.tag).toEqual([]);
      expect(
        tag.covers.filter((id, i) => tag.covers.indexOf(id) !== i),
        tag.tag,
      ).toEqual([]);
      const invalidGaps = tag.knownGaps.filter((g) => parseFqdnPattern(g.pattern).kind === 'invalid');
      expect(invalidGaps, tag.tag).toEqual([]);
    }
  });
});
