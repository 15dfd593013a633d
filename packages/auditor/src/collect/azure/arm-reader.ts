/**
 * Reads from Azure Resource Manager as raw JSON: GET by id and lists followed through every
 * `nextLink`. Built on the Azure SDK's own HTTP pipeline (core-rest-pipeline: bearer token policy,
 * retries that honour Retry-After on 429 and 503, exponential back-off on 5xx and transport errors),
 * not on the typed management clients, because those deserialize into SDK models that drop what
 * the model does not know and turn dates into objects; the audit and `snapshot` need the bodies as
 * ARM sent them, exactly like the offline input contract.
 *
 * On top of the SDK's retries: a request that times out or whose body is cut short is tried again
 * (`transportRetries`), a nextLink seen before stops the list instead of looping, and concurrency is
 * bounded. Nothing here ever sends anything but GET.
 */
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { CloudEndpoints } from './clouds.ts';

/** How the clients retry, time out and share the connection budget. */
export interface AzureRequestPolicy {
  /** Retries by the SDK of a 429, 5xx or transport failure (default 5). */
  maxRetries?: number;
  /** First back-off delay when the service says nothing (default 1000 ms; Retry-After wins). */
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
  /** Time allowed for one response (default 60 s). */
  timeoutMs?: number;
  /** Extra attempts after a timeout or a body cut short (default 2). */
  transportRetries?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** The SDK clients' transport instead of Node's (the contract tests replay recorded responses with it). */
  httpClient?: HttpClient;
}

export interface AzureConnection extends AzureRequestPolicy {
  credential: TokenCredential;
  endpoints: CloudEndpoints;
  /** A CA certificate to trust instead of Node's bundled CAs (the test emulator's); production uses those and NODE_EXTRA_CA_CERTS. */
  caPem?: string;
}

/** A read that failed after every retry: the HTTP status and ARM error code when there was a response. */
export class AzureReadError extends Error {
  readonly url: string;
  readonly status?: number;
  readonly code?: string;
  constructor(url: string, message: string, status?: number, code?: string) {
    super(message);
    this.name = 'AzureReadError';
    this.url = url;
    if (status !== undefined) this.status = status;
    if (code !== undefined) this.code = code;
  }
}

/** The credential could not give a token: nothing can be read, so collection stops at once. */
export class AzureSignInError extends Error {
  constructor(cause: unknown) {
    super(`cannot sign in to Azure: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, {
      cause,
    });
    this.name = 'AzureSignInError';
  }
}

/** The role that grants a read, named in every 403. */
export type ReadRole = 'Reader' | 'Log Analytics Reader' | 'Monitoring Reader';

/**
 * One line that says what could not be read and why, in the terms a user acts on: a 403 names the
 * missing role, a 404 says it is gone, a throttle or timeout says it was retried.
 */
export function describeReadFailure(what: string, error: unknown, role: ReadRole = 'Reader'): string {
  const e = error instanceof AzureReadError ? error : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (e?.status === 403)
    return `${what}: access denied (403 ${e.code ?? 'Forbidden'}); the ${role} role on this scope is needed. ${detail}`;
  if (e?.status === 404) return `${what}: not found (404 ${e.code ?? 'NotFound'}). ${detail}`;
  if (e?.status === 429) return `${what}: still throttled (429) after the retries allowed. ${detail}`;
  if (e?.status !== undefined) return `${what}: HTTP ${e.status}${e.code ? ` ${e.code}` : ''}. ${detail}`;
  return `${what}: ${detail}`;
}

/** A counting semaphore: at most `limit` tasks run at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = Math.max(1, limit);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Runs `fn` over every item, at most `limit` at once, keeping the items' order in the result. The
 * tasks get their own limiter: the requests they make take slots of the reader's, and sharing one
 * would deadlock once every slot holds a task waiting for a request slot.
 */
export function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const tasks = new Limiter(limit);
  return Promise.all(items.map((item) => tasks.run(() => fn(item))));
}

/** Transport failures (no HTTP response, or a body cut short) are tried again; HTTP errors are final here. */
export async function withTransportRetries<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const transport = !(error instanceof AzureReadError) || error.status === undefined;
      if (!transport || attempt >= attempts) throw error;
    }
  }
}

function errorOf(body: unknown): { code?: string; message?: string } {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    ...(typeof e?.code === 'string' && { code: e.code }),
    ...(typeof e?.message === 'string' && { message: e.message }),
  };
}

export function sdkPipelineOptions(connection: AzureConnection) {
  return {
    retryOptions: {
      maxRetries: connection.maxRetries ?? 5,
      ...(connection.retryDelayInMs !== undefined && { retryDelayInMs: connection.retryDelayInMs }),
      ...(connection.maxRetryDelayInMs !== undefined && { maxRetryDelayInMs: connection.maxRetryDelayInMs }),
    },
    ...(connection.caPem && { tlsOptions: { ca: connection.caPem } }),
    ...(connection.httpClient && { httpClient: connection.httpClient }),
    userAgentOptions: { userAgentPrefix: 'aro-aks-audit' },
  };
}

export interface ListResult {
  items: Record<string, unknown>[];
  /** Why the list stopped early: the items read so far are kept, and the list is incomplete. */
  error?: string;
}

export class ArmReader {
  /** Requests this reader sent: each GET and page, and its own re-sends after a timeout or a cut body (not the SDK's internal retries). */
  requests = 0;
  readonly limiter: Limiter;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;
  private readonly connection: AzureConnection;

  constructor(connection: AzureConnection, limiter?: Limiter) {
    this.connection = connection;
    this.limiter = limiter ?? new Limiter(connection.concurrency ?? 8);
    this.pipeline = createPipelineFromOptions(sdkPipelineOptions(connection));
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({ credential: connection.credential, scopes: connection.endpoints.armScope }),
      { phase: 'Sign' },
    );
    this.http = createDefaultHttpClient();
  }

  /** The absolute URL of an ARM path (`/subscriptions/…`) with its api-version. */
  url(pathOrUrl: string, apiVersion?: string): string {
    const url = new URL(/^https?:/i.test(pathOrUrl) ? pathOrUrl : `${this.connection.endpoints.arm}${pathOrUrl}`);
    if (apiVersion && !url.searchParams.has('api-version')) url.searchParams.set('api-version', apiVersion);
    return url.toString();
  }

  /** GET one document; throws AzureReadError when it cannot be read. */
  get(pathOrUrl: string, apiVersion?: string): Promise<Record<string, unknown>> {
    const url = this.url(pathOrUrl, apiVersion);
    return this.limiter.run(() => withTransportRetries(this.connection.transportRetries ?? 2, () => this.send(url)));
  }

  /** Every item of a list, following nextLink; a page that fails, or a nextLink seen before, ends it with `error`. */
  async list(path: string, apiVersion: string): Promise<ListResult> {
    const items: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    let next: string | undefined = this.url(path, apiVersion);
    const origin = new URL(this.connection.endpoints.arm).origin;
    while (next) {
      // The bearer token goes with every request: a nextLink to another host is not followed.
      if (new URL(next).origin !== origin)
        return {
          items,
          error: `the service returned a nextLink to another host (${next}): not followed, the list may be incomplete`,
        };
      if (seen.has(next))
        return {
          items,
          error: `the service returned a nextLink already followed (${next}): paging stopped, the list may be incomplete`,
        };
      seen.add(next);
      let page: Record<string, unknown>;
      try {
        page = await this.get(next, apiVersion);
      } catch (error) {
        const pageNo = seen.size;
        return { items, error: describeReadFailure(pageNo > 1 ? `page ${pageNo} of the list` : 'the list', error) };
      }
      const value = page.value;
      if (!Array.isArray(value)) return { items, error: `the response has no "value" array: not a list` };
      for (const item of value) if (item && typeof item === 'object') items.push(item as Record<string, unknown>);
      next = typeof page.nextLink === 'string' && page.nextLink ? page.nextLink : undefined;
    }
    return { items };
  }

  private async send(url: string): Promise<Record<string, unknown>> {
    this.requests++;
    const request = createPipelineRequest({
      url,
      method: 'GET',
      timeout: this.connection.timeoutMs ?? 60_000,
      headers: createHttpHeaders({ accept: 'application/json' }),
    });
    let status: number;
    let text: string | undefined;
    try {
      const response = await this.pipeline.sendRequest(this.http, request);
      status = response.status;
      text = response.bodyAsText ?? undefined;
    } catch (error) {
      const aborted = error instanceof Error && error.name === 'AbortError';
      throw new AzureReadError(
        url,
        aborted ? `no response within ${(this.connection.timeoutMs ?? 60_000) / 1000} s` : (error as Error).message,
      );
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // A body that does not parse arrived cut short: a transport failure, tried again.
      throw new AzureReadError(url, `the response body is not complete JSON (${text?.length ?? 0} characters)`);
    }
    if (status < 200 || status >= 300) {
      const { code, message } = errorOf(body);
      throw new AzureReadError(url, message ?? `HTTP ${status}`, status, code);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new AzureReadError(url, 'the response is not a JSON object', status);
    return body as Record<string, unknown>;
  }
}
