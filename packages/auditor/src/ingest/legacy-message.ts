/**
 * The `msg` text of the legacy AzureDiagnostics firewall categories (`msg_s` in Log Analytics,
 * `properties.msg` in storage archives and Event Hubs), parsed into flow fields.
 *
 * Forms, with their sources (research notes: shared/reference/research/firewall-semantics.md §5.2):
 * - `<PROTO> request from <ip>:<port> to <host>:<port>. Action: <Allow|Deny>` and, for application
 *   rules, `. Rule Collection: <rc>. Rule: <r>` and `. Web Category: <c>` (azure-docs
 *   diagnostic-logs.md examples); with Firewall Policy `. Policy: <p>. Rule Collection Group: <g>. Rule
 *   Collection: <c>. Rule: <r>` (Azure-Sentinel AzureFirewallApplicationRuleLogs sample dataset);
 * - `HTTP  request …` with two spaces and a `. Url: <url>` clause before the action (same dataset);
 * - `Action: Deny. No rule matched. Proceeding with default action` (Log Analytics samples, Sentinel);
 * - `Action: Deny. Failed to resolve address <host>:<port>: lookup … no such host` (Sentinel);
 * - `HTTPS request from <ip>:<port>. Action: Deny. Reason: SNI TLS extension was missing.` (Sentinel)
 *   and the older `… was denied. Reason: SNI TLS extension was missing.` (Log Analytics samples);
 * - NAT: `… to <ip>:<port> was DNAT'ed to <ip>:<port>`, optionally followed by the policy clauses;
 * - threat intelligence: `. Action: <Alert|Deny>. ThreatIntel: <category>` (threat-intel.md, Sentinel);
 * - IDPS: `. Action: <drop|alert>. Signature: <id>. IDS: <description>. Priority: <n>. Classification:
 *   <c>` (Sentinel AzureFirewallNetworkRuleLogs sample dataset);
 * - ICMP without ports, `ICMP Type=8 request from <ip> to <ip>. Action: Allow.` (Sentinel) or
 *   `ICMP request from …` (Log Analytics samples);
 * - DNS proxy: `DNS Request: <ip>:<port> – <id> <type> <class> <name> <proto> <size> <do> <bufsize>
 *   <rcode> <flags> <respsize> <duration>` (en dash in the docs, a hyphen elsewhere), and the failure
 *   form ` Error: <n> <name> <type>: read udp <ip>:<port>-><ip>:<port>: i/o timeout` (docs).
 *
 * Clause values are split at `. <Known key>: ` markers, not at every `. `: values hold dots (URLs,
 * `x64_....cab`, `[Abuse.ch]`) and commas (`Rule: Azure-to-AllowedServices, HTTP`).
 */
import type { FlowAction, FlowRecord } from '../model/flows.ts';
import { flowAction, isIPv4Address, isIpAddress, normalizeProtocol, parsePort, withoutFinalDot } from './values.ts';

/** The fields a message carries: a FlowRecord without what the row around it says. */
export type LegacyFlowFields = Omit<FlowRecord, 'time' | 'table' | 'firewallId' | 'count'>;

/** What kind of log line the message is; decides the table when the row names no category. */
export type LegacyMessageKind = 'application' | 'network' | 'nat' | 'threat-intel' | 'idps' | 'dns';

export type LegacyMessage =
  | { ok: true; kind: LegacyMessageKind; fields: LegacyFlowFields }
  | { ok: false; reason: string };

const REQUEST_HEAD = /^\s*([A-Za-z][A-Za-z0-9/.]*)(?:\s+Type=(\d+))?\s+request from\s+/;
const CLAUSE =
  /\.\s+(Url|Action|Policy|Rule Collection Group|Rule Collection|Rule|Web Category|ThreatIntel|Signature|IDS|Priority|Classification|Reason):\s/g;
const DEFAULT_ACTION_TEXT = /^no rule matched\.?\s*proceeding with default action\.?$/i;
const DNS_REQUEST = /^\s*DNS Request:\s+(\S+)\s+[-–—]\s+(.*)$/;
const DNS_ERROR = /^\s*Error:\s+(\d+)\s+(\S+)\s+([A-Za-z0-9]+):\s+(.*)$/;
const SOCKET = /^(?:read|write|dial)\s+(udp|tcp)\s+(\S+?)->(\S+?):\s+(.+)$/i;
const APPLICATION_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'MSSQL']);

/** Stripping the sentence's final period: `to 13.78.143.217:2323.`, `Action: Allow.` */
function withoutPeriod(text: string): string {
  const trimmed = text.trim();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1).trimEnd() : trimmed;
}

/** `host:port` (port optional: ICMP). IPv6 addresses are not written by the legacy logs. */
function splitEndpoint(text: string): { host: string; port?: number } | string {
  const colon = text.lastIndexOf(':');
  if (colon === -1) return { host: text };
  const host = text.slice(0, colon);
  const port = parsePort(text.slice(colon + 1));
  if (host === '' || Number.isNaN(port)) return `'${text}' is not host:port`;
  return { host, port };
}

/**
 * Takes `<prefix><token>` off the front of `text`. A token's final period ends the sentence
 * (`to 13.78.143.217:2323. Action: Deny`): it is left in the rest so the next `. Key: ` marker matches.
 */
function takeToken(text: string, prefix: RegExp): { token: string; rest: string } | undefined {
  const match = prefix.exec(text);
  if (!match) return undefined;
  const token = match[1] ?? '';
  const consumed = match[0].length - (token.endsWith('.') ? 1 : 0);
  return { token: withoutPeriod(token), rest: text.slice(consumed) };
}

function parseDnsRequest(client: string, rest: string): LegacyMessage {
  const source = splitEndpoint(client);
  if (typeof source === 'string') return { ok: false, reason: `DNS client ${source}` };
  // <id> <type> <class> <name> <proto> <size> <do> <bufsize> <rcode> <flags> <respsize> <duration>
  const parts = rest.trim().split(/\s+/);
  const [, type, , name, protocol, , , , responseCode] = parts;
  if (parts.length < 9 || !type || !name || !protocol || !responseCode) {
    return { ok: false, reason: 'DNS request line has fewer than 9 fields after the client' };
  }
  if (!isIpAddress(source.host)) return { ok: false, reason: `DNS client '${source.host}' is not an IP address` };
  return {
    ok: true,
    kind: 'dns',
    fields: {
      sourceIp: source.host,
      sourcePort: source.port,
      destination: withoutFinalDot(name),
      // The DNS proxy listens on port 53; the line does not repeat it.
      port: 53,
      protocol: normalizeProtocol(protocol),
      action: 'Unknown',
      actionReason: responseCode,
      dnsQueryType: type,
    },
  };
}

function parseDnsError(name: string, type: string, detail: string): LegacyMessage {
  // `read udp 10.0.1.5:49126->168.63.129.160:53: i/o timeout`: the firewall's own socket to its
  // upstream DNS server. The message names no client, so the firewall's address stands as the source.
  const socket = SOCKET.exec(detail.trim());
  if (!socket) return { ok: false, reason: `DNS error without the socket it failed on: '${detail}'` };
  const [, protocol = '', from = '', to = '', cause = ''] = socket;
  const local = splitEndpoint(from);
  const upstream = splitEndpoint(to);
  if (typeof local === 'string' || typeof upstream === 'string' || !isIpAddress(local.host)) {
    return { ok: false, reason: `DNS error socket '${from}->${to}' is not ip:port->ip:port` };
  }
  return {
    ok: true,
    kind: 'dns',
    fields: {
      sourceIp: local.host,
      sourcePort: local.port,
      destination: withoutFinalDot(name),
      destinationIp: upstream.host,
      port: upstream.port,
      protocol: normalizeProtocol(protocol),
      action: 'Unknown',
      // The same text AZFWDnsQuery puts in ErrorMessage (`i/o timeout`), so both modes aggregate alike.
      actionReason: cause.trim(),
      dnsQueryType: type,
    },
  };
}

/** The `. Key: value` clauses after the endpoints; the first of a repeated key wins. */
function clauses(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const matches = [...text.matchAll(CLAUSE)];
  matches.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[i + 1]?.index ?? text.length;
    const key = match[1] ?? '';
    if (!values.has(key)) values.set(key, withoutPeriod(text.slice(start, end)));
  });
  return values;
}

/**
 * Parses one legacy `msg`. Never throws: text that is not a known form is `{ ok: false, reason }`.
 */
export function parseLegacyMessage(msg: string): LegacyMessage {
  const dns = DNS_REQUEST.exec(msg);
  if (dns) return parseDnsRequest(dns[1] ?? '', dns[2] ?? '');
  const dnsError = DNS_ERROR.exec(msg);
  if (dnsError) return parseDnsError(dnsError[2] ?? '', dnsError[3] ?? '', dnsError[4] ?? '');

  const head = REQUEST_HEAD.exec(msg);
  if (!head) return { ok: false, reason: 'not a known message form (expected "<PROTOCOL> request from …")' };
  const protocol = normalizeProtocol(head[1] ?? '');
  // Source: `10.0.0.1:6065.` when the message names no destination (SNI missing).
  const from = takeToken(msg.slice(head[0].length), /^(\S+)/);
  const source = splitEndpoint(from?.token ?? '');
  if (typeof source === 'string') return { ok: false, reason: `source ${source}` };
  if (!isIpAddress(source.host)) return { ok: false, reason: `source '${source.host}' is not an IP address` };
  let rest = from?.rest ?? '';

  let destination: { host: string; port?: number } | undefined;
  const to = takeToken(rest, /^\s+to\s+(\S+)/);
  if (to) {
    const endpoint = splitEndpoint(to.token);
    if (typeof endpoint === 'string') return { ok: false, reason: `destination ${endpoint}` };
    destination = endpoint;
    rest = to.rest;
  }

  let action: FlowAction | undefined;
  let actionReason: string | undefined;
  let translated: { host: string; port?: number } | undefined;
  const dnat = takeToken(rest, /^\s+was DNAT'ed to\s+(\S+)/);
  if (dnat) {
    const endpoint = splitEndpoint(dnat.token);
    if (typeof endpoint === 'string') return { ok: false, reason: `DNAT target ${endpoint}` };
    translated = endpoint;
    action = 'Dnat';
    rest = dnat.rest;
  }
  const denied = /^\s+was denied/.exec(rest);
  if (denied) {
    action = 'Deny';
    rest = rest.slice(denied[0].length);
  }

  const values = clauses(rest);
  const actionText = values.get('Action');
  if (actionText !== undefined) {
    // `Deny. No rule matched. Proceeding with default action`, `Deny. Failed to resolve address …`
    const word = /^\S+/.exec(actionText)?.[0] ?? '';
    action = flowAction(withoutPeriod(word));
    const after = actionText.slice(word.length).replace(/^[.\s]+/, '');
    if (after !== '') actionReason = DEFAULT_ACTION_TEXT.test(after) ? 'Default Action' : after;
  }
  if (action === undefined) return { ok: false, reason: 'no "Action:" and no DNAT in the message' };

  const threatIntel = values.get('ThreatIntel');
  const signatureId = values.get('Signature');
  const reason = values.get('Reason');
  // Legacy `No rule matched. Proceeding with default action` is AZFW*'s `Default Action`: one name
  // for one cause, whichever log mode the firewall used.
  if (threatIntel !== undefined) actionReason = `ThreatIntel: ${threatIntel}`;
  else if (reason !== undefined) actionReason = reason;
  let idpsSignature: LegacyFlowFields['idpsSignature'];
  if (signatureId !== undefined) {
    const description = values.get('IDS');
    const priority = values.get('Priority');
    const severity = priority === undefined ? Number.NaN : Number(priority);
    idpsSignature = { id: signatureId };
    if (description !== undefined) idpsSignature.description = description;
    if (Number.isInteger(severity)) idpsSignature.severity = severity;
    const classification = values.get('Classification');
    if (classification !== undefined) idpsSignature.category = classification;
    actionReason = `IDPS signature ${signatureId}${description === undefined ? '' : `: ${description}`}`;
  }

  const url = values.get('Url');
  const webCategory = values.get('Web Category');
  const kind: LegacyMessageKind = translated
    ? 'nat'
    : idpsSignature
      ? 'idps'
      : threatIntel !== undefined
        ? 'threat-intel'
        : APPLICATION_PROTOCOLS.has(protocol) || url !== undefined || webCategory !== undefined
          ? 'application'
          : 'network';

  const result: LegacyFlowFields = {
    sourceIp: source.host,
    destination: destination?.host ?? '',
    protocol,
    action,
  };
  if (source.port !== undefined) result.sourcePort = source.port;
  if (destination && isIPv4Address(destination.host)) result.destinationIp = destination.host;
  if (destination?.port !== undefined) result.port = destination.port;
  const policy = values.get('Policy');
  if (policy !== undefined) result.policy = policy;
  const group = values.get('Rule Collection Group');
  if (group !== undefined) result.ruleCollectionGroup = group;
  const collection = values.get('Rule Collection');
  if (collection !== undefined) result.ruleCollection = collection;
  const rule = values.get('Rule');
  if (rule !== undefined) result.rule = rule;
  if (actionReason !== undefined) result.actionReason = actionReason;
  if (webCategory !== undefined) result.webCategory = webCategory;
  if (url !== undefined) result.targetUrl = url;
  if (translated) {
    result.translatedIp = translated.host;
    if (translated.port !== undefined) result.translatedPort = translated.port;
  }
  if (idpsSignature) result.idpsSignature = idpsSignature;
  return { ok: true, kind, fields: result };
}
