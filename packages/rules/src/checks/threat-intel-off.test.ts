import type { FirewallPolicy } from '@aro-aks-audit/auditor';
import { checkTester, firewall, inventoryOf, policy } from '@aro-aks-audit/testing';
import check from './threat-intel-off.ts';

const classic = (threatIntelMode: string | undefined) => ({
  ...firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub' }),
  threatIntelMode,
});
const usedBy = (policyName: string) => firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: policyName });
/** A policy that does not set a mode of its own (the builder sets Alert). */
const unset = (p: FirewallPolicy): FirewallPolicy => ({ ...p, threatIntelMode: undefined });

checkTester.run(check, {
  pass: [
    {
      name: 'the policy a firewall uses is in Alert and deny mode',
      inventory: inventoryOf(usedBy('afwp'), policy('afwp', { threatIntelMode: 'Deny' })),
      expect: [
        {
          messageId: 'deny',
          resourceName: 'afwp',
          data: { target: 'policy afwp (used by afw)', source: 'set on the policy', firewalls: 'afw' },
        },
      ],
    },
    {
      name: 'a child policy that sets no mode inherits Alert and deny from its parent',
      inventory: inventoryOf(
        policy('afwp-base', { threatIntelMode: 'Deny' }),
        unset(policy('afwp-child', { base: 'afwp-base' })),
      ),
      expect: [
        { messageId: 'deny', resourceName: 'afwp-base' },
        { messageId: 'deny', resourceName: 'afwp-child', data: { source: 'inherited from parent policy afwp-base' } },
      ],
    },
    {
      name: 'a Basic policy in Alert mode, the only mode Basic offers',
      inventory: inventoryOf({ ...policy('afwp-basic'), skuTier: 'Basic' }),
      expect: [{ messageId: 'basicAlert', data: { mode: 'Alert' } }],
    },
  ],
  fail: [
    {
      name: 'a classic firewall with threat intelligence Off',
      inventory: inventoryOf(classic('Off')),
      expect: [{ messageId: 'off', resourceName: 'afw', data: { source: 'set on the classic firewall' } }],
    },
    {
      name: 'a classic firewall in Alert mode, the default (low severity)',
      inventory: inventoryOf(classic('Alert')),
      expect: [{ messageId: 'alertOnly', data: { mode: 'Alert' } }],
    },
    {
      name: 'a classic firewall without the setting has the documented default, Alert',
      inventory: inventoryOf(classic(undefined)),
      expect: [{ messageId: 'alertOnly', data: { source: 'not set: the documented default' } }],
    },
    {
      name: 'a policy with threat intelligence Off',
      inventory: inventoryOf(usedBy('afwp'), policy('afwp', { threatIntelMode: 'off' })),
      expect: [{ messageId: 'off', data: { target: 'policy afwp (used by afw)' } }],
    },
    {
      name: 'a child policy written Off cannot be less strict than its Alert parent: Alert applies',
      inventory: inventoryOf(
        policy('afwp-base', { threatIntelMode: 'Alert' }),
        policy('afwp-child', { base: 'afwp-base', threatIntelMode: 'Off' }),
      ),
      expect: [
        { messageId: 'alertOnly', resourceName: 'afwp-base' },
        {
          messageId: 'alertOnly',
          resourceName: 'afwp-child',
          data: {
            source: 'written as Off on the policy, but a child policy can only be stricter than its parent afwp-base',
            setOn: 'afwp-base',
          },
        },
      ],
    },
    {
      name: 'a child policy that sets no mode inherits Off',
      inventory: inventoryOf(
        policy('afwp-base', { threatIntelMode: 'Off' }),
        unset(policy('afwp-child', { base: 'afwp-base' })),
      ),
      expect: [
        { messageId: 'off', resourceName: 'afwp-base' },
        { messageId: 'off', resourceName: 'afwp-child', data: { source: 'inherited from parent policy afwp-base' } },
      ],
    },
  ],
  unknown: [
    {
      name: "the firewall's policy is not in the input",
      inventory: inventoryOf(usedBy('afwp-unread')),
      expect: [{ messageId: 'notDetermined', resourceName: 'afw' }],
    },
    {
      name: 'a child policy in Alert mode whose parent is not in the input may be stricter through the parent',
      inventory: inventoryOf(policy('afwp-child', { base: 'afwp-unread', threatIntelMode: 'Alert' })),
      expect: [{ messageId: 'notDetermined', resourceName: 'afwp-child' }],
    },
    {
      name: 'a mode that is not Off, Alert or Deny',
      inventory: inventoryOf(classic('Block')),
      expect: [{ messageId: 'notDetermined' }],
    },
  ],
});
