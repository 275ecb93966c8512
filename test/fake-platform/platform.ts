/**
 * The fake platform server: one in-memory request handler that answers for HubSpot, Marketo,
 * Mailchimp and Loopline's REST contract, shaped as the vendors document, with faults a test
 * can switch on per host and path, a request log, and a record of every write.
 */
import { md5 } from '../../lib/connectors/md5';
import { systemClock, type Clock } from '../../lib/connectors/clock';
import { hubspotHandler } from './hubspot';
import { mailchimpHandler } from './mailchimp';
import { marketoHandler } from './marketo';
import { restHandler } from './rest';
import { defaultLeads } from './seed';
import type {
  FakeHost,
  FakeLead,
  FakeRequest,
  FakeResponse,
  FakeWrites,
  FaultSpec,
  LoggedRequest,
  StoredLead,
} from './types';
import { empty, json, parseJsonBody, stableNumber } from './util';

export interface FakeConfig {
  hubspot: {
    token: string;
    portalId: number;
    timeZone: string;
    uiDomain: string;
    scopes: Set<string>;
    /** Custom contact properties that exist in the portal (for the outcome property). */
    customProperties: Set<string>;
    leadStatuses: string[];
    /** Caps the email events page size so that tests can make paging happen. */
    maxEventPage: number;
    /** How long a new note stays invisible to CRM search (HubSpot's index lags by seconds). */
    searchIndexLagMs: number;
  };
  marketo: {
    munchkinId: string;
    clientId: string;
    clientSecret: string;
    tokenTtlSeconds: number;
    apiUser: string;
    /** Caps `batchSize` so that tests can make paging happen. */
    pageSize: number;
    /** Lead fields beyond the standard ones that exist in the instance. */
    customFields: string[];
    /** The custom activity type the default settings name for outcomes. */
    customActivityType?: MarketoCustomType;
    /** More custom activity types of the instance (for choosing one in Options). */
    otherCustomActivityTypes: MarketoCustomType[];
  };
  mailchimp: {
    apiKey: string;
    listId: string;
    listName: string;
    accountName: string;
    /** Caps `count` so that tests can make paging happen. */
    maxCount: number;
    /**
     * How long an accepted event takes to be listed (events and activity feed). Mailchimp
     * processes events asynchronously; 0 lists them at once.
     */
    eventsListedAfterMs: number;
  };
  rest: {
    authHeader: string;
    authValue: string;
  };
}

export interface MarketoCustomType {
  id: number;
  apiName: string;
  name: string;
  /** "approved" when absent; a "draft" type takes no activities. */
  status?: 'draft' | 'approved' | 'approved with draft';
  primaryAttribute: { apiName: string; name: string; dataType: string };
  attributes: Array<{ apiName: string; name: string; dataType: string }>;
}

export interface FakePlatformOptions {
  leads?: FakeLead[];
  clock?: Clock;
}

export interface PlatformState {
  config: FakeConfig;
  leads: StoredLead[];
  writes: FakeWrites;
  marketoTokens: Map<string, number>;
  hubspotNotes: FakeWrites['hubspot']['notes'];
  seq: number;
  now(): number;
}

export interface HandlerContext {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
  state: PlatformState;
}

export interface VendorHandler {
  platform: FakeHost;
  matches(host: string, state: PlatformState): boolean;
  handle(ctx: HandlerContext): FakeResponse;
  /** The vendor's throttling answer. */
  rateLimit(fault: Extract<FaultSpec, { kind: 'rate_limit' }>, ctx: HandlerContext): FakeResponse;
  serverError(status: number): FakeResponse;
  /** Breaks one field's type in a real answer (the default for the 'wrong_types' fault). */
  wrongTypes(body: unknown): unknown;
}

const HANDLERS: VendorHandler[] = [hubspotHandler, marketoHandler, mailchimpHandler, restHandler];

export interface FakePlatform {
  handle(request: FakeRequest): Promise<FakeResponse>;
  addLead(lead: FakeLead): StoredLead;
  lead(email: string): StoredLead | undefined;
  readonly leads: readonly StoredLead[];
  readonly config: FakeConfig;
  /** Switches a fault on; returns a function that switches it off. */
  fault(spec: FaultSpec): () => void;
  clearFaults(): void;
  readonly requests: LoggedRequest[];
  readonly writes: FakeWrites;
  /** Requests logged for a platform (and path prefix), for counting. */
  requestsTo(platform: FakeHost, pathPrefix?: string, method?: string): LoggedRequest[];
  /** Makes every Marketo token expire now (the next call answers 602). */
  expireMarketoTokens(): void;
  /** Base URLs the connectors are configured with to reach this fake. */
  readonly urls: { hubspotHost: string; marketo: string; mailchimpKey: string; rest: string };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultConfig(): FakeConfig {
  return {
    hubspot: {
      token: 'pat-na1-11111111-2222-3333-4444-555555555555',
      portalId: 4242424,
      timeZone: 'US/Eastern',
      uiDomain: 'app.hubspot.com',
      scopes: new Set([
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.owners.read',
        'crm.lists.read',
        'content',
      ]),
      customProperties: new Set(['loopline_outcome']),
      leadStatuses: [
        'NEW',
        'OPEN',
        'IN_PROGRESS',
        'OPEN_DEAL',
        'UNQUALIFIED',
        'ATTEMPTED_TO_CONTACT',
        'CONNECTED',
        'BAD_TIMING',
      ],
      maxEventPage: 1000,
      searchIndexLagMs: 5_000,
    },
    marketo: {
      munchkinId: '123-ABC-456',
      clientId: '3f7c9a2e-1b4d-4e8f-9a6b-2c5d8e1f4a7b',
      clientSecret: 'q8W2e6R1t9Y4u7I3o5P0a2S8d6F4g1H3',
      tokenTtlSeconds: 3599,
      apiUser: 'loopline-api@123-abc-456.example',
      pageSize: 300,
      customFields: [],
      customActivityType: {
        id: 100001,
        apiName: 'looplineOutcome_c',
        name: 'Loopline Outcome',
        primaryAttribute: { apiName: 'outcomeId', name: 'Outcome Id', dataType: 'string' },
        attributes: [
          { apiName: 'outcomeKind', name: 'Outcome Kind', dataType: 'string' },
          { apiName: 'amount', name: 'Amount', dataType: 'float' },
          { apiName: 'currency', name: 'Currency', dataType: 'string' },
          { apiName: 'note', name: 'Note', dataType: 'text' },
        ],
      },
      otherCustomActivityTypes: [],
    },
    mailchimp: {
      apiKey: '0123456789abcdef0123456789abcdef-us21',
      listId: 'a1b2c3d4e5',
      listName: 'Loopline Test Audience',
      accountName: 'Loopline Test',
      maxCount: 1000,
      eventsListedAfterMs: 0,
    },
    rest: { authHeader: 'Authorization', authValue: 'Bearer rt_5Jm8Qx2Vw7Lk4Nz9' },
  };
}

function resolveLead(seed: FakeLead, now: number, index: number): StoredLead {
  const email = seed.email.trim().toLowerCase();
  const when = (iso: string | undefined, daysAgo: number | undefined, fallbackDays: number) =>
    iso ?? new Date(now - (daysAgo ?? fallbackDays) * DAY_MS).toISOString();
  const touches = (seed.touches ?? []).map((touch, i) => ({
    ...touch,
    at: when(touch.at, touch.daysAgo, 1),
    index: i,
  }));
  const createdAt = when(undefined, seed.createdDaysAgo, 400);
  const mqlAt =
    seed.mqlAt ?? (seed.mqlDaysAgo !== undefined ? when(undefined, seed.mqlDaysAgo, 0) : undefined);
  const hubspotId = String(stableNumber(`hubspot:${email}`, 9_000_000, 1_000_000) + index);
  const marketoId = stableNumber(`marketo:${email}`, 900_000, 1_000) + index;
  const hubspotProps: Record<string, string> = {};
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') hubspotProps[key] = String(value);
  };
  set('email', email);
  set('firstname', seed.firstName);
  set('lastname', seed.lastName);
  set('company', seed.company);
  set('jobtitle', seed.title);
  set('lifecyclestage', seed.lifecycleStage);
  set('hs_lead_status', seed.leadStatus);
  set('hubspotscore', seed.score);
  set('hubspot_owner_id', seed.owner?.id);
  set('hs_analytics_source', seed.source);
  set('hs_lifecyclestage_marketingqualifiedlead_date', mqlAt);
  set('createdate', createdAt);
  set('hs_object_id', hubspotId);
  const forms = touches.filter((t) => t.kind === 'form_submit').sort((a, b) => a.at.localeCompare(b.at));
  if (forms.length > 0) {
    set('first_conversion_event_name', forms[0]!.title ?? 'Form');
    set('first_conversion_date', forms[0]!.at);
    set('recent_conversion_event_name', forms.at(-1)!.title ?? 'Form');
    set('recent_conversion_date', forms.at(-1)!.at);
  }
  const pages = touches
    .filter((t) => t.kind === 'page_view' && t.url)
    .sort((a, b) => a.at.localeCompare(b.at));
  if (pages.length > 0) {
    set('hs_analytics_first_url', pages[0]!.url);
    set('hs_analytics_first_timestamp', pages[0]!.at);
    set('hs_analytics_last_url', pages.at(-1)!.url);
    set('hs_analytics_last_timestamp', pages.at(-1)!.at);
    set('hs_analytics_num_page_views', pages.length);
  }
  return {
    seed,
    email,
    touches,
    createdAt,
    mqlAt,
    hubspotId,
    marketoId,
    mailchimpHash: md5(email),
    mailchimpWebId: stableNumber(`mailchimp:${email}`, 90_000_000, 10_000_000),
    hubspotProps,
    marketoFields: {
      email,
      firstName: seed.firstName ?? null,
      lastName: seed.lastName ?? null,
      company: seed.company ?? null,
      title: seed.title ?? null,
      leadStatus: seed.leadStatus ?? null,
      leadScore: seed.score ?? null,
      leadSource: seed.source ? seed.source.replace(/_/g, ' ').toLowerCase() : null,
      leadOwnerFirstName: seed.owner?.firstName ?? null,
      leadOwnerLastName: seed.owner?.lastName ?? null,
      leadOwnerEmail: seed.owner?.email ?? null,
      createdAt: createdAt.replace(/\.\d{3}Z$/, 'Z'),
      updatedAt: createdAt.replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

function hostMatches(spec: FaultSpec, host: string, platform: FakeHost | undefined): boolean {
  if (spec.host === undefined) return true;
  if (spec.host instanceof RegExp) return spec.host.test(host);
  return spec.host === host || spec.host === platform;
}

function pathMatches(spec: FaultSpec, path: string): boolean {
  if (spec.path === undefined) return true;
  return spec.path instanceof RegExp ? spec.path.test(path) : path.startsWith(spec.path);
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

function lowerHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  const clock = options.clock ?? systemClock;
  const config = defaultConfig();
  const writes: FakeWrites = {
    hubspot: { notes: [], contactUpdates: [] },
    marketo: { leadUpdates: [], activities: [] },
    mailchimp: { tags: [], notes: [], events: [] },
    rest: { outcomes: [] },
  };
  const state: PlatformState = {
    config,
    leads: [],
    writes,
    marketoTokens: new Map(),
    hubspotNotes: writes.hubspot.notes,
    seq: 0,
    now: () => clock.now(),
  };
  const faults: ActiveFault[] = [];
  const requests: LoggedRequest[] = [];

  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const cancel = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        cancel();
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  const never = (signal?: AbortSignal) =>
    new Promise<never>((_, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
    });

  function addLead(seed: FakeLead): StoredLead {
    const stored = resolveLead(seed, clock.now(), state.leads.length);
    const index = state.leads.findIndex((l) => l.email === stored.email);
    if (index >= 0) state.leads[index] = stored;
    else state.leads.push(stored);
    return stored;
  }

  for (const lead of options.leads ?? defaultLeads()) addLead(lead);

  function takeFault(host: string, platform: FakeHost | undefined, path: string, method: string) {
    let latency = 0;
    let chosen: FaultSpec | undefined;
    for (const fault of faults) {
      if (fault.remaining <= 0) continue;
      const { spec } = fault;
      if (!hostMatches(spec, host, platform) || !pathMatches(spec, path)) continue;
      if (spec.method && spec.method.toUpperCase() !== method) continue;
      if (spec.kind === 'latency') {
        latency += spec.ms;
        fault.remaining--;
        continue;
      }
      if (!chosen) {
        chosen = spec;
        fault.remaining--;
      }
    }
    return { latency, fault: chosen };
  }

  async function handle(request: FakeRequest): Promise<FakeResponse> {
    const method = request.method.toUpperCase();
    const url = new URL(request.url);
    const host = url.host.toLowerCase();
    const headers = lowerHeaders(request.headers);
    const rawBody = request.body ?? '';
    const handler = HANDLERS.find((h) => h.matches(host, state));
    const entry: LoggedRequest = {
      method,
      host,
      platform: handler?.platform,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: parseJsonBody(rawBody),
      at: clock.now(),
    };
    requests.push(entry);
    const finish = (response: FakeResponse) => {
      entry.status = response.networkError ? 0 : response.status;
      return response;
    };

    const { latency, fault } = takeFault(host, handler?.platform, url.pathname, method);
    entry.fault = fault?.kind;
    if (latency > 0) await sleep(latency, request.signal);
    if (!handler)
      return finish({ status: 0, headers: {}, body: '', networkError: `getaddrinfo ENOTFOUND ${host}` });

    const ctx: HandlerContext = { method, url, headers, body: entry.body, rawBody, state };
    const real = () => {
      state.seq++;
      return handler.handle(ctx);
    };

    if (!fault) return finish(real());
    switch (fault.kind) {
      case 'status':
        return finish(
          typeof fault.body === 'string' || fault.body === undefined
            ? {
                status: fault.status,
                headers: fault.headers ?? {},
                body: (fault.body as string | undefined) ?? '',
              }
            : json(fault.status, fault.body, fault.headers),
        );
      case 'rate_limit':
        return finish(handler.rateLimit(fault, ctx));
      case 'bare_403':
        return finish(empty(403));
      case 'server_error':
        return finish(handler.serverError(fault.status ?? 500));
      case 'marketo_error':
        return finish(
          json(200, {
            requestId: `${state.seq}#fault`,
            success: false,
            errors: [
              { code: String(fault.code), message: fault.message ?? MARKETO_MESSAGES[fault.code] ?? 'Error' },
            ],
          }),
        );
      case 'malformed':
        return finish({
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"results": [ {"id": oops',
        });
      case 'wrong_types': {
        const response = real();
        const body = parseJsonBody(response.body);
        const mutated = fault.mutate ? fault.mutate(body) : handler.wrongTypes(body);
        return finish({ ...response, body: JSON.stringify(mutated) });
      }
      case 'truncated': {
        const response = real();
        return finish({
          ...response,
          headers: { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) },
          truncateAt: Math.floor(Buffer.byteLength(response.body) / 2),
        });
      }
      case 'network':
        return finish({ status: 0, headers: {}, body: '', networkError: `connect ECONNREFUSED ${host}` });
      case 'hang':
        return never(request.signal);
      case 'timeout_after_write': {
        const response = real();
        if (fault.delayMs === undefined) return never(request.signal);
        await sleep(fault.delayMs, request.signal);
        return finish(response);
      }
      case 'reset_after_write':
        real();
        return finish({ status: 0, headers: {}, body: '', networkError: `read ECONNRESET ${host}` });
      case 'latency':
        return finish(real());
    }
  }

  return {
    handle,
    addLead,
    lead: (email) => state.leads.find((l) => l.email === email.trim().toLowerCase()),
    get leads() {
      return state.leads;
    },
    config,
    fault(spec) {
      const active: ActiveFault = { spec, remaining: spec.times ?? Infinity };
      faults.push(active);
      return () => {
        const index = faults.indexOf(active);
        if (index >= 0) faults.splice(index, 1);
      };
    },
    clearFaults() {
      faults.length = 0;
    },
    requests,
    writes,
    requestsTo(platform, pathPrefix, method) {
      return requests.filter(
        (r) =>
          r.platform === platform &&
          (!pathPrefix || r.path.startsWith(pathPrefix)) &&
          (!method || r.method === method.toUpperCase()),
      );
    },
    expireMarketoTokens() {
      for (const token of state.marketoTokens.keys()) state.marketoTokens.set(token, clock.now() - 1);
    },
    get urls() {
      return {
        hubspotHost: 'api.hubapi.com',
        marketo: `https://${config.marketo.munchkinId}.mktorest.com`,
        mailchimpKey: config.mailchimp.apiKey,
        rest: 'https://rest.loopline.test',
      };
    },
  };
}

/** Messages as Marketo words them ("Error codes" reference). */
export const MARKETO_MESSAGES: Record<number, string> = {
  600: 'Access token missing',
  601: 'Access token invalid',
  602: 'Access token expired',
  603: 'Access denied',
  604: 'Request timed out',
  606: "Max rate limit '100' exceeded with in '20' secs",
  607: 'Daily quota reached',
  609: 'Invalid JSON',
  610: 'Requested resource not found',
  611: 'System error',
  615: 'Concurrent access limit reached',
  1003: 'Invalid value',
  1004: 'Lead not found',
  1006: 'Field not found',
};
