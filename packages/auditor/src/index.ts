// The public surface of the auditor: the mechanism (collect, normalize, evaluate, engine, report).
// Other packages import only from here (and from ./testing in tests).

export * from './collect/files.ts';
export * from './collect/log-evidence-document.ts';
export * from './collect/logs.ts';
export * from './collect/snapshot.ts';
export * from './engine/analysis.ts';
export * from './engine/baseline.ts';
export * from './engine/check.ts';
export * from './engine/fingerprint.ts';
export * from './engine/run.ts';
export * from './engine/suppressions.ts';
export * from './evaluate/addresses.ts';
export * from './evaluate/fqdn.ts';
export * from './evaluate/program.ts';
export * from './evaluate/routes.ts';
export * from './evaluate/rule-containment.ts';
export * from './evaluate/traffic.ts';
export * from './ingest/aggregate.ts';
export * from './ingest/evidence.ts';
export * from './ingest/kql.ts';
export * from './ingest/legacy-message.ts';
export * from './ingest/parser.ts';
export * from './ingest/sources.ts';
export * from './model/finding.ts';
export * from './model/flows.ts';
export * from './model/inventory.ts';
export * from './model/raw.ts';
export * from './normalize/index.ts';
export * from './report/csv.ts';
export * from './report/html.ts';
export * from './report/json.ts';
export * from './report/markdown.ts';
export * from './report/ocsf.ts';
export * from './report/sarif.ts';
export * from './report/summary.ts';
export * from './report/visible-text.ts';
