import path from 'node:path';
import type { AuditResult, CheckSummary, Finding, Severity } from '../model/finding.ts';
import { jsonText } from './visible-text.ts';

/**
 * `findings.sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One rule per check
 * (its permanent code is the rule id), one result per failing or undecided finding (suppressed ones
 * carry a SARIF suppression), the finding id as partial fingerprint so alerts keep their identity
 * across runs, the Azure resource id as logical location. Code scanning needs a physical location on
 * every result: the snapshot file the resource was read from when audited offline, else a path
 * `azure/<resource id>` that names the resource (code scanning shows it without a file).
 */

export interface SarifOptions {
  /** Directory physical locations are relative to (the repository root in CI); the CLI passes its cwd. */
  root?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub code scanning reads `security-severity` (0–10) to rank security alerts: >= 9 critical, >= 7 high,
// >= 4 medium, > 0 low.
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of the finding fingerprint in `partialFingerprints`; versioned so a new scheme never collides. */
export const SARIF_FINGERPRINT_KEY = 'aroAksAuditFindingId/v1';

function rule(check: CheckSummary) {
  const securitySeverity = SECURITY_SEVERITY[check.severity];
  const helpUri = check.references.find((r) => /^https:\/\//.test(r));
  return {
    id: check.code,
    name: check.id,
    shortDescription: { text: check.title },
    fullDescription: { text: check.risk },
    help: {
      text: [check.remediation, ...check.references].join('\n'),
      markdown: [check.remediation, '', ...check.references.map((r) => `- ${r}`)].join('\n'),
    },
    ...(helpUri && { helpUri }),
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags: ['security', 'azure-firewall', 'kubernetes', check.id],
      ...(securitySeverity && { 'security-severity': securitySeverity }),
    },
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The artifact a finding points at: its snapshot file, else a stand-in path naming the Azure resource. */
function artifactUri(finding: Finding, result: AuditResult, options: SarifOptions): string {
  const input = result.scope.inputs[0];
  if (finding.origin && input !== undefined) {
    const file = path.join(input, ...finding.origin.file.split('/'));
    if (options.root !== undefined && path.isAbsolute(file)) {
      const relative = path.relative(options.root, file);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) return encodeURI(toPosix(relative));
    }
    if (!path.isAbsolute(file)) return encodeURI(toPosix(file));
    const posix = toPosix(file);
    return `file://${posix.startsWith('/') ? '' : '/'}${encodeURI(posix)}`;
  }
  return encodeURI(`azure${finding.resourceId.startsWith('/') ? '' : '/'}${finding.resourceId.toLowerCase()}`);
}

function sarifResult(finding: Finding, ruleIndex: number, result: AuditResult, options: SarifOptions) {
  return {
    ruleId: finding.code,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: {
      text: finding.status === 'unknown' ? `Could not be decided: ${finding.message}` : finding.message,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactUri(finding, result, options) } },
        logicalLocations: [{ fullyQualifiedName: finding.resourceId, name: finding.resource.name, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.id },
    ...(finding.suppressed && {
      suppressions: [
        {
          kind: 'external',
          status: 'accepted',
          justification: `${finding.suppressed.reason}${finding.suppressed.owner ? ` (owner: ${finding.suppressed.owner})` : ''}`,
        },
      ],
    }),
    properties: {
      checkId: finding.checkId,
      status: finding.status,
      severity: finding.severity,
      ...(finding.subject !== undefined && { subject: finding.subject }),
      ...(finding.cluster && { cluster: finding.cluster.name }),
      ...(finding.endpoint && { endpoint: finding.endpoint }),
      ...(finding.change && { change: finding.change }),
      ...(finding.origin?.pointer && { jsonPointer: finding.origin.pointer }),
      evidence: finding.evidence.map((e) => (e.detail ? `${e.label}: ${e.detail}` : e.label)),
      remediation: finding.remediation.text,
      ...(finding.remediation.cli && { remediationCli: finding.remediation.cli }),
    },
  };
}

export function sarifLog(result: AuditResult, options: SarifOptions = {}) {
  const ruleIndex = new Map(result.checks.map((c, i) => [c.code, i]));
  const results = result.findings
    .filter((f) => f.status === 'fail' || f.status === 'unknown')
    .flatMap((f) => {
      const index = ruleIndex.get(f.code);
      return index === undefined ? [] : [sarifResult(f, index, result, options)];
    });
  const semver = /^\d+\.\d+\.\d+/.test(result.tool.version);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            ...(semver && { semanticVersion: result.tool.version }),
            rules: result.checks.map(rule),
          },
        },
        invocations: [
          {
            executionSuccessful: !result.incomplete,
            endTimeUtc: result.generatedAt,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: 'error',
              message: { text: `${e.source}: ${e.message}` },
            })),
          },
        ],
        results,
        properties: { scope: result.scope, incomplete: result.incomplete },
      },
    ],
  };
}

export function renderSarif(result: AuditResult, options: SarifOptions = {}): string {
  return `${jsonText(sarifLog(result, options), 2)}\n`;
}
