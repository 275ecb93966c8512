/**
 * HubSpot connector: a private-app token (Bearer) against the CRM v3 APIs, the legacy email
 * events API, and the v3 lists API. Docs: developers.hubspot.com — "Contacts", "Owners",
 * "Account information", "Email analytics (legacy v1): events", "Lists (v3): memberships",
 * "Notes", "Associations v4", "Private apps" (token info), "Error handling", "API usage
 * guidelines and limits".
 */
import type { z } from 'zod';
import { Lead, Touchpoint, type Outcome, type TouchpointInput } from '../../model';
import type { HubSpotSettings } from '../../settings/schema';
import {
  asAmbiguous,
  asTestResult,
  escapeHtml,
  historyStart,
  humanize,
  newestFirst,
  nonEmpty,
  normaliseEmail,
  outcomeLines,
  resolveNow,
  toIso,
  toNumber,
  type ConnectorFactoryOptions,
} from '../common';
import {
  createHttpClient,
  excerpt,
  msUntilMidnight,
  parseBody,
  retryAfterMs,
  statusError,
  validate,
  type HttpMethod,
  type HttpResponse,
} from '../http';
import { createPlatformLimiter } from '../limiter';
import {
  ConnectorError,
  readPart,
  type Connector,
  type HistoryOptions,
  type ReadOptions,
  type WriteBackReadiness,
  type WriteOptions,
  type WriteReceipt,
} from '../types';
import {
  AccountDetails,
  ASSOCIATION_PAGE,
  Contact,
  ContactPage,
  EmailCampaign,
  EmailEventPage,
  ErrorBody,
  ListMemberships,
  Lists,
  Note,
  NoteAssociations,
  NoteBatch,
  Owner,
  TokenInfo,
  type EmailEvent,
  type HistoryEntry,
} from './schemas';

export type HubSpotSettingsValue = z.infer<typeof HubSpotSettings>;
export type HubSpotConnectorOptions = ConnectorFactoryOptions<HubSpotSettingsValue>;

/** Properties read for a lead; `propertiesWithHistory` adds the change log of the ones below. */
export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'jobtitle',
  'lifecyclestage',
  'hs_lead_status',
  'hubspotscore',
  'hubspot_owner_id',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'hs_lifecyclestage_marketingqualifiedlead_date',
  'recent_conversion_event_name',
  'recent_conversion_date',
  'first_conversion_event_name',
  'first_conversion_date',
  'hs_analytics_first_url',
  'hs_analytics_first_timestamp',
  'hs_analytics_last_url',
  'hs_analytics_last_timestamp',
] as const;
/** Each entry of `recent_conversion_event_name`'s history is one form submission. */
export const HISTORY_PROPERTIES = ['lifecyclestage', 'hubspotscore', 'recent_conversion_event_name'] as const;

const EVENT_PAGE_SIZE = 1000;
const MAX_EVENT_PAGES = 10;
const MAX_CAMPAIGN_LOOKUPS = 10;
const MAX_LISTS = 50;
const CONTACT_MEMO_MS = 60_000;
/** Association type "note to contact" (HubSpot-defined), from "Associations v4: type ids". */
const NOTE_TO_CONTACT = 202;
/** Bounds the check for an earlier note: 20 pages of 500 associated notes. */
const MAX_ASSOCIATION_PAGES = 20;
/** A batch read takes at most 100 ids ("Notes" → Read a batch of notes). */
const NOTE_BATCH = 100;
/**
 * Scopes a private app needs to write outcomes back: notes and contact updates are contact
 * writes ("Notes" → scope requirements), and the check for an earlier note reads the contact's
 * associated notes. `contacts` is the legacy scope that covers both.
 */
export const WRITE_BACK_SCOPES = [
  {
    scope: 'crm.objects.contacts.write',
    legacy: 'contacts',
    why: 'add the outcome note and update the lead status',
  },
  { scope: 'crm.objects.contacts.read', legacy: 'contacts', why: 'check for an earlier note before a retry' },
] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

const EMAIL_EVENT_KINDS: Record<string, Touchpoint['kind']> = {
  SENT: 'email_sent',
  OPEN: 'email_open',
  CLICK: 'email_click',
  BOUNCE: 'other',
  SPAMREPORT: 'other',
  STATUSCHANGE: 'other',
  FORWARD: 'other',
  PRINT: 'other',
};

const EVENT_TITLES: Record<string, string> = {
  BOUNCE: 'Email bounced',
  SPAMREPORT: 'Marked an email as spam',
  STATUSCHANGE: 'Changed email subscription',
  FORWARD: 'Forwarded an email',
  PRINT: 'Printed an email',
};

interface HubSpotConnector extends Connector {
  readonly id: 'hubspot';
}

export function createHubSpotConnector(options: HubSpotConnectorOptions): HubSpotConnector {
  const { settings, historyDays } = options;
  const now = resolveNow(options);
  const client = createHttpClient({
    source: 'hubspot',
    label: 'HubSpot',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter ?? createPlatformLimiter('hubspot', options.clock),
    timeoutMs: options.timeoutMs,
    secrets: () => [settings.token],
  });
  const base = `https://${settings.apiHost}`;
  const owners = new Map<string, Promise<string | undefined>>();
  const campaignNames = new Map<number, Promise<string | undefined>>();
  const contacts = new Map<string, { at: number; contact: Contact }>();
  let account: Promise<AccountDetails | undefined> | undefined;
  let portalTimeZone: string | undefined;

  function requireToken(): string {
    if (!settings.token)
      throw client.error('config', 'HubSpot: no private-app token is set. Add one in Options.');
    return settings.token;
  }

  function hubspotError(method: HttpMethod, what: string, response: HttpResponse): ConnectorError {
    const body = ErrorBody.parse(safeJson(response.text));
    const said = body.message ? excerpt(body.message) : excerpt(response.text);
    if (response.status === 429) {
      if (body.policyName === 'DAILY') {
        return client.error(
          'quota',
          "HubSpot: the portal's daily API limit is used up; it resets at midnight in the portal's time zone.",
          {
            // A connector built for one delivery rarely knows the portal's zone yet; UTC midnight
            // may come before the portal's, so without it look again within the hour.
            retryAfterMs: portalTimeZone
              ? msUntilMidnight(now(), portalTimeZone)
              : Math.min(msUntilMidnight(now(), 'UTC'), 60 * 60_000),
          },
        );
      }
      // TEN_SECONDLY_ROLLING (and the older SECONDLY): the window is 10 s; Retry-After is not promised.
      return client.error(
        'rate_limited',
        'HubSpot: the 10-second request limit was reached; retrying after a pause.',
        {
          retryAfterMs: retryAfterMs(response.headers, client.clock.now()) ?? 10_000,
        },
      );
    }
    if (response.status === 401) {
      return client.error(
        'auth',
        'HubSpot rejected the private-app token (401). Paste a current token in Options.',
      );
    }
    if (response.status === 403) {
      const scopes = body.errors?.flatMap((e) => [
        ...(e.context?.requiredGranularScopes ?? []),
        ...(e.context?.requiredScopes ?? []),
      ]);
      const named = scopes && scopes.length > 0 ? ` (needs ${[...new Set(scopes)].join(' or ')})` : '';
      if (body.category === 'MISSING_SCOPES') {
        return client.error(
          'scope',
          `HubSpot: the private app lacks a scope for ${what}${named}. Add it to the app's scopes and paste the new token.`,
        );
      }
      return client.error('scope', `HubSpot refused access to ${what} (403): ${said}`);
    }
    return statusError(client, { method, what }, response, said || undefined);
  }

  async function call(
    method: HttpMethod,
    path: string,
    what: string,
    init: { json?: unknown; signal?: AbortSignal; allow404?: boolean; safe?: boolean } = {},
  ): Promise<HttpResponse | null> {
    const token = requireToken();
    const response = await client.send({
      method,
      url: `${base}${path}`,
      headers: { Authorization: `Bearer ${token}` },
      json: init.json,
      signal: init.signal,
      safe: init.safe,
      what,
    });
    if (response.status === 404 && init.allow404) return null;
    if (response.status < 200 || response.status >= 300) throw hubspotError(method, what, response);
    return response;
  }

  async function get<S extends z.ZodType>(path: string, schema: S, what: string, signal?: AbortSignal) {
    const response = (await call('GET', path, what, { signal }))!;
    return parseBody(client, response, schema, what);
  }

  function accountDetails(signal?: AbortSignal): Promise<AccountDetails | undefined> {
    account ??= get('/account-info/v3/details', AccountDetails, 'HubSpot account details', signal)
      .then((details) => {
        portalTimeZone = details.timeZone;
        return details;
      })
      .catch((error: unknown) => {
        // Only the deep link needs it; a failure must not cost the lead. Try again next time.
        account = undefined;
        if (error instanceof ConnectorError && (error.kind === 'auth' || error.kind === 'config'))
          throw error;
        return undefined;
      });
    return account;
  }

  async function recordUrl(contactId: string, signal?: AbortSignal): Promise<string | undefined> {
    let portalId = settings.portalId;
    let uiDomain = settings.apiHost === 'api-eu1.hubapi.com' ? 'app-eu1.hubspot.com' : 'app.hubspot.com';
    if (!portalId) {
      const details = await accountDetails(signal);
      if (!details) return undefined;
      portalId = String(details.portalId);
      if (details.uiDomain && /^[a-z0-9.-]+\.hubspot\.com$/.test(details.uiDomain))
        uiDomain = details.uiDomain;
    }
    return `https://${uiDomain}/contacts/${encodeURIComponent(portalId)}/record/0-1/${encodeURIComponent(contactId)}`;
  }

  function ownerName(ownerId: string, signal?: AbortSignal): Promise<string | undefined> {
    let pending = owners.get(ownerId);
    if (!pending) {
      pending = call('GET', `/crm/v3/owners/${encodeURIComponent(ownerId)}`, 'HubSpot owner', {
        signal,
        allow404: true,
      })
        .then((response) => {
          if (!response) return undefined;
          const owner = parseBody(client, response, Owner, 'HubSpot owner');
          return (
            nonEmpty([owner.firstName, owner.lastName].filter(Boolean).join(' ')) ?? nonEmpty(owner.email)
          );
        })
        .catch((error: unknown) => {
          owners.delete(ownerId);
          // The owner is a nicety: without the owners scope the lead still shows.
          if (error instanceof ConnectorError && error.kind === 'scope') return undefined;
          throw error;
        });
      owners.set(ownerId, pending);
    }
    return pending;
  }

  async function fetchContact(
    idOrEmail: string,
    byEmail: boolean,
    signal?: AbortSignal,
  ): Promise<Contact | null> {
    const query = new URLSearchParams();
    if (byEmail) query.set('idProperty', 'email');
    const extra = settings.outcomeProperty ? [settings.outcomeProperty] : [];
    query.set('properties', [...CONTACT_PROPERTIES, ...extra].join(','));
    query.set('propertiesWithHistory', HISTORY_PROPERTIES.join(','));
    query.set('archived', 'false');
    const response = await call(
      'GET',
      `/crm/v3/objects/contacts/${encodeURIComponent(idOrEmail)}?${query}`,
      'HubSpot contact',
      { signal, allow404: true },
    );
    if (!response) return null;
    const contact = parseBody(client, response, Contact, 'HubSpot contact');
    contacts.set(contact.id, { at: client.clock.now(), contact });
    return contact;
  }

  async function toLead(
    contact: Contact,
    requested: string,
    signal?: AbortSignal,
    options?: ReadOptions,
  ): Promise<Lead> {
    const p = contact.properties;
    const history = contact.propertiesWithHistory ?? {};
    const name = nonEmpty([p.firstname, p.lastname].filter(Boolean).join(' '));
    const ownerId = nonEmpty(p.hubspot_owner_id);
    const [owner, url] = await Promise.all([
      ownerId ? readPart('owner', () => ownerName(ownerId, signal), undefined, options) : undefined,
      recordUrl(contact.id, signal),
    ]);
    const source = nonEmpty(p.hs_analytics_source);
    const sourceDetail = nonEmpty(p.hs_analytics_source_data_1);
    return validate(
      client,
      {
        email: nonEmpty(p.email) ?? requested,
        name,
        company: nonEmpty(p.company),
        title: nonEmpty(p.jobtitle),
        lifecycleStage: nonEmpty(p.lifecyclestage),
        leadStatus: nonEmpty(p.hs_lead_status),
        score: toNumber(p.hubspotscore),
        score30dAgo: scoreAt(history.hubspotscore, now().getTime() - 30 * DAY_MS),
        owner,
        mqlAt:
          toIso(p.hs_lifecyclestage_marketingqualifiedlead_date) ?? mqlFromHistory(history.lifecyclestage),
        source: source ? humanize(source) + (sourceDetail ? ` (${sourceDetail})` : '') : undefined,
        refs: [{ source: 'hubspot', id: contact.id, url }],
      },
      Lead,
      'HubSpot contact',
    );
  }

  async function contactFor(lead: Lead, signal?: AbortSignal): Promise<Contact | null> {
    const ref = lead.refs.find((r) => r.source === 'hubspot');
    if (ref) {
      const memo = contacts.get(ref.id);
      if (memo && client.clock.now() - memo.at < CONTACT_MEMO_MS) return memo.contact;
      return fetchContact(ref.id, false, signal);
    }
    return fetchContact(lead.email, true, signal);
  }

  async function emailEvents(email: string, since: Date, signal?: AbortSignal): Promise<EmailEvent[]> {
    const events: EmailEvent[] = [];
    let offset: string | undefined;
    for (let page = 0; page < MAX_EVENT_PAGES; page++) {
      const query = new URLSearchParams({
        recipient: email,
        startTimestamp: String(since.getTime()),
        limit: String(EVENT_PAGE_SIZE),
      });
      if (offset) query.set('offset', offset);
      const body = await get(
        `/email/public/v1/events?${query}`,
        EmailEventPage,
        'HubSpot email events',
        signal,
      );
      events.push(...body.events);
      // `hasMore` with no new offset would loop forever on the same page.
      if (!body.hasMore || !body.offset || body.offset === offset) break;
      offset = body.offset;
    }
    return events;
  }

  function campaignName(id: number, signal?: AbortSignal): Promise<string | undefined> {
    let pending = campaignNames.get(id);
    if (!pending) {
      if (campaignNames.size >= MAX_CAMPAIGN_LOOKUPS * 10) campaignNames.clear();
      pending = call('GET', `/email/public/v1/campaigns/${id}`, 'HubSpot email campaign', {
        signal,
        allow404: true,
      })
        .then((response) => {
          if (!response) return undefined;
          const campaign = parseBody(client, response, EmailCampaign, 'HubSpot email campaign');
          return nonEmpty(campaign.name) ?? nonEmpty(campaign.subject);
        })
        .catch((error: unknown) => {
          campaignNames.delete(id);
          throw error;
        });
      campaignNames.set(id, pending);
    }
    return pending;
  }

  async function listTouchpoints(
    contactId: string,
    email: string,
    since: Date,
    options: HistoryOptions,
  ): Promise<TouchpointInput[]> {
    const { signal } = options;
    // A secondary part: reading lists needs the crm.lists.read scope that many tokens lack, and
    // a failure here must not cost the rest of the lead.
    const memberships = await readPart(
      'list memberships',
      async () =>
        (
          await get(
            `/crm/v3/lists/records/0-1/${encodeURIComponent(contactId)}/memberships`,
            ListMemberships,
            'HubSpot list memberships',
            signal,
          )
        ).results,
      null,
      options,
    );
    if (!memberships) return [];
    const recent = memberships
      .filter((m) => {
        const added = toIso(m.firstAddedTimestamp ?? m.lastAddedTimestamp);
        return added !== undefined && added >= since.toISOString();
      })
      .slice(0, MAX_LISTS);
    if (recent.length === 0) return [];
    const query = new URLSearchParams();
    for (const m of recent) query.append('listIds', m.listId);
    const names = new Map<string, string>();
    const lists = await readPart(
      'list names',
      () => get(`/crm/v3/lists?${query}`, Lists, 'HubSpot lists', signal),
      { lists: [] },
      options,
    );
    for (const list of lists.lists) names.set(list.listId, list.name);
    return recent.map((m): TouchpointInput => {
      const name = names.get(m.listId) ?? `List ${m.listId}`;
      return {
        id: `hubspot:list:${m.listId}`,
        leadEmail: email,
        occurredAt: toIso(m.firstAddedTimestamp ?? m.lastAddedTimestamp)!,
        kind: 'list_added',
        campaign: { id: `hubspot-list-${m.listId}`, name, channel: 'other' },
        title: `Added to list “${name}”`,
        source: 'hubspot',
      };
    });
  }

  async function eventTouchpoints(
    email: string,
    since: Date,
    options: HistoryOptions,
  ): Promise<TouchpointInput[]> {
    const { signal } = options;
    const events = (await emailEvents(email, since, signal)).filter(
      (e) => EMAIL_EVENT_KINDS[e.type] !== undefined,
    );
    const subjects = new Map<number, string>();
    for (const e of events)
      if (e.emailCampaignId !== undefined && e.subject) subjects.set(e.emailCampaignId, e.subject);
    const ids = [
      ...new Set(events.map((e) => e.emailCampaignId).filter((id): id is number => id !== undefined)),
    ];
    const names = new Map<number, string>();
    await Promise.all(
      ids.slice(0, MAX_CAMPAIGN_LOOKUPS).map(async (id) => {
        // Without a name the touch still shows, under the email's subject.
        const name = await readPart('email names', () => campaignName(id, signal), undefined, options);
        if (name) names.set(id, name);
      }),
    );
    return events.map((e): TouchpointInput => {
      const kind = EMAIL_EVENT_KINDS[e.type]!;
      const campaignId = e.emailCampaignId;
      const name =
        campaignId === undefined
          ? undefined
          : (names.get(campaignId) ?? subjects.get(campaignId) ?? `Email ${campaignId}`);
      const robot = [e.browser?.type, e.browser?.name].some(
        (v) => v && /robot|bot\b|crawler|spider/i.test(v),
      );
      const subject = campaignId === undefined ? e.subject : subjects.get(campaignId);
      const verb =
        kind === 'email_sent'
          ? 'Sent'
          : kind === 'email_open'
            ? 'Opened'
            : kind === 'email_click'
              ? 'Clicked'
              : '';
      return {
        id: `hubspot:event:${e.id}`,
        leadEmail: email,
        occurredAt: new Date(e.created).toISOString(),
        kind,
        campaign:
          campaignId === undefined
            ? undefined
            : { id: `hubspot-email-${campaignId}`, name: name!, channel: 'email' },
        title: verb
          ? `${verb} “${subject ?? name ?? 'an email'}”`
          : (EVENT_TITLES[e.type] ?? humanize(e.type)),
        url: kind === 'email_click' ? e.url : undefined,
        source: 'hubspot',
        ...(e.filteredEvent
          ? { machine: true, machineReason: 'HubSpot filtered it from reporting (bot or security scanner)' }
          : robot
            ? { machine: true, machineReason: 'HubSpot saw a robot user agent' }
            : {}),
      };
    });
  }

  function propertyTouchpoints(contact: Contact, email: string, since: Date): TouchpointInput[] {
    const p = contact.properties;
    const history = contact.propertiesWithHistory ?? {};
    const out: TouchpointInput[] = [];
    const sinceIso = since.toISOString();
    const forms = history.recent_conversion_event_name ?? [];
    const seen = new Set<string>();
    const addForm = (name: string | null | undefined, at: string | undefined) => {
      const title = nonEmpty(name);
      if (!title || !at || at < sinceIso || seen.has(at)) return;
      seen.add(at);
      out.push({
        id: `hubspot:form:${contact.id}:${at}`,
        leadEmail: email,
        occurredAt: at,
        kind: 'form_submit',
        title: `Submitted “${title}”`,
        source: 'hubspot',
      });
    };
    for (const entry of forms) addForm(entry.value, toIso(entry.timestamp));
    // Without history (older portals), the first and most recent conversions are still known.
    addForm(p.recent_conversion_event_name, toIso(p.recent_conversion_date));
    addForm(p.first_conversion_event_name, toIso(p.first_conversion_date));

    for (const [which, urlKey, atKey] of [
      ['first', 'hs_analytics_first_url', 'hs_analytics_first_timestamp'],
      ['last', 'hs_analytics_last_url', 'hs_analytics_last_timestamp'],
    ] as const) {
      const url = nonEmpty(p[urlKey]);
      const at = toIso(p[atKey]);
      if (!url || !at || at < sinceIso) continue;
      if (which === 'last' && at === toIso(p.hs_analytics_first_timestamp)) continue;
      out.push({
        id: `hubspot:page:${contact.id}:${which}:${at}`,
        leadEmail: email,
        occurredAt: at,
        kind: 'page_view',
        title: which === 'first' ? 'First visit' : 'Most recent visit',
        url,
        detail: url,
        source: 'hubspot',
      });
    }

    const stages = history.lifecyclestage ?? [];
    for (const entry of stages) {
      const at = toIso(entry.timestamp);
      const value = nonEmpty(entry.value);
      if (!at || !value || at < sinceIso) continue;
      out.push({
        id: `hubspot:stage:${contact.id}:${at}:${value}`,
        leadEmail: email,
        occurredAt: at,
        kind: 'stage_change',
        title: `Lifecycle stage: ${value}`,
        detail: entry.sourceType ? `Changed by ${humanize(entry.sourceType)}` : undefined,
        source: 'hubspot',
      });
    }
    return out;
  }

  /**
   * The note an earlier attempt made for this outcome, if any. The contact's associated notes are
   * read through the associations API and the notes themselves by id: both answer from the
   * records, not from the search index, which lags a new note by seconds. Newest ids first, so
   * the note of a retry just after its write is found in the first batch.
   */
  async function findOutcomeNote(contactId: string, outcome: Outcome, signal?: AbortSignal) {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_ASSOCIATION_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(ASSOCIATION_PAGE) });
      if (after) query.set('after', after);
      const body = await get(
        `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/notes?${query}`,
        NoteAssociations,
        'HubSpot notes of the contact',
        signal,
      );
      ids.push(...body.results.map((r) => r.toObjectId));
      const next = body.paging?.next?.after;
      if (!next || next === after) break;
      after = next;
    }
    const newestFirst = [...new Set(ids)].sort((a, b) => compareIds(b, a));
    for (let i = 0; i < newestFirst.length; i += NOTE_BATCH) {
      const response = (await call('POST', '/crm/v3/objects/notes/batch/read', 'HubSpot notes', {
        signal,
        safe: true,
        json: {
          properties: ['hs_note_body', 'hs_timestamp'],
          inputs: newestFirst.slice(i, i + NOTE_BATCH).map((id) => ({ id })),
        },
      }))!;
      const found = parseBody(client, response, NoteBatch, 'HubSpot notes').results.find((note) =>
        carriesOutcomeId(note.properties.hs_note_body, outcome.id),
      );
      if (found) return found;
    }
    return undefined;
  }

  async function writeOutcome(
    lead: Lead,
    outcome: Outcome,
    options: WriteOptions = {},
  ): Promise<WriteReceipt> {
    requireToken();
    const { signal, checkFirst = false, skipStatus = false } = options;
    const ref = lead.refs.find((r) => r.source === 'hubspot');
    let contactId = ref?.id;
    if (!contactId) {
      const contact = await fetchContact(lead.email, true, signal);
      if (!contact)
        throw client.error(
          'not_found',
          `HubSpot has no contact for ${lead.email}; the outcome was not written.`,
        );
      contactId = contact.id;
    }

    // HubSpot has no idempotency header: after an ambiguous failure, look for this outcome's
    // note (it carries the outcome id) before creating one, so a retry after a timeout that did
    // reach HubSpot adds nothing.
    const existing = checkFirst ? await findOutcomeNote(contactId, outcome, signal) : undefined;
    let noteId: string;
    if (existing) {
      noteId = existing.id;
    } else {
      const response = (await call('POST', '/crm/v3/objects/notes', 'HubSpot note', {
        signal,
        json: {
          properties: { hs_timestamp: outcome.createdAt, hs_note_body: noteBody(outcome) },
          associations: [
            {
              to: { id: contactId },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }],
            },
          ],
        },
      }))!;
      noteId = parseBody(client, response, Note, 'HubSpot note').id;
    }

    const wanted: Record<string, string> = {};
    const status = settings.statusMapping[outcome.kind];
    // A newer outcome has set the status already: this one must not put an older one back.
    if (status && !skipStatus) wanted.hs_lead_status = status;
    if (settings.outcomeProperty && !skipStatus) wanted[settings.outcomeProperty] = outcome.kind;
    let updated: string[] = [];
    try {
      if (Object.keys(wanted).length > 0 && checkFirst) {
        // A retry: the properties may already carry these values; do not write them twice.
        const current = await fetchContact(contactId, false, signal);
        for (const [key, value] of Object.entries(wanted))
          if (current?.properties[key] === value) delete wanted[key];
      }
      if (Object.keys(wanted).length > 0) {
        await call(
          'PATCH',
          `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`,
          'HubSpot contact update',
          {
            signal,
            json: { properties: wanted },
          },
        );
        updated = Object.keys(wanted);
      }
    } catch (error) {
      throw asAmbiguous(error);
    }
    contacts.delete(contactId);
    const receipt =
      `HubSpot note ${noteId}` +
      (updated.length ? `; contact ${contactId}: ${updated.join(', ')} updated` : '') +
      (skipStatus && (status || settings.outcomeProperty) ? '; status left as a newer outcome set it' : '');
    return existing ? { receipt, alreadyDone: true } : { receipt };
  }

  /**
   * What the token may do, from HubSpot's token info for private apps (the token in the body
   * and, for EU tokens, in the header too). Other tokens get no answer there: then the scopes are
   * left unverified and the first outcome will tell.
   */
  async function writeBackScopes(signal?: AbortSignal): Promise<WriteBackReadiness> {
    let scopes: ReadonlySet<string>;
    try {
      const response = (await call(
        'POST',
        '/oauth/v2/private-apps/get/access-token-info',
        'HubSpot token scopes',
        { signal, safe: true, json: { tokenKey: settings.token } },
      ))!;
      scopes = new Set(parseBody(client, response, TokenInfo, 'HubSpot token scopes').scopes);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return {
        ready: true,
        unverified: 'HubSpot did not say which scopes the token has (not a private-app token?)',
      };
    }
    const lacking = WRITE_BACK_SCOPES.filter((s) => !scopes.has(s.scope) && !scopes.has(s.legacy));
    if (lacking.length === 0) return { ready: true };
    return {
      ready: false,
      missing: `the private app lacks ${lacking.map((s) => `${s.scope} (to ${s.why})`).join(' and ')}`,
      fix: 'platform',
    };
  }

  return {
    id: 'hubspot',

    async lookup(email, signal, options) {
      requireToken();
      const normalised = normaliseEmail(email);
      if (!normalised) return null;
      const contact = await fetchContact(normalised, true, signal);
      return contact ? toLead(contact, normalised, signal, options) : null;
    },

    async history(lead: Lead, options: HistoryOptions = {}) {
      requireToken();
      const since = historyStart(now(), options.since, historyDays);
      const contact = await contactFor(lead, options.signal);
      if (!contact) return [];
      const email = lead.email;
      const [events, lists] = await Promise.all([
        eventTouchpoints(email, since, options),
        listTouchpoints(contact.id, email, since, options),
      ]);
      const all = [...events, ...lists, ...propertyTouchpoints(contact, email, since)];
      const sinceIso = since.toISOString();
      return newestFirst(
        all
          .map((t) => validate(client, t, Touchpoint, 'HubSpot touchpoint'))
          .filter((t) => t.occurredAt >= sinceIso),
      );
    },

    writeOutcome,

    async test(signal) {
      let writeBack: WriteBackReadiness | undefined;
      const result = await asTestResult(async () => {
        requireToken();
        const details = await get(
          '/account-info/v3/details',
          AccountDetails,
          'HubSpot account details',
          signal,
        );
        portalTimeZone = details.timeZone;
        await get(
          '/crm/v3/objects/contacts?limit=1&properties=email',
          ContactPage,
          'HubSpot contacts',
          signal,
        );
        await get('/email/public/v1/events?limit=1', EmailEventPage, 'HubSpot email events', signal);
        writeBack = await writeBackScopes(signal);
        return (
          `Connected to HubSpot portal ${details.portalId}; contacts and email events are readable` +
          (writeBack.ready ? '.' : `; outcomes cannot be written back: ${writeBack.missing}.`)
        );
      });
      return result.ok && writeBack ? { ...result, writeBack } : result;
    },
  };
}

/**
 * Whether an outcome could be written back to HubSpot with these settings, without asking
 * HubSpot (the token's scopes are checked by `test()`): every outcome adds a note, so a token is
 * all it needs; a mapped status is written when there is one.
 */
export function hubspotWriteBackReadiness(settings: HubSpotSettingsValue): WriteBackReadiness {
  if (!settings.token)
    return { ready: false, missing: 'no HubSpot private-app token is set', fix: 'sources' };
  return { ready: true };
}

/** HubSpot object ids are decimal strings that grow over time; newer sorts after older. */
function compareIds(a: string, b: string): number {
  return a.length === b.length ? a.localeCompare(b) : a.length - b.length;
}

/** Whether a note body carries the outcome id (the line "Outcome id: …" of `noteBody`). */
function carriesOutcomeId(body: string | null | undefined, id: string): boolean {
  return body?.includes(`Outcome id: ${id}`) ?? false;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The score in force at `at`: the newest history entry not after it. History is newest first. */
function scoreAt(history: HistoryEntry[] | undefined, at: number): number | undefined {
  if (!history) return undefined;
  const entries = [...history].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const entry = entries.find((e) => Date.parse(e.timestamp) <= at);
  return entry ? toNumber(entry.value) : undefined;
}

/** When the contact first became an MQL, from the lifecycle stage's change log. */
function mqlFromHistory(history: HistoryEntry[] | undefined): string | undefined {
  const times = (history ?? [])
    .filter((e) => e.value === 'marketingqualifiedlead')
    .map((e) => toIso(e.timestamp))
    .filter((t): t is string => t !== undefined)
    .sort();
  return times[0];
}

/** The note as HubSpot shows it (its body is HTML): every value escaped, the outcome id last. */
export function noteBody(outcome: Outcome): string {
  const lines = outcomeLines(outcome);
  const title = lines.shift()!;
  return [
    `<p><strong>Loopline outcome: ${escapeHtml(title.value)}</strong></p>`,
    ...lines.map((line) => `<p>${escapeHtml(line.label)}: ${escapeHtml(line.value)}</p>`),
  ].join('');
}
