import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFqdnPattern } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { ARC_ENTRIES } from './arc.ts';
import { ARO_ENTRIES } from './aro.ts';
import type { CatalogEntry } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SEEDS = path.resolve(ROOT, '../shared/seeds');

const ALL: readonly CatalogEntry[] = [...ARO_ENTRIES, ...ARC_ENTRIES];

const fqdnPatterns = (entries: readonly CatalogEntry[]) =>
  entries.flatMap((e) => e.destinations.flatMap((d) => (d.kind === 'fqdn' ? [{ entry: e, pattern: d.pattern }] : [])));

/** Fills placeholders with sample values, as the resolver would for an East US cluster. */
function sample(pattern: string): string {
  return pattern
    .replace(/<(region|location)>/g, 'eastus')
    .replace(/<region-short>/g, 'eus')
    .replace(/<cluster-domain>/g, 'abcd1234.eastus.aroapp.io')
    .replace(/^<[a-z-]+>\./, 'sample.');
}

describe('ARO and Arc catalog data', () => {
  it('has entries for both kinds', () => {
    expect(ARO_ENTRIES.length).toBeGreaterThan(20);
    expect(ARC_ENTRIES.length).toBeGreaterThan(50);
  });

  it('has unique ids', () => {
    const seen = new Set<string>();
    const duplicates = ALL.map((e) => e.id).filter((id) => seen.has(id) || !seen.add(id));
    expect(duplicates).toEqual([]);
  });

  it('names kind and cloud in the id prefix', () => {
    const wrong = ALL.filter((e) => {
      const [kind, cloud] = e.id.split('.');
      if (e.kinds.length !== 1 || e.kinds[0] !== kind) return true;
      if (cloud === 'all') return e.clouds.length < 2;
      return e.clouds.length !== 1 || e.clouds[0] !== cloud;
    });
    expect(wrong.map((e) => `${e.id} (${e.kinds.join(',')} / ${e.clouds.join(',')})`)).toEqual([]);
    expect(ARO_ENTRIES.every((e) => e.kinds.length === 1 && e.kinds[0] === 'aro')).toBe(true);
    expect(ARC_ENTRIES.every((e) => e.kinds.length === 1 && e.kinds[0] === 'arc')).toBe(true);
  });

  it('has FQDN patterns that parse once placeholders are filled (an asterisk only at the left-most position)', () => {
    const bad = fqdnPatterns(ALL).flatMap(({ entry, pattern }) => {
      const filled = sample(pattern);
      const parsed = parseFqdnPattern(filled);
      if (/[<>]/.test(filled)) return [`${entry.id}: ${pattern} keeps a placeholder (${filled})`];
      return parsed.kind === 'invalid' ? [`${entry.id}: ${pattern} (${filled}): ${parsed.reason}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('uses valid ports, TCP, and Https exactly for the port-443 FQDN entries', () => {
    for (const e of ALL) {
      expect(e.protocol, e.id).toBe('TCP');
      expect(Number.isInteger(e.port) && e.port >= 1 && e.port <= 65535, e.id).toBe(true);
      const fqdn = e.destinations.some((d) => d.kind === 'fqdn');
      if (fqdn && e.port === 443) expect(e.applicationProtocol, e.id).toBe('Https');
      if (e.port !== 443) expect(e.applicationProtocol, e.id).toBeUndefined();
    }
    const obo = ARC_ENTRIES.filter((e) =>
      e.destinations.some((d) => d.kind === 'fqdn' && d.pattern.includes('.obo.arc.')),
    );
    expect(obo.length).toBeGreaterThan(0);
    expect(obo.every((e) => e.port === 8084)).toBe(true);
  });

  it('gives every legacy entry an existing, current successor or a source note', () => {
    const byId = new Map(ALL.map((e) => [e.id, e]));
    for (const e of ALL.filter((x) => x.status === 'legacy')) {
      if (e.supersededBy) {
        const successor = byId.get(e.supersededBy);
        expect(successor, `${e.id} → ${e.supersededBy}`).toBeDefined();
        expect(successor?.status ?? 'current', `${e.id} → ${e.supersededBy}`).toBe('current');
      } else {
        expect(e.source.note, e.id).toBeTruthy();
      }
    }
    expect(ALL.filter((e) => e.status !== 'legacy').every((e) => e.supersededBy === undefined)).toBe(true);
  });

  it('cites sources with https learn.microsoft.com URLs and ISO dates', () => {
    for (const e of ALL) {
      expect(e.source.url, e.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(e.source.date, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${e.source.date}T00:00:00Z`).toISOString().slice(0, 10), e.id).toBe(e.source.date);
      expect(e.source.title.length, e.id).toBeGreaterThan(0);
      expect(e.purpose.length, e.id).toBeGreaterThan(0);
    }
  });

  it('uses <region-short> in public-cloud entries only', () => {
    const shortEntries = fqdnPatterns(ALL).filter(({ pattern }) => pattern.includes('<region-short>'));
    expect(shortEntries.length).toBeGreaterThan(0);
    expect(
      shortEntries.filter(({ entry }) => entry.clouds.some((c) => c !== 'public')).map(({ entry }) => entry.id),
    ).toEqual([]);
  });

  it('marks every Arc entry with or without a gateway, and gateway entries as public-cloud only', () => {
    for (const e of ARC_ENTRIES) {
      expect(typeof e.when?.arcGateway, e.id).toBe('boolean');
      expect(e.id.includes('.gw.'), e.id).toBe(e.when?.arcGateway === true);
      if (e.when?.arcGateway) expect(e.clouds, e.id).toEqual(['public']);
    }
  });

  it('makes every feature-conditional entry optional, and asks for websockets on the service bus wildcards', () => {
    for (const e of ALL.filter((x) => x.status !== 'legacy' && x.when?.features?.length))
      expect(e.requirement, e.id).toBe('optional');
    const servicebus = ARC_ENTRIES.filter((e) =>
      e.destinations.some((d) => d.kind === 'fqdn' && d.pattern.startsWith('*.servicebus.')),
    );
    expect(servicebus.map((e) => e.id).sort()).toEqual([
      'arc.china.servicebus',
      'arc.public.servicebus',
      'arc.usgov.servicebus',
    ]);
    expect(servicebus.every((e) => e.websockets === true)).toBe(true);
  });

  it('marks the ARO endpoints proxied under egress lockdown as required, and only those', () => {
    const proxied = ARO_ENTRIES.filter((e) => e.proxiedByAroEgressLockdown && e.status !== 'legacy');
    expect(proxied.map((e) => (e.destinations[0]?.kind === 'fqdn' ? e.destinations[0].pattern : '')).sort()).toEqual([
      '*.blob.core.windows.net',
      '*.monitor.core.windows.net',
      '*.monitoring.core.windows.net',
      '*.servicebus.windows.net',
      '*.table.core.windows.net',
      'arosvc.<region>.data.azurecr.io',
      'arosvc.azurecr.io',
      'login.microsoftonline.com',
      'management.azure.com',
    ]);
    expect(proxied.every((e) => e.requirement === 'required')).toBe(true);
    expect(ARO_ENTRIES.filter((e) => !e.proxiedByAroEgressLockdown).every((e) => e.requirement === 'optional')).toBe(
      true,
    );
    expect(ARO_ENTRIES.some((e) => e.clouds.includes('china'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The seed documents: every destination their tables and lists name must be in the catalog.
// ---------------------------------------------------------------------------------------------------------

interface Named {
  destination: string;
  /** Patterns that would cover it: the name itself, and `*.name` where the row says "subdomains of". */
  candidates: string[];
  line: number;
  text: string;
}

const HOST = /^(\*\.?)?([a-z0-9_<>-]+\.)+[a-z0-9<>-]{2,}\*?$/;

/** A destination as written in a document, reduced to an FQDN pattern with the catalog's placeholders. */
function normalizeDestination(raw: string): string | undefined {
  let token = raw
    .trim()
    .replace(/^['"(]+|['"),;:.]+$/g, '')
    .replace(/^https?:\/\//i, '');
  token = token.replace(/[/:].*$/, ''); // path, port
  token = token
    .replace(/\$region/gi, '<region>')
    .replace(/<cluster_domain>/gi, '<cluster-domain>')
    .toLowerCase()
    .replace(/(<[a-z-]+>)\*$/, '$1'); // `*.apps.<cluster_domain>*`
  return HOST.test(token) && token.includes('.') ? token : undefined;
}

function destinationsIn(cell: string): string[] {
  const text = cell
    .replace(/\*\*/g, '')
    .replace(/`/g, ' ')
    .replace(/\[your url prefix\]/gi, '<gateway-prefix>');
  return text
    .split(/[\s,]+/)
    .map(normalizeDestination)
    .filter((d): d is string => d !== undefined);
}

/**
 * Walks a seed: Markdown table rows (`| a | b |`, first cell), rendered table rows (`a | b |`, first cell),
 * list items (their code spans), lines that are a single host name, and, inside code blocks, the
 * `--target-fqdns` of the sample Azure Firewall commands. Link targets, prose and other code are not destinations.
 */
function namedDestinations(seed: string): Named[] {
  const named: Named[] = [];
  let inCode = false;
  seed.split('\n').forEach((raw, index) => {
    const text = raw.trim();
    let found: string[] = [];
    if (text.startsWith('```')) {
      inCode = !inCode;
    } else if (inCode) {
      // Shell in code blocks is not a table; only the sample firewall rules name destinations there.
      if (/^--target-fqdns\s/.test(text))
        found = [...text.matchAll(/'([^']+)'/g)].flatMap((m) => destinationsIn(m[1] ?? ''));
    } else if (text.includes('|')) {
      const cells = text.replace(/^\|/, '').split('|');
      found = destinationsIn(cells[0] ?? '');
    } else if (/^([-*+]|\d+\.)\s/.test(text)) {
      found = [...text.matchAll(/`([^`]+)`/g)].flatMap((m) => destinationsIn(m[1] ?? ''));
    } else if (HOST.test(text.toLowerCase())) {
      // A line that is one host name and nothing else (the rendered lists under "Additional scenarios").
      found = destinationsIn(text);
    }
    const subdomainsOf = /subdomains of/i.test(text);
    for (const destination of found) {
      named.push({
        destination,
        candidates: subdomainsOf ? [destination, `*.${destination}`] : [destination],
        line: index + 1,
        text,
      });
    }
  });
  return named;
}

/**
 * Host names in running text, for a seed without tables (the egress lockdown overview): front matter, code
 * blocks, link and image targets are skipped.
 */
function proseDestinations(seed: string): Named[] {
  const lines = seed.split('\n');
  const named: Named[] = [];
  let inCode = false;
  let inFrontMatter = lines[0]?.trim() === '---';
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (index > 0 && inFrontMatter) {
      if (text === '---') inFrontMatter = false;
      return;
    }
    if (text.startsWith('```')) inCode = !inCode;
    if (inCode || text.startsWith('```') || index === 0) return;
    for (const destination of destinationsIn(text.replace(/\]\([^)]*\)/g, '] '))) {
      named.push({ destination, candidates: [destination], line: index + 1, text });
    }
  });
  return named;
}

/** Catalog patterns in the seeds' terms: `<region-short>` is written `<region>` there ("uses short names"). */
const catalogPatterns = (entries: readonly CatalogEntry[]) =>
  new Set(
    fqdnPatterns(entries).map(({ pattern }) => pattern.toLowerCase().replace(/<(region-short|location)>/g, '<region>')),
  );

function seedFiles(prefix: string): string[] {
  return existsSync(SEEDS)
    ? readdirSync(SEEDS)
        .filter((f) => f.startsWith(prefix) && f.endsWith('.txt'))
        .map((f) => path.join(SEEDS, f))
    : [];
}

function missingIn(
  file: string,
  entries: readonly CatalogEntry[],
  walk: (seed: string) => Named[] = namedDestinations,
): { named: Named[]; missing: string[] } {
  const patterns = catalogPatterns(entries);
  const named = walk(readFileSync(file, 'utf8'));
  const missing = named
    .filter((n) => !n.candidates.some((c) => patterns.has(c)))
    .map((n) => `${path.basename(file)}:${n.line}: ${n.destination} is not in the catalog (line: ${n.text})`);
  return { named, missing };
}

describe.skipIf(!existsSync(SEEDS))('the seed documents name no destination the catalog lacks', () => {
  it('ARO egress lockdown overview (000): the hosts it names (in prose: it has no table) are in ARO_ENTRIES', () => {
    const files = seedFiles('000_');
    expect(files.length).toBe(1);
    for (const file of files) {
      expect(missingIn(file, ARO_ENTRIES).missing).toEqual([]);
      const { named, missing } = missingIn(file, ARO_ENTRIES, proseDestinations);
      expect(named.map((n) => n.destination)).toContain('management.azure.com');
      expect(missing).toEqual([]);
    }
  });

  it('ARO restrict egress (001): every table row and sample rule destination is in ARO_ENTRIES', () => {
    const files = seedFiles('001_');
    expect(files.length).toBe(1);
    for (const file of files) {
      const { named, missing } = missingIn(file, ARO_ENTRIES);
      expect(named.length).toBeGreaterThanOrEqual(25);
      expect(missing).toEqual([]);
    }
  });

  it('Arc gateway (004): every required URL and additional-scenario endpoint is in ARC_ENTRIES', () => {
    const files = seedFiles('004_');
    expect(files.length).toBe(1);
    for (const file of files) {
      const { named, missing } = missingIn(file, ARC_ENTRIES);
      expect(named.length).toBeGreaterThanOrEqual(15);
      expect(missing).toEqual([]);
    }
  });

  it('the walker finds what a reader finds (a sample of rows)', () => {
    const aro = seedFiles('001_')[0];
    const arc = seedFiles('004_')[0];
    if (!aro || !arc) throw new Error('seeds missing');
    const aroNames = namedDestinations(readFileSync(aro, 'utf8')).map((n) => n.destination);
    expect(aroNames).toEqual(
      expect.arrayContaining([
        'arosvc.<region>.data.azurecr.io',
        'monitor.core.windows.net',
        'console.redhat.com',
        '*.apps.<cluster-domain>',
        '*cloudflare.docker.com',
      ]),
    );
    const arcNames = namedDestinations(readFileSync(arc, 'utf8')).map((n) => n.destination);
    expect(arcNames).toEqual(
      expect.arrayContaining([
        '<gateway-prefix>.gw.arc.azure.com',
        '<region>.his.arc.azure.com',
        '<vault-name>.vault.azure.net',
        'store.policy.core.windows.net',
      ]),
    );
  });
});
