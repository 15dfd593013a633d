import type { ClusterKind } from '@aro-aks-audit/auditor';
import type { Cloud } from './types.ts';

/*
 * Reads the endpoint tables of a Microsoft document (its Markdown source) into rows: one row per destination,
 * with the line it is on, the section it is in, the cloud and the port and protocol it names. This is what
 * fixtures/docs/ holds for each document, and what tools/catalog-docs.mts writes when a newer version is read.
 */

/** One destination of an endpoint table, as the document writes it (placeholders in the catalog's spelling). */
export interface ExtractRow {
  /** 1-based line of the row in the version read. */
  line: number;
  /** The heading (or, in a list of scenarios, the scenario) the row is under. */
  section: string;
  /** The cluster kinds the section is about. */
  kinds: ClusterKind[];
  /** The cloud the row is for, where its heading, column or annotation names one. */
  cloud?: Cloud;
  /** `*`, a service tag (`AzureCloud.<region>`), `RegionCIDRs`, `APIServerPublicIP`, `CustomDNSIP` or an FQDN pattern. */
  destination: string;
  port?: number;
  protocol?: 'TCP' | 'UDP';
  /** The row's cells as written (for a reader comparing with the document). */
  text: string;
}

/** How to read one document's tables. */
export interface TableSpec {
  /** The cluster kinds the document is about; `sections` can narrow them per heading. */
  kinds: ClusterKind[];
  /** The cloud of every row, for documents written for one cloud. */
  cloud?: Cloud;
  /** The port of rows that name none (the Arc pages: "on https://:443 unless otherwise noted"). */
  defaultPort?: number;
  /** Kinds by heading, first match wins. */
  sections?: readonly { heading: RegExp; kinds: ClusterKind[] }[];
  /** Columns that each hold one cloud's names (Defender's table). */
  cloudColumns?: readonly { header: RegExp; cloud: Cloud }[];
  /** The heading under which a bulleted list names destinations per scenario (the Arc gateway page). */
  scenarioList?: RegExp;
}

export interface TableExtract {
  rows: ExtractRow[];
}

const DESTINATION_HEADER = /destination|fqdn|endpoint|url|domain/i;

export function cloudOfText(text: string): Cloud | undefined {
  if (/21vianet|china/i.test(text)) return 'china';
  if (/government/i.test(text)) return 'usgov';
  if (/azure global|public cloud|azure cloud/i.test(text)) return 'public';
  return undefined;
}

const cellsOf = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split('|')
    .map((cell) => cell.trim());

/** A destination as written, reduced to what the catalog compares: scheme, path and port gone, placeholders named. */
export function normalizeDestination(raw: string): string | undefined {
  let text = raw
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^[-–]\s*/, '');
  if (/^n\/a$/i.test(text) || text === '') return undefined;
  text = text
    .replace(/\$region/gi, '<region>')
    .replace(/<(location|region|cluster-region-name)>/gi, '<region>')
    .replace(/<cluster_domain>\*?/gi, '<cluster-domain>')
    .replace(/<your url prefix>|\[your url prefix\]/gi, '<gateway-prefix>')
    .replace(/^AzureCloud\.Region(:\d+)?$/i, 'AzureCloud.<region>$1');
  // A port after the host (`*:1194`, `x.azure.com:8084`), then a path (`/api/ingress`, `/<repo-name>/…`).
  text = text.replace(/:\d+(\/.*)?$/, '').replace(/\/.*$/, '');
  if (/^[A-Za-z][A-Za-z0-9]*(\.<region>)?$/.test(text) && !text.includes('.')) return text; // a tag or a word
  if (/^AzureCloud\.<region>$/.test(text)) return text;
  return text.toLowerCase();
}

/** The port a destination names after its host (`*:1194`, `https://x:8084/`). */
const portIn = (raw: string) => Number(/:(\d+)\/?$/.exec(raw.trim())?.[1] ?? Number.NaN);

/** The destinations of a table cell, each with the cloud its annotation names (`login.microsoftonline.us (Azure Government)`). */
export function destinationsOfCell(cell: string): { raw: string; cloud?: Cloud; subdomains: boolean }[] {
  const parts = cell
    .replace(/\[([^\]]*)\]\([^)]*\)\s*-?/g, (_, label: string) =>
      /servicetag|regional cidrs/i.test(label) ? '' : label,
    )
    .replace(/`\((?:[^`]*)\)`/g, '') // `(only known after cluster creation)`
    .split(/<br\s*\/?>|\*Or\*|,|\s+or\s+/i);
  return parts.flatMap((part) => {
    const annotation = /\(([^)]*)\)/.exec(part)?.[1] ?? '';
    const subdomains = /specific subdomains of/i.test(part);
    const raw = part
      .replace(/<sup>.*?<\/sup>/g, '')
      .replace(/\([^)]*\)/g, '')
      .replace(/specific subdomains of/i, '')
      .replace(/\*\*/g, '')
      .replace(/`/g, '')
      .trim();
    if (!raw || !/[.*<:]|^[A-Z][A-Za-z]+$/.test(raw)) return [];
    const cloud = cloudOfText(annotation);
    return [{ raw, subdomains, ...(cloud && { cloud }) }];
  });
}

function portAndProtocol(cells: string[], header: string[]): { port?: number; protocol?: 'TCP' | 'UDP' } {
  const portCell = cells[header.findIndex((h) => /^port$/i.test(h))] ?? '';
  const protocolCell = cells[header.findIndex((h) => /^protocol$/i.test(h))] ?? '';
  const port = /(\d+)\D*$/.exec(portCell)?.[1];
  const protocol = /^(TCP|UDP)$/i.exec(protocolCell.replace(/\W/g, ''))?.[1]?.toUpperCase() as
    | 'TCP'
    | 'UDP'
    | undefined;
  return { ...(port && { port: Number(port) }), ...(protocol && { protocol }) };
}

/** Every destination of the endpoint tables (and of the scenario list, where the spec names one) of a Markdown document. */
export function extractTables(markdown: string, spec: TableSpec): TableExtract {
  const rows: ExtractRow[] = [];
  /** The headings above the line, outermost first: `Install Azure Policy Add-on for AKS › Prerequisites`. */
  const headings: string[] = [];
  let heading = '';
  let scenario = '';
  let header: string[] | undefined;
  let inCode = false;
  let inComment = false;
  // The YAML front matter (its `# Customer intent: …` comment is not a heading).
  const lines = markdown.split('\n');
  const frontMatterEnd = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  const kindsOf = (section: string) => spec.sections?.find((s) => s.heading.test(section))?.kinds ?? spec.kinds;
  lines.forEach((line, index) => {
    if (index <= frontMatterEnd) return;
    const trimmed = line.trim();
    if (!inCode && trimmed.startsWith('<!--')) inComment = !trimmed.includes('-->');
    else if (inComment) {
      if (trimmed.includes('-->')) inComment = false;
      return;
    }
    if (trimmed.startsWith('```')) inCode = !inCode;
    if (inCode || trimmed.startsWith('<!--')) return;
    const h = /^(#+)\s+(.*)$/.exec(trimmed);
    if (h) {
      const depth = (h[1] ?? '#').length;
      headings.length = Math.min(headings.length, depth - 1);
      headings[depth - 1] = (h[2] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
      heading = headings.filter(Boolean).join(' › ');
      scenario = '';
      header = undefined;
      return;
    }
    const base = { line: index + 1, kinds: kindsOf(heading), text: trimmed };
    if (spec.scenarioList?.test(heading)) {
      const parent = /^[-*]\s+\[([^\]]+)\]/.exec(trimmed);
      if (parent && !line.startsWith(' ')) scenario = parent[1] ?? '';
      const item = /^\s+[-*]\s+`([^`]+)`\s*$/.exec(line);
      const destination = item && normalizeDestination(item[1] ?? '');
      if (destination && scenario) {
        const cloud = spec.cloud;
        rows.push({
          ...base,
          section: `${heading}: ${scenario}`,
          destination,
          ...(cloud && { cloud }),
          ...(spec.defaultPort && { port: spec.defaultPort }),
        });
      }
      return;
    }
    if (!trimmed.startsWith('|')) {
      header = undefined;
      return;
    }
    const cells = cellsOf(trimmed);
    if (!header) {
      header = cells.map((c) => c.replace(/\*/g, ''));
      return;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) return;
    const { port, protocol } = portAndProtocol(cells, header);
    // A table without a destination column (or a cloud's column) names no endpoint.
    const destinationColumn = header.findIndex((h) => DESTINATION_HEADER.test(h));
    const columns = spec.cloudColumns
      ? spec.cloudColumns.flatMap((c) => {
          const i = header?.findIndex((h) => c.header.test(h)) ?? -1;
          return i < 0 ? [] : [{ cell: cells[i] ?? '', cloud: c.cloud as Cloud | undefined }];
        })
      : destinationColumn < 0
        ? []
        : [{ cell: cells[destinationColumn] ?? '', cloud: undefined }];
    for (const column of columns) {
      for (const d of destinationsOfCell(column.cell)) {
        const normalized = normalizeDestination(d.raw);
        if (!normalized) continue;
        const destination = d.subdomains ? `*.${normalized}` : normalized;
        const cloud = d.cloud ?? column.cloud ?? spec.cloud ?? cloudOfText(heading);
        const ownPort = portIn(d.raw);
        const rowPort = Number.isNaN(ownPort) ? (port ?? spec.defaultPort) : ownPort;
        rows.push({
          ...base,
          section: heading,
          destination,
          ...(cloud && { cloud }),
          ...(rowPort !== undefined && { port: rowPort }),
          ...(protocol && { protocol }),
        });
      }
    }
  });
  return { rows };
}

/** The front matter's `ms.date` (MM/DD/YYYY) as ISO yyyy-mm-dd. */
export function msDateOf(markdown: string): string | undefined {
  const m = /^ms\.date:\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/m.exec(markdown);
  return m ? `${m[3]}-${(m[1] ?? '').padStart(2, '0')}-${(m[2] ?? '').padStart(2, '0')}` : undefined;
}
