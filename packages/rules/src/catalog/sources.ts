import type { SourceDocument } from './types.ts';

/** Documents that more than one part of the catalog cites. */

/** MON: the Azure Monitor team's list per cloud, for AKS and Arc (MicrosoftDocs/azure-monitor-docs @03ff4842). */
export const MON: SourceDocument = {
  title: 'Network firewall requirements for monitoring Kubernetes clusters',
  url: 'https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-firewall',
  date: '2025-08-25',
};
