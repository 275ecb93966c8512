/**
 * Answers `lead.get`: stale-while-revalidate over the per-source cache. What is cached comes
 * back at once with its age; a refresh runs behind it and `onUpdate` delivers the fresh view.
 * Identical concurrent requests share one fetch; a failing source keeps its last good data. A
 * source that delivers the lead without some part of it (a secondary call failed) is shown with
 * that part named as unavailable, not as a failure.
 */
import { isConnectorError, type Connector, type UnavailablePart } from '../connectors/types';
import { SOURCE_NAMES, type Lead, type SourceId, type Touchpoint } from '../model';
import type { LeadView, SourceStatus, WriteBackView } from '../model/view';
import type { Settings } from '../settings/schema';
import { getCached, putCached } from '../store/cache';
import type { CacheEntry, DB } from '../store/db';
import { listOutcomesForLead } from '../store/outcomes';
import { colleaguesEngaged, getWorkspaceLead, workspaceHistory } from '../store/workspace';
import { SAMPLE_SOURCE_LABEL } from '../sample/generate';
import { writeBackReadiness } from '../connectors';
import { mergeLeads, mergeTouchpoints } from './merge';
import { enabledRemoteSources } from './sources';
import { decideTarget, WRITE_BACK_ORDER, type TargetDecision, type WriteBackPlatform } from './target';

/** The platforms a lead is looked up at, in the one order outcomes are written back in. */
const REMOTE_SOURCES = WRITE_BACK_ORDER;
type RemoteSource = WriteBackPlatform;

export interface LeadServiceDeps {
  db: DB;
  settings: () => Promise<Settings>;
  connectorFor: (source: RemoteSource, settings: Settings) => Connector;
  now?: () => Date;
  online?: () => boolean;
  /** Marks likely machine opens and clicks (lib/insights/machine). */
  markMachine?: (touchpoints: Touchpoint[]) => Touchpoint[];
  /** Called with the fresh view when a background refresh lands. */
  onUpdate?: (view: LeadView) => void;
  /** Waits before a throttled source is asked again (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

/** A throttled lookup is retried by itself this many times, when the platform's pause is short. */
const THROTTLE_RETRIES = 2;
const MAX_THROTTLE_WAIT_MS = 60_000;

interface SourceError {
  kind: string;
  message: string;
}

/**
 * A cached answer with the parts the source could not deliver with it. Stored as is in the
 * cache store (an optional field of its value).
 */
type SourceEntry = CacheEntry & { unavailable?: string[] };

/** At most this many parts are named (the view's bound). */
const MAX_UNAVAILABLE = 20;

export interface LeadService {
  get(email: string, options?: { refresh?: boolean }): Promise<LeadView>;
  /** Settled when every refresh started so far has finished (tests, benchmarks). */
  idle(): Promise<void>;
}

/** Where outcomes for this lead go, and which of the team's outcomes cannot be delivered there. */
function writeBackView(decision: TargetDecision, settings: Settings): WriteBackView {
  const blocked: Record<string, string> = {};
  let fix: WriteBackView['fix'];
  for (const type of settings.outcomes) {
    const readiness = writeBackReadiness(decision.target, settings, type.key, type.label);
    if (readiness.ready) continue;
    blocked[type.key] = readiness.missing ?? 'write-back is not set up';
    fix ??= readiness.fix;
  }
  // None can be delivered: one reason for all of them, not the first outcome's.
  const all = settings.outcomes.length > 0 && Object.keys(blocked).length === settings.outcomes.length;
  const general = all ? writeBackReadiness(decision.target, settings) : undefined;
  if (general && !general.ready && general.missing) {
    for (const key of Object.keys(blocked)) blocked[key] = general.missing;
  }
  return {
    target: decision.target,
    label: SOURCE_NAMES[decision.target],
    pending: decision.pending,
    blocked,
    ...(fix ? { fix } : {}),
  };
}

export function createLeadService(deps: LeadServiceDeps): LeadService {
  const now = deps.now ?? (() => new Date());
  const online = deps.online ?? (() => globalThis.navigator?.onLine ?? true);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const inflight = new Map<string, Promise<SourceEntry | SourceError>>();
  const lastErrors = new Map<string, SourceError>();

  function refresh(
    source: RemoteSource,
    email: string,
    settings: Settings,
  ): Promise<SourceEntry | SourceError> {
    const key = `${source}:${email}`;
    const running = inflight.get(key);
    if (running) return running;
    const task = (async (): Promise<SourceEntry | SourceError> => {
      try {
        const connector = deps.connectorFor(source, settings);
        const unavailable = new Set<string>();
        const onUnavailable = (part: UnavailablePart) => {
          if (unavailable.size < MAX_UNAVAILABLE) unavailable.add(part.part.slice(0, 100));
        };
        const lead = await connector.lookup(email, undefined, { onUnavailable });
        const since = new Date(now().getTime() - settings.historyDays * 86_400_000);
        const touchpoints = lead ? await connector.history(lead, { since, onUnavailable }) : [];
        const entry: SourceEntry = { source, email, lead, touchpoints, fetchedAt: now().toISOString() };
        if (lead && unavailable.size > 0) entry.unavailable = [...unavailable];
        // Only a parsed answer replaces what was cached; one that lacks a part says which.
        await putCached(deps.db, entry);
        lastErrors.delete(key);
        return entry;
      } catch (error) {
        const failure: SourceError = isConnectorError(error)
          ? { kind: error.kind, message: error.message }
          : { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
        lastErrors.set(key, failure);
        if (isConnectorError(error) && error.kind === 'rate_limited')
          retryThrottled(source, email, settings, error.retryAfterMs);
        return failure;
      } finally {
        inflight.delete(key);
      }
    })();
    inflight.set(key, task);
    return task;
  }

  // A lookup that the platform throttled is asked again once its pause is over, and the open
  // tabs get the answer; bounded, so a platform that keeps refusing is not hammered. Memory
  // only: after a worker restart the next lead.get starts afresh, which is all a lookup needs.
  const throttleRetries = new Map<string, number>();
  function retryThrottled(source: RemoteSource, email: string, settings: Settings, retryAfterMs = 10_000) {
    const key = `${source}:${email}`;
    const done = throttleRetries.get(key) ?? 0;
    if (done >= THROTTLE_RETRIES || retryAfterMs > MAX_THROTTLE_WAIT_MS) return;
    throttleRetries.set(key, done + 1);
    void sleep(retryAfterMs).then(async () => {
      const result = await refresh(source, email, settings);
      if ('fetchedAt' in result) throttleRetries.delete(key);
      const entries = new Map<RemoteSource, SourceEntry | undefined>();
      for (const other of enabledRemoteSources(settings)) {
        entries.set(other, await getCached(deps.db, other, email));
      }
      deps.onUpdate?.(await build(email, settings, entries, new Set()));
    });
  }

  async function localPart(email: string, settings: Settings) {
    const found = await getWorkspaceLead(deps.db, email);
    const since = new Date(now().getTime() - settings.historyDays * 86_400_000);
    const touchpoints = found ? await workspaceHistory(deps.db, email, since) : [];
    const colleagues = found
      ? await colleaguesEngaged(deps.db, found.lead, new Date(now().getTime() - 14 * 86_400_000))
      : 0;
    return { found, touchpoints, colleagues };
  }

  async function build(
    email: string,
    settings: Settings,
    entries: Map<RemoteSource, SourceEntry | undefined>,
    refreshing: Set<RemoteSource>,
  ): Promise<LeadView> {
    const statuses: SourceStatus[] = [];
    const leads: { source: SourceId; lead: Lead }[] = [];
    const lists: Touchpoint[][] = [];
    let sample = false;
    let colleagues = 0;
    let failed = 0;

    if (settings.sources.local.enabled) {
      const local = await localPart(email, settings);
      statuses.push({
        source: 'local',
        label: local.found?.workspace === 'sample' ? SAMPLE_SOURCE_LABEL : SOURCE_NAMES.local,
        state: 'fresh',
        fetchedAt: now().toISOString(),
      });
      if (local.found) {
        leads.push({ source: 'local', lead: local.found.lead });
        lists.push(local.touchpoints);
        sample = local.found.workspace === 'sample';
        colleagues = local.colleagues;
      }
    }

    for (const source of REMOTE_SOURCES) {
      if (!settings.sources[source].enabled) continue;
      const entry = entries.get(source);
      const error = lastErrors.get(`${source}:${email}`);
      const ttlMs = settings.sources[source].ttlMinutes * 60_000;
      const status: SourceStatus = { source, label: SOURCE_NAMES[source], state: 'fresh' };
      if (entry) {
        status.fetchedAt = entry.fetchedAt;
        const stale = now().getTime() - Date.parse(entry.fetchedAt) > ttlMs;
        status.state = refreshing.has(source) ? 'refreshing' : stale ? 'stale' : 'fresh';
        if (entry.lead) {
          leads.push({ source, lead: entry.lead });
          lists.push(entry.touchpoints);
          if (entry.unavailable?.length) status.unavailable = entry.unavailable;
        }
      }
      if (error && !refreshing.has(source)) {
        status.state = online() ? 'error' : 'offline';
        status.error = error;
        if (!entry) failed++;
      }
      statuses.push(status);
    }

    const lead = mergeLeads(email, leads);
    let touchpoints = mergeTouchpoints(lists);
    if (deps.markMachine) touchpoints = deps.markMachine(touchpoints);
    const outcomes = await listOutcomesForLead(deps.db, email);
    // "Not in your marketing data" only when every source answered: a source that failed might
    // know the lead, so its silence is an error, not a no.
    const status: LeadView['status'] = lead
      ? 'found'
      : statuses.length === 0
        ? 'no_source'
        : failed > 0
          ? 'error'
          : 'not_found';
    return {
      email,
      status,
      lead,
      touchpoints,
      sources: statuses,
      outcomes,
      sample,
      colleaguesEngaged: colleagues,
      writeBack: writeBackView(decideTarget({ lead, sources: statuses }), settings),
    };
  }

  return {
    async get(email, options = {}) {
      const settings = await deps.settings();
      const enabled = enabledRemoteSources(settings);
      const entries = new Map<RemoteSource, SourceEntry | undefined>();
      const background: RemoteSource[] = [];
      const waitFor: Promise<unknown>[] = [];

      for (const source of enabled) {
        const cached = await getCached(deps.db, source, email);
        const ttlMs = settings.sources[source].ttlMinutes * 60_000;
        const fresh = cached && now().getTime() - Date.parse(cached.fetchedAt) <= ttlMs;
        entries.set(source, cached);
        if (fresh && !options.refresh) continue;
        if (cached) {
          background.push(source);
        } else {
          // Nothing to show yet from this source: wait for it (shared with concurrent asks).
          waitFor.push(
            refresh(source, email, settings).then((result) => {
              if ('fetchedAt' in result) entries.set(source, result);
            }),
          );
        }
      }
      await Promise.all(waitFor);

      if (background.length > 0) {
        const refreshing = new Set(background);
        void Promise.all(background.map((source) => refresh(source, email, settings))).then(
          async (results) => {
            const after = new Map(entries);
            background.forEach((source, i) => {
              const result = results[i];
              if (result && 'fetchedAt' in result) after.set(source, result);
            });
            deps.onUpdate?.(await build(email, settings, after, new Set()));
          },
        );
        return build(email, settings, entries, refreshing);
      }
      return build(email, settings, entries, new Set());
    },

    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight.values()]);
    },
  };
}
