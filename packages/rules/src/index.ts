// The knowledge of aro-aks-audit: the required-egress catalog and the checks.
export {
  CATALOG,
  cloudOf,
  describeDestination,
  type ResolvedEndpoint,
  requiredEndpointsFor,
} from './catalog/resolve.ts';
export type { CatalogEntry, Cloud, DestinationTemplate, SourceDocument } from './catalog/types.ts';
export { ALL_CHECKS, CHECKS } from './checks/index.ts';
export type { RulesSettings } from './settings.ts';
