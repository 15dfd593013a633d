// Live collection from Azure: the only code that imports the Azure SDKs. Loaded on demand by the CLI
// (`@aro-aks-audit/auditor/azure`), so an offline audit never loads them.
export * from './arm-reader.ts';
export * from './clouds.ts';
export * from './collect.ts';
export * from './credential.ts';
export * from './log-analytics.ts';
export * from './metrics.ts';
export * from './resource-graph.ts';
