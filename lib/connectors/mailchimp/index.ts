/**
 * Mailchimp connector. Docs: mailchimp.com/developer/marketing — "Fundamentals" (API key with
 * the data centre after the dash, Basic auth with any user name, 10 simultaneous connections),
 * "Search members", "List members", "List member activity feed" (no total: stop on a short
 * page), "List member tags", "List member notes", "List member events" (processed
 * asynchronously: an event is listed some time after it was accepted), "Lists/Audiences",
 * "Errors" (problem JSON). Throttling shows as 429, or at the edge as a bare 403 with no body and
 * no headers.
 */
import type { z } from 'zod';
import { Lead, Touchpoint, type Outcome, type TouchpointInput, type TouchpointKind } from '../../model';
import type { MailchimpSettings } from '../../settings/schema';
import { md5 } from '../md5';
import {
  asAmbiguous,
  asTestResult,
  historyStart,
  humanize,
  newestFirst,
  nonEmpty,
  normaliseEmail,
  outcomePlainText,
  resolveNow,
  toIso,
  type ConnectorFactoryOptions,
} from '../common';
import {
  createHttpClient,
  excerpt,
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
  type Connector,
  type HistoryOptions,
  type WriteBackReadiness,
  type WriteOptions,
  type WriteReceipt,
} from '../types';
import {
  ActivityFeed,
  Audiences,
  Events,
  ListInfo,
  Member,
  MemberDates,
  MemberTags,
  Note,
  Notes,
  Problem,
  Root,
  SearchMembers,
  type FeedItem,
} from './schemas';

export type MailchimpSettingsValue = z.infer<typeof MailchimpSettings>;
export type MailchimpConnectorOptions = ConnectorFactoryOptions<MailchimpSettingsValue>;

const FEED_PAGE = 100;
const MAX_FEED_PAGES = 10;
const THROTTLE_BACKOFF_MS = 10_000;
/** Mailchimp limits a note to 1,000 characters ("List member notes" → Add note). */
const NOTE_MAX = 1000;
export const OUTCOME_EVENT = 'loopline_outcome';
export const TAG_PREFIX = 'loopline:';

const SIGNUPS = new Set([
  'signup',
  'website_signup',
  'landing_page_signup',
  'generic_signup',
  'ecommerce_signup',
  'squatter_signup',
  'survey_response',
]);
const FEED_KINDS: Record<string, TouchpointKind> = {
  sent: 'email_sent',
  open: 'email_open',
  click: 'email_click',
};

/**
 * The data centre named by an API key (`…-us21` → `us21`), or a config error naming what is
 * wrong. The message never quotes the key: what follows a dash that is not a data centre may
 * well be part of the secret.
 */
export function dataCentreOf(apiKey: string): { ok: true; dc: string } | { ok: false; message: string } {
  const dash = apiKey.lastIndexOf('-');
  if (!apiKey) return { ok: false, message: 'Mailchimp: no API key is set. Add one in Options.' };
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    return {
      ok: false,
      message: 'Mailchimp: the API key has characters no API key has. Copy the whole key again.',
    };
  }
  if (dash < 0 || dash === apiKey.length - 1) {
    return {
      ok: false,
      message: 'Mailchimp: the API key has no data centre after the dash (like …-us21). Copy the whole key.',
    };
  }
  const dc = apiKey.slice(dash + 1).toLowerCase();
  if (!/^[a-z]{2}\d{1,3}$/.test(dc)) {
    return {
      ok: false,
      message:
        'Mailchimp: what follows the last dash of the API key is not a data centre (like us21). Copy the whole key.',
    };
  }
  return { ok: true, dc };
}

/** Basic auth: any user name, the key as the password (keys are printable ASCII, see dataCentreOf). */
function basicAuth(apiKey: string): string {
  return btoa(`loopline:${apiKey}`);
}

/**
 * Whether an outcome could be written back to Mailchimp with these settings, without asking
 * Mailchimp: a usable API key is all it takes (the member's audience comes with the lead).
 */
export function mailchimpWriteBackReadiness(settings: MailchimpSettingsValue): WriteBackReadiness {
  const parsed = dataCentreOf(settings.apiKey);
  return parsed.ok ? { ready: true } : { ready: false, missing: parsed.message, fix: 'sources' };
}

/** Whether a failed request may have been acted upon though no answer told so. */
function noAnswer(error: unknown): boolean {
  // A timeout or an answer cut off: the request reached Mailchimp. A refused or broken
  // connection most often did not; an HTTP answer says the request was not taken.
  return (
    error instanceof ConnectorError &&
    error.ambiguous &&
    (error.kind === 'timeout' || error.kind === 'malformed')
  );
}

/** Mailchimp's id for a list member: MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return md5(email.trim().toLowerCase());
}

interface MailchimpConnector extends Connector {
  readonly id: 'mailchimp';
}

interface Target {
  listId: string;
  hash: string;
}

export function createMailchimpConnector(options: MailchimpConnectorOptions): MailchimpConnector {
  const { settings, historyDays } = options;
  const now = resolveNow(options);
  const client = createHttpClient({
    source: 'mailchimp',
    label: 'Mailchimp',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter ?? createPlatformLimiter('mailchimp', options.clock),
    timeoutMs: options.timeoutMs,
    secrets: () => {
      // All of a key is secret but a valid data centre, which names the public API host; so is
      // the base64 of it in the Authorization header.
      const key = settings.apiKey;
      return dataCentreOf(key).ok ? [key.slice(0, key.lastIndexOf('-')), basicAuth(key)] : [key];
    },
  });
  const listNames = new Map<string, Promise<string | undefined>>();

  function config(): { base: string; dc: string; auth: string } {
    const parsed = dataCentreOf(settings.apiKey);
    if (!parsed.ok) throw client.error('config', parsed.message);
    return {
      base: `https://${parsed.dc}.api.mailchimp.com/3.0`,
      dc: parsed.dc,
      auth: `Basic ${basicAuth(settings.apiKey)}`,
    };
  }

  function mailchimpError(
    method: HttpMethod,
    what: string,
    response: HttpResponse,
    dc: string,
  ): ConnectorError {
    const body = Problem.parse(safeJson(response.text));
    const said = excerpt([body.title, body.detail].filter(Boolean).join(': ') || response.text);
    if (response.status === 429 || (response.status === 403 && response.text.trim() === '')) {
      // A 403 with no body and no headers is Mailchimp's edge throttling, not a permission problem.
      return client.error(
        'rate_limited',
        `Mailchimp is throttling requests (${response.status}); retrying after a pause.`,
        {
          retryAfterMs: retryAfterMs(response.headers, client.clock.now()) ?? THROTTLE_BACKOFF_MS,
        },
      );
    }
    if (response.status === 401) {
      return client.error(
        'auth',
        `Mailchimp rejected the API key at data centre ${dc} (401: ${said}). Check the key and the part after its dash.`,
      );
    }
    if (response.status === 403) return client.error('scope', `Mailchimp refused ${what} (403: ${said}).`);
    return statusError(client, { method, what }, response, said || undefined);
  }

  async function call(
    method: HttpMethod,
    path: string,
    what: string,
    init: { json?: unknown; signal?: AbortSignal; allow404?: boolean } = {},
  ): Promise<HttpResponse | null> {
    const { base, dc, auth } = config();
    const response = await client.send({
      method,
      url: `${base}${path}`,
      headers: { Authorization: auth },
      json: init.json,
      signal: init.signal,
      what,
    });
    if (response.status === 404 && init.allow404) return null;
    if (response.status < 200 || response.status >= 300) throw mailchimpError(method, what, response, dc);
    return response;
  }

  async function get<S extends z.ZodType>(path: string, schema: S, what: string, signal?: AbortSignal) {
    return parseBody(client, (await call('GET', path, what, { signal }))!, schema, what);
  }

  async function search(email: string, signal?: AbortSignal): Promise<z.infer<typeof Member> | undefined> {
    const body = await get(
      `/search-members?${new URLSearchParams({ query: email })}`,
      SearchMembers,
      'Mailchimp member search',
      signal,
    );
    const members = body.exact_matches.members.filter((m) => m.email_address.toLowerCase() === email);
    // One address can be in several audiences; the most recently changed membership leads.
    return members.sort((a, b) => (b.last_changed ?? '').localeCompare(a.last_changed ?? ''))[0];
  }

  function memberPath(target: Target): string {
    return `/lists/${encodeURIComponent(target.listId)}/members/${target.hash}`;
  }

  async function target(lead: Lead, signal?: AbortSignal): Promise<Target | undefined> {
    const ref = lead.refs.find((r) => r.source === 'mailchimp');
    const [listId, hash] = ref?.id.split(':') ?? [];
    if (listId && hash) return { listId, hash };
    const member = await search(lead.email, signal);
    return member ? { listId: member.list_id, hash: member.id } : undefined;
  }

  function listName(listId: string, signal?: AbortSignal) {
    let pending = listNames.get(listId);
    if (!pending) {
      pending = call('GET', `/lists/${encodeURIComponent(listId)}?fields=id,name`, 'Mailchimp audience', {
        signal,
        allow404: true,
      })
        .then((response) =>
          response ? parseBody(client, response, ListInfo, 'Mailchimp audience').name : undefined,
        )
        .catch((error: unknown) => {
          listNames.delete(listId);
          throw error;
        });
      listNames.set(listId, pending);
    }
    return pending;
  }

  async function feed(t: Target, since: Date, signal?: AbortSignal): Promise<FeedItem[]> {
    const items: FeedItem[] = [];
    const sinceIso = since.toISOString();
    for (let page = 0; page < MAX_FEED_PAGES; page++) {
      const query = new URLSearchParams({ count: String(FEED_PAGE), offset: String(page * FEED_PAGE) });
      const body = await get(
        `${memberPath(t)}/activity-feed?${query}`,
        ActivityFeed,
        'Mailchimp activity feed',
        signal,
      );
      items.push(...body.activity);
      // No total is given: a short page is the last one. The feed is newest first, so a page
      // that reaches past the window's start ends the walk too.
      if (body.activity.length < FEED_PAGE) break;
      const oldest = toIso(body.activity.at(-1)!.created_at_timestamp);
      if (oldest && oldest < sinceIso) break;
    }
    return items;
  }

  function feedTouchpoint(
    item: FeedItem,
    email: string,
    seen: Map<string, number>,
  ): TouchpointInput | undefined {
    const type = item.activity_type;
    if (type === 'note' || (type === 'event' && item.event_name === OUTCOME_EVENT)) return undefined;
    const occurredAt = toIso(item.created_at_timestamp);
    if (!occurredAt) return undefined;
    const key = `${type}:${occurredAt}:${item.campaign_id ?? ''}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const campaign = item.campaign_id
      ? {
          id: `mailchimp-${item.campaign_id}`,
          name: item.campaign_title ?? `Campaign ${item.campaign_id}`,
          channel: 'email' as const,
        }
      : undefined;
    const name = item.campaign_title ?? item.subject;
    const kind: TouchpointKind = FEED_KINDS[type] ?? (SIGNUPS.has(type) ? 'form_submit' : 'other');
    const title =
      type === 'sent'
        ? `Sent “${name ?? 'a campaign'}”`
        : type === 'open'
          ? `Opened “${name ?? 'a campaign'}”`
          : type === 'click'
            ? `Clicked “${name ?? 'a campaign'}”`
            : SIGNUPS.has(type)
              ? `Signed up${item.signup_source ? ` (${item.signup_source})` : ''}`
              : type === 'event'
                ? `Event “${item.event_name ?? 'event'}”`
                : humanize(type);
    return {
      id: `mailchimp:${key}${n > 1 ? `:${n}` : ''}`,
      leadEmail: email,
      occurredAt,
      kind,
      campaign,
      title,
      url: type === 'click' ? item.link_clicked : undefined,
      source: 'mailchimp',
    };
  }

  async function history(lead: Lead, options: HistoryOptions = {}) {
    const signal = options.signal;
    const since = historyStart(now(), options.since, historyDays);
    const t = await target(lead, signal);
    if (!t) return [];
    const [items, tags, member, audience] = await Promise.all([
      feed(t, since, signal),
      get(`${memberPath(t)}/tags`, MemberTags, 'Mailchimp member tags', signal),
      get(`${memberPath(t)}?fields=timestamp_opt,timestamp_signup`, MemberDates, 'Mailchimp member', signal),
      listName(t.listId, signal),
    ]);
    const seen = new Map<string, number>();
    const out: TouchpointInput[] = [];
    for (const item of items) {
      const touchpoint = feedTouchpoint(item, lead.email, seen);
      if (touchpoint) out.push(touchpoint);
    }
    for (const tag of tags.tags) {
      const at = toIso(tag.date_added);
      if (!at || tag.name.startsWith(TAG_PREFIX)) continue;
      out.push({
        id: `mailchimp:tag:${t.listId}:${tag.id}`,
        leadEmail: lead.email,
        occurredAt: at,
        kind: 'list_added',
        campaign: { id: `mailchimp-tag-${tag.id}`, name: tag.name, channel: 'other' },
        title: `Tagged “${tag.name}”`,
        source: 'mailchimp',
      });
    }
    const joined = toIso(member?.timestamp_opt || member?.timestamp_signup);
    if (joined) {
      const name = audience ?? `Audience ${t.listId}`;
      out.push({
        id: `mailchimp:audience:${t.listId}`,
        leadEmail: lead.email,
        occurredAt: joined,
        kind: 'list_added',
        campaign: { id: `mailchimp-list-${t.listId}`, name, channel: 'email' },
        title: `Subscribed to “${name}”`,
        source: 'mailchimp',
      });
    }
    const sinceIso = since.toISOString();
    return newestFirst(
      out
        .map((tp) => validate(client, tp, Touchpoint, 'Mailchimp activity'))
        .filter((tp) => tp.occurredAt >= sinceIso),
    );
  }

  function eventProperties(outcome: Outcome): Record<string, string> {
    // Event property values must be strings ("List member events" → Add event).
    const properties: Record<string, string> = {
      outcome_id: outcome.id,
      kind: outcome.kind,
      label: outcome.label ?? outcome.kind,
    };
    if (outcome.amount !== undefined) properties.amount = String(outcome.amount);
    if (outcome.currency) properties.currency = outcome.currency;
    if (outcome.reason) properties.reason = outcome.reason.slice(0, 200);
    if (outcome.by) properties.by = outcome.by;
    const campaigns = outcome.attribution.touches.map((touch) => touch.name).join(', ');
    if (campaigns) properties.campaigns = campaigns.slice(0, 500);
    return properties;
  }

  /**
   * Writes the outcome as a tag (`loopline:<kind>`), an event and, last, a note carrying the
   * outcome id. The order is what makes a retry safe: tags are a set (adding one twice changes
   * nothing), and the note, which Mailchimp lists at once, is written only once the event was
   * accepted or went unanswered, so a note found means the event needs no second send. The event
   * itself cannot be the check: Mailchimp lists it only after processing it, seconds or more later.
   */
  async function writeOutcome(
    lead: Lead,
    outcome: Outcome,
    options: WriteOptions = {},
  ): Promise<WriteReceipt> {
    config();
    const { signal, checkFirst = false } = options;
    const t = await target(lead, signal);
    if (!t)
      throw client.error('not_found', `Mailchimp has no member ${lead.email}; the outcome was not written.`);
    const path = memberPath(t);
    const tag = `${TAG_PREFIX}${outcome.kind}`.slice(0, 100);
    const done = (noteId: number, event: string) =>
      `Mailchimp ${t.listId}/${t.hash}: tag ${tag}; ${event}; note ${noteId}`;

    let eventFound = false;
    let tagFound = false;
    if (checkFirst) {
      // No idempotency header: look for what an earlier, ambiguous attempt may have left.
      const notes = await get(
        `${path}/notes?count=100&sort_field=created_at&sort_dir=DESC`,
        Notes,
        'Mailchimp notes',
        signal,
      );
      const note = notes.notes.find((n) => n.note.includes(`Outcome id: ${outcome.id}`));
      if (note) return { receipt: done(note.id, `event ${OUTCOME_EVENT}`), alreadyDone: true };
      const [events, tags] = await Promise.all([
        get(`${path}/events?count=100`, Events, 'Mailchimp events', signal),
        get(`${path}/tags`, MemberTags, 'Mailchimp member tags', signal),
      ]);
      // Found only once Mailchimp has processed it; when it has, it is not sent again.
      eventFound = events.events.some(
        (e) => e.name === OUTCOME_EVENT && e.properties?.outcome_id === outcome.id,
      );
      tagFound = tags.tags.some((x) => x.name === tag);
    }

    let created = false;
    let eventError: unknown;
    try {
      if (!tagFound) {
        await call('POST', `${path}/tags`, 'Mailchimp tag', {
          signal,
          json: { tags: [{ name: tag, status: 'active' }], is_syncing: false },
        });
        created = true;
      }
      if (!eventFound) {
        try {
          await call('POST', `${path}/events`, 'Mailchimp event', {
            signal,
            json: {
              name: OUTCOME_EVENT,
              properties: eventProperties(outcome),
              occurred_at: outcome.createdAt,
              is_syncing: false,
            },
          });
          created = true;
        } catch (error) {
          // Unanswered, it may well have been taken: the note below records that it was sent,
          // so the retry does not send it again. Any other failure is the retry's to repeat.
          if (!noAnswer(error)) throw error;
          eventError = error;
        }
      }
      const response = (await call('POST', `${path}/notes`, 'Mailchimp note', {
        signal,
        json: { note: outcomePlainText(outcome, NOTE_MAX) },
      }))!;
      const noteId = parseBody(client, response, Note, 'Mailchimp note').id;
      if (eventError) throw eventError;
      return { receipt: done(noteId, `event ${OUTCOME_EVENT}${eventFound ? ' (found)' : ''}`) };
    } catch (error) {
      throw created || checkFirst || eventError ? asAmbiguous(error) : error;
    }
  }

  return {
    id: 'mailchimp',
    async lookup(email, signal) {
      const { dc } = config();
      const normalised = normaliseEmail(email);
      if (!normalised) return null;
      const member = await search(normalised, signal);
      if (!member) return null;
      const merge = member.merge_fields ?? {};
      const text = (key: string) => (typeof merge[key] === 'string' ? nonEmpty(merge[key]) : undefined);
      return validate(
        client,
        {
          email: member.email_address,
          name:
            nonEmpty(member.full_name) ?? nonEmpty([text('FNAME'), text('LNAME')].filter(Boolean).join(' ')),
          company: text('COMPANY'),
          // Subscription status is what Mailchimp knows of the lead's stage.
          lifecycleStage: member.status === 'subscribed' ? 'subscriber' : undefined,
          leadStatus: humanize(member.status),
          // The 1–5 star contact rating; Mailchimp has no other score.
          score: member.member_rating,
          source: nonEmpty(member.source),
          refs: [
            {
              source: 'mailchimp',
              id: `${member.list_id}:${member.id}`,
              url:
                member.web_id !== undefined
                  ? `https://${dc}.admin.mailchimp.com/lists/members/view?id=${member.web_id}`
                  : undefined,
            },
          ],
        },
        Lead,
        'Mailchimp member',
      );
    },
    history,
    writeOutcome,
    async test(signal) {
      let writeBack: WriteBackReadiness | undefined;
      const result = await asTestResult(async () => {
        const { dc } = config();
        const root = await get('/?fields=account_name,account_id', Root, 'Mailchimp account', signal);
        // Leads are members of an audience: without one there is nobody to write back to.
        const audiences = await get(
          '/lists?fields=lists.id,lists.name,total_items&count=10',
          Audiences,
          'Mailchimp audiences',
          signal,
        );
        const count = audiences.total_items ?? audiences.lists.length;
        writeBack =
          count > 0
            ? { ready: true }
            : {
                ready: false,
                missing: 'the account has no audience, so no lead can be found or written back',
                fix: 'platform',
              };
        return (
          `Connected to Mailchimp account “${root.account_name}” (data centre ${dc}); ` +
          (count > 0
            ? `${count} ${count === 1 ? 'audience' : 'audiences'}.`
            : `outcomes cannot be written back: ${writeBack.missing}.`)
        );
      });
      return result.ok && writeBack ? { ...result, writeBack } : result;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
