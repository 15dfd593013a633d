// Live collection from Azure: the only code that imports the Azure SDKs. Loaded on demand by the CLI
// (`@aro-aks-audit/auditor/azure`), so an offline audit never loads them.
export * from './arm-reader.ts';
export * from './clouds.ts';
export * from './collect.ts';
export * from './credential.ts';
export * from './duration.ts';
export * from './log-analytics.ts';
export type { LogAnalyticsTarget, LogQueryWindow, LogsQuerier } from './log-query.ts';
export { createLogsQueryClient, describeQueryError, isLimitError } from './log-query.ts';
export type { WorkspaceDiscovery } from './log-workspaces.ts';
export { findLogWorkspaces } from './log-workspaces.ts';
export * from './metrics.ts';
export * from './resource-graph.ts';
