/**
 * The fetch every platform call goes through; the background hands it to the connectors. It
 * holds the rules of DESIGN.md's "Security rules" for a request to a platform, whatever URL a
 * connector built:
 * - https only;
 * - the host permission is asked before the request: the user may have taken it back in the
 *   browser's settings, and that is a final error (kind 'permission'), never one retried;
 * - no redirects: one would carry the request, credentials included, to a host the user never
 *   granted; no cookies: the connectors authenticate with their own header, not the browser's;
 * - a bounded answer: at most `maxBytes` are read, so a broken or hostile platform cannot make
 *   the background hold an unbounded body.
 * The refusals are PlatformFetchErrors; the HTTP client (./http.ts) turns them into the
 * connector's ConnectorError, so callers see one error type.
 */
import type { ConnectorErrorKind, FetchLike } from './types';

export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface PlatformFetchOptions {
  fetch: FetchLike;
  /**
   * Whether the extension holds the host permission for `origin` (`https://host`, without a
   * port: match patterns name hosts, not ports). The background passes
   * `browser.permissions.contains({ origins: [origin + '/*'] })`.
   */
  hasHostPermission: (origin: string) => Promise<boolean>;
  /** Largest answer read, in bytes; DEFAULT_MAX_RESPONSE_BYTES when not given. */
  maxBytes?: number;
}

export class PlatformFetchError extends Error {
  override readonly name = 'PlatformFetchError';
  constructor(
    readonly kind: Extract<ConnectorErrorKind, 'permission' | 'config' | 'malformed'>,
    message: string,
    /** The request went out (the platform may have acted on it) before Loopline refused the answer. */
    readonly sent: boolean,
  ) {
    super(message);
  }
}

/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function formatBytes(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes >= mb) return `${Number((bytes / mb).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

function tooLarge(host: string, maxBytes: number): PlatformFetchError {
  return new PlatformFetchError(
    'malformed',
    `${host} answered with more than ${formatBytes(maxBytes)}; Loopline stopped reading.`,
    true,
  );
}

/**
 * The answer with its body read into memory, at most `maxBytes` of it. A body that breaks
 * off for another reason (the connection dropped, the request timed out) is replayed up to the
 * break and then fails the same way, so the HTTP client still tells a cut-off answer apart from
 * an unreachable host.
 */
async function readCapped(response: Response, maxBytes: number, host: string): Promise<Response> {
  const body = response.body;
  if (!body || NULL_BODY_STATUSES.has(response.status)) return response;
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    void body.cancel().catch(() => {});
    throw tooLarge(host, maxBytes);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let broke: { reason: unknown } | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => {});
        throw tooLarge(host, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof PlatformFetchError) throw error;
    broke = { reason: error };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  const replay = broke
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          if (size > 0) controller.enqueue(bytes);
          controller.error(broke.reason);
        },
      })
    : bytes;
  return new Response(replay, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

export function createPlatformFetch(options: PlatformFetchOptions): FetchLike {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async (input, init) => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new PlatformFetchError(
        'config',
        'The platform address is not a URL; check it in Options.',
        false,
      );
    }
    if (url.protocol !== 'https:') {
      throw new PlatformFetchError(
        'config',
        `Loopline talks to platforms over https only, and ${url.host || 'this address'} was asked over ${url.protocol.replace(':', '')}.`,
        false,
      );
    }
    if (!(await options.hasHostPermission(`https://${url.hostname}`))) {
      throw new PlatformFetchError(
        'permission',
        `Loopline has no permission to reach ${url.hostname} (it was not granted or was taken back). Turn the source on again in Options → Sources to grant it.`,
        false,
      );
    }
    const response = await options.fetch(input, { ...init, redirect: 'error', credentials: 'omit' });
    return readCapped(response, maxBytes, url.hostname);
  };
}
