import { describe, expect, it } from 'vitest';
import { type FqdnPattern, fqdnContainment, fqdnMatches, parseFqdnPattern } from './fqdn.ts';

const p = (raw: string): FqdnPattern => {
  const parsed = parseFqdnPattern(raw);
  if (parsed.kind === 'invalid') throw new Error(`invalid pattern ${raw}: ${parsed.reason}`);
  return parsed;
};

// Azure Firewall FAQ, "How do wildcards work in target URLs and target FQDNs in application rules?"
// https://learn.microsoft.com/azure/firewall/firewall-faq
describe('FQDN patterns as Azure Firewall documents them', () => {
  it.each([
    ['www.contoso.com', 'www.contoso.com', true],
    ['www.contoso.com', 'contoso.com', false],
    // "*.contoso.com … any.contoso.com"; "If you want to specifically allow contoso.com, you must include contoso.com"
    ['*.contoso.com', 'any.contoso.com', true],
    ['*.contoso.com', 'sub1.any.contoso.com', true],
    ['*.contoso.com', 'contoso.com', false],
    // "*contoso.com … example.anycontoso.com, contoso.com"; it also matches look-alikes
    ['*contoso.com', 'contoso.com', true],
    ['*contoso.com', 'example.anycontoso.com', true],
    ['*contoso.com', 'th3re4lcontoso.com', true],
    ['*contoso.com', 'contoso.com.evil.net', false],
    // DNS names are case-insensitive (RFC 4343); a trailing dot names the same host.
    ['MCR.microsoft.com', 'mcr.MICROSOFT.com.', true],
    ['*', 'anything.example', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(fqdnMatches(p(pattern), name)).toBe(expected);
  });

  it.each([['www.contoso.*'], ['*.contoso.*'], ['www.*contoso.com'], ['not a name'], ['*']])(
    '%s is rejected unless it is a left-most wildcard or a bare *',
    (raw) => {
      expect(parseFqdnPattern(raw).kind === 'invalid').toBe(raw !== '*');
    },
  );
});

describe('containment: a required endpoint is a set of names', () => {
  it.each([
    ['*.azmk8s.io', '*.hcp.eastus.azmk8s.io', 'all'],
    ['*.hcp.eastus.azmk8s.io', '*.hcp.eastus.azmk8s.io', 'all'],
    ['*azmk8s.io', '*.hcp.eastus.azmk8s.io', 'all'],
    ['*', '*.hcp.eastus.azmk8s.io', 'all'],
    ['mcr.microsoft.com', '*.data.mcr.microsoft.com', 'none'],
    ['*.mcr.microsoft.com', '*.data.mcr.microsoft.com', 'all'],
    ['eastus.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', 'some'],
    ['*.westus.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', 'some'],
    ['*.hcp.westus.azmk8s.io', '*.hcp.eastus.azmk8s.io', 'none'],
    ['mcr.microsoft.com', 'mcr.microsoft.com', 'all'],
    ['*.microsoft.com', 'mcr.microsoft.com', 'all'],
    ['*.mcr.microsoft.com', 'mcr.microsoft.com', 'none'],
    ['login.microsoftonline.com', '*', 'some'],
    ['*b.com', '*.b.com', 'all'],
    ['*.b.com', '*b.com', 'some'],
  ])('%s holds %s of %s', (rule, target, expected) => {
    expect(fqdnContainment(p(rule), p(target))).toBe(expected);
  });
});
