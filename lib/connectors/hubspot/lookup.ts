/**
 * Finding the HubSpot contact behind a lead and reading what HubSpot knows of it: the contact
 * with its property history, its owner and record link, its email events and list memberships.
 */
import { Lead, Touchpoint, type TouchpointInput } from '../../model';
import { historyStart, humanize, newestFirst, nonEmpty, toIso, toNumber } from '../common';
import { validate } from '../http';
import { ConnectorError, readPart, type HistoryOptions, type ReadOptions } from '../types';
import type { HubSpotApi, HubSpotSettingsValue } from './api';
import {
  AccountDetails,
  Contact,
  EmailCampaign,
  EmailEventPage,
  ListMemberships,
  Lists,
  Owner,
  type EmailEvent,
} from './schemas';
import {
  addedAt,
  campaignSubjects,
  eventTouchpoint,
  isTouchEvent,
  listTouchpoint,
  mqlFromHistory,
  propertyTouchpoints,
  scoreAt,
} from './touchpoints';

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
const DAY_MS = 24 * 60 * 60 * 1000;

export interface HubSpotLookupOptions {
  settings: HubSpotSettingsValue;
  now: () => Date;
  historyDays?: number;
}

export type HubSpotLookup = ReturnType<typeof createHubSpotLookup>;

export function createHubSpotLookup(api: HubSpotApi, { settings, now, historyDays }: HubSpotLookupOptions) {
  const { client } = api;
  const owners = new Map<string, Promise<string | undefined>>();
  const campaignNames = new Map<number, Promise<string | undefined>>();
  const contacts = new Map<string, { at: number; contact: Contact }>();
  let account: Promise<AccountDetails | undefined> | undefined;

  function accountDetails(signal?: AbortSignal): Promise<AccountDetails | undefined> {
    account ??= api
      .get('/account-info/v3/details', AccountDetails, 'HubSpot account details', signal)
      .then((details) => {
        api.portal.timeZone = details.timeZone;
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
      pending = api
        .find(`/crm/v3/owners/${encodeURIComponent(ownerId)}`, Owner, 'HubSpot owner', signal)
        .then((owner) =>
          owner
            ? (nonEmpty([owner.firstName, owner.lastName].filter(Boolean).join(' ')) ?? nonEmpty(owner.email))
            : undefined,
        )
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
    const contact = await api.find(
      `/crm/v3/objects/contacts/${encodeURIComponent(idOrEmail)}?${query}`,
      Contact,
      'HubSpot contact',
      signal,
    );
    if (!contact) return null;
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
      const body = await api.get(
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
      pending = api
        .find(`/email/public/v1/campaigns/${id}`, EmailCampaign, 'HubSpot email campaign', signal)
        .then((campaign) => (campaign ? (nonEmpty(campaign.name) ?? nonEmpty(campaign.subject)) : undefined))
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
          await api.get(
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
        const added = addedAt(m);
        return added !== undefined && added >= since.toISOString();
      })
      .slice(0, MAX_LISTS);
    if (recent.length === 0) return [];
    const query = new URLSearchParams();
    for (const m of recent) query.append('listIds', m.listId);
    const names = new Map<string, string>();
    const lists = await readPart(
      'list names',
      () => api.get(`/crm/v3/lists?${query}`, Lists, 'HubSpot lists', signal),
      { lists: [] },
      options,
    );
    for (const list of lists.lists) names.set(list.listId, list.name);
    return recent.map((m) => listTouchpoint(m, names.get(m.listId) ?? `List ${m.listId}`, email));
  }

  async function eventTouchpoints(
    email: string,
    since: Date,
    options: HistoryOptions,
  ): Promise<TouchpointInput[]> {
    const { signal } = options;
    const events = (await emailEvents(email, since, signal)).filter(isTouchEvent);
    const subjects = campaignSubjects(events);
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
    return events.map((e) => eventTouchpoint(e, email, names, subjects));
  }

  async function history(lead: Lead, options: HistoryOptions = {}) {
    api.requireToken();
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
  }

  return {
    fetchContact,
    toLead,
    history,
    /** Forgets the memo of a contact that was just changed. */
    forget(contactId: string) {
      contacts.delete(contactId);
    },
  };
}
