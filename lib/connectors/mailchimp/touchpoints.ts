/**
 * Mailchimp records as Loopline touchpoints: the member's activity feed, its tags and its joining
 * the audience. What Loopline itself wrote (outcome notes, events and tags) is left out. Pure
 * mapping, no requests.
 */
import type { TouchpointInput, TouchpointKind } from '../../model';
import { humanize, toIso } from '../common';
import type { FeedItem, MemberDates, MemberTags } from './schemas';
import { activity, activityTitle, emailCampaign } from './vocabulary';
import type { z } from 'zod';

/** The event and the tag prefix outcomes are written under (./write-back.ts). */
export const OUTCOME_EVENT = 'loopline_outcome';
export const TAG_PREFIX = 'loopline:';

export function feedTouchpoint(
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
    ? emailCampaign(item.campaign_id, item.campaign_title ?? `Campaign ${item.campaign_id}`)
    : undefined;
  const meaning = activity(type);
  const kind: TouchpointKind = meaning?.kind ?? 'other';
  const title =
    meaning === undefined
      ? type === 'event'
        ? `Event “${item.event_name ?? 'event'}”`
        : humanize(type)
      : meaning.kind === 'form_submit'
        ? `Signed up${item.signup_source ? ` (${item.signup_source})` : ''}`
        : activityTitle(meaning, item.campaign_title ?? item.subject, 'a campaign');
  return {
    id: `mailchimp:${key}${n > 1 ? `:${n}` : ''}`,
    leadEmail: email,
    occurredAt,
    kind,
    campaign,
    title,
    url: kind === 'email_click' ? item.link_clicked : undefined,
    source: 'mailchimp',
  };
}

/** A tag the member carries, unless Loopline put it there. */
export function tagTouchpoint(
  tag: z.infer<typeof MemberTags>['tags'][number],
  listId: string,
  email: string,
): TouchpointInput | undefined {
  const at = toIso(tag.date_added);
  if (!at || tag.name.startsWith(TAG_PREFIX)) return undefined;
  return {
    id: `mailchimp:tag:${listId}:${tag.id}`,
    leadEmail: email,
    occurredAt: at,
    kind: 'list_added',
    campaign: { id: `mailchimp-tag-${tag.id}`, name: tag.name, channel: 'other' },
    title: `Tagged “${tag.name}”`,
    source: 'mailchimp',
  };
}

/** The member joining the audience, when Mailchimp says when. */
export function audienceTouchpoint(
  member: z.infer<typeof MemberDates> | undefined,
  listId: string,
  audience: string | undefined,
  email: string,
): TouchpointInput | undefined {
  const joined = toIso(member?.timestamp_opt || member?.timestamp_signup);
  if (!joined) return undefined;
  const name = audience ?? `Audience ${listId}`;
  return {
    id: `mailchimp:audience:${listId}`,
    leadEmail: email,
    occurredAt: joined,
    kind: 'list_added',
    campaign: { id: `mailchimp-list-${listId}`, name, channel: 'email' },
    title: `Subscribed to “${name}”`,
    source: 'mailchimp',
  };
}
