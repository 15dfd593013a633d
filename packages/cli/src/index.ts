export { type AuditOptions, auditDirectory } from './audit.ts';
export { EXIT } from './exit-codes.ts';
export { exitCodeFor, type Io, main } from './main.ts';
