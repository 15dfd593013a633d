/**
 * Azure Firewall in Terraform (hashicorp/terraform-provider-azurerm, website/docs/r/*.html.markdown):
 * `azurerm_firewall`, `azurerm_firewall_policy`, `azurerm_firewall_policy_rule_collection_group` and
 * the classic `azurerm_firewall_{application,network,nat}_rule_collection`, as the ARM bodies of
 * `Microsoft.Network/azureFirewalls` (classic collections inside it), `firewallPolicies` and
 * `firewallPolicies/ruleCollectionGroups`.
 */
import type { JsonObject } from '../types.ts';
import { childId } from './ids.ts';
import {
  armResource,
  childOfNamed,
  childOfReferenced,
  compact,
  keepWhole,
  nonEmpty,
  refTo,
  type TfContext,
  type TfMapping,
  topLevelId,
} from './mapping.ts';
import type { TfObject } from './values.ts';

const FIREWALLS = 'Microsoft.Network/azureFirewalls';
const POLICIES = 'Microsoft.Network/firewallPolicies';
const GROUPS = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';

function ipConfiguration(config: TfObject, firewallId: string, context: TfContext): JsonObject {
  const name = config.str('name') ?? '';
  return {
    name,
    // The id live ARM gives a firewall's ip configuration; the normalizer ties public IPs to it.
    id: childId(firewallId, 'azureFirewallIpConfigurations', name),
    properties: compact({
      subnet: refTo(context.ref(config, 'subnet_id')),
      publicIPAddress: refTo(context.ref(config, 'public_ip_address_id')),
      privateIPAddress: config.str('private_ip_address'),
    }),
  };
}

/** `dns_proxy_enabled`, `dns_servers` and `private_ip_ranges` are the firewall's additionalProperties in ARM. */
function additionalProperties(firewall: TfObject): JsonObject | undefined {
  const proxy = firewall.bool('dns_proxy_enabled');
  const servers = firewall.strings('dns_servers');
  const ranges = firewall.strings('private_ip_ranges');
  const out = compact({
    'Network.DNS.EnableProxy': proxy === undefined ? undefined : String(proxy),
    'Network.DNS.Servers': servers.length > 0 ? servers.join(',') : undefined,
    'Network.SNAT.PrivateRanges': ranges.length > 0 ? ranges.join(',') : undefined,
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

export const firewall: TfMapping = {
  armType: FIREWALLS,
  id: topLevelId(FIREWALLS),
  put(after, id, context) {
    const hub = after.block('virtual_hub');
    const management = after.block('management_ip_configuration');
    const properties = {
      sku: compact({ name: after.str('sku_name'), tier: after.str('sku_tier') }),
      threatIntelMode: after.str('threat_intel_mode'),
      firewallPolicy: refTo(context.ref(after, 'firewall_policy_id')),
      ipConfigurations: after.blocks('ip_configuration').map((c) => ipConfiguration(c, id, context)),
      managementIpConfiguration: management ? ipConfiguration(management, id, context) : undefined,
      virtualHub: hub ? refTo(context.ref(hub, 'virtual_hub_id')) : undefined,
      hubIPAddresses: hub
        ? compact({
            privateIPAddress: hub.str('private_ip_address'),
            publicIPs: compact({
              addresses: hub.strings('public_ip_addresses').map((address) => ({ address })),
              count: hub.num('public_ip_count'),
            }),
          })
        : undefined,
      additionalProperties: additionalProperties(after),
    };
    return [
      {
        op: 'put',
        resource: armResource(id, FIREWALLS, after, properties),
        // Classic collections are resources of their own in Terraform: an update of the firewall keeps them.
        keep: keepWhole('applicationRuleCollections', 'networkRuleCollections', 'natRuleCollections'),
      },
    ];
  },
};

export const firewallPolicy: TfMapping = {
  armType: POLICIES,
  id: topLevelId(POLICIES),
  put(after, id, context) {
    const dns = after.block('dns');
    const allowlist = after.block('threat_intelligence_allowlist');
    const tls = after.block('tls_certificate');
    const proxy = after.block('explicit_proxy');
    const autoLearn = after.bool('auto_learn_private_ranges_enabled');
    const properties = {
      basePolicy: refTo(context.ref(after, 'base_policy_id')),
      sku: compact({ tier: after.str('sku') }),
      threatIntelMode: after.str('threat_intelligence_mode'),
      threatIntelWhitelist: allowlist
        ? { ipAddresses: allowlist.strings('ip_addresses'), fqdns: allowlist.strings('fqdns') }
        : undefined,
      dnsSettings: dns
        ? compact({ enableProxy: dns.bool('proxy_enabled'), servers: dns.strings('servers') })
        : undefined,
      intrusionDetection: after.block('intrusion_detection')
        ? compact({ mode: after.block('intrusion_detection')?.str('mode') })
        : undefined,
      transportSecurity: tls
        ? { certificateAuthority: compact({ name: tls.str('name'), keyVaultSecretId: tls.str('key_vault_secret_id') }) }
        : undefined,
      explicitProxy: proxy ? compact({ enableExplicitProxy: proxy.bool('enabled') }) : undefined,
      snat: compact({
        privateRanges: nonEmpty(after.strings('private_ip_ranges')),
        autoLearnPrivateRanges: autoLearn === undefined ? undefined : autoLearn ? 'Enabled' : 'Disabled',
      }),
    };
    return [
      {
        op: 'put',
        resource: armResource(id, POLICIES, after, properties),
        // Groups, child policies and firewalls name the policy themselves; Terraform computes these lists.
        keep: keepWhole('ruleCollectionGroups', 'childPolicies', 'firewalls'),
      },
    ];
  },
};

const applicationProtocols = (rule: TfObject, block: string) =>
  rule.blocks(block).map((p) => compact({ protocolType: p.str('type'), port: p.num('port') }));

/** Name, description and sources: the same attributes in every kind of rule, policy or classic. */
function ruleCommon(rule: TfObject, context: TfContext): JsonObject {
  return {
    name: rule.str('name'),
    description: rule.str('description'),
    sourceAddresses: rule.strings('source_addresses'),
    // IP groups are referenced by id: one the same plan creates is resolved through the configuration.
    sourceIpGroups: context.refs(rule, 'source_ip_groups'),
  };
}

function policyRule(kind: 'application' | 'network' | 'nat', rule: TfObject, context: TfContext): JsonObject {
  const common = ruleCommon(rule, context);
  if (kind === 'application')
    return compact({
      ruleType: 'ApplicationRule',
      ...common,
      protocols: applicationProtocols(rule, 'protocols'),
      destinationAddresses: rule.strings('destination_addresses'),
      targetFqdns: rule.strings('destination_fqdns'),
      targetUrls: rule.strings('destination_urls'),
      fqdnTags: rule.strings('destination_fqdn_tags'),
      webCategories: rule.strings('web_categories'),
      terminateTLS: rule.bool('terminate_tls'),
    });
  if (kind === 'network')
    return compact({
      ruleType: 'NetworkRule',
      ...common,
      ipProtocols: rule.strings('protocols'),
      destinationAddresses: rule.strings('destination_addresses'),
      destinationIpGroups: context.refs(rule, 'destination_ip_groups'),
      destinationFqdns: rule.strings('destination_fqdns'),
      destinationPorts: rule.strings('destination_ports'),
    });
  const destination = rule.str('destination_address');
  return compact({
    ruleType: 'NatRule',
    ...common,
    ipProtocols: rule.strings('protocols'),
    destinationAddresses: destination !== undefined ? [destination] : [],
    destinationPorts: rule.strings('destination_ports'),
    translatedAddress: rule.str('translated_address'),
    translatedFqdn: rule.str('translated_fqdn'),
    translatedPort: rule.str('translated_port'),
  });
}

function policyCollections(group: TfObject, kind: 'application' | 'network' | 'nat', context: TfContext): JsonObject[] {
  return group.blocks(`${kind}_rule_collection`).map((collection) =>
    compact({
      ruleCollectionType: kind === 'nat' ? 'FirewallPolicyNatRuleCollection' : 'FirewallPolicyFilterRuleCollection',
      name: collection.str('name'),
      priority: collection.num('priority'),
      action: compact({ type: collection.str('action') }),
      rules: collection.blocks('rule').map((rule) => policyRule(kind, rule, context)),
    }),
  );
}

export const ruleCollectionGroup: TfMapping = {
  armType: GROUPS,
  id: childOfReferenced('firewall_policy_id', 'ruleCollectionGroups'),
  put(after, id, context) {
    const properties = {
      priority: after.num('priority'),
      ruleCollections: [
        ...policyCollections(after, 'nat', context),
        ...policyCollections(after, 'network', context),
        ...policyCollections(after, 'application', context),
      ],
    };
    return [{ op: 'put', resource: compact({ id, name: after.str('name'), type: GROUPS, properties }) }];
  },
};

type ClassicKind = 'application' | 'network' | 'nat';

function classicRule(kind: ClassicKind, rule: TfObject, context: TfContext): JsonObject {
  const common = ruleCommon(rule, context);
  if (kind === 'application')
    return compact({
      ...common,
      fqdnTags: rule.strings('fqdn_tags'),
      targetFqdns: rule.strings('target_fqdns'),
      protocols: applicationProtocols(rule, 'protocol'),
    });
  return compact({
    ...common,
    protocols: rule.strings('protocols'),
    destinationAddresses: rule.strings('destination_addresses'),
    destinationPorts: rule.strings('destination_ports'),
    ...(kind === 'network'
      ? {
          destinationIpGroups: context.refs(rule, 'destination_ip_groups'),
          destinationFqdns: rule.strings('destination_fqdns'),
        }
      : { translatedAddress: rule.str('translated_address'), translatedPort: rule.str('translated_port') }),
  });
}

/** A classic collection: ARM lists it in the firewall (`properties.applicationRuleCollections`, …). */
function classicCollection(kind: ClassicKind): TfMapping {
  const segment = `${kind}RuleCollections`;
  const type = `${FIREWALLS}/${segment}`;
  return {
    armType: type,
    id: childOfNamed(FIREWALLS, 'azure_firewall_name', segment),
    put(after, id, context) {
      const body = {
        id,
        name: after.str('name'),
        type,
        properties: compact({
          priority: after.num('priority'),
          action: compact({ type: after.str('action') }),
          rules: after.blocks('rule').map((rule) => classicRule(kind, rule, context)),
        }),
      };
      return [{ op: 'put', resource: compact(body) }];
    },
  };
}

export const FIREWALL_MAPPINGS: Record<string, TfMapping> = {
  azurerm_firewall: firewall,
  azurerm_firewall_policy: firewallPolicy,
  azurerm_firewall_policy_rule_collection_group: ruleCollectionGroup,
  azurerm_firewall_application_rule_collection: classicCollection('application'),
  azurerm_firewall_network_rule_collection: classicCollection('network'),
  azurerm_firewall_nat_rule_collection: classicCollection('nat'),
};
