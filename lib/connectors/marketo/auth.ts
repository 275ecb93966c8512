/**
 * Marketo's access token: client credentials exchanged at `/identity/oauth/token` ("Authentication"),
 * kept (shared across connector instances, per instance and client id) until a few seconds before
 * it expires, renewed when Marketo calls it invalid or expired (601, 602).
 */
import type { z } from 'zod';
import type { MarketoSettings } from '../../settings/schema';
import { parseBody, safeJson, statusError, type HttpClient } from '../http';
import { IdentityError, IdentityResponse } from './schemas';

export type MarketoSettingsValue = z.infer<typeof MarketoSettings>;

export interface MarketoToken {
  value: string;
  expiresAt: number;
}

/** The origin of the REST API base URL, or undefined when it is not one. */
export function baseOf(url: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export interface MarketoAuthOptions {
  client: HttpClient;
  settings: MarketoSettingsValue;
  /** Shared across connector instances; see MarketoConnectorOptions.tokens. */
  tokens: Map<string, MarketoToken>;
}

export interface MarketoAuth {
  /** The API's origin, or the 'config' error that says what is missing. */
  requireConfig(): string;
  /** A current token: the kept one, else a new one (`renew` drops the kept one first). */
  token(signal?: AbortSignal, renew?: boolean): Promise<string>;
  /** The kept token while it is still good, without waiting. */
  valid(): string | undefined;
  /** The kept token, for cutting it out of error messages. */
  current(): string | undefined;
}

export function createMarketoAuth({ client, settings, tokens }: MarketoAuthOptions): MarketoAuth {
  const base = baseOf(settings.baseUrl);
  const tokenKey = `${base}|${settings.clientId}`;
  let pendingToken: Promise<string> | undefined;

  function requireConfig(): string {
    if (!base)
      throw client.error(
        'config',
        'Marketo: set the REST API base URL (Admin → Web Services), like https://123-ABC-456.mktorest.com.',
      );
    if (!settings.clientId || !settings.clientSecret) {
      throw client.error(
        'config',
        'Marketo: set the client id and secret of the LaunchPoint custom service.',
      );
    }
    return base;
  }

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const root = requireConfig();
    // In a form body, never in the query string: URLs end up in logs, proxies and histories.
    const response = await client.send({
      method: 'POST',
      url: `${root}/identity/oauth/token`,
      form: {
        grant_type: 'client_credentials',
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
      },
      signal,
      what: 'Marketo access token',
      safe: true,
    });
    if (response.status === 401 || response.status === 400) {
      const body = IdentityError.parse(safeJson(response.text));
      throw client.error(
        'auth',
        `Marketo rejected the client id or secret (${body.error_description ?? body.error ?? response.status}). Check the LaunchPoint service's credentials.`,
      );
    }
    if (response.status !== 200)
      throw statusError(client, { method: 'POST', what: 'Marketo access token', safe: true }, response);
    const token = parseBody(client, response, IdentityResponse, 'Marketo access token');
    // A few seconds of margin: a token that expires in flight costs a 602 and a renewal.
    tokens.set(tokenKey, {
      value: token.access_token,
      expiresAt: client.clock.now() + Math.max(0, token.expires_in - 5) * 1000,
    });
    return token.access_token;
  }

  function valid(): string | undefined {
    const cached = tokens.get(tokenKey);
    return cached && cached.expiresAt > client.clock.now() ? cached.value : undefined;
  }

  function token(signal?: AbortSignal, renew = false): Promise<string> {
    const cached = renew ? undefined : valid();
    if (cached !== undefined) return Promise.resolve(cached);
    if (renew) tokens.delete(tokenKey);
    // Concurrent callers share one token request.
    pendingToken ??= fetchToken(signal).finally(() => {
      pendingToken = undefined;
    });
    return pendingToken;
  }

  return { requireConfig, token, valid, current: () => tokens.get(tokenKey)?.value };
}
