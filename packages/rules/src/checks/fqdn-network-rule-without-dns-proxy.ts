import {
  type Check,
  type DnsProxySetting,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type FindingResource,
  type FirewallPolicy,
  type FirewallRule,
  idKey,
  type NetworkRule,
  policyChainOf,
  policyDnsProxySetting,
} from '@aro-aks-audit/auditor';
import { policiesInUse } from '../rule-order.ts';
import type { RulesSettings } from '../settings.ts';
import { scopeArguments, shellQuote } from '../shell.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  proxyOn: 'Network rule {{rule}} names destination FQDNs ({{fqdns}}) and DNS proxy is enabled on {{setting}}.',
  proxyOff:
    'Network rule {{rule}} names destination FQDNs ({{fqdns}}) but DNS proxy is off on {{setting}}. The documentation says "You must enable DNS Proxy to use FQDNs in your network rules": without it the firewall and the clients can resolve the names to different addresses, and the rule misses the connections it was written for.',
  basicSku:
    'Network rule {{rule}} names destination FQDNs ({{fqdns}}) but firewall {{firewall}} is a Basic firewall, which has no DNS proxy and no FQDN filtering in network rules{{requested}}: the rule does not match the names it was written for.',
  wildcardFqdn:
    'Network rule {{rule}} names the wildcard FQDN {{fqdn}}: FQDN filtering in network rules does not support wildcards, so the rule does not match the names it was written for.',
  noFqdnRules: 'No network rule of {{target}} names a destination FQDN.',
  rulesUnreadable: 'The network rules of {{target}} could not be read completely: {{cause}}.',
} as const;

type MessageId = keyof typeof messages;

const FQDN_DOC = 'https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules';
const SKU_DOC = 'https://learn.microsoft.com/azure/firewall/features-by-sku';

const isWildcard = (fqdn: string) => fqdn.includes('*');

/** A network rule that names destination FQDNs, with the portal-style path that names it. */
interface FqdnRule {
  rule: NetworkRule;
  path: string;
  resourceId: string;
}

/** Where the DNS proxy setting that applies is, how it came to apply, and how to turn it on. */
interface DnsSetting {
  proxy: DnsProxySetting;
  /** `policy afwp-child`, `firewall afw (classic, additionalProperties Network.DNS.EnableProxy)`. */
  description: string;
  /** The Basic firewall whose SKU has no DNS proxy, whatever the setting says. */
  basicFirewall?: string;
  evidence: Evidence;
  cli: string;
}

/** The setting a policy's chain gives it; the command turns it on where the policy would set its own. */
function policySetting(policy: FirewallPolicy, proxy: DnsProxySetting): DnsSetting {
  return {
    proxy,
    description: `policy ${policy.name}`,
    evidence: {
      kind: 'resource',
      label: `${proxy.setOn?.name ?? policy.name}: dnsSettings.enableProxy`,
      detail: `${proxy.enabled} (${proxy.source})`,
      resourceId: proxy.setOn?.id ?? policy.id,
    },
    cli: `az network firewall policy update ${scopeArguments(policy.id)} --name ${shellQuote(policy.name)} --enable-dns-proxy true`,
  };
}

function* verdicts(
  rules: FqdnRule[],
  setting: DnsSetting,
  base: { resource: FindingResource },
  target: string,
): Generator<FindingDraft<MessageId>> {
  if (rules.length === 0) {
    yield { ...base, status: 'skip', messageId: 'noFqdnRules', subject: 'dns-proxy', data: { target } };
    return;
  }
  for (const { rule, path, resourceId } of rules) {
    const ruleEvidence: Evidence = {
      kind: 'rule',
      label: path,
      detail: `destination FQDNs ${rule.destinationFqdns.join(', ')}; protocols ${rule.ipProtocols.join(', ')}; ports ${rule.destinationPorts.join(', ')}`,
      resourceId,
    };
    for (const fqdn of rule.destinationFqdns.filter(isWildcard)) {
      yield {
        ...base,
        status: 'fail',
        messageId: 'wildcardFqdn',
        subject: `${path} [${fqdn}]`,
        data: { rule: path, fqdn },
        evidence: [ruleEvidence],
        remediation: {
          text: `Replace ${fqdn} in ${path} with the exact names, or move the traffic to an application rule (HTTP, HTTPS and MSSQL), where target FQDNs may start with a wildcard.`,
        },
      };
    }
    const exact = rule.destinationFqdns.filter((f) => !isWildcard(f));
    if (exact.length === 0) continue;
    const data = { rule: path, fqdns: exact.join(', '), setting: setting.description };
    if (setting.basicFirewall !== undefined) {
      // https://learn.microsoft.com/azure/firewall/features-by-sku: Basic "DNS proxy: Not available",
      // "Network FQDN filtering: Not supported".
      yield {
        ...base,
        status: 'fail',
        messageId: 'basicSku',
        subject: path,
        data: {
          ...data,
          firewall: setting.basicFirewall,
          requested: setting.proxy.requested ? ', although its DNS settings enable the proxy' : '',
        },
        evidence: [ruleEvidence, setting.evidence],
        remediation: {
          text: `Upgrade ${setting.basicFirewall} to the Standard SKU (${SKU_DOC}) and enable DNS proxy there, or replace the FQDNs with IP addresses, or with an application rule for HTTP, HTTPS and MSSQL.`,
        },
      };
    } else if (setting.proxy.enabled) {
      yield { ...base, status: 'pass', messageId: 'proxyOn', subject: path, data };
    } else {
      yield {
        ...base,
        status: 'fail',
        messageId: 'proxyOff',
        subject: path,
        data,
        evidence: [ruleEvidence, setting.evidence],
        remediation: {
          text: `Enable DNS proxy on ${setting.description} and set the DNS servers of the clients' virtual networks to the firewall's private IP address, so that the firewall and the clients resolve the names alike (${FQDN_DOC}); or replace the FQDNs with IP addresses, or with an application rule for HTTP, HTTPS and MSSQL.`,
          cli: setting.cli,
        },
      };
    }
  }
}

const fqdnRulesOf = (entries: { rule: FirewallRule; path: string; resourceId: string }[]): FqdnRule[] =>
  entries.flatMap(({ rule, path, resourceId }) =>
    rule.kind === 'network' && rule.destinationFqdns.length > 0 ? [{ rule, path, resourceId }] : [],
  );

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'fqdn-network-rule-without-dns-proxy',
    code: 'AZFW203',
    severity: 'high',
    title: 'Network rules name destination FQDNs only where DNS proxy is enabled',
    risk: 'Azure Firewall resolves the FQDNs of network rules itself; without DNS proxy the clients may resolve them to other addresses, so required traffic is denied intermittently or a deny rule misses it. Wildcard FQDNs in network rules are not supported at all.',
    remediation:
      "Enable DNS proxy in the Firewall Policy's DNS settings (or on the classic firewall) and point the clients' DNS servers at the firewall's private IP address; use exact names, not wildcards, in network rules, and application rules for HTTP, HTTPS and MSSQL.",
    references: [
      FQDN_DOC,
      'https://learn.microsoft.com/azure/firewall/dns-settings',
      SKU_DOC,
      'https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall',
    ],
    messages,
  },
  *run({ inventory, analysis }): Generator<FindingDraft<MessageId>> {
    for (const firewall of inventory.firewalls) {
      const base = { resource: resourceOf(firewall) };
      const target = `firewall ${firewall.name}`;
      const compiled = analysis.programOf(firewall);
      if (!compiled.ok) {
        yield {
          ...base,
          status: 'unknown',
          messageId: 'rulesUnreadable',
          subject: 'dns-proxy',
          data: { target, cause: compiled.cause },
          evidence: compiled.missing.map((id) => ({ kind: 'resource', label: id, detail: 'not in the input' })),
        };
        continue;
      }
      const { program } = compiled;
      const leaf = inventory.firewallPolicies.find(
        (p) => firewall.policyId && idKey(p.id) === idKey(firewall.policyId),
      );
      const basic = program.dnsProxy.requested !== undefined ? { basicFirewall: firewall.name } : {};
      const setting: DnsSetting = leaf
        ? { ...policySetting(leaf, program.dnsProxy), ...basic }
        : {
            proxy: program.dnsProxy,
            ...basic,
            description: `firewall ${firewall.name} (classic, additionalProperties Network.DNS.EnableProxy)`,
            evidence: {
              kind: 'resource',
              label: `${firewall.name}: additionalProperties Network.DNS.EnableProxy`,
              detail:
                Object.entries(firewall.additionalProperties).find(
                  ([k]) => k.toLowerCase() === 'network.dns.enableproxy',
                )?.[1] ?? 'not set (off)',
              resourceId: firewall.id,
            },
            cli: `az network firewall update ${scopeArguments(firewall.id)} --name ${shellQuote(firewall.name)} --enable-dns-proxy true`,
          };
      yield* verdicts(fqdnRulesOf(program.network), setting, base, target);
    }

    // A policy no firewall in the input uses is checked on its own rules and settings.
    const inUse = policiesInUse(inventory);
    for (const policy of inventory.firewallPolicies) {
      if (inUse.has(idKey(policy.id))) continue;
      const base = { resource: resourceOf(policy) };
      const target = `policy ${policy.name}`;
      const groups = inventory.ruleCollectionGroups.filter((g) => idKey(g.policyId) === idKey(policy.id));
      const missing = policy.ruleCollectionGroupIds.filter((id) => !groups.some((g) => idKey(g.id) === idKey(id)));
      if (missing.length > 0) {
        yield {
          ...base,
          status: 'unknown',
          messageId: 'rulesUnreadable',
          subject: 'dns-proxy',
          data: { target, cause: `not in the input: ${missing.join(', ')}` },
          evidence: missing.map((id) => ({ kind: 'resource', label: id, detail: 'not in the input' })),
        };
        continue;
      }
      const entries = groups.flatMap((g) =>
        g.collections.flatMap((c) =>
          c.rules.map((rule) => ({
            rule,
            path: `${policy.name} / ${g.name} / ${c.name} / ${rule.name}`,
            resourceId: g.id,
          })),
        ),
      );
      const setting = policySetting(policy, policyDnsProxySetting(policyChainOf(inventory, policy.id).chain));
      yield* verdicts(fqdnRulesOf(entries), setting, base, target);
    }
  },
});

export default check;
