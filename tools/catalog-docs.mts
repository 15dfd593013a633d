// Holds the required-egress catalog against the Microsoft documents it follows.
//
//   ./run node tools/catalog-docs.mts                       walk every extract in fixtures/docs/: rows the catalog
//                                                          lacks, entries their document does not back
//   ./run node tools/catalog-docs.mts NAME FILE.md [--commit SHA] [--committed YYYY-MM-DD] [--write]
//                                                          read a (newer) copy of document NAME, print what changed
//                                                          against fixtures/docs/NAME.json and what the catalog
//                                                          lacks; --write replaces the extract
//
// NAME is one of the names in packages/rules/src/catalog/documents.ts (DOCUMENTS). The exit code is 1 when the
// catalog lacks a row or cites a document for a name it does not hold, so the tool can gate a refresh.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../packages/rules/src/catalog/index.ts';
import { extractTables, msDateOf } from '../packages/rules/src/catalog/document-tables.ts';
import {
  compareExtracts,
  DOCUMENTS,
  type DocumentExtract,
  type DocumentSpec,
  extractOf,
  unbackedEntries,
  unmodelledRows,
} from '../packages/rules/src/catalog/documents.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const extractPath = (name: string) => path.join(ROOT, 'fixtures/docs', `${name}.json`);
const readExtract = (name: string): DocumentExtract => JSON.parse(readFileSync(extractPath(name), 'utf8'));

function report(spec: DocumentSpec, extract: DocumentExtract): number {
  const missing = unmodelledRows(spec, extract, CATALOG);
  const unbacked = unbackedEntries(spec, extract, CATALOG);
  const v = extract.document;
  console.log(`${spec.name}: ${v.repository} ${v.path} @${v.commit ?? '(commit not known)'}, ms.date ${v.msDate}, ${extract.rows.length} rows`);
  for (const row of missing)
    console.log(`  no catalog entry: line ${row.line}: ${row.destination} (${row.cloud ?? 'any cloud'}, port ${row.port ?? 443}) in ${row.section}`);
  for (const entry of unbacked) console.log(`  not in the document: ${entry.id} (${entry.destinations.map((d) => JSON.stringify(d)).join(', ')})`);
  return missing.length + unbacked.length;
}

function refresh(name: string, file: string, flags: string[]): number {
  const spec = DOCUMENTS.find((d) => d.name === name);
  if (!spec) {
    console.error(`unknown document ${name} (known: ${DOCUMENTS.map((d) => d.name).join(', ')})`);
    return 2;
  }
  const markdown = readFileSync(file, 'utf8');
  const flag = (n: string) => {
    const i = flags.indexOf(n);
    return i >= 0 ? flags[i + 1] : undefined;
  };
  const commit = flag('--commit');
  const committed = flag('--committed');
  const msDate = msDateOf(markdown);
  const fresh = extractOf(spec, extractTables(markdown, spec.table).rows, {
    ...(commit && { commit }),
    ...(committed && { committed }),
    ...(msDate && { msDate }),
  });
  let vendored: DocumentExtract | undefined;
  try {
    vendored = readExtract(name);
  } catch {
    console.log(`${name}: no vendored extract yet`);
  }
  if (vendored) {
    const { added, removed } = compareExtracts(vendored, fresh);
    console.log(`${name}: ms.date ${vendored.document.msDate} → ${fresh.document.msDate}; ${added.length} rows added, ${removed.length} removed`);
    for (const row of added) console.log(`  + ${row}`);
    for (const row of removed) console.log(`  - ${row}`);
  }
  if (flags.includes('--write')) {
    writeFileSync(extractPath(name), `${JSON.stringify(fresh, null, 2)}\n`);
    console.log(`wrote ${path.relative(ROOT, extractPath(name))}; update the document's commit and date in packages/rules/src/catalog/sources.ts`);
  }
  return report(spec, fresh);
}

const [name, file, ...flags] = process.argv.slice(2);
const problems =
  name && file ? refresh(name, file, flags) : DOCUMENTS.reduce((n, spec) => n + report(spec, readExtract(spec.name)), 0);
process.exitCode = problems > 0 ? 1 : 0;
