/**
 * A loopback emulator of Azure for tests: HTTPS on 127.0.0.1 with a generated self-signed
 * certificate, serving Azure Resource Manager reads (list with real paging, get, the subscription
 * list, Service Tags, AKS outboundNetworkDependenciesEndpoints) and Resource Graph queries from ARM
 * JSON, recording every request and injecting faults per route. Other services plug in as handlers,
 * tried before the built-in ones; the first that returns a response wins.
 *
 * The tool under test trusts the certificate through `caPem` (per client) or NODE_EXTRA_CA_CERTS=caFile
 * in a child process. Nothing here listens beyond 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import { type ArmContext, armError, handleArm } from './arm.ts';
import { emulatorCertificate } from './certificate.ts';
import { handleResourceGraph, RESOURCE_GRAPH_PATH } from './resource-graph.ts';
import { ResourceStore } from './store.ts';
import type { EmulatorHandler, EmulatorRequest, EmulatorResponse, FaultSpec, RecordedRequest } from './types.ts';

export type { KqlRow, KqlTable, KqlValue } from './kql.ts';
export { KqlError, runKql } from './kql.ts';
export type { EmulatedDiagnosticSetting, LogAnalyticsEmulatorOptions } from './log-analytics.ts';
export { diagnosticSettingsHandler, logAnalyticsHandler, workspaceTablesFromFiles } from './log-analytics.ts';
export type { EmulatedMetricPoint, MetricsEmulatorOptions } from './metrics.ts';
export { metricsHandler } from './metrics.ts';
export { parseResourceId } from './store.ts';
export type { SyntheticTenant } from './tenant.ts';
export { syntheticTenant } from './tenant.ts';
export type {
  EmulatorHandler,
  EmulatorRequest,
  EmulatorResponse,
  FaultKind,
  FaultSpec,
  RecordedRequest,
} from './types.ts';

export interface AzureEmulatorOptions {
  /** ARM resources: raw bodies, or directories of ARM JSON read as the offline input contract. */
  resources?: (Record<string, unknown> | string)[] | string;
  handlers?: EmulatorHandler[];
  faults?: FaultSpec[];
  /** Items per list page (ARM) before a nextLink (default 2, so every list of the demo pages). */
  pageSize?: number;
  /** Subscriptions `GET /subscriptions` lists besides those holding resources. */
  subscriptions?: string[];
  /** Management group → its subscriptions, for Resource Graph's `managementGroups` scope. */
  managementGroups?: Record<string, string[]>;
  tenantId?: string;
}

export interface AzureEmulator {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** The certificate (its own CA) to trust. */
  caPem: string;
  /** The same PEM in a file, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  requests: RecordedRequest[];
  injectFault(fault: FaultSpec): void;
  /** Removes every fault not yet spent. */
  clearFaults(): void;
  close(): Promise<void>;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

function matches(fault: FaultSpec, target: string): boolean {
  return typeof fault.route === 'string'
    ? target.toLowerCase().includes(fault.route.toLowerCase())
    : fault.route.test(target);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

async function loadResources(spec: AzureEmulatorOptions['resources']): Promise<Record<string, unknown>[]> {
  const items = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
  const bodies: Record<string, unknown>[] = [];
  for (const item of items) {
    if (typeof item !== 'string') bodies.push(item);
    else {
      const collected = await collectFiles(item);
      if (collected.errors.length > 0)
        throw new Error(`azure emulator: ${item}: ${collected.errors.map((e) => e.message).join('; ')}`);
      bodies.push(...collected.resources.map((r) => r.body));
    }
  }
  return bodies;
}

function forbidden(request: EmulatorRequest): EmulatorResponse {
  const providers =
    /\/providers\/([^/]+\/[^/]+)/i.exec(request.url.pathname)?.[1] ?? 'Microsoft.Resources/subscriptions';
  const action = request.method === 'POST' ? `${providers}/action` : `${providers}/read`;
  return armError(
    403,
    'AuthorizationFailed',
    `The client 'emulator-client' with object id '00000000-0000-0000-0000-00000000c0de' does not have authorization to perform action '${action}' over scope '${request.url.pathname}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export async function startAzureEmulator(options: AzureEmulatorOptions = {}): Promise<AzureEmulator> {
  const { cert, key } = await emulatorCertificate();
  const store = new ResourceStore(await loadResources(options.resources));
  const requests: RecordedRequest[] = [];
  const faults: ActiveFault[] = [];
  const managementGroups = Object.fromEntries(
    Object.entries(options.managementGroups ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const injectFault = (fault: FaultSpec) =>
    faults.push({ ...fault, remaining: fault.times ?? (fault.kind === 'looping-next-link' ? Infinity : 1) });
  for (const fault of options.faults ?? []) injectFault(fault);
  const held = new Set<ServerResponse>();

  const context: ArmContext = {
    store,
    base: '',
    pageSize: options.pageSize ?? 2,
    tenantId: options.tenantId ?? '8b3c2f1e-5a4d-4e6f-9c7b-1d2e3f4a5b6c',
    subscriptions: options.subscriptions ?? [],
  };

  const respond = async (request: EmulatorRequest): Promise<EmulatorResponse> => {
    for (const handler of options.handlers ?? []) {
      const response = await handler(request);
      if (response) return response;
    }
    if (request.url.pathname.toLowerCase().replace(/\/+$/, '') === RESOURCE_GRAPH_PATH)
      return handleResourceGraph(request, context, managementGroups);
    return handleArm(request, context);
  };

  const send = (res: ServerResponse, response: EmulatorResponse, truncate: boolean) => {
    const text =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : JSON.stringify(response.body);
    const bytes = Buffer.from(text, 'utf8');
    res.writeHead(response.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(bytes.length),
      'x-ms-request-id': crypto.randomUUID(),
      ...response.headers,
    });
    if (!truncate) {
      res.end(bytes);
      return;
    }
    // Half the promised bytes, then the connection is cut: the client sees a premature close.
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
  };

  const server = createServer({ cert, key }, async (req, res) => {
    const url = new URL(req.url ?? '/', context.base);
    let body: unknown;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const request: EmulatorRequest = { method: req.method ?? 'GET', url, headers: req.headers, body };
    const record: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      status: 0,
      ...(url.searchParams.get('api-version') && { apiVersion: url.searchParams.get('api-version') as string }),
      ...(body !== undefined && { body }),
    };
    requests.push(record);
    const target = `${request.method} ${url.pathname}${url.search}`;
    const fault = faults.find((f) => f.remaining > 0 && matches(f, target));
    if (fault) fault.remaining--;
    try {
      switch (fault?.kind) {
        case 'timeout':
          record.status = 'timeout';
          held.add(res);
          res.on('close', () => held.delete(res));
          return;
        case 'throttle':
        case 'unavailable': {
          const status = fault.kind === 'throttle' ? 429 : 503;
          record.status = status;
          send(
            res,
            {
              ...armError(
                status,
                fault.kind === 'throttle' ? 'TooManyRequests' : 'ServiceUnavailable',
                'azure emulator: injected fault',
              ),
              headers: { 'retry-after': String(fault.retryAfterSeconds ?? 0) },
            },
            false,
          );
          return;
        }
        case 'server-error':
          record.status = 500;
          send(res, armError(500, 'InternalServerError', 'azure emulator: injected fault'), false);
          return;
        case 'forbidden':
          record.status = 403;
          send(res, forbidden(request), false);
          return;
      }
      const response = await respond(request);
      if (
        fault?.kind === 'looping-next-link' &&
        response.status === 200 &&
        response.body &&
        typeof response.body === 'object'
      ) {
        const looped = { ...(response.body as Record<string, unknown>) };
        if (Array.isArray(looped.value))
          looped.nextLink = new URL(`${url.pathname}${url.search}`, context.base).toString();
        else if (Array.isArray(looped.data)) {
          const token = (body as { options?: { $skipToken?: string } } | undefined)?.options?.$skipToken;
          looped.$skipToken = token ?? '0';
        }
        response.body = looped;
      }
      record.status = fault?.kind === 'truncated' ? 'truncated' : response.status;
      send(res, response, fault?.kind === 'truncated');
    } catch (error) {
      record.status = 500;
      send(res, armError(500, 'EmulatorError', `azure emulator: ${(error as Error).message}`), false);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  context.base = `https://127.0.0.1:${port}`;
  const caDir = mkdtempSync(path.join(tmpdir(), 'azure-emulator-'));
  const caFile = path.join(caDir, 'ca.pem');
  writeFileSync(caFile, cert);

  return {
    url: context.base,
    caPem: cert,
    caFile,
    requests,
    injectFault,
    clearFaults: () => {
      faults.length = 0;
    },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(caDir, { recursive: true, force: true });
    },
  };
}
