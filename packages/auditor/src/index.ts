// The pure API of the auditor: model, normalize, evaluate, ingest (parsing and aggregation of log
// text handed to it), engine and report. Nothing exported here touches the disk, the network, the
// process or a thread (exports.test.ts checks it): I/O is `@aro-aks-audit/auditor/io`, Azure is
// `@aro-aks-audit/auditor/azure`.

export { applyChanges, type ProposedState } from './change/apply.ts';
export { directoryChangeSet } from './change/arm-directory.ts';
export { compareAudits, type WhatIfComparisonInput } from './change/compare.ts';
export { parseChangeDocument } from './change/detect.ts';
export type {
  AssociateOperation,
  ChangeError,
  ChangeFormat,
  ChangeOperation,
  ChangeSet,
  DeleteOperation,
  JsonObject,
  PutOperation,
  ResourceChange,
  UnknownValue,
  UnreadableChange,
} from './change/types.ts';
export { describeUnknown, markUnknowns } from './change/unknowns.ts';
export { compareWithBaseline, parseBaseline } from './engine/baseline.ts';
export type {
  Check,
  CheckContext,
  CheckMeta,
  ClusterContribution,
  FindingDraft,
  MessageData,
  MissingKey,
} from './engine/check.ts';
export { defineCheck, renderMessage } from './engine/check.ts';
export { fingerprint } from './engine/fingerprint.ts';
export type { AuditInput } from './engine/run.ts';
export { AUDIT_ERROR_CHECK, compareFindings, runAudit, summarizeCheck, toFinding } from './engine/run.ts';
export type { Suppression } from './engine/suppressions.ts';
export { applySuppressions, globToRegExp, isExpired, parseSuppressions } from './engine/suppressions.ts';
export type { AddressRange, AddressSpec } from './evaluate/addresses.ts';
export {
  formatRange,
  intersectRanges,
  mergeRanges,
  parseAddressSpec,
  prefixLength,
  rangeContainment,
  rangesSize,
  subtractRanges,
} from './evaluate/addresses.ts';
export type { BranchContext, BranchVerdict, DecidedBy } from './evaluate/branch-traffic.ts';
export { evaluateOnBranch } from './evaluate/branch-traffic.ts';
export type { EgressBranch, EgressSubnet } from './evaluate/egress-branches.ts';
export type { Analysis, EgressPath } from './evaluate/egress-paths.ts';
export { createAnalysis, EGRESS_FIREWALL_TAG } from './evaluate/egress-paths.ts';
export type { Containment, FqdnPattern, ParsedFqdnPattern } from './evaluate/fqdn.ts';
export { fqdnContainment, fqdnMatches, normalizeFqdn, parseFqdnPattern } from './evaluate/fqdn.ts';
export type { LearnedNextHop, LearnedRoute } from './evaluate/learned-routes.ts';
export { learnedRoutesOf } from './evaluate/learned-routes.ts';
export type { DnsProxySetting, FirewallProgram, ProgramEntry, ProgramResult } from './evaluate/program.ts';
export {
  compileFirewallProgram,
  dnsProxySettingOf,
  policyChainOf,
  policyDnsProxySetting,
} from './evaluate/program.ts';
export type { PreparedApplicationRule, PreparedNetworkRule, ReachingRule } from './evaluate/reach.ts';
export { allowRulesFrom } from './evaluate/reach.ts';
export type { DestinationRoute, RouteOutcome, RouteSegment, RouteVerdict } from './evaluate/routes.ts';
export {
  firewallByPrivateIp,
  firewallVirtualNetworkId,
  internetRouteVerdict,
  PUBLIC_INTERNET,
} from './evaluate/routes.ts';
export type { Cover, CoverContext, CoverDetail } from './evaluate/rule-containment.ts';
export { coverDetail, ruleCovers } from './evaluate/rule-containment.ts';
export type { PreparedRule } from './evaluate/rule-facts.ts';
export { ruleSignature } from './evaluate/rule-facts.ts';
export type { CoveringRule, RuleCoverage, ShadowingAnalysis } from './evaluate/shadowing.ts';
export { findShadowing } from './evaluate/shadowing.ts';
export type {
  Decision,
  Destination,
  EvaluationOptions,
  Match,
  TraceStep,
  TrafficClass,
  Verdict,
} from './evaluate/traffic.ts';
export { DEFAULT_DENY, evaluateTraffic } from './evaluate/traffic.ts';
export {
  associatedRouteTableIdOf,
  hubConnectionsOf,
  hubFirewallOf,
  hubRouteTableOf,
  routingIntentOf,
  routingPolicyFor,
  virtualHubRoutesOf,
} from './evaluate/virtual-hub.ts';
export type { FlowAggregator, FlowAggregatorOptions } from './ingest/aggregate.ts';
export { createFlowAggregator, decidedBy, HOUR_MS, hourOf } from './ingest/aggregate.ts';
export type { LogEvidenceBuilder } from './ingest/evidence.ts';
export { createLogEvidenceBuilder, mergeLogEvidence, sumHourlyHits } from './ingest/evidence.ts';
export type { RawRowsQuery } from './ingest/kql.ts';
export { rawRowsQuery, rawRowsQueryOf } from './ingest/kql.ts';
export type { LegacyFlowFields, LegacyMessage, LegacyMessageKind } from './ingest/legacy-message.ts';
export { parseLegacyMessage } from './ingest/legacy-message.ts';
export type { LogParser, LogParserOptions } from './ingest/parser.ts';
export { createLogParser, ValuesRowSource } from './ingest/parser.ts';
export type { SourceClassifier, SourceGroup } from './ingest/sources.ts';
export { classifierFor, sourceGroupsOf, subnetGroupName } from './ingest/sources.ts';
export { recognizeColumns } from './ingest/tables.ts';
export { TimestampParser } from './ingest/values.ts';
export type { ArmId } from './model/arm-id.ts';
export { parseArmId } from './model/arm-id.ts';
export { compareText } from './model/compare.ts';
export type {
  AuditError,
  AuditNote,
  AuditResult,
  AuditScope,
  BaselineComparison,
  BeyondRequiredRule,
  CheckSummary,
  ClusterEgressPath,
  ClusterVerdict,
  ClusterVerdictKind,
  CoverageEntry,
  CoverageVerdict,
  Evidence,
  Finding,
  FindingCluster,
  FindingEndpoint,
  FindingResource,
  LogReport,
  LogSourceReport,
  Remediation,
  Severity,
  Status,
} from './model/finding.ts';
export { SEVERITIES, severityRank } from './model/finding.ts';
export type {
  FlowAction,
  FlowAggregate,
  FlowRecord,
  HourlyHits,
  LogEvidence,
  LogSourceSummary,
  LogTable,
} from './model/flows.ts';
export { logWindowOf } from './model/flows.ts';
export type {
  ApplicationProtocol,
  ApplicationProtocolType,
  ApplicationRule,
  Cluster,
  ClusterKind,
  CollectionAction,
  Firewall,
  FirewallIpConfiguration,
  FirewallPolicy,
  FirewallRule,
  HubRoute,
  HubRouteTable,
  HubVirtualNetworkConnection,
  HubVnetStaticRoute,
  Inventory,
  InventoryNote,
  IpGroup,
  IpProtocol,
  MetricSummary,
  NatGateway,
  NatRule,
  NetworkRule,
  NextHopType,
  NodePool,
  Origin,
  OutboundDependency,
  PublicIp,
  PublicIpPrefix,
  ResourceBase,
  Route,
  RouteTable,
  RoutingIntent,
  RoutingPolicy,
  RuleCollection,
  RuleCollectionGroup,
  RuleKind,
  ServiceTag,
  Subnet,
  SubResourceRef,
  Unavailable,
  VirtualHub,
  VirtualNetwork,
  VirtualNetworkPeering,
  VirtualWan,
} from './model/inventory.ts';
export {
  emptyCluster,
  emptyInventory,
  findById,
  idKey,
  isVirtualHubPeering,
  virtualHubIdOf,
} from './model/inventory.ts';
export type { CollectedResources, InputError, RawResource } from './model/raw.ts';
export type { VerdictChange, WhatIfChange, WhatIfResult } from './model/what-if.ts';
export { INCOMPLETE as WHAT_IF_INCOMPLETE } from './model/what-if.ts';
export type { NormalizeOptions, NormalizeResult, ResourceType } from './normalize/index.ts';
export { canonicalType, normalizeResources, RESOURCE_TYPES } from './normalize/index.ts';
export type { ReferenceRow } from './normalize/references.ts';
export { REFERENCES, unresolvedReferences } from './normalize/references.ts';
export { CSV_COLUMNS, csvChunks, renderCsv, renderCsvChunks, toCsv } from './report/csv.ts';
export { escapeHtml, type HtmlView, jsonForScript, renderHtml } from './report/html.ts';
export { renderJson, renderJsonChunks } from './report/json.ts';
export { escapeMarkdown, renderMarkdown } from './report/markdown.ts';
export { OCSF_VERSION, ocsfFindings, renderOcsf } from './report/ocsf.ts';
export type { SarifOptions } from './report/sarif.ts';
export { renderSarif, SARIF_FINGERPRINT_KEY, SARIF_SCHEMA_URI, sarifLog } from './report/sarif.ts';
export type { ResultSummary, SeverityCount } from './report/summary.ts';
export {
  incompleteNotice,
  isOpen,
  isOptionalEndpointNotice,
  openCountsText,
  optionalEndpointKeys,
  summarize,
} from './report/summary.ts';
export { jsonText, visibleLine, visibleText } from './report/visible-text.ts';
export { renderWhatIfMarkdown } from './report/what-if-markdown.ts';
export { renderWhatIfHtml, renderWhatIfJson, renderWhatIfSarif } from './report/what-if-views.ts';
