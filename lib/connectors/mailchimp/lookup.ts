/**
 * Finding the Mailchimp member behind a lead ("Search members") and reading what Mailchimp knows
 * of it: the member, its activity feed (no total: a short page is the last), its tags and its
 * audience.
 */
import { Lead, Touchpoint, type TouchpointInput } from '../../model';
import { canonicalEmail } from '../../model/email';
import { historyStart, humanize, newestFirst, nonEmpty, toIso } from '../common';
import { validate } from '../http';
import type { HistoryOptions } from '../types';
import type { MailchimpApi } from './api';
import {
  ActivityFeed,
  ListInfo,
  Member,
  MemberDates,
  MemberTags,
  SearchMembers,
  type FeedItem,
} from './schemas';
import { audienceTouchpoint, feedTouchpoint, tagTouchpoint } from './touchpoints';
import type { z } from 'zod';

const FEED_PAGE = 100;
const MAX_FEED_PAGES = 10;

/** Where a member is: its audience and its id there. */
export interface Target {
  listId: string;
  hash: string;
}

export function memberPath(target: Target): string {
  return `/lists/${encodeURIComponent(target.listId)}/members/${target.hash}`;
}

export type MailchimpLookup = ReturnType<typeof createMailchimpLookup>;

export function createMailchimpLookup(api: MailchimpApi, options: { now: () => Date; historyDays?: number }) {
  const { client } = api;
  const { now, historyDays } = options;
  const listNames = new Map<string, Promise<string | undefined>>();

  async function search(email: string, signal?: AbortSignal): Promise<z.infer<typeof Member> | undefined> {
    const body = await api.get(
      `/search-members?${new URLSearchParams({ query: email })}`,
      SearchMembers,
      'Mailchimp member search',
      signal,
    );
    const members = body.exact_matches.members.filter((m) => m.email_address.toLowerCase() === email);
    // One address can be in several audiences; the most recently changed membership leads.
    return members.sort((a, b) => (b.last_changed ?? '').localeCompare(a.last_changed ?? ''))[0];
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
      pending = api
        .find(`/lists/${encodeURIComponent(listId)}?fields=id,name`, ListInfo, 'Mailchimp audience', signal)
        .then((list) => list?.name)
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
      const body = await api.get(
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

  async function history(lead: Lead, options: HistoryOptions = {}) {
    const signal = options.signal;
    const since = historyStart(now(), options.since, historyDays);
    const t = await target(lead, signal);
    if (!t) return [];
    const [items, tags, member, audience] = await Promise.all([
      feed(t, since, signal),
      api.get(`${memberPath(t)}/tags`, MemberTags, 'Mailchimp member tags', signal),
      api.get(
        `${memberPath(t)}?fields=timestamp_opt,timestamp_signup`,
        MemberDates,
        'Mailchimp member',
        signal,
      ),
      listName(t.listId, signal),
    ]);
    const seen = new Map<string, number>();
    const out: TouchpointInput[] = [];
    for (const item of items) {
      const touchpoint = feedTouchpoint(item, lead.email, seen);
      if (touchpoint) out.push(touchpoint);
    }
    for (const tag of tags.tags) {
      const touchpoint = tagTouchpoint(tag, t.listId, lead.email);
      if (touchpoint) out.push(touchpoint);
    }
    const joined = audienceTouchpoint(member, t.listId, audience, lead.email);
    if (joined) out.push(joined);
    const sinceIso = since.toISOString();
    return newestFirst(
      out
        .map((tp) => validate(client, tp, Touchpoint, 'Mailchimp activity'))
        .filter((tp) => tp.occurredAt >= sinceIso),
    );
  }

  async function lookup(email: string, signal?: AbortSignal): Promise<Lead | null> {
    const { dc } = api.config();
    const normalised = canonicalEmail(email);
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
  }

  return { lookup, target, history };
}
