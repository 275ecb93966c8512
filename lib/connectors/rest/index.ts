/**
 * REST connector: Loopline's own contract (./CONTRACT.md) for teams with their own backend.
 * The outcome POST carries `Idempotency-Key: <outcome id>`, so the server deduplicates and no
 * check before a retry is needed.
 */
import { z } from 'zod';
import { Lead, Outcome, Touchpoint, type TouchpointInput } from '../../model';
import { canonicalEmail } from '../../model/email';
import type { RestSettings } from '../../settings/schema';
import { asTestResult, historyStart, newestFirst, resolveNow, type ConnectorFactoryOptions } from '../common';
import { createPlatformApi, excerpt, parseBody, safeJson, statusError, validate } from '../http';
import {
  ConnectorError,
  MAX_NAME_MATCHES,
  type Connector,
  type HistoryOptions,
  type NameMatch,
  type WriteBackReadiness,
  type WriteOptions,
  type WriteReceipt,
} from '../types';
import { ErrorBody, Health, LeadResponse, NameMatches, OutcomeList, OutcomeReceipt } from './schemas';

/** What the name search is called in messages; its 404 and 501 mean "not supported". */
const NAME_SEARCH = 'REST name search';
/** Longest name sent: a person's name, not a paragraph. */
export const MAX_REST_NAME_LENGTH = 200;

export type RestSettingsValue = z.infer<typeof RestSettings>;
export type RestConnectorOptions = ConnectorFactoryOptions<RestSettingsValue>;

export interface RestConnector extends Connector {
  readonly id: 'rest';
  /** The team's outcomes since a time, for the closed-loop report (GET /outcomes). */
  listOutcomes(since: Date, signal?: AbortSignal): Promise<Outcome[]>;
}

export function createRestConnector(options: RestConnectorOptions): RestConnector {
  const { settings, historyDays } = options;
  const now = resolveNow(options);
  const api = createPlatformApi({
    source: 'rest',
    label: 'REST backend',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter,
    timeoutMs: options.timeoutMs,
    secrets: () => [credentialOf(settings.authValue)],
    base,
    auth: () =>
      settings.authHeader && settings.authValue ? { [settings.authHeader]: settings.authValue } : {},
    toError: (request, response) => {
      const body = ErrorBody.parse(safeJson(response.text));
      const said = body.error?.message ? excerpt(body.error.message) : excerpt(response.text);
      if (request.what === NAME_SEARCH && (response.status === 404 || response.status === 501)) {
        // The optional name search is not implemented there: findByName answers [].
        return client.error('not_found', `REST backend does not search by name (${response.status}).`);
      }
      if (response.status === 401) {
        return client.error(
          'auth',
          `REST backend rejected the credentials (401)${said ? `: ${said}` : ''}. Check the auth header in Options.`,
        );
      }
      return statusError(client, request, response, said || undefined);
    },
  });
  const { client, call } = api;

  function base(): string {
    if (!settings.baseUrl) throw client.error('config', 'REST: set the base URL of your backend in Options.');
    return settings.baseUrl.replace(/\/+$/, '');
  }

  async function fetchLead(
    email: string,
    since: Date | undefined,
    signal?: AbortSignal,
  ): Promise<LeadResponse | null> {
    const query = since ? `?${new URLSearchParams({ since: since.toISOString() })}` : '';
    const found = await api.find(
      `/leads/${encodeURIComponent(email)}${query}`,
      LeadResponse,
      'REST lead',
      signal,
    );
    return found ?? null;
  }

  function toLead(body: LeadResponse): Lead {
    const l = body.lead;
    return validate(
      client,
      {
        email: l.email,
        name: l.name ?? undefined,
        company: l.company ?? undefined,
        title: l.title ?? undefined,
        lifecycleStage: l.lifecycleStage ?? undefined,
        leadStatus: l.leadStatus ?? undefined,
        score: l.score ?? undefined,
        score30dAgo: l.score30dAgo ?? undefined,
        owner: l.owner ?? undefined,
        mqlAt: l.mqlAt ?? undefined,
        source: l.source ?? undefined,
        refs: [{ source: 'rest', id: l.id ?? l.email, url: l.url ?? undefined }],
      },
      Lead,
      'REST lead',
    );
  }

  return {
    id: 'rest',

    async lookup(email, signal) {
      base();
      const normalised = canonicalEmail(email);
      if (!normalised) return null;
      const body = await fetchLead(normalised, undefined, signal);
      return body ? toLead(body) : null;
    },

    /**
     * GET /leads?name= (CONTRACT.md): optional. A backend that answers 404 or 501 does not
     * search by name, and that is answered [] each time; nothing is remembered of it.
     */
    async findByName(name: string, signal?: AbortSignal): Promise<NameMatch[]> {
      base();
      const asked = name.trim().slice(0, MAX_REST_NAME_LENGTH);
      if (!asked) return [];
      let body: NameMatches;
      try {
        body = await api.get(
          `/leads?${new URLSearchParams({ name: asked })}`,
          NameMatches,
          NAME_SEARCH,
          signal,
        );
      } catch (error) {
        if (error instanceof ConnectorError && error.kind === 'not_found') return [];
        throw error;
      }
      if (body.name !== asked) {
        throw client.error(
          'malformed',
          `REST name search: the answer is for "${excerpt(body.name, 60)}", not the name asked for; does the backend read the name parameter?`,
        );
      }
      const matches: NameMatch[] = [];
      const seen = new Set<string>();
      for (const match of body.matches) {
        const email = canonicalEmail(match.email);
        if (!email || seen.has(email)) continue;
        seen.add(email);
        matches.push({
          email,
          name: match.name?.trim() || asked,
          ...(match.company ? { company: match.company } : {}),
          ...(match.title ? { title: match.title } : {}),
          source: 'rest',
        });
        if (matches.length >= MAX_NAME_MATCHES) break;
      }
      return matches;
    },

    async history(lead: Lead, options: HistoryOptions = {}) {
      const since = historyStart(now(), options.since, historyDays);
      const body = await fetchLead(lead.email, since, options.signal);
      if (!body) return [];
      const campaigns = new Map((body.campaigns ?? []).map((c) => [c.id, c]));
      const sinceIso = since.toISOString();
      return newestFirst(
        body.touchpoints
          .map((t, i) => {
            const ref =
              t.campaign ??
              (t.campaignId
                ? (campaigns.get(t.campaignId) ?? { id: t.campaignId, name: t.campaignId })
                : undefined);
            const input: TouchpointInput = {
              id: t.id,
              leadEmail: lead.email,
              occurredAt: t.occurredAt,
              kind: t.kind,
              campaign: ref ? { id: ref.id, name: ref.name, channel: ref.channel ?? 'other' } : undefined,
              title: t.title ?? '',
              url: t.url ?? undefined,
              detail: t.detail ?? undefined,
              source: 'rest',
              machine: t.machine ?? undefined,
              machineReason: t.machineReason ?? undefined,
            };
            return validate(client, input, Touchpoint, `REST touchpoint ${i}`);
          })
          .filter((t) => t.occurredAt >= sinceIso),
      );
    },

    async writeOutcome(_lead: Lead, outcome: Outcome, options: WriteOptions = {}): Promise<WriteReceipt> {
      // The server deduplicates by Idempotency-Key, so `checkFirst` needs no extra request.
      const response = await call('POST', '/outcomes', 'REST outcome', {
        signal: options.signal,
        headers: { 'Idempotency-Key': outcome.id },
        json: outcome,
      });
      const { id } = parseBody(client, response, OutcomeReceipt, 'REST outcome receipt');
      const receipt = `REST outcome ${id}`;
      return response.status === 200 ? { receipt, alreadyDone: true } : { receipt };
    },

    async listOutcomes(since, signal) {
      const body = await api.get(
        `/outcomes?${new URLSearchParams({ since: since.toISOString() })}`,
        OutcomeList,
        'REST outcomes',
        signal,
      );
      return body.outcomes;
    },

    test(signal) {
      return asTestResult(async () => {
        const health = await api.get('/health', Health, 'REST health check', signal);
        return `Connected to ${health.name ?? new URL(base()).host}.`;
      });
    },
  };
}

/**
 * Whether an outcome could be written back to the REST backend with these settings, without
 * asking it: the backend takes every outcome, so its base URL is all it takes.
 */
export function restWriteBackReadiness(settings: RestSettingsValue): WriteBackReadiness {
  return settings.baseUrl
    ? { ready: true }
    : { ready: false, missing: 'no base URL is set for the REST backend', fix: 'sources' };
}

/**
 * The secret in a header value: what follows an auth scheme (`Bearer …`, `Token …`), else all
 * of it. The scheme is no secret, and as one its letters would be cut from every message.
 */
function credentialOf(value: string): string {
  return /^[A-Za-z][\w-]*\s+(\S[\s\S]*)$/.exec(value.trim())?.[1] ?? value;
}
