import { describe, expect, it } from 'vitest';
import { headlineOf } from './headline.ts';

describe('headlineOf: a finding heading that states its problem', () => {
  it.each([
    [
      'aks-teamb-eastus cannot reach required endpoint *.data.mcr.microsoft.com (TCP/Https 443) through firewall afw-hub: no rule matched (default deny).',
      'aks-teamb-eastus cannot reach required endpoint *.data.mcr.microsoft.com (TCP/Https 443) through firewall afw-hub',
    ],
    [
      'Allow rule afwp / rcg / temp-debug / jumpbox-any is over-broad: any destination on any port.',
      'Allow rule afwp / rcg / temp-debug / jumpbox-any is over-broad',
    ],
    // A colon, semicolon or full stop inside brackets does not end the heading; dots inside names never do.
    [
      'The suppression of AZFW401 on /subscriptions/*/x (owner: secops@contoso.example; ticket 12) expired on 2026-10-31: it counts again.',
      'The suppression of AZFW401 on /subscriptions/*/x (owner: secops@contoso.example; ticket 12) expired on 2026-10-31',
    ],
    [
      'Threat intelligence of policy afwp-base is in Alert mode. Switch it to Deny.',
      'Threat intelligence of policy afwp-base is in Alert mode',
    ],
    [
      'No network rule of firewall afw-hub names a destination FQDN.',
      'No network rule of firewall afw-hub names a destination FQDN',
    ],
  ])('%s', (message, headline) => {
    expect(headlineOf(message)).toBe(headline);
  });

  it('cuts a long first clause between words, never inside a name', () => {
    const names = Array.from({ length: 30 }, (_, i) => `endpoint-${i}.example.com`).join(' and ');
    const headline = headlineOf(`cluster denied ${names}`);
    expect(headline.length).toBeLessThanOrEqual(202);
    expect(headline.endsWith(' …')).toBe(true);
    expect(headline.slice(0, -2).split(' ').at(-1)).toMatch(/^(and|endpoint-\d+\.example\.com)$/);
  });
});
