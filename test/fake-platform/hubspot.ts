/**
 * Fake api.hubapi.com. Shapes follow developers.hubspot.com: CRM v3 objects (contacts, notes,
 * notes batch read, search of notes and of contacts), associations v4 (a contact's notes), owners, account-info v3,
 * legacy email events v1, lists v3, private-app token info, and the error envelope ({status,
 * message, correlationId, category}; 429s carry policyName). CRM search answers from an index
 * that lags new records by `searchIndexLagMs`, as HubSpot's does; reads by id and associations
 * answer from the records at once. The records and the error envelope are in hubspot-records.ts,
 * the notes routes in hubspot-notes.ts, the contact search in hubspot-search.ts.
 */
import type { FaultSpec, FakeResponse } from './types';
import type { HandlerContext, VendorHandler } from './platform';
import {
  allLists,
  campaigns,
  contactJson,
  correlationId,
  DAY_MS,
  emailEvents,
  error,
  known,
  lists,
  missingScope,
  notFound,
} from './hubspot-records';
import { notesRoute } from './hubspot-notes';
import { contactSearchRoute } from './hubspot-search';
import { isRecord, json } from './util';

function route(ctx: HandlerContext): FakeResponse {
  const { state, url, method } = ctx;
  const config = state.config.hubspot;
  // Documented paths have no trailing slash; HubSpot does not route `/crm/v3/lists/`.
  if (url.pathname.length > 1 && url.pathname.endsWith('/'))
    return error(state, 404, `Unable to route ${method} ${url.pathname}`, 'OBJECT_NOT_FOUND');
  const path = url.pathname;
  const query = url.searchParams;
  const now = state.now();

  const auth = ctx.headers.authorization;
  if (auth !== `Bearer ${config.token}`) {
    return error(
      state,
      401,
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      'INVALID_AUTHENTICATION',
    );
  }
  const need = (scope: string) => (config.scopes.has(scope) ? undefined : missingScope(state, scope));

  if (method === 'POST' && path === '/oauth/v2/private-apps/get/access-token-info') {
    const body = isRecord(ctx.body) ? ctx.body : {};
    if (body.tokenKey !== config.token)
      return error(state, 400, 'The token is not a valid private app token', 'VALIDATION_ERROR');
    return json(200, {
      userId: 7_654_321,
      hubId: config.portalId,
      appId: 3_141_592,
      scopes: [...config.scopes].sort(),
    });
  }

  if (method === 'GET' && path === '/account-info/v3/details') {
    return json(200, {
      portalId: config.portalId,
      accountType: 'STANDARD',
      timeZone: config.timeZone,
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18_000_000,
      uiDomain: config.uiDomain,
      dataHostingLocation: 'na1',
    });
  }

  let match: RegExpMatchArray | null;
  if (path === '/crm/v3/objects/contacts' && method === 'GET') {
    const denied = need('crm.objects.contacts.read');
    if (denied) return denied;
    const limit = Math.max(1, Math.min(100, Number(query.get('limit') ?? 10)));
    return json(200, {
      results: known(state)
        .slice(0, limit)
        .map((l) => contactJson(l, query, now)),
    });
  }
  if ((match = path.match(/^\/crm\/v3\/objects\/contacts\/([^/]+)$/))) {
    const key = decodeURIComponent(match[1]!);
    const byEmail = query.get('idProperty') === 'email';
    const lead = known(state).find((l) => (byEmail ? l.email === key.toLowerCase() : l.hubspotId === key));
    if (method === 'GET') {
      const denied = need('crm.objects.contacts.read');
      if (denied) return denied;
      return lead ? json(200, contactJson(lead, query, now)) : notFound(state);
    }
    if (method === 'PATCH') {
      const denied = need('crm.objects.contacts.write');
      if (denied) return denied;
      if (!lead) return notFound(state);
      const properties =
        isRecord(ctx.body) && isRecord(ctx.body.properties) ? ctx.body.properties : undefined;
      if (!properties)
        return error(state, 400, 'Invalid input JSON on line 1: properties is required', 'VALIDATION_ERROR');
      for (const [key, value] of Object.entries(properties)) {
        const isCustom = config.customProperties.has(key);
        if (key === 'hs_lead_status' && !config.leadStatuses.includes(String(value))) {
          return error(
            state,
            400,
            `Property values were not valid: [{"isValid":false,"message":"${String(value)} was not one of the allowed options","error":"INVALID_OPTION","name":"hs_lead_status"}]`,
            'VALIDATION_ERROR',
          );
        }
        if (key !== 'hs_lead_status' && !isCustom && !(key in lead.hubspotProps)) {
          return error(
            state,
            400,
            `Property values were not valid: [{"isValid":false,"message":"Property \\"${key}\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"${key}"}]`,
            'VALIDATION_ERROR',
          );
        }
      }
      for (const [key, value] of Object.entries(properties)) lead.hubspotProps[key] = String(value);
      state.writes.hubspot.contactUpdates.push({ contactId: lead.hubspotId, properties });
      const shown = new URLSearchParams({ properties: Object.keys(properties).join(',') });
      return json(200, contactJson(lead, shown, now));
    }
  }
  if ((match = path.match(/^\/crm\/v3\/owners\/([^/]+)$/)) && method === 'GET') {
    const denied = need('crm.objects.owners.read');
    if (denied) return denied;
    const owner = state.leads.map((l) => l.seed.owner).find((o) => o?.id === decodeURIComponent(match![1]!));
    if (!owner) return notFound(state);
    return json(200, {
      id: owner.id,
      email: owner.email,
      type: 'PERSON',
      firstName: owner.firstName,
      lastName: owner.lastName,
      userId: Number(owner.id) + 1,
      createdAt: '2024-01-10T09:00:00.000Z',
      updatedAt: '2025-06-01T09:00:00.000Z',
      archived: false,
      teams: [],
    });
  }
  if (path === '/email/public/v1/events' && method === 'GET') {
    const denied = need('content');
    if (denied) return denied;
    const start = Number(query.get('startTimestamp') ?? 0);
    const end = Number(query.get('endTimestamp') ?? Number.MAX_SAFE_INTEGER);
    const type = query.get('eventType');
    const all = emailEvents(state, query.get('recipient')).filter(
      (e) => (e.created as number) >= start && (e.created as number) <= end && (!type || e.type === type),
    );
    const limit = Math.max(1, Math.min(config.maxEventPage, Number(query.get('limit') ?? 100)));
    const from =
      Number(query.get('offset') ? Buffer.from(query.get('offset')!, 'base64url').toString() : 0) || 0;
    const page = all.slice(from, from + limit);
    const hasMore = from + limit < all.length;
    return json(200, {
      hasMore,
      offset: Buffer.from(String(from + page.length)).toString('base64url'),
      events: page,
    });
  }
  if ((match = path.match(/^\/email\/public\/v1\/campaigns\/(\d+)$/)) && method === 'GET') {
    const denied = need('content');
    if (denied) return denied;
    const id = Number(match[1]);
    const campaign = campaigns(state).get(id);
    if (!campaign) return notFound(state);
    return json(200, {
      id,
      appId: 113,
      appName: 'Batch',
      contentId: id + 7,
      subject: campaign.subject,
      name: campaign.name,
      counters: { sent: 1200, delivered: 1180, open: 410, click: 96 },
      lastProcessingFinishedAt: now - 20 * DAY_MS,
      type: 'BATCH_EMAIL',
    });
  }
  if ((match = path.match(/^\/crm\/v3\/lists\/records\/0-1\/([^/]+)\/memberships$/)) && method === 'GET') {
    const denied = need('crm.lists.read');
    if (denied) return denied;
    const lead = known(state).find((l) => l.hubspotId === decodeURIComponent(match![1]!));
    if (!lead) return notFound(state);
    const results = lists(lead).map((l) => ({
      listId: l.listId,
      listVersion: 3,
      firstAddedTimestamp: l.at,
      lastAddedTimestamp: l.at,
    }));
    return json(200, { results, total: results.length });
  }
  if (path === '/crm/v3/lists' && method === 'GET') {
    const denied = need('crm.lists.read');
    if (denied) return denied;
    const ids = query.getAll('listIds');
    const found = allLists(state).filter(
      (l, i, all) => ids.includes(l.listId) && all.findIndex((x) => x.listId === l.listId) === i,
    );
    return json(200, {
      lists: found.map((l) => ({
        listId: l.listId,
        listVersion: 3,
        name: l.name,
        objectTypeId: '0-1',
        processingStatus: 'COMPLETE',
        processingType: 'MANUAL',
        createdAt: '2025-11-06T20:44:49.324Z',
        updatedAt: '2025-11-15T20:24:36.761Z',
      })),
    });
  }
  return (
    contactSearchRoute(ctx, need) ??
    notesRoute(ctx, need) ??
    error(state, 404, `Unable to route ${method} ${path}`, 'OBJECT_NOT_FOUND')
  );
}

export const hubspotHandler: VendorHandler = {
  platform: 'hubspot',
  matches: (host) => host === 'api.hubapi.com' || host === 'api-eu1.hubapi.com',
  handle: route,
  rateLimit(fault: Extract<FaultSpec, { kind: 'rate_limit' }>, ctx) {
    const daily = fault.policy === 'DAILY';
    return json(
      429,
      {
        status: 'error',
        message: daily
          ? 'You have reached your daily limit.'
          : 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: correlationId(ctx.state),
        policyName: daily ? 'DAILY' : 'TEN_SECONDLY_ROLLING',
      },
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
    );
  },
  serverError(status) {
    return json(status, {
      status: 'error',
      message: 'internal error',
      correlationId: 'fault',
      category: 'INTERNAL_ERROR',
    });
  },
  wrongTypes(body) {
    if (!isRecord(body)) return body;
    if (isRecord(body.properties) && 'email' in body.properties)
      return { ...body, properties: { ...body.properties, email: 12345 } };
    if (Array.isArray(body.events) && isRecord(body.events[0]))
      return { ...body, events: [{ ...body.events[0], created: 'yesterday' }, ...body.events.slice(1)] };
    if (Array.isArray(body.results) && isRecord(body.results[0]))
      return { ...body, results: [{ ...body.results[0], id: 42 }, ...body.results.slice(1)] };
    if (Array.isArray(body.lists) && isRecord(body.lists[0]))
      return { ...body, lists: [{ ...body.lists[0], name: 5 }] };
    if ('portalId' in body) return { ...body, portalId: 'four' };
    if ('id' in body) return { ...body, id: 42 };
    return body;
  },
};
