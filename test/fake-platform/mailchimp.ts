/**
 * Fake <dc>.api.mailchimp.com/3.0. Shapes follow mailchimp.com/developer (Marketing API):
 * API root, ping, lists (audiences), search-members, list members, member activity feed (no
 * total; newest first), member tags, notes and events; errors as problem JSON ({type, title,
 * status, detail, instance}). Throttling can be a 429 or, as Mailchimp's edge sometimes answers,
 * a bare 403. Events are listed `eventsListedAfterMs` after they were accepted, as Mailchimp
 * processes them asynchronously; tags and notes are listed at once.
 */
import type { FakeResponse } from './types';
import type { HandlerContext, PlatformState, VendorHandler } from './platform';
import { feed, known, listedEvents, memberJson, noteJson, tagsOf } from './mailchimp-members';
import { empty, isRecord, json } from './util';

const DAY_MS = 24 * 60 * 60 * 1000;

function problem(status: number, title: string, detail: string, state?: PlatformState): FakeResponse {
  return json(
    status,
    {
      type: 'https://mailchimp.com/developer/marketing/docs/errors/',
      title,
      status,
      detail,
      instance: `5d7ab1a0-6f2c-4b1e-9a3d-${String(state?.seq ?? 0).padStart(12, '0')}`,
    },
    { 'content-type': 'application/problem+json; charset=utf-8' },
  );
}

function basicKey(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

function page(ctx: HandlerContext, max: number) {
  const count = Math.max(1, Math.min(max, Number(ctx.url.searchParams.get('count') ?? 10) || 10));
  const offset = Math.max(0, Number(ctx.url.searchParams.get('offset') ?? 0) || 0);
  return { count, offset };
}

function route(ctx: HandlerContext): FakeResponse {
  const { state, url, method } = ctx;
  const config = state.config.mailchimp;
  const host = url.host.toLowerCase();
  const dc = host.split('.')[0]!;
  const key = basicKey(ctx.headers.authorization);
  if (!key || key !== config.apiKey || !key.endsWith(`-${dc}`)) {
    return problem(
      401,
      'API Key Invalid',
      "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
      state,
    );
  }
  if (!url.pathname.startsWith('/3.0'))
    return problem(404, 'Resource Not Found', 'The requested resource could not be found.', state);
  const path = url.pathname.slice(4).replace(/\/+$/, '') || '/';

  if (path === '/' && method === 'GET') {
    return json(200, {
      account_id: 'c7a6f1b2e3d4c5b6a7f8e9d0c',
      login_id: '94218760',
      account_name: config.accountName,
      email: 'owner@loopline-demo.example',
      first_name: 'Pat',
      last_name: 'Owner',
      username: 'looplinedemo',
      role: 'owner',
      member_since: '2024-03-01T10:00:00+00:00',
      pricing_plan_type: 'monthly',
      account_timezone: 'America/New_York',
      account_industry: 'Software',
      total_subscribers: known(state).length,
      _links: [],
    });
  }
  if (path === '/ping' && method === 'GET') return json(200, { health_status: "Everything's Chimpy!" });

  if (path === '/search-members' && method === 'GET') {
    const query = (url.searchParams.get('query') ?? '').trim().toLowerCase();
    if (!query) return problem(400, 'Invalid Resource', 'The query parameter is required.', state);
    const exact = known(state).filter((l) => l.email === query);
    const full = query.includes('@') ? [] : known(state).filter((l) => l.email.includes(query));
    return json(200, {
      exact_matches: { members: exact.map((l) => memberJson(l, state)), total_items: exact.length },
      full_search: { members: full.map((l) => memberJson(l, state)), total_items: full.length },
      _links: [],
    });
  }

  if (path === '/lists' && method === 'GET') {
    return json(200, {
      lists: [{ id: config.listId, web_id: 190233, name: config.listName }],
      total_items: 1,
      constraints: { may_create: true, max_instances: 1, current_total_instances: 1 },
      _links: [],
    });
  }

  const list = path.match(/^\/lists\/([^/]+)$/);
  if (list && method === 'GET') {
    if (list[1] !== config.listId)
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.', state);
    return json(200, {
      id: config.listId,
      web_id: 190233,
      name: config.listName,
      date_created: '2024-03-01T10:00:00+00:00',
      list_rating: 3,
      stats: { member_count: known(state).length },
      _links: [],
    });
  }

  const match = path.match(/^\/lists\/([^/]+)\/members\/([^/]+)(\/[a-z-]+)?$/);
  if (match) {
    const [, listId, hashOrEmail, sub] = match;
    if (listId !== config.listId)
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.', state);
    const key = decodeURIComponent(hashOrEmail!).toLowerCase();
    const lead = known(state).find((l) => l.mailchimpHash === key || l.email === key);
    if (!lead) return problem(404, 'Resource Not Found', 'The requested resource could not be found.', state);

    if (!sub && method === 'GET') return json(200, memberJson(lead, state));
    if (sub === '/activity-feed' && method === 'GET') {
      const { count, offset } = page(ctx, config.maxCount);
      // Deliberately no total_items: the documented feed has none, so clients stop on a short page.
      return json(200, {
        activity: feed(lead, state).slice(offset, offset + count),
        email_id: lead.mailchimpHash,
        list_id: config.listId,
        _links: [],
      });
    }
    if (sub === '/tags' && method === 'GET') {
      const tags = tagsOf(lead, state);
      return json(200, {
        tags: tags.map((name, i) => ({
          id: 1000 + i,
          name,
          date_added: new Date(Date.parse(lead.createdAt) + (i + 1) * DAY_MS)
            .toISOString()
            .replace(/\.\d{3}Z$/, '+00:00'),
        })),
        total_items: tags.length,
        _links: [],
      });
    }
    if (sub === '/tags' && method === 'POST') {
      const body = isRecord(ctx.body) ? ctx.body : {};
      const tags = Array.isArray(body.tags) ? body.tags.filter(isRecord) : [];
      if (
        tags.length === 0 ||
        tags.some((t) => typeof t.name !== 'string' || !t.name || t.name.length > 100)
      ) {
        return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', state);
      }
      state.writes.mailchimp.tags.push({
        listId: config.listId,
        hash: lead.mailchimpHash,
        tags: tags.map((t) => ({ name: String(t.name), status: String(t.status ?? 'active') })),
      });
      return empty(204);
    }
    if (sub === '/notes' && method === 'GET') {
      const { count, offset } = page(ctx, config.maxCount);
      const notes = state.writes.mailchimp.notes
        .filter((n) => n.hash === lead.mailchimpHash)
        .sort((a, b) => b.created_at.localeCompare(a.created_at));
      return json(200, {
        notes: notes.slice(offset, offset + count).map((n) => noteJson(n, lead)),
        list_id: config.listId,
        email_id: lead.mailchimpHash,
        total_items: notes.length,
        _links: [],
      });
    }
    if (sub === '/notes' && method === 'POST') {
      const body = isRecord(ctx.body) ? ctx.body : {};
      if (typeof body.note !== 'string' || body.note.length > 1000) {
        return problem(
          400,
          'Invalid Resource',
          'The resource submitted could not be validated. Note length is limited to 1,000 characters.',
          state,
        );
      }
      const note = {
        id: 7000 + state.writes.mailchimp.notes.length + 1,
        listId: config.listId,
        hash: lead.mailchimpHash,
        note: body.note,
        created_at: new Date(state.now()).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      };
      state.writes.mailchimp.notes.push(note);
      return json(200, noteJson(note, lead));
    }
    if (sub === '/events' && method === 'GET') {
      const { count, offset } = page(ctx, config.maxCount);
      const events = listedEvents(lead, state).sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
      return json(200, {
        events: events
          .slice(offset, offset + count)
          .map((e) => ({ name: e.name, properties: e.properties, occurred_at: e.occurred_at })),
        total_items: events.length,
        _links: [],
      });
    }
    if (sub === '/events' && method === 'POST') {
      const body = isRecord(ctx.body) ? ctx.body : {};
      const name = body.name;
      if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{2,30}$/.test(name)) {
        return problem(
          400,
          'Invalid Resource',
          'Event name must be 2-30 characters: letters, numbers, underscores or dashes.',
          state,
        );
      }
      const properties = isRecord(body.properties) ? body.properties : {};
      if (Object.values(properties).some((v) => typeof v !== 'string')) {
        return problem(400, 'Invalid Resource', 'Event property values must be strings.', state);
      }
      state.writes.mailchimp.events.push({
        listId: config.listId,
        hash: lead.mailchimpHash,
        name,
        properties: properties as Record<string, string>,
        occurred_at:
          typeof body.occurred_at === 'string' ? body.occurred_at : new Date(state.now()).toISOString(),
        receivedAt: new Date(state.now()).toISOString(),
      });
      return empty(204);
    }
  }
  return problem(404, 'Resource Not Found', 'The requested resource could not be found.', state);
}

export const mailchimpHandler: VendorHandler = {
  platform: 'mailchimp',
  // Real data centres are "us1" … "us21"; any other name does not resolve.
  matches: (host) => /^us\d{1,2}\.api\.mailchimp\.com$/.test(host),
  handle: route,
  rateLimit(fault, ctx) {
    const response = problem(
      429,
      'Too Many Requests',
      'You have exceeded the limit of 10 simultaneous connections.',
      ctx.state,
    );
    if (fault.retryAfterSeconds !== undefined)
      response.headers['retry-after'] = String(fault.retryAfterSeconds);
    return response;
  },
  serverError(status) {
    return problem(status, 'Internal Server Error', 'An unexpected internal error has occurred.');
  },
  wrongTypes(body) {
    if (!isRecord(body)) return body;
    if (
      isRecord(body.exact_matches) &&
      Array.isArray(body.exact_matches.members) &&
      isRecord(body.exact_matches.members[0])
    ) {
      const [first, ...rest] = body.exact_matches.members;
      return {
        ...body,
        exact_matches: { ...body.exact_matches, members: [{ ...first, status: 7 }, ...rest] },
      };
    }
    if (Array.isArray(body.activity) && isRecord(body.activity[0])) {
      return {
        ...body,
        activity: [{ ...body.activity[0], created_at_timestamp: 1700000000 }, ...body.activity.slice(1)],
      };
    }
    if ('email_address' in body) return { ...body, email_address: ['not', 'a', 'string'] };
    if ('account_name' in body) return { ...body, account_name: 12 };
    return body;
  },
};
