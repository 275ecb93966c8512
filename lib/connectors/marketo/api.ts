/**
 * Marketo's end of the HTTP shell: every call carries the access token (./auth.ts), and every
 * answer is HTTP 200 with an envelope whose `success:false` holds the error ("Error codes"):
 * 601/602 renew the token once, 606/615 are throttling, 607 the daily quota.
 */
import type { z } from 'zod';
import {
  createPlatformApi,
  excerpt,
  msUntilMidnight,
  parseBody,
  type HttpMethod,
  type PlatformApi,
} from '../http';
import type { ConnectorFactoryOptions } from '../common';
import type { ConnectorError } from '../types';
import { createMarketoAuth, type MarketoAuth, type MarketoSettingsValue, type MarketoToken } from './auth';
import { Envelope } from './schemas';

export interface MarketoConnectorOptions extends ConnectorFactoryOptions<MarketoSettingsValue> {
  /** Shared across connector instances so that each delivery does not fetch a new token. */
  tokens?: Map<string, MarketoToken>;
}

const RATE_LIMIT_BACKOFF_MS = 20_000;
const CONCURRENCY_BACKOFF_MS = 5_000;

const ERROR_TEXT: Record<string, string> = {
  '603': 'the API user lacks permission for this call (role of the API-only user)',
  '610': 'the requested resource does not exist',
  '1003': 'a value in the request was rejected',
  '1006': 'a field does not exist in this instance',
};

export interface MarketoApi {
  readonly client: PlatformApi['client'];
  readonly auth: MarketoAuth;
  /** One call, its envelope checked and its body validated; a rejected token is renewed once. */
  api<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    what: string,
    init?: { json?: unknown; signal?: AbortSignal },
  ): Promise<z.output<S>>;
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function createMarketoApi(options: MarketoConnectorOptions, now: () => Date): MarketoApi {
  const { settings } = options;
  const tokens = options.tokens ?? new Map<string, MarketoToken>();
  const platform = createPlatformApi({
    source: 'marketo',
    label: 'Marketo',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter,
    timeoutMs: options.timeoutMs,
    secrets: () => [settings.clientId, settings.clientSecret, auth.current()],
    base: () => auth.requireConfig(),
    auth: (signal, renew) => {
      // A kept token goes out without waiting a turn for it.
      const kept = renew ? undefined : auth.valid();
      return kept !== undefined ? bearer(kept) : auth.token(signal, renew).then(bearer);
    },
    // Marketo answers every call it took with 200, its errors in the envelope; any other status
    // is read the way every platform's is (statusError).
    accept: (status) => status === 200,
  });
  const { client } = platform;
  const auth = createMarketoAuth({ client, settings, tokens });

  function envelopeError(code: string, message: string, what: string, method: HttpMethod): ConnectorError {
    const said = message ? `: ${excerpt(message)}` : '';
    switch (code) {
      case '606':
        return client.error(
          'rate_limited',
          `Marketo: more than 100 calls in 20 seconds (606); backing off.`,
          {
            retryAfterMs: RATE_LIMIT_BACKOFF_MS,
          },
        );
      case '615':
        return client.error('rate_limited', 'Marketo: too many concurrent calls (615); backing off.', {
          retryAfterMs: CONCURRENCY_BACKOFF_MS,
        });
      case '607':
        return client.error(
          'quota',
          'Marketo: the daily API quota is used up (607); it resets at midnight US Central time.',
          {
            retryAfterMs: msUntilMidnight(now(), 'America/Chicago'),
          },
        );
      case '600':
      case '601':
      case '602':
        return client.error(
          'auth',
          `Marketo refused the access token even after renewing it (${code}${said}).`,
        );
      case '603':
        return client.error('scope', `Marketo: ${ERROR_TEXT[code]} for ${what} (603${said}).`);
      case '604':
      case '608':
      case '611':
      case '713':
        return client.error('server', `Marketo could not complete ${what} (${code}${said}).`, {
          ambiguous: method !== 'GET',
        });
      case '610':
        return client.error('not_found', `Marketo: ${ERROR_TEXT[code]} (${what}, 610).`);
      default:
        return client.error(
          'config',
          `${what}: Marketo rejected the request (${code}${said})${ERROR_TEXT[code] ? `; ${ERROR_TEXT[code]}` : ''}.`,
        );
    }
  }

  async function api<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    what: string,
    init: { json?: unknown; signal?: AbortSignal } = {},
  ): Promise<z.output<S>> {
    let renewed = false;
    for (;;) {
      const response = await platform.call(method, path, what, { ...init, renewAuth: renewed });
      const envelope = parseBody(client, response, Envelope, what);
      if (!envelope.success) {
        const first = envelope.errors?.[0];
        const code = first?.code ?? 'unknown';
        // 601 (invalid) and 602 (expired): get a new token and try once more.
        if ((code === '601' || code === '602') && !renewed) {
          renewed = true;
          continue;
        }
        throw envelopeError(code, first?.message ?? '', what, method);
      }
      return parseBody(client, response, schema, what);
    }
  }

  return { client, auth, api };
}
