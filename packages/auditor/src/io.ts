// The auditor's I/O: reading resource and log files, the log worker threads, snapshots written to
// disk. Only the shell (the cli package) imports it; the rules package may not (biome.json).

export type { FileSystemAccess } from './collect/files.ts';
export {
  collectFiles,
  decodeText,
  InputDirectoryError,
  jsonErrorLocation,
  lineAndColumn,
  locateJsonError,
  NODE_FILE_SYSTEM,
  parseResourceDocument,
} from './collect/files.ts';
export type { LogEvidenceDocument } from './collect/log-evidence-document.ts';
export {
  isLogEvidenceDocument,
  LOG_EVIDENCE_TYPE,
  logEvidenceDocument,
  logEvidenceFileName,
  logEvidenceOf,
} from './collect/log-evidence-document.ts';
export type { LogFileEvidenceOptions } from './collect/logs.ts';
export { prepareLogWorkers, readLogFile, readLogFileEvidence } from './collect/logs.ts';
export type { SnapshotDocument, SnapshotManifest } from './collect/snapshot.ts';
export {
  isSnapshotManifest,
  SNAPSHOT_MANIFEST_FILE,
  SNAPSHOT_MANIFEST_TYPE,
  snapshotDocuments,
  snapshotErrors,
} from './collect/snapshot.ts';
