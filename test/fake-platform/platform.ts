/**
 * The fake platform server: one in-memory request handler that answers for HubSpot, Marketo,
 * Mailchimp and Loopline's REST contract, shaped as the vendors document, with faults a test
 * can switch on per host and path, a request log, and a record of every write. Its configuration
 * and defaults are in platform-config.ts, the seeded leads' records are built by resolve-lead.ts.
 */
import { systemClock, type Clock } from '../../lib/connectors/clock';
import { hubspotHandler } from './hubspot';
import { mailchimpHandler } from './mailchimp';
import { marketoHandler } from './marketo';
import { defaultConfig, MARKETO_MESSAGES, type FakeConfig } from './platform-config';
import { resolveLead } from './resolve-lead';
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
import { empty, json, parseJsonBody } from './util';

export { defaultConfig, MARKETO_MESSAGES } from './platform-config';
export type { FakeConfig, MarketoCustomType } from './platform-config';

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
