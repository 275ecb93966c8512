/**
 * `createPlatformApi` is the request shell each connector is built on, over the HTTP client
 * (./http.ts): the base address, the credentials (a header, or a token the connector fetches and
 * renews), which statuses are answers, the connector's error for the rest, 404 as "none" where a
 * lookup may find nothing, and bodies parsed and validated. A connector keeps only what is its
 * platform's own.
 */
import type { z } from 'zod';
import {
  createHttpClient,
  excerpt,
  statusError,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse,
} from './http';
import { parseBody } from './http-body';
import { createPlatformLimiter, isLimitedPlatform, type Limiter } from './limiter';
import type { ConnectorError } from './types';

export interface ApiRequest {
  method: HttpMethod;
  what: string;
}

export interface ApiInit {
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 404 answers `null` instead of a 'not_found' error (a lookup that may find nothing). */
  allow404?: boolean;
  /** See HttpRequest.safe. */
  safe?: boolean;
  /** Ask `auth` for new credentials: the platform called the last ones invalid or expired. */
  renewAuth?: boolean;
}

export interface PlatformApiOptions extends Omit<HttpClientOptions, 'limiter'> {
  /** The platform's own limiter by default (./limiter.ts); shared ones come from the caller. */
  limiter?: Limiter;
  /**
   * The API root without a trailing slash, asked before every request: it throws the
   * connector's 'config' error when the settings do not name one yet.
   */
  base: () => string;
  /**
   * The credentials of a request as headers, asked after `base` (so a missing address is named
   * first). It may fetch or renew a token: how is the platform's own business.
   */
  auth?: (
    signal: AbortSignal | undefined,
    renew: boolean,
  ) => Record<string, string> | Promise<Record<string, string>>;
  /** Which statuses are answers; any 2xx by default. */
  accept?: (status: number) => boolean;
  /**
   * The connector's error for an answer `accept` refuses (its own envelope and wording); by
   * default `statusError` with an excerpt of the body.
   */
  toError?: (request: ApiRequest, response: HttpResponse) => ConnectorError;
}

export interface PlatformApi {
  readonly client: HttpClient;
  /** Sends `method path` with the credentials; a refused status throws the connector's error. */
  call(
    method: HttpMethod,
    path: string,
    what: string,
    init: ApiInit & { allow404: true },
  ): Promise<HttpResponse | null>;
  call(method: HttpMethod, path: string, what: string, init?: ApiInit): Promise<HttpResponse>;
  /** `call` and the answer's body validated against `schema`. */
  request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    what: string,
    init?: ApiInit,
  ): Promise<z.output<S>>;
  get<S extends z.ZodType>(path: string, schema: S, what: string, signal?: AbortSignal): Promise<z.output<S>>;
  /** A GET whose 404 means "there is none": undefined then. */
  find<S extends z.ZodType>(
    path: string,
    schema: S,
    what: string,
    signal?: AbortSignal,
  ): Promise<z.output<S> | undefined>;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * The request plumbing every connector shares, built on one HTTP client (and so on the
 * platform fetch it is handed): the base address, the credentials, the statuses that are
 * answers, the platform's error for the others, 404 as "none" where asked, and bodies parsed
 * and validated. What a connector keeps is what is particular to its platform: how it
 * authenticates, what its errors say, its envelope.
 */
export function createPlatformApi(options: PlatformApiOptions): PlatformApi {
  const { base, auth, accept = isSuccess } = options;
  const client = createHttpClient({
    ...options,
    limiter:
      options.limiter ??
      (isLimitedPlatform(options.source) ? createPlatformLimiter(options.source, options.clock) : undefined),
  });
  const toError =
    options.toError ??
    ((request: ApiRequest, response: HttpResponse) =>
      statusError(client, request, response, excerpt(response.text) || undefined));

  // Promise chains, not awaits: a request takes as many turns of the microtask queue as it did
  // when each connector sent it itself, so what races it (a timeout on a manual clock in tests,
  // an abort) still meets it at the same point.
  function call(
    method: HttpMethod,
    path: string,
    what: string,
    init: ApiInit = {},
  ): Promise<HttpResponse | null> {
    let root: string;
    let credentials: Record<string, string> | Promise<Record<string, string>>;
    try {
      root = base();
      credentials = auth ? auth(init.signal, init.renewAuth ?? false) : {};
    } catch (error) {
      return Promise.reject(error);
    }
    const send = (headers: Record<string, string>) =>
      client
        .send({
          method,
          url: `${root}${path}`,
          headers: { ...headers, ...init.headers },
          json: init.json,
          signal: init.signal,
          safe: init.safe,
          what,
        })
        .then((response) => {
          if (response.status === 404 && init.allow404) return null;
          // `safe` is not passed on: the connectors have always judged a refusal by its method.
          if (!accept(response.status)) throw toError({ method, what }, response);
          return response;
        });
    return credentials instanceof Promise ? credentials.then(send) : send(credentials);
  }

  async function request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    what: string,
    init: ApiInit = {},
  ): Promise<z.output<S>> {
    const response = (await call(method, path, what, { ...init, allow404: false }))!;
    return parseBody(client, response, schema, what);
  }

  return {
    client,
    call: call as PlatformApi['call'],
    request,
    get: (path, schema, what, signal) => request('GET', path, schema, what, { signal }),
    find: (path, schema, what, signal) =>
      call('GET', path, what, { signal, allow404: true }).then((response) =>
        response ? parseBody(client, response, schema, what) : undefined,
      ),
  };
}
