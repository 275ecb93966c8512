/**
 * One way to build the connector for a source from the settings: the registry's platforms
 * (./registry.ts) with their connectors attached. Only the background imports this module; the
 * pages import the light definitions alone. The background keeps no
 * connector between uses (the worker can stop at any moment), so what must be shared between
 * instances — the per-platform rate limiters and Marketo's access token — lives here, in
 * memory only: losing it when the worker stops costs one token request, nothing more.
 */
import type { SourceId } from '../model';
import type { Settings } from '../settings/schema';
import type { Clock } from './clock';
import type { PlatformId } from './registry';
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
   * Hook for the local-workspace connector (./local/index.ts, built by the background): it needs
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

/** What only the background needs of a platform: its connector and its write-back check. */
interface PlatformConnector {
  create(settings: Settings, deps: ConnectorDeps): Connector;
  /**
   * Whether an outcome of `kind` could be written back with these settings, and if not, what is
   * missing and where to fix it. No network.
   */
  writeBackReadiness(settings: Settings, kind?: string, label?: string): WriteBackReadiness;
}

/** What every remote connector is given. */
function commonOptions(settings: Settings, deps: ConnectorDeps) {
  return {
    fetch: deps.fetch,
    now: deps.now,
    clock: deps.clock,
    historyDays: settings.historyDays,
    timeoutMs: deps.timeoutMs,
  };
}

/**
 * The connector of every registered platform. Keyed by the registry's ids: a platform without
 * a connector here does not compile. Static imports only: MV3 service workers refuse `import()`.
 */
export const CONNECTORS = {
  local: {
    create(settings, deps) {
      if (deps.local) return deps.local(settings);
      throw new ConnectorError(
        'local',
        'config',
        'The local workspace connector is not wired here; pass deps.local.',
      );
    },
    writeBackReadiness: () => ({ ready: true }),
  },
  hubspot: {
    create: (settings, deps) =>
      createHubSpotConnector({
        ...commonOptions(settings, deps),
        settings: settings.sources.hubspot,
        limiter: limiterFor('hubspot', deps),
      }),
    writeBackReadiness: (settings) => hubspotWriteBackReadiness(settings.sources.hubspot),
  },
  marketo: {
    // No findByName: Marketo finds leads by its searchable fields only (email, ids), not by name.
    create: (settings, deps) =>
      createMarketoConnector({
        ...commonOptions(settings, deps),
        settings: settings.sources.marketo,
        limiter: limiterFor('marketo', deps),
        tokens: deps.marketoTokens ?? sharedMarketoTokens,
      }),
    writeBackReadiness: (settings, kind, label) =>
      marketoWriteBackReadiness(settings.sources.marketo, kind, label),
  },
  mailchimp: {
    // No findByName: Mailchimp's member search is a full-text query, not a lookup by exact name.
    create: (settings, deps) =>
      createMailchimpConnector({
        ...commonOptions(settings, deps),
        settings: settings.sources.mailchimp,
        limiter: limiterFor('mailchimp', deps),
      }),
    writeBackReadiness: (settings) => mailchimpWriteBackReadiness(settings.sources.mailchimp),
  },
  rest: {
    create: (settings, deps) =>
      createRestConnector({
        ...commonOptions(settings, deps),
        settings: settings.sources.rest,
        limiter: limiterFor('rest', deps),
      }),
    writeBackReadiness: (settings) => restWriteBackReadiness(settings.sources.rest),
  },
} satisfies Record<PlatformId, PlatformConnector>;

export function createConnector(sourceId: SourceId, settings: Settings, deps: ConnectorDeps): Connector {
  return CONNECTORS[sourceId].create(settings, deps);
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
  return CONNECTORS[source].writeBackReadiness(settings, kind, label);
}
