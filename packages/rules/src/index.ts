// The knowledge of aro-aks-audit: the required-egress catalog and the checks.

export { ALLOWLIST_COLUMNS, type AllowlistRow, allowlistFor, describedCluster } from './allowlist.ts';
export { FEATURES } from './catalog/features.ts';
export { CATALOG } from './catalog/index.ts';
export { REGIONS, regionByName } from './catalog/regions.ts';
export {
  type ClusterFacts,
  cloudOf,
  clusterFacts,
  describeDestination,
  EGRESS_LOCKDOWN_TAG,
  type ResolutionOptions,
  type ResolvedEndpoint,
  requiredEndpointsFor,
} from './catalog/resolve.ts';
export type {
  CatalogEntry,
  Cloud,
  DestinationTemplate,
  Feature,
  FqdnTagDefinition,
  Region,
  SourceDocument,
} from './catalog/types.ts';
export { ALL_CHECKS, CHECKS } from './checks/index.ts';
export { applyFix } from './fix/apply.ts';
export { type ClusterFixPlan, planFix } from './fix/plan.ts';
export { type FixCheck, type FixHeader, fixJsonOf, renderFixScript } from './fix/render.ts';
export { type Tightening, tighteningsFor } from './fix/tighten.ts';
export { checkFix } from './fix/verify.ts';
export { fixFor, type LeastPrivilegeGroup, leastPrivilegeGroupFor } from './fixes.ts';
export { type ClusterDeclaration, type RulesSettings, resolutionOptionsFor } from './settings.ts';
