// The public surface of the auditor: the mechanism (collect, normalize, evaluate, engine, report).
// Other packages import only from here (and from ./testing in tests).

export * from './collect/files.ts';
export * from './model/inventory.ts';
export * from './model/raw.ts';
export * from './normalize/index.ts';
