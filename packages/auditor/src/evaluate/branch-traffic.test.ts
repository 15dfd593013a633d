import { hubAndSpoke, inventoryOf, policy } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../model/inventory.ts';
import { evaluateOnBranch } from './branch-traffic.ts';
import { createAnalysis } from './egress-paths.ts';
import type { TrafficClass } from './traffic.ts';

// Issue 15 items 1 and 5: traffic to addresses goes where the routes send them; DNS sent to the firewall's own
// private IP is answered by its DNS proxy, or by nothing (https://learn.microsoft.com/azure/firewall/dns-settings).
function setup(options: { dnsProxy?: boolean; routes?: [string, string, string?][] } = {}) {
  const t = hubAndSpoke(options.routes ? { routes: options.routes } : {});
  const inventory: Inventory = inventoryOf(
    ...t.items,
    policy(t.policyName, options.dnsProxy !== undefined ? { dnsProxy: options.dnsProxy } : {}),
  );
  const analysis = createAnalysis(inventory);
  const aks = inventory.clusters[0];
  if (!aks) throw new Error('no cluster');
  const [branch] = analysis.egressPathOf(aks).branches;
  if (!branch) throw new Error('no branch');
  const ctx = { inventory, programOf: analysis.programOf, options: { ipGroups: [] } };
  return { ctx, branch };
}
const dns = (address: string): TrafficClass => ({
  sources: [],
  protocol: 'UDP',
  port: 53,
  destination: { kind: 'addresses', addresses: [address] },
});

describe('the verdict on one egress branch', () => {
  it("DNS to the firewall's private IP with DNS proxy on: answered by the proxy", () => {
    const { ctx, branch } = setup({ dnsProxy: true });
    expect(evaluateOnBranch(ctx, branch, dns('10.0.1.4'))).toMatchObject({
      decidedBy: 'dns-proxy',
      verdict: { decision: 'allowed', witness: 'DNS proxy of afw-test' },
    });
  });

  it("DNS to the firewall's private IP with DNS proxy off: nothing answers", () => {
    const { ctx, branch } = setup({ dnsProxy: false });
    const result = evaluateOnBranch(ctx, branch, dns('10.0.1.4'));
    expect(result).toMatchObject({ decidedBy: 'dns-proxy', verdict: { decision: 'denied' } });
    expect(result.verdict.reason).toContain('its DNS proxy is off (set on policy afwp-test)');
  });

  it('DNS to a server in the spoke itself: delivered within the virtual network', () => {
    const { ctx, branch } = setup();
    expect(evaluateOnBranch(ctx, branch, dns('10.1.8.4'))).toMatchObject({
      decidedBy: 'route',
      verdict: { decision: 'allowed', witness: 'virtual network (10.1.0.0/16 → VnetLocal)' },
    });
  });

  it('a branch whose default route is None: denied, the route as the witness', () => {
    const { ctx, branch } = setup({ routes: [['0.0.0.0/0', 'None']] });
    const https: TrafficClass = {
      sources: [],
      protocol: 'TCP',
      port: 443,
      applicationProtocol: 'Https',
      destination: { kind: 'fqdn', pattern: 'mcr.microsoft.com' },
    };
    expect(evaluateOnBranch(ctx, branch, https)).toMatchObject({
      decidedBy: 'route',
      verdict: { decision: 'denied', witness: 'rt-spoke / route-1 (0.0.0.0/0 → None)' },
    });
  });
});
