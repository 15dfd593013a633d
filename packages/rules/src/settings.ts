import type { Cluster, Inventory } from '@aro-aks-audit/auditor';
import type { ResolutionOptions } from './catalog/resolve.ts';
import type { CatalogEntry, Feature } from './catalog/types.ts';

/** What the user says about a cluster that its Azure resource does not show. */
export interface ClusterDeclaration {
  features?: readonly Feature[];
  aroEgressLockdown?: boolean;
}

/** What the rules' checks read from the audit's settings. */
export interface RulesSettings {
  /** Replaces the built-in catalog (tests use small inline catalogs). */
  catalog?: readonly CatalogEntry[];
  /** Declarations per cluster, keyed by cluster name (case-insensitive). */
  clusters?: Readonly<Record<string, ClusterDeclaration>>;
}

export function resolutionOptionsFor(
  cluster: Cluster,
  inventory: Inventory,
  settings: RulesSettings | undefined,
): ResolutionOptions {
  const declared = Object.entries(settings?.clusters ?? {}).find(
    ([name]) => name.toLowerCase() === cluster.name.toLowerCase(),
  )?.[1];
  return {
    inventory,
    ...(settings?.catalog && { catalog: settings.catalog }),
    ...(declared?.features && { declaredFeatures: declared.features }),
    ...(declared?.aroEgressLockdown !== undefined && { aroEgressLockdown: declared.aroEgressLockdown }),
  };
}
