/**
 * The one HTTP client every connector uses. It owns what is common to all platforms: the
 * injected fetch, the per-platform limiter, the per-request timeout, and turning transport
 * failures, unreadable bodies and the platform fetch's refusals (./platform-fetch.ts) into
 * ConnectorErrors with a message a person can act on — and with no part of a secret in it.
 * What a status code means is the connector's business (each vendor has its own envelope);
 * `statusError` is the shared default for the codes that mean the same everywhere.
 *
 * Reading bodies is ./http-body.ts; the request shell connectors are built on, `createPlatformApi`,
 * is ./platform-api.ts. Both are exported from here too.
 */
import type { SourceId } from '../model';
import { systemClock, type Clock } from './clock';
import type { Limiter } from './limiter';
import { PlatformFetchError } from './platform-fetch';
import { redactSecrets } from './redact';
import { ConnectorError, type ConnectorErrorKind, type FetchLike } from './types';

export {
  createLimiter,
  createPlatformLimiter,
  PLATFORM_LIMITS,
  type Limiter,
  type LimiterOptions,
} from './limiter';
export { parseBody, parseJsonText, safeJson, validate } from './http-body';
export {
  createPlatformApi,
  type ApiInit,
  type ApiRequest,
  type PlatformApi,
  type PlatformApiOptions,
} from './platform-api';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Sent as a JSON body with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as an `application/x-www-form-urlencoded` body (OAuth token requests). */
  form?: Record<string, string>;
  /** A POST that changes nothing on the platform (a token request): no failure of it is ambiguous. */
  safe?: boolean;
  signal?: AbortSignal;
  /** Overrides the client's default for this request. */
  timeoutMs?: number;
  /** What is asked for, used in messages: "HubSpot contact". */
  what: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpClientOptions {
  source: SourceId;
  /** The platform's name as people know it: "HubSpot". */
  label: string;
  fetch: FetchLike;
  limiter?: Limiter;
  clock?: Clock;
  /** Per request, from the moment it is handed to fetch (time spent queued does not count). */
  timeoutMs?: number;
  /**
   * The credentials this client sends (token, key, header value), read when an error is made:
   * no part of them may appear in its message (./redact.ts), whatever the message quotes.
   */
  secrets?: () => Iterable<string | undefined>;
}

export interface ErrorOptions {
  retryAfterMs?: number;
  ambiguous?: boolean;
}

export interface HttpClient {
  readonly source: SourceId;
  readonly label: string;
  readonly clock: Clock;
  send(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Builds this platform's ConnectorError. A throttling error also pauses the platform's
   * limiter for its retry delay (when short) so that queued requests do not hit the same wall.
   */
  error(kind: ConnectorErrorKind, message: string, options?: ErrorOptions): ConnectorError;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
/** Longer throttling delays (daily quotas) are the caller's to schedule, not the limiter's. */
const MAX_LIMITER_PAUSE_MS = 60_000;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Whether a request that failed after it was sent may have changed something on the platform. */
export function mayHaveChanged(request: Pick<HttpRequest, 'method' | 'safe'>): boolean {
  return request.method !== 'GET' && request.safe !== true;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? systemClock;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const error = (kind: ConnectorErrorKind, message: string, extra: ErrorOptions = {}): ConnectorError => {
    if (kind === 'rate_limited' && extra.retryAfterMs && extra.retryAfterMs <= MAX_LIMITER_PAUSE_MS) {
      options.limiter?.pause(extra.retryAfterMs);
    }
    const text = options.secrets ? redactSecrets(message, options.secrets()) : message;
    return new ConnectorError(options.source, kind, text, extra.retryAfterMs, extra.ambiguous ?? false);
  };

  async function attempt(request: HttpRequest): Promise<HttpResponse> {
    const outer = request.signal;
    if (outer?.aborted) throw abortError(outer);
    const controller = new AbortController();
    const timeoutMs = request.timeoutMs ?? defaultTimeout;
    let timedOut = false;
    const cancelTimer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('Timed out', 'TimeoutError'));
    }, timeoutMs);
    const onOuterAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuterAbort, { once: true });

    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    const init: RequestInit = { method: request.method, headers, signal: controller.signal };
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams(request.form).toString();
    }
    const seconds = Math.round(timeoutMs / 1000);
    const timeoutError = () =>
      error(
        'timeout',
        `${options.label} did not answer within ${seconds} s (${request.what}).` +
          (!mayHaveChanged(request)
            ? ''
            : ' The change may have reached it; it is checked before any retry.'),
        { ambiguous: request.safe !== true },
      );

    try {
      let response: Response;
      try {
        response = await options.fetch(request.url, init);
      } catch (cause) {
        // Refused before sending (no permission, not https) or an answer too large: final.
        if (cause instanceof PlatformFetchError) {
          throw error(cause.kind, `${options.label}: ${cause.message}`, {
            ambiguous: cause.sent && mayHaveChanged(request),
          });
        }
        if (timedOut) throw timeoutError();
        if (outer?.aborted) throw abortError(outer);
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw error('network', `Could not reach ${hostOf(request.url)} (${request.what}): ${reason}.`, {
          // A connection that broke after the body was sent may still have been acted upon.
          ambiguous: mayHaveChanged(request),
        });
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        if (timedOut) throw timeoutError();
        if (outer?.aborted) throw abortError(outer);
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw error(
          'malformed',
          `${options.label} response for ${request.what} was cut off before it ended (${reason}).`,
          { ambiguous: mayHaveChanged(request) },
        );
      }
      const declared = Number(response.headers.get('content-length'));
      const encoding = response.headers.get('content-encoding');
      // A compressed body's Content-Length counts compressed bytes; only plain bodies can be checked.
      if ((!encoding || encoding === 'identity') && Number.isFinite(declared) && declared > 0) {
        const received = byteLength(text);
        if (received < declared) {
          throw error(
            'malformed',
            `${options.label} response for ${request.what} was truncated (${received} of ${declared} bytes).`,
            { ambiguous: mayHaveChanged(request) },
          );
        }
      }
      return { status: response.status, headers: response.headers, text };
    } finally {
      cancelTimer();
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }

  return {
    source: options.source,
    label: options.label,
    clock,
    error,
    send(request) {
      const run = () => attempt(request);
      return options.limiter ? options.limiter.run(run, request.signal) : run();
    },
  };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Milliseconds until the next midnight in `timeZone` (UTC when unknown); daily quotas reset there. */
export function msUntilMidnight(now: Date, timeZone = 'UTC'): number {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const elapsed = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + now.getUTCMilliseconds();
  return Math.max(1000, 24 * 60 * 60 * 1000 - elapsed);
}

/** A short excerpt of an error body for messages; never the whole body, never HTML. */
export function excerpt(text: string, max = 160): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The meaning of a status code where platforms agree. Connectors call this after handling
 * their vendor-specific cases. 5xx answers to a write are ambiguous: a gateway error can come
 * after the platform did the work.
 */
export function statusError(
  client: Pick<HttpClient, 'error' | 'label' | 'clock'>,
  request: Pick<HttpRequest, 'method' | 'what' | 'safe'>,
  response: HttpResponse,
  detail?: string,
): ConnectorError {
  const said = detail ? `: ${detail}` : '';
  const { label } = client;
  const status = response.status;
  if (status === 401) return client.error('auth', `${label} rejected the credentials (401)${said}.`);
  if (status === 403)
    return client.error('scope', `${label} refused access to ${request.what} (403)${said}.`);
  if (status === 404) return client.error('not_found', `${label} has no ${request.what} (404)${said}.`);
  if (status === 408) {
    return client.error('timeout', `${label} timed out handling ${request.what} (408)${said}.`, {
      ambiguous: mayHaveChanged(request),
    });
  }
  if (status === 429) {
    return client.error('rate_limited', `${label} is throttling requests (429)${said}.`, {
      retryAfterMs: retryAfterMs(response.headers, client.clock.now()) ?? 10_000,
    });
  }
  if (status >= 500) {
    return client.error('server', `${label} had a server error (${status}) for ${request.what}${said}.`, {
      ambiguous: mayHaveChanged(request),
      retryAfterMs: retryAfterMs(response.headers, client.clock.now()),
    });
  }
  return client.error('config', `${label} rejected the request for ${request.what} (${status})${said}.`);
}

/**
 * A throttling error whose delay is the answer's Retry-After, else `fallbackMs` (a vendor that
 * does not promise the header still has a documented window).
 */
export function throttled(
  client: Pick<HttpClient, 'error' | 'clock'>,
  response: Pick<HttpResponse, 'headers'>,
  message: string,
  fallbackMs: number,
): ConnectorError {
  return client.error('rate_limited', message, {
    retryAfterMs: retryAfterMs(response.headers, client.clock.now()) ?? fallbackMs,
  });
}
