/**
 * One way to build the connector for a source from the settings. The background keeps no
 * connector between uses (the worker can stop at any moment), so what must be shared between
 * instances — the per-platform rate limiters and Marketo's access token — lives here, in
 * memory only: losing it when the worker stops costs one token request, nothing more.
 */
import type { SourceId } from '../model';
import type { Settings } from '../settings/schema';
import type { Clock } from './clock';
import { createHubSpotConnector, hubspotWriteBackReadiness } from './hubspot';
import { createPlatformLimiter, type LimitedPlatform, type Limiter } from './limiter';
import { createMailchimpConnector, mailchimpWriteBackReadiness } from './mailchimp';
import { createMarketoConnector, marketoWriteBackReadiness, type MarketoToken } from './marketo';
import { createRestConnector, restWriteBackReadiness } from './rest';
import { ConnectorError, type Connector, type FetchLike, type WriteBackReadiness } from './types';

export interface ConnectorDeps {
  fetch: FetchLike;
  now?: () => Date;
  clock?: Clock;
  /** Per-platform limiters; the process-wide ones are used when absent. */
  limiters?: Partial<Record<LimitedPlatform, Limiter>>;
  /** Marketo tokens by instance; the process-wide cache when absent. */
  marketoTokens?: Map<string, MarketoToken>;
  timeoutMs?: number;
  /**
   * Hook for the local-workspace connector (lib/connectors/local.ts, built elsewhere): it needs
   * the IndexedDB handle, which this module does not own.
   */
  local?: (settings: Settings) => Connector;
}

const sharedLimiters = new Map<LimitedPlatform, Limiter>();
const sharedMarketoTokens = new Map<string, MarketoToken>();

function limiterFor(platform: LimitedPlatform, deps: ConnectorDeps): Limiter {
  const given = deps.limiters?.[platform];
  if (given) return given;
  let shared = sharedLimiters.get(platform);
  if (!shared) {
    shared = createPlatformLimiter(platform);
    sharedLimiters.set(platform, shared);
  }
  return shared;
}

export function createConnector(sourceId: SourceId, settings: Settings, deps: ConnectorDeps): Connector {
  const common = {
    fetch: deps.fetch,
    now: deps.now,
    clock: deps.clock,
    historyDays: settings.historyDays,
    timeoutMs: deps.timeoutMs,
  };
  switch (sourceId) {
    case 'hubspot':
      return createHubSpotConnector({
        ...common,
        settings: settings.sources.hubspot,
        limiter: limiterFor('hubspot', deps),
      });
    case 'marketo':
      return createMarketoConnector({
        ...common,
        settings: settings.sources.marketo,
        limiter: limiterFor('marketo', deps),
        tokens: deps.marketoTokens ?? sharedMarketoTokens,
      });
    case 'mailchimp':
      return createMailchimpConnector({
        ...common,
        settings: settings.sources.mailchimp,
        limiter: limiterFor('mailchimp', deps),
      });
    case 'rest':
      return createRestConnector({
        ...common,
        settings: settings.sources.rest,
        limiter: limiterFor('rest', deps),
      });
    case 'local':
      if (deps.local) return deps.local(settings);
      throw new ConnectorError(
        'local',
        'config',
        'The local workspace connector is not wired here; pass deps.local.',
      );
  }
}

export { createHubSpotConnector } from './hubspot';
export { createMarketoConnector } from './marketo';
export { createMailchimpConnector, subscriberHash, dataCentreOf } from './mailchimp';
export { createRestConnector, type RestConnector } from './rest';
export { createLimiter, createPlatformLimiter, PLATFORM_LIMITS, type Limiter } from './limiter';
export {
  createPlatformFetch,
  DEFAULT_MAX_RESPONSE_BYTES,
  PlatformFetchError,
  type PlatformFetchOptions,
} from './platform-fetch';
export { systemClock, createManualClock, type Clock, type ManualClock } from './clock';
export { md5 } from './md5';
export * from './types';

/**
 * Whether an outcome of `kind` could be written back to `source` with these settings, and if
 * not, what is missing and where to fix it. No network: the background asks it when a lead is
 * shown and at the click, so a source that cannot deliver is refused then, never later.
 */
export function writeBackReadiness(
  source: SourceId,
  settings: Settings,
  kind?: string,
  label?: string,
): WriteBackReadiness {
  switch (source) {
    case 'hubspot':
      return hubspotWriteBackReadiness(settings.sources.hubspot);
    case 'marketo':
      return marketoWriteBackReadiness(settings.sources.marketo, kind, label);
    case 'mailchimp':
      return mailchimpWriteBackReadiness(settings.sources.mailchimp);
    case 'rest':
      return restWriteBackReadiness(settings.sources.rest);
    case 'local':
      return { ready: true };
  }
}
