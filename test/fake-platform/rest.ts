/**
 * Fake rest.loopline.test: Loopline's own REST contract (lib/connectors/rest/CONTRACT.md),
 * served at the root of the host, with the optional name search. Outcomes are deduplicated by
 * their Idempotency-Key.
 */
import type { FakeResponse, StoredLead } from './types';
import type { HandlerContext, PlatformState, VendorHandler } from './platform';
import { isRecord, json } from './util';

function problem(status: number, code: string, message: string): FakeResponse {
  return json(status, { error: { code, message } });
}

function known(state: PlatformState): StoredLead[] {
  return state.leads.filter((l) => !l.seed.platforms || l.seed.platforms.includes('rest'));
}

function leadBody(lead: StoredLead, since: number) {
  const s = lead.seed;
  const campaigns = new Map<string, { id: string; name: string; channel: string }>();
  const touchpoints = lead.touches
    .filter((t) => Date.parse(t.at) >= since)
    .map((t) => {
      if (t.campaign)
        campaigns.set(t.campaign.id, {
          id: t.campaign.id,
          name: t.campaign.name,
          channel: t.campaign.channel ?? 'other',
        });
      return {
        id: `tp-${lead.marketoId}-${t.index}`,
        occurredAt: t.at,
        kind: t.kind,
        ...(t.campaign ? { campaignId: t.campaign.id } : {}),
        title: t.title ?? '',
        ...(t.url ? { url: t.url } : {}),
        ...(t.machine ? { machine: true, machineReason: 'Opened by a mail security scanner' } : {}),
      };
    });
  return {
    lead: {
      email: lead.email,
      id: `L-${lead.marketoId}`,
      url: `https://crm.loopline.test/leads/L-${lead.marketoId}`,
      name: [s.firstName, s.lastName].filter(Boolean).join(' ') || undefined,
      company: s.company,
      title: s.title,
      lifecycleStage: s.lifecycleStage,
      leadStatus: lead.hubspotProps.hs_lead_status ?? s.leadStatus,
      score: s.score,
      score30dAgo: s.score30dAgo,
      owner: s.owner ? `${s.owner.firstName} ${s.owner.lastName}` : undefined,
      mqlAt: lead.mqlAt,
      source: s.source,
    },
    touchpoints,
    campaigns: [...campaigns.values()],
  };
}

/** How the fake backend compares names: no case, accents, punctuation or word order. */
function nameWords(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Most matches the backend answers, as the contract asks (Loopline offers 5). */
const NAME_MATCHES_ANSWERED = 5;

function route(ctx: HandlerContext): FakeResponse {
  const { state, url, method } = ctx;
  const config = state.config.rest;
  if (ctx.headers[config.authHeader.toLowerCase()] !== config.authValue) {
    return problem(401, 'unauthorized', 'Missing or wrong credentials.');
  }
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/health' && method === 'GET')
    return json(200, { ok: true, name: 'Fake Loopline backend', version: '1' });

  if (path === '/leads' && method === 'GET') {
    const name = url.searchParams.get('name');
    if (name === null) return problem(400, 'name_missing', 'Send the name to look up as ?name=.');
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200)
      return problem(400, 'invalid_name', 'The name must hold 1 to 200 characters.');
    const words = nameWords(trimmed);
    const matches = known(state)
      .filter(
        (l) => words !== '' && nameWords(`${l.seed.firstName ?? ''} ${l.seed.lastName ?? ''}`) === words,
      )
      .slice(0, NAME_MATCHES_ANSWERED)
      .map((l) => ({
        email: l.email,
        name: [l.seed.firstName, l.seed.lastName].filter(Boolean).join(' '),
        company: l.seed.company ?? null,
        title: l.seed.title ?? null,
      }));
    return json(200, { name, matches });
  }

  const leadMatch = path.match(/^\/leads\/([^/]+)$/);
  if (leadMatch && method === 'GET') {
    const email = decodeURIComponent(leadMatch[1]!).toLowerCase();
    const lead = known(state).find((l) => l.email === email);
    if (!lead) return problem(404, 'not_found', `No lead with address ${email}.`);
    const since = Date.parse(url.searchParams.get('since') ?? '');
    return json(200, leadBody(lead, Number.isNaN(since) ? 0 : since));
  }

  if (path === '/outcomes' && method === 'POST') {
    const key = ctx.headers['idempotency-key'];
    if (!key)
      return problem(400, 'idempotency_key_missing', 'Send the outcome id as the Idempotency-Key header.');
    const existing = state.writes.rest.outcomes.find((o) => o.key === key);
    if (existing) return json(200, { id: existing.id });
    const body = ctx.body;
    if (
      !isRecord(body) ||
      typeof body.id !== 'string' ||
      typeof body.leadEmail !== 'string' ||
      typeof body.kind !== 'string'
    ) {
      return problem(422, 'invalid_outcome', 'The body must be an outcome with id, leadEmail and kind.');
    }
    const id = `out_${state.writes.rest.outcomes.length + 1}`;
    state.writes.rest.outcomes.push({
      id,
      key,
      outcome: body,
      receivedAt: new Date(state.now()).toISOString(),
    });
    return json(201, { id });
  }

  if (path === '/outcomes' && method === 'GET') {
    const since = Date.parse(url.searchParams.get('since') ?? '');
    const outcomes = state.writes.rest.outcomes
      .filter((o) => Number.isNaN(since) || Date.parse(String(o.outcome.createdAt)) >= since)
      .map((o) => o.outcome);
    return json(200, { outcomes });
  }
  return problem(404, 'not_found', `No route for ${method} ${path}.`);
}

export const restHandler: VendorHandler = {
  platform: 'rest',
  matches: (host) => host === 'rest.loopline.test',
  handle: route,
  rateLimit(fault) {
    return json(
      429,
      { error: { code: 'rate_limited', message: 'Slow down.' } },
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
    );
  },
  serverError(status) {
    return problem(status, 'server_error', 'Something went wrong.');
  },
  wrongTypes(body) {
    if (!isRecord(body)) return body;
    if (isRecord(body.lead)) return { ...body, lead: { ...body.lead, score: 'high' } };
    if (Array.isArray(body.matches)) return { ...body, matches: [{ email: 42 }] };
    if ('id' in body) return { ...body, id: 17 };
    if (Array.isArray(body.outcomes)) return { ...body, outcomes: 'none' };
    return body;
  },
};
