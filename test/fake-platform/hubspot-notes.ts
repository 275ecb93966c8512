/**
 * The fake HubSpot portal's notes, which Loopline writes back: create with a contact association,
 * a contact's notes (associations v4), batch read, and CRM search over an index that lags new
 * notes by `searchIndexLagMs`.
 */
import type { FakeResponse } from './types';
import type { HandlerContext, PlatformState } from './platform';
import { error, iso, known, notFound } from './hubspot-records';
import { isRecord, json } from './util';

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

/** Answers the notes routes, or `undefined` for a request that is not about notes. */
export function notesRoute(
  ctx: HandlerContext,
  need: (scope: string) => FakeResponse | undefined,
): FakeResponse | undefined {
  const { state, url, method } = ctx;
  const config = state.config.hubspot;
  const path = url.pathname;
  const query = url.searchParams;
  const now = state.now();
  let match: RegExpMatchArray | null;

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
  return undefined;
}
