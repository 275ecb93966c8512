/**
 * Fake rest.loopline.test: Loopline's own REST contract (lib/connectors/rest/CONTRACT.md),
 * served at the root of the host. Outcomes are deduplicated by their Idempotency-Key.
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

function route(ctx: HandlerContext): FakeResponse {
  const { state, url, method } = ctx;
  const config = state.config.rest;
  if (ctx.headers[config.authHeader.toLowerCase()] !== config.authValue) {
    return problem(401, 'unauthorized', 'Missing or wrong credentials.');
  }
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/health' && method === 'GET')
    return json(200, { ok: true, name: 'Fake Loopline backend', version: '1' });

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
    if ('id' in body) return { ...body, id: 17 };
    if (Array.isArray(body.outcomes)) return { ...body, outcomes: 'none' };
    return body;
  },
};
