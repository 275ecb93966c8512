/**
 * Fake api.hubapi.com. Shapes follow developers.hubspot.com: CRM v3 objects (contacts, notes,
 * notes batch read, search), associations v4 (a contact's notes), owners, account-info v3,
 * legacy email events v1, lists v3, private-app token info, and the error envelope ({status,
 * message, correlationId, category}; 429s carry policyName). CRM search answers from an index
 * that lags new records by `searchIndexLagMs`, as HubSpot's does; reads by id and associations
 * answer from the records at once.
 */
import type { FaultSpec, FakeResponse, StoredLead } from './types';
import type { HandlerContext, PlatformState, VendorHandler } from './platform';
import { isRecord, json, stableNumber } from './util';

const DAY_MS = 24 * 60 * 60 * 1000;
const ALWAYS = ['createdate', 'lastmodifieddate', 'hs_object_id'];

function correlationId(state: PlatformState): string {
  const n = (state.seq * 2654435761) >>> 0;
  return `${n.toString(16).padStart(8, '0')}-5c1e-4f0a-9d2b-${String(state.seq).padStart(12, '0')}`;
}

function error(
  state: PlatformState,
  status: number,
  message: string,
  category: string,
  extra: object = {},
): FakeResponse {
  return json(status, { status: 'error', message, correlationId: correlationId(state), category, ...extra });
}

function missingScope(state: PlatformState, scope: string): FakeResponse {
  return error(
    state,
    403,
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    'MISSING_SCOPES',
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: [scope] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

function notFound(state: PlatformState): FakeResponse {
  return error(state, 404, 'resource not found', 'OBJECT_NOT_FOUND');
}

function known(state: PlatformState): StoredLead[] {
  return state.leads.filter((l) => !l.seed.platforms || l.seed.platforms.includes('hubspot'));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface HistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId: string | null;
}

function history(lead: StoredLead, property: string, now: number): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const created = Date.parse(lead.createdAt);
  if (property === 'lifecyclestage') {
    entries.push({ value: 'lead', timestamp: lead.createdAt, sourceType: 'FORM', sourceId: null });
    if (lead.mqlAt) {
      entries.push({
        value: 'marketingqualifiedlead',
        timestamp: lead.mqlAt,
        sourceType: 'AUTOMATION_PLATFORM',
        sourceId: 'enrollmentId:1',
      });
    }
  } else if (property === 'hubspotscore') {
    if (lead.seed.score30dAgo !== undefined) {
      entries.push({
        value: String(lead.seed.score30dAgo),
        timestamp: iso(Math.max(created, now - 45 * DAY_MS)),
        sourceType: 'CALCULATED',
        sourceId: null,
      });
    }
  } else if (property === 'recent_conversion_event_name') {
    for (const touch of lead.touches.filter((t) => t.kind === 'form_submit')) {
      entries.push({ value: touch.title ?? 'Form', timestamp: touch.at, sourceType: 'FORM', sourceId: null });
    }
  }
  const current = lead.hubspotProps[property];
  entries.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  if (current !== undefined && entries[0]?.value !== current) {
    // The current value was set after every recorded change, a day ago at the latest.
    const last = entries[0] ? Date.parse(entries[0].timestamp) : created;
    entries.unshift({
      value: current,
      timestamp: iso(Math.max(last + 1, now - DAY_MS)),
      sourceType: 'CRM_UI',
      sourceId: 'userId:1',
    });
    entries.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  }
  return entries;
}

function contactJson(lead: StoredLead, query: URLSearchParams, now: number) {
  const requested = query.get('properties')?.split(',').filter(Boolean) ?? ['email', 'firstname', 'lastname'];
  const properties: Record<string, string | null> = {};
  for (const key of [...requested, ...ALWAYS]) properties[key] = lead.hubspotProps[key] ?? null;
  properties.lastmodifieddate = iso(now - DAY_MS);
  const body: Record<string, unknown> = {
    id: lead.hubspotId,
    properties,
    createdAt: lead.createdAt,
    updatedAt: iso(now - DAY_MS),
    archived: false,
  };
  const withHistory = query.get('propertiesWithHistory')?.split(',').filter(Boolean);
  if (withHistory?.length) {
    body.propertiesWithHistory = Object.fromEntries(withHistory.map((p) => [p, history(lead, p, now)]));
  }
  return body;
}

function emailEvents(state: PlatformState, recipient: string | null) {
  const { portalId } = state.config.hubspot;
  const events = [];
  for (const lead of known(state)) {
    if (recipient && lead.email !== recipient.toLowerCase()) continue;
    for (const touch of lead.touches) {
      const type =
        touch.kind === 'email_sent'
          ? 'SENT'
          : touch.kind === 'email_open'
            ? 'OPEN'
            : touch.kind === 'email_click'
              ? 'CLICK'
              : undefined;
      if (!type) continue;
      const emailCampaignId = touch.campaign ? stableNumber(`hs-email:${touch.campaign.id}`) : undefined;
      const event: Record<string, unknown> = {
        id: `${lead.hubspotId.padStart(8, '0')}-${String(touch.index).padStart(4, '0')}-4b8e-a1c3-${type.toLowerCase().padEnd(12, '0')}`,
        created: Date.parse(touch.at),
        type,
        recipient: lead.email,
        portalId,
        appId: 113,
        appName: 'BatchEmail',
        emailCampaignId,
        sentBy: { id: `sent-${lead.hubspotId}-${emailCampaignId ?? 0}`, created: Date.parse(touch.at) },
      };
      if (type === 'SENT')
        Object.assign(event, {
          subject: touch.title ?? 'Newsletter',
          from: 'Loopline Demo <news@loopline-demo.example>',
        });
      if (type === 'OPEN' || type === 'CLICK') {
        Object.assign(event, {
          filteredEvent: touch.machine === true,
          browser: {
            name: 'Apple Mail',
            family: 'Apple Mail',
            producer: 'Apple Inc.',
            type: 'Email client',
            url: '',
            producerUrl: '',
            version: [],
          },
          location: { city: 'Boston', state: 'massachusetts', country: 'UNITED STATES' },
          userAgent:
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
        });
        if (type === 'OPEN') event.duration = touch.machine ? 0 : 4200;
        if (type === 'CLICK')
          Object.assign(event, { url: touch.url ?? 'https://www.loopline-demo.example/', referer: '' });
      }
      events.push(event);
    }
  }
  return events.sort((a, b) => (b.created as number) - (a.created as number));
}

function campaigns(state: PlatformState) {
  const out = new Map<number, { name: string; subject: string }>();
  for (const lead of known(state)) {
    for (const touch of lead.touches) {
      if (!touch.campaign || !touch.kind.startsWith('email_')) continue;
      const id = stableNumber(`hs-email:${touch.campaign.id}`);
      if (!out.has(id) || touch.kind === 'email_sent')
        out.set(id, { name: touch.campaign.name, subject: touch.title ?? touch.campaign.name });
    }
  }
  return out;
}

function lists(lead: StoredLead) {
  return lead.touches
    .filter((t) => t.kind === 'list_added' && t.campaign)
    .map((t) => ({
      listId: String(stableNumber(`hs-list:${t.campaign!.id}`, 9000, 100)),
      name: t.campaign!.name,
      at: t.at,
    }));
}

function allLists(state: PlatformState) {
  return known(state).flatMap(lists);
}

function timeValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

function matchesFilter(
  note: PlatformState['hubspotNotes'][number],
  filter: Record<string, unknown>,
): boolean {
  const property = String(filter.propertyName);
  const operator = String(filter.operator);
  const value = filter.value;
  if (property === 'associations.contact')
    return operator === 'EQ' && note.contactIds.includes(String(value));
  const actual = note.properties[property];
  if (actual === undefined) return operator === 'NOT_HAS_PROPERTY';
  if (property === 'hs_timestamp' || property === 'hs_createdate') {
    const a = Date.parse(actual);
    const b = timeValue(value);
    if (operator === 'EQ') return a === b;
    if (operator === 'GTE') return a >= b;
    if (operator === 'LTE') return a <= b;
    if (operator === 'GT') return a > b;
    if (operator === 'LT') return a < b;
    return false;
  }
  if (operator === 'EQ') return actual === String(value);
  if (operator === 'CONTAINS_TOKEN') {
    const token = String(value).replace(/\*/g, '').toLowerCase();
    return (
      actual
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(token) || actual.toLowerCase().includes(token)
    );
  }
  if (operator === 'HAS_PROPERTY') return true;
  return false;
}

function noteJson(note: PlatformState['hubspotNotes'][number], properties?: string[]) {
  const picked: Record<string, string | null> = {};
  const keys = properties ?? Object.keys(note.properties);
  for (const key of [...keys, 'hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'])
    picked[key] = note.properties[key] ?? null;
  return {
    id: note.id,
    properties: picked,
    createdAt: note.createdAt,
    updatedAt: note.createdAt,
    archived: false,
  };
}

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
  if (path === '/crm/v3/objects/notes' && method === 'POST') {
    const denied = need('crm.objects.contacts.write');
    if (denied) return denied;
    const body = isRecord(ctx.body) ? ctx.body : {};
    const properties = isRecord(body.properties) ? body.properties : {};
    if (typeof properties.hs_timestamp !== 'string' && typeof properties.hs_timestamp !== 'number') {
      return error(
        state,
        400,
        'Property values were not valid: [{"isValid":false,"message":"hs_timestamp is required","error":"REQUIRED_FIELD","name":"hs_timestamp"}]',
        'VALIDATION_ERROR',
      );
    }
    const contactIds: string[] = [];
    for (const association of Array.isArray(body.associations) ? body.associations : []) {
      if (!isRecord(association) || !isRecord(association.to)) continue;
      const types = Array.isArray(association.types) ? association.types : [];
      const ok = types.some(
        (t) => isRecord(t) && t.associationCategory === 'HUBSPOT_DEFINED' && t.associationTypeId === 202,
      );
      if (!ok) return error(state, 400, 'Invalid association type for note to contact', 'VALIDATION_ERROR');
      const id = String(association.to.id);
      if (!known(state).some((l) => l.hubspotId === id))
        return error(state, 400, `No contact with id ${id}`, 'VALIDATION_ERROR');
      contactIds.push(id);
    }
    const id = String(50_000_000_000 + state.writes.hubspot.notes.length + 1);
    const created = iso(now);
    const note = {
      id,
      contactIds,
      createdAt: created,
      properties: {
        hs_note_body: String(properties.hs_note_body ?? ''),
        hs_timestamp: iso(timeValue(properties.hs_timestamp)),
        hs_createdate: created,
        hs_lastmodifieddate: created,
        hs_object_id: id,
      },
    };
    state.writes.hubspot.notes.push(note);
    return json(201, noteJson(note, ['hs_note_body', 'hs_timestamp']));
  }
  if (
    (match = path.match(/^\/crm\/v4\/objects\/contacts\/([^/]+)\/associations\/notes$/)) &&
    method === 'GET'
  ) {
    const denied = need('crm.objects.contacts.read');
    if (denied) return denied;
    const contactId = decodeURIComponent(match[1]!);
    if (!known(state).some((l) => l.hubspotId === contactId)) return notFound(state);
    const ids = state.writes.hubspot.notes
      .filter((note) => note.contactIds.includes(contactId))
      .map((note) => Number(note.id))
      .sort((a, b) => a - b);
    const limit = Math.max(1, Math.min(500, Number(query.get('limit') ?? 500) || 500));
    const from = Number(query.get('after') ?? 0) || 0;
    const page = ids.slice(from, from + limit);
    const next = from + page.length;
    return json(200, {
      results: page.map((toObjectId) => ({
        toObjectId,
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201, label: null }],
      })),
      ...(next < ids.length
        ? {
            paging: {
              next: {
                after: String(next),
                link: `https://api.hubapi.com/crm/v4/objects/contacts/${contactId}/associations/notes?after=${next}`,
              },
            },
          }
        : {}),
    });
  }
  if (path === '/crm/v3/objects/notes/batch/read' && method === 'POST') {
    const denied = need('crm.objects.contacts.read');
    if (denied) return denied;
    const body = isRecord(ctx.body) ? ctx.body : {};
    const inputs = Array.isArray(body.inputs) ? body.inputs.filter(isRecord) : [];
    if (inputs.length === 0 || inputs.length > 100)
      return error(state, 400, 'inputs must hold between 1 and 100 ids', 'VALIDATION_ERROR');
    const properties = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
    const results = inputs
      .map((input) => state.writes.hubspot.notes.find((note) => note.id === String(input.id)))
      .filter((note) => note !== undefined)
      .map((note) => noteJson(note, properties));
    const started = iso(now);
    return json(results.length === inputs.length ? 200 : 207, {
      status: 'COMPLETE',
      results,
      startedAt: started,
      completedAt: started,
    });
  }
  if (path === '/crm/v3/objects/notes/search' && method === 'POST') {
    const denied = need('crm.objects.contacts.read');
    if (denied) return denied;
    const body = isRecord(ctx.body) ? ctx.body : {};
    const groups = Array.isArray(body.filterGroups) ? body.filterGroups : [];
    const properties = Array.isArray(body.properties) ? body.properties.map(String) : ['hs_note_body'];
    // The search index has not seen notes younger than its lag.
    const indexed = state.writes.hubspot.notes.filter(
      (note) => Date.parse(note.createdAt) <= now - config.searchIndexLagMs,
    );
    const found = indexed.filter(
      (note) =>
        groups.length === 0 ||
        groups.some(
          (group) =>
            isRecord(group) &&
            Array.isArray(group.filters) &&
            group.filters.every((filter) => isRecord(filter) && matchesFilter(note, filter)),
        ),
    );
    const limit = Math.max(1, Math.min(200, Number(body.limit ?? 10)));
    return json(200, {
      total: found.length,
      results: found.slice(0, limit).map((n) => noteJson(n, properties)),
    });
  }
  return error(state, 404, `Unable to route ${method} ${path}`, 'OBJECT_NOT_FOUND');
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
