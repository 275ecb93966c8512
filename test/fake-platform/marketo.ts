/**
 * Fake <munchkin>.mktorest.com. Shapes follow the Marketo REST API (Swagger in
 * shared/specs/marketo): identity token (POST, credentials in a form body only), leads,
 * activity types, the paging-token loop over activities (moreResult; `result` left out when a
 * page is empty, as the real API does), program membership, the asset API's program by id,
 * custom activities. Errors arrive as HTTP 200 with `success:false` ("Error codes" reference).
 */
import type { FakeResponse, StoredLead } from './types';
import type { HandlerContext, PlatformState, VendorHandler } from './platform';
import { MARKETO_MESSAGES } from './platform-config';
import { decodeToken, encodeToken, isRecord, json, listParam, requestId, stableNumber } from './util';
import {
  activities,
  allPrograms,
  CHANNEL_NAMES,
  customTypes,
  known,
  mktoDate,
  programs,
  STANDARD_FIELDS,
  TYPES,
} from './marketo-data';

export { programId, STANDARD_FIELDS } from './marketo-data';

function envelope(state: PlatformState, body: object): FakeResponse {
  return json(200, { requestId: requestId(state.seq), ...body });
}

function fail(state: PlatformState, code: number, message = MARKETO_MESSAGES[code] ?? 'Error'): FakeResponse {
  return envelope(state, { success: false, errors: [{ code: String(code), message }] });
}

/** The header only: Marketo has retired `?access_token=`, and a token in a URL is a leak. */
function bearer(ctx: HandlerContext): string | undefined {
  const header = ctx.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function leadJson(lead: StoredLead, fields: string[]) {
  const out: Record<string, unknown> = { id: lead.marketoId };
  for (const field of fields) if (field !== 'id') out[field] = lead.marketoFields[field] ?? null;
  return out;
}

function route(ctx: HandlerContext): FakeResponse {
  const { state, url, method } = ctx;
  const config = state.config.marketo;
  const path = url.pathname;
  const query = url.searchParams;
  const now = state.now();

  if (path === '/identity/oauth/token') {
    // Stricter than Marketo, which still takes GET with the credentials in the query string:
    // Loopline must send them in a POST form body, so a client that puts a secret in a URL
    // (where logs, proxies and histories keep it) fails here instead of passing.
    if (query.has('client_id') || query.has('client_secret')) {
      return json(400, {
        error: 'invalid_request',
        error_description: 'Client credentials in the query string are refused; send them in a form body',
      });
    }
    if (method !== 'POST') {
      return json(405, { error: 'invalid_request', error_description: 'Use POST with a form body' });
    }
    if (!(ctx.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return json(400, {
        error: 'invalid_request',
        error_description: 'Expected an application/x-www-form-urlencoded body',
      });
    }
    const form = new URLSearchParams(ctx.rawBody);
    if (form.get('grant_type') !== 'client_credentials') {
      return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
    if (form.get('client_id') !== config.clientId || form.get('client_secret') !== config.clientSecret) {
      return json(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
    }
    // Marketo hands out the current token until it expires, with the remaining lifetime.
    for (const [token, expiresAt] of state.marketoTokens) {
      if (expiresAt > now) {
        return json(200, {
          access_token: token,
          token_type: 'bearer',
          expires_in: Math.floor((expiresAt - now) / 1000),
          scope: config.apiUser,
        });
      }
    }
    const token = `${stableNumber(`tok:${state.marketoTokens.size}`, 0xfffffff, 0).toString(16)}-110d-4155-99a7-${String(state.marketoTokens.size).padStart(12, '0')}:ab`;
    state.marketoTokens.set(token, now + config.tokenTtlSeconds * 1000);
    return json(200, {
      access_token: token,
      token_type: 'bearer',
      expires_in: config.tokenTtlSeconds,
      scope: config.apiUser,
    });
  }

  const token = bearer(ctx);
  if (!token) return fail(state, 600);
  const expiresAt = state.marketoTokens.get(token);
  if (expiresAt === undefined) return fail(state, 601);
  if (expiresAt <= now) return fail(state, 602);

  if (path === '/rest/v1/leads.json' && method === 'GET') {
    const filterType = query.get('filterType');
    const values = listParam(query, 'filterValues').map((v) => v.toLowerCase());
    if (!filterType || values.length === 0)
      return fail(state, 1003, "Value for required field 'filterType' not specified");
    const fields = listParam(query, 'fields');
    const wanted = fields.length > 0 ? fields : ['email', 'updatedAt', 'createdAt', 'lastName', 'firstName'];
    for (const field of wanted) {
      if (!STANDARD_FIELDS.has(field) && !config.customFields.includes(field))
        return fail(state, 1006, `Field '${field}' not found`);
    }
    const found = known(state).filter((l) =>
      filterType === 'email'
        ? values.includes(l.email)
        : filterType === 'id'
          ? values.includes(String(l.marketoId))
          : false,
    );
    return envelope(state, { result: found.map((l) => leadJson(l, wanted)), success: true });
  }

  if (path === '/rest/v1/leads.json' && method === 'POST') {
    const body = isRecord(ctx.body) ? ctx.body : {};
    const input = Array.isArray(body.input) ? body.input : undefined;
    if (!input) return fail(state, 609, 'Invalid JSON');
    const lookupField = typeof body.lookupField === 'string' ? body.lookupField : 'email';
    const result = input.map((record) => {
      if (!isRecord(record))
        return { status: 'skipped', reasons: [{ code: '1003', message: 'Invalid record' }] };
      const key = String(record[lookupField] ?? '').toLowerCase();
      const lead = known(state).find((l) =>
        lookupField === 'id' ? String(l.marketoId) === key : l.email === key,
      );
      if (!lead) {
        return body.action === 'updateOnly'
          ? { status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] }
          : {
              status: 'skipped',
              reasons: [{ code: '1003', message: 'Creating leads is not supported by the fake' }],
            };
      }
      for (const field of Object.keys(record)) {
        if (!STANDARD_FIELDS.has(field) && !config.customFields.includes(field)) {
          return { status: 'skipped', reasons: [{ code: '1006', message: `Field '${field}' not found` }] };
        }
      }
      const fields: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(record)) {
        if (field === lookupField) continue;
        lead.marketoFields[field] = value as string | number | null;
        fields[field] = value;
      }
      lead.marketoFields.updatedAt = mktoDate(new Date(now).toISOString());
      state.writes.marketo.leadUpdates.push({ leadId: lead.marketoId, fields });
      return { id: lead.marketoId, status: 'updated' };
    });
    return envelope(state, { result, success: true });
  }

  if (path === '/rest/v1/activities/types.json' && method === 'GET') {
    const custom = config.customActivityType;
    const result: unknown[] = TYPES.map((t) => ({
      id: t.id,
      name: t.name,
      description: `User ${t.name.toLowerCase()}`,
      primaryAttribute: { name: t.primary, dataType: 'integer' },
      attributes: t.attributes.map((name) => ({
        name,
        dataType: /^Is |Success|Acquired/.test(name) ? 'boolean' : 'string',
      })),
    }));
    // Only approved custom types are in the list of activity types.
    for (const type of customTypes(state).filter((t) => (t.status ?? 'approved') !== 'draft')) {
      result.push({
        id: type.id,
        apiName: type.apiName,
        name: type.name,
        description: type === custom ? 'Outcome recorded by sales in Loopline' : type.name,
        primaryAttribute: type.primaryAttribute,
        attributes: type.attributes,
      });
    }
    return envelope(state, { result, success: true });
  }

  if (path === '/rest/v1/activities/external/types.json' && method === 'GET') {
    return envelope(state, {
      success: true,
      result: customTypes(state).map((type) => ({
        id: type.id,
        apiName: type.apiName,
        name: type.name,
        description: type.name,
        triggerName: `Has ${type.name}`,
        filterName: `Had ${type.name}`,
        primaryAttribute: { ...type.primaryAttribute, isPrimary: true },
        attributes: type.attributes.map((a) => ({ ...a, isPrimary: false })),
        createdAt: '2025-10-01T10:00:00Z',
        updatedAt: '2025-10-01T10:00:00Z',
        status: type.status ?? 'approved',
      })),
    });
  }

  if (path === '/rest/v1/activities/pagingtoken.json' && method === 'GET') {
    const since = Date.parse(query.get('sinceDatetime') ?? '');
    if (Number.isNaN(since)) return fail(state, 1003, 'Invalid sinceDatetime');
    return envelope(state, { success: true, nextPageToken: encodeToken({ since, offset: 0 }) });
  }

  if (path === '/rest/v1/activities.json' && method === 'GET') {
    const page = decodeToken<{ since: number; offset: number }>(query.get('nextPageToken'));
    if (!page) return fail(state, 1003, 'Invalid nextPageToken');
    const typeIds = listParam(query, 'activityTypeIds').map(Number);
    if (typeIds.length === 0)
      return fail(state, 1003, "Value for required field 'activityTypeIds' not specified");
    if (typeIds.length > 10) return fail(state, 1003, 'Invalid value for activityTypeIds, max 10 allowed');
    const leadIds = listParam(query, 'leadIds').map(Number);
    if (leadIds.length > 30) return fail(state, 1003, 'Invalid value for leadIds, max 30 allowed');
    const batch = Math.min(config.pageSize, Number(query.get('batchSize') ?? 300) || 300);
    const matching = activities(state).filter(
      (a) =>
        Date.parse(a.activityDate) >= page.since &&
        typeIds.includes(a.activityTypeId) &&
        (leadIds.length === 0 || leadIds.includes(a.leadId)),
    );
    const slice = matching.slice(page.offset, page.offset + batch);
    const next = page.offset + slice.length;
    const body: Record<string, unknown> = {
      success: true,
      nextPageToken: encodeToken({ since: page.since, offset: next }),
      moreResult: next < matching.length,
    };
    // The real API leaves `result` out when there is nothing on the page.
    if (slice.length > 0) body.result = slice;
    return envelope(state, body);
  }

  let match: RegExpMatchArray | null;
  if ((match = path.match(/^\/rest\/v1\/leads\/(\d+)\/programMembership\.json$/)) && method === 'GET') {
    const lead = known(state).find((l) => l.marketoId === Number(match![1]));
    if (!lead) return envelope(state, { result: [], success: true });
    return envelope(state, {
      result: programs(lead).map((p) => ({
        id: p.id,
        acquiredBy: false,
        isExhausted: false,
        membershipDate: mktoDate(p.first),
        progressionStatus: p.status,
        reachedSuccess: p.success,
        updatedAt: mktoDate(p.last),
      })),
      success: true,
      moreResult: false,
    });
  }

  if ((match = path.match(/^\/rest\/asset\/v1\/program\/(\d+)\.json$/)) && method === 'GET') {
    const program = allPrograms(state).find((p) => p.id === Number(match![1]));
    if (!program)
      return envelope(state, {
        success: true,
        errors: [],
        warnings: ['No assets found for the given search criteria.'],
      });
    return envelope(state, {
      success: true,
      errors: [],
      warnings: [],
      result: [
        {
          id: program.id,
          name: program.name,
          description: '',
          createdAt: '2025-12-01T10:00:00Z+0000',
          updatedAt: '2026-01-05T10:00:00Z+0000',
          url: `https://app-ab12.marketo.com/#PG${program.id}A1`,
          type:
            program.channel === 'webinar' || program.channel === 'event'
              ? 'Event'
              : program.channel === 'nurture'
                ? 'Engagement'
                : 'Default',
          channel: CHANNEL_NAMES[program.channel],
          folder: { type: 'Folder', value: 40, folderName: 'Campaigns' },
          status: '',
          workspace: 'Default',
          tags: [],
          costs: null,
        },
      ],
    });
  }

  if (path === '/rest/v1/activities/external.json' && method === 'POST') {
    const body = isRecord(ctx.body) ? ctx.body : {};
    const input = Array.isArray(body.input) ? body.input : undefined;
    if (!input) return fail(state, 609, 'Invalid JSON');
    const result = input.map((record) => {
      if (!isRecord(record))
        return { status: 'skipped', reasons: [{ code: '1003', message: 'Invalid record' }] };
      const custom = customTypes(state).find(
        (t) => t.id === record.activityTypeId && (t.status ?? 'approved') !== 'draft',
      );
      if (!custom) {
        return {
          status: 'skipped',
          reasons: [{ code: '1003', message: `Activity type ${String(record.activityTypeId)} not found` }],
        };
      }
      const lead = known(state).find((l) => l.marketoId === Number(record.leadId));
      if (!lead) return { status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] };
      const attributes = Array.isArray(record.attributes) ? record.attributes.filter(isRecord) : [];
      const allowed = new Set(custom.attributes.map((a) => a.apiName));
      for (const attribute of attributes) {
        if (!allowed.has(String(attribute.apiName))) {
          return {
            status: 'skipped',
            reasons: [{ code: '1003', message: `Attribute '${String(attribute.apiName)}' not found` }],
          };
        }
      }
      const id = 900_000_000 + state.writes.marketo.activities.length + 1;
      state.writes.marketo.activities.push({
        id,
        marketoGUID: String(id),
        leadId: lead.marketoId,
        activityTypeId: custom.id,
        activityDate: mktoDate(String(record.activityDate)),
        primaryAttributeValue: String(record.primaryAttributeValue ?? ''),
        attributes: attributes.map((a) => ({
          apiName: String(a.apiName),
          name: custom.attributes.find((c) => c.apiName === a.apiName)?.name,
          value: a.value,
        })),
      });
      return { id, marketoGUID: String(id), status: 'added' };
    });
    return envelope(state, { result, success: true });
  }

  return fail(state, 610, 'Requested resource not found');
}

export const marketoHandler: VendorHandler = {
  platform: 'marketo',
  matches: (host, state) => host === `${state.config.marketo.munchkinId.toLowerCase()}.mktorest.com`,
  handle: route,
  rateLimit(_fault, ctx) {
    return fail(ctx.state, 606);
  },
  serverError(status) {
    return {
      status,
      headers: { 'content-type': 'text/html' },
      body: `<html><body><h1>${status} Bad Gateway</h1></body></html>`,
    };
  },
  wrongTypes(body) {
    if (!isRecord(body)) return body;
    if (Array.isArray(body.result) && isRecord(body.result[0])) {
      const first = body.result[0];
      const broken =
        'activityDate' in first ? { ...first, activityDate: 20260101 } : { ...first, id: 'not-a-number' };
      return { ...body, result: [broken, ...body.result.slice(1)] };
    }
    if ('expires_in' in body) return { ...body, expires_in: 'soon' };
    if ('success' in body) return { ...body, success: 'yes' };
    return body;
  },
};
