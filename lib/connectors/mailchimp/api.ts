/**
 * Mailchimp's end of the HTTP shell: the API key names its data centre (the API host) and goes
 * as Basic auth; errors are problem JSON, and throttling is a 429 or, at the edge, a bare 403
 * with no body and no headers ("Fundamentals", "Errors").
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../../messaging/result';
import type { MailchimpSettings } from '../../settings/schema';
import type { ConnectorFactoryOptions } from '../common';
import {
  createPlatformApi,
  excerpt,
  safeJson,
  statusError,
  throttled,
  type ApiRequest,
  type HttpResponse,
  type PlatformApi,
} from '../http';
import type { ConnectorError } from '../types';
import { keyDataCentre } from './definition';
import { Problem } from './schemas';

export type MailchimpSettingsValue = z.infer<typeof MailchimpSettings>;
export type MailchimpConnectorOptions = ConnectorFactoryOptions<MailchimpSettingsValue>;

const THROTTLE_BACKOFF_MS = 10_000;

/**
 * The data centre named by an API key (`…-us21` → `us21`), or a config error naming what is
 * wrong. The message never quotes the key: what follows a dash that is not a data centre may
 * well be part of the secret.
 */
export function dataCentreOf(apiKey: string): Result<string> {
  const dash = apiKey.lastIndexOf('-');
  if (!apiKey) return err('bad_request', 'Mailchimp: no API key is set. Add one in Options.');
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    return err(
      'bad_request',
      'Mailchimp: the API key has characters no API key has. Copy the whole key again.',
    );
  }
  if (dash < 0 || dash === apiKey.length - 1) {
    return err(
      'bad_request',
      'Mailchimp: the API key has no data centre after the dash (like …-us21). Copy the whole key.',
    );
  }
  const dc = keyDataCentre(apiKey);
  if (!dc) {
    return err(
      'bad_request',
      'Mailchimp: what follows the last dash of the API key is not a data centre (like us21). Copy the whole key.',
    );
  }
  return ok(dc);
}

/** Basic auth: any user name, the key as the password (keys are printable ASCII, see dataCentreOf). */
export function basicAuth(apiKey: string): string {
  return btoa(`loopline:${apiKey}`);
}

export interface MailchimpConfig {
  base: string;
  dc: string;
  auth: string;
}

export interface MailchimpApi extends PlatformApi {
  /** Where and how to reach the account, or the 'config' error that says what is wrong with the key. */
  config(): MailchimpConfig;
}

export function createMailchimpApi(options: MailchimpConnectorOptions): MailchimpApi {
  const { settings } = options;

  function config(): MailchimpConfig {
    const parsed = dataCentreOf(settings.apiKey);
    if (!parsed.ok) throw api.client.error('config', parsed.error.message);
    return {
      base: `https://${parsed.value}.api.mailchimp.com/3.0`,
      dc: parsed.value,
      auth: `Basic ${basicAuth(settings.apiKey)}`,
    };
  }

  function mailchimpError(request: ApiRequest, response: HttpResponse): ConnectorError {
    const { client } = api;
    const { what } = request;
    const { dc } = config();
    const body = Problem.parse(safeJson(response.text));
    const said = excerpt([body.title, body.detail].filter(Boolean).join(': ') || response.text);
    if (response.status === 429 || (response.status === 403 && response.text.trim() === '')) {
      // A 403 with no body and no headers is Mailchimp's edge throttling, not a permission problem.
      return throttled(
        client,
        response,
        `Mailchimp is throttling requests (${response.status}); retrying after a pause.`,
        THROTTLE_BACKOFF_MS,
      );
    }
    if (response.status === 401) {
      return client.error(
        'auth',
        `Mailchimp rejected the API key at data centre ${dc} (401: ${said}). Check the key and the part after its dash.`,
      );
    }
    if (response.status === 403) return client.error('scope', `Mailchimp refused ${what} (403: ${said}).`);
    return statusError(client, request, response, said || undefined);
  }

  const api = createPlatformApi({
    source: 'mailchimp',
    label: 'Mailchimp',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter,
    timeoutMs: options.timeoutMs,
    secrets: () => {
      // All of a key is secret but a valid data centre, which names the public API host; so is
      // the base64 of it in the Authorization header.
      const key = settings.apiKey;
      return dataCentreOf(key).ok ? [key.slice(0, key.lastIndexOf('-')), basicAuth(key)] : [key];
    },
    base: () => config().base,
    auth: () => ({ Authorization: config().auth }),
    toError: mailchimpError,
  });
  return { ...api, config };
}
