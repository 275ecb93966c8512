/**
 * HubSpot's end of the HTTP shell: the private-app token as a Bearer header, and what HubSpot's
 * error answers mean ("Error handling"; 429 bodies name the limit hit in `policyName`, and
 * Retry-After is not promised).
 */
import type { z } from 'zod';
import type { HubSpotSettings } from '../../settings/schema';
import type { ConnectorFactoryOptions } from '../common';
import {
  createPlatformApi,
  excerpt,
  msUntilMidnight,
  safeJson,
  statusError,
  throttled,
  type ApiRequest,
  type HttpResponse,
  type PlatformApi,
} from '../http';
import type { Limiter } from '../limiter';
import type { ConnectorError } from '../types';
import { ErrorBody } from './schemas';

export type HubSpotSettingsValue = z.infer<typeof HubSpotSettings>;
export interface HubSpotConnectorOptions extends ConnectorFactoryOptions<HubSpotSettingsValue> {
  /** The CRM search endpoints' own limit (./names.ts); one per clock is shared when absent. */
  searchLimiter?: Limiter;
}

/** What one connector instance learns of the portal as it goes. */
export interface PortalState {
  /** The portal's time zone, where its daily limit resets; known once account details were read. */
  timeZone?: string;
}

export interface HubSpotApi extends PlatformApi {
  /** The token, or the 'config' error that says none is set. */
  requireToken(): string;
  readonly portal: PortalState;
}

export function createHubSpotApi(options: HubSpotConnectorOptions, now: () => Date): HubSpotApi {
  const { settings } = options;
  const portal: PortalState = {};

  function requireToken(): string {
    if (!settings.token)
      throw api.client.error('config', 'HubSpot: no private-app token is set. Add one in Options.');
    return settings.token;
  }

  function hubspotError(request: ApiRequest, response: HttpResponse): ConnectorError {
    const { client } = api;
    const { what } = request;
    const body = ErrorBody.parse(safeJson(response.text));
    const said = body.message ? excerpt(body.message) : excerpt(response.text);
    if (response.status === 429) {
      if (body.policyName === 'DAILY') {
        return client.error(
          'quota',
          "HubSpot: the portal's daily API limit is used up; it resets at midnight in the portal's time zone.",
          {
            // A connector built for one delivery rarely knows the portal's zone yet; UTC midnight
            // may come before the portal's, so without it look again within the hour.
            retryAfterMs: portal.timeZone
              ? msUntilMidnight(now(), portal.timeZone)
              : Math.min(msUntilMidnight(now(), 'UTC'), 60 * 60_000),
          },
        );
      }
      // TEN_SECONDLY_ROLLING (and the older SECONDLY): the window is 10 s; Retry-After is not promised.
      return throttled(
        client,
        response,
        'HubSpot: the 10-second request limit was reached; retrying after a pause.',
        10_000,
      );
    }
    if (response.status === 401) {
      return client.error(
        'auth',
        'HubSpot rejected the private-app token (401). Paste a current token in Options.',
      );
    }
    if (response.status === 403) {
      const scopes = body.errors?.flatMap((e) => [
        ...(e.context?.requiredGranularScopes ?? []),
        ...(e.context?.requiredScopes ?? []),
      ]);
      const named = scopes && scopes.length > 0 ? ` (needs ${[...new Set(scopes)].join(' or ')})` : '';
      if (body.category === 'MISSING_SCOPES') {
        return client.error(
          'scope',
          `HubSpot: the private app lacks a scope for ${what}${named}. Add it to the app's scopes and paste the new token.`,
        );
      }
      return client.error('scope', `HubSpot refused access to ${what} (403): ${said}`);
    }
    return statusError(client, request, response, said || undefined);
  }

  const base = `https://${settings.apiHost}`;
  const api = createPlatformApi({
    source: 'hubspot',
    label: 'HubSpot',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter,
    timeoutMs: options.timeoutMs,
    secrets: () => [settings.token],
    base: () => base,
    auth: () => ({ Authorization: `Bearer ${requireToken()}` }),
    toError: hubspotError,
  });
  return { ...api, requireToken, portal };
}
