import type { IncomingHttpHeaders } from 'node:http';

/** One request as handlers see it. */
export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw string when the body is not JSON, or undefined when there is none. */
  body: unknown;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
}

/** A route of its own (Log Analytics, metrics, …): returns undefined to let the next handler try. */
export type EmulatorHandler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse> | undefined;

/** What the emulator recorded of one request (every request, faulted or not). */
export interface RecordedRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** `api-version` of the query, when given. */
  apiVersion?: string;
  /** The status sent, or the fault that replaced the response (`timeout`, `truncated`). */
  status: number | 'timeout' | 'truncated';
  /** The request body (a Resource Graph or Log Analytics query), when it had one. */
  body?: unknown;
}

export type FaultKind =
  | 'throttle' // 429 with Retry-After
  | 'server-error' // 500
  | 'unavailable' // 503 with Retry-After
  | 'timeout' // no response until the client gives up
  | 'truncated' // the status and headers, half the body, then the connection is cut
  | 'forbidden' // 403 AuthorizationFailed
  | 'looping-next-link'; // a list page whose nextLink (or $skipToken) points at the page itself

export interface FaultSpec {
  kind: FaultKind;
  /** Matched against `METHOD path?query`: a RegExp, or a case-insensitive substring. */
  route: string | RegExp;
  /** How many matching requests it hits (default 1; `looping-next-link` defaults to Infinity). */
  times?: number;
  /** Retry-After seconds for `throttle` and `unavailable` (default 0, keeps tests fast). */
  retryAfterSeconds?: number;
}
