/**
 * Mailchimp Marketing API shapes as Loopline reads them (mailchimp.com/developer/marketing/api,
 * pages named beside each schema). Loose objects: extra fields pass, used fields are typed.
 */
import { z } from 'zod';
import { boundedArray, boundedRecord } from '../limits';

/** The most any list endpoint returns in one answer (`count` is at most 1000, "Pagination"). */
const MAX_PAGE = 1000;

/** "List members" → member object. */
export const Member = z.object({
  id: z.string(),
  email_address: z.string(),
  full_name: z.string().nullable().optional(),
  web_id: z.number().optional(),
  status: z.string(),
  merge_fields: boundedRecord(z.unknown(), 500).optional(),
  member_rating: z.number().optional(),
  last_changed: z.string().optional(),
  timestamp_opt: z.string().optional(),
  timestamp_signup: z.string().optional(),
  source: z.string().optional(),
  tags: boundedArray(z.object({ id: z.number(), name: z.string() }), MAX_PAGE).optional(),
  list_id: z.string(),
});
export type Member = z.infer<typeof Member>;

/** The member with `fields=timestamp_opt,timestamp_signup`. */
export const MemberDates = z.object({
  timestamp_opt: z.string().optional(),
  timestamp_signup: z.string().optional(),
});

/** "Search members" (GET /search-members). */
export const SearchMembers = z.object({
  exact_matches: z.object({ members: boundedArray(Member, MAX_PAGE), total_items: z.number().optional() }),
  full_search: z.object({ members: boundedArray(Member, MAX_PAGE) }).optional(),
});

/** "Lists/Audiences" → Get list info (only the name is read). */
export const ListInfo = z.object({ id: z.string(), name: z.string() });

/** "List member activity feed" → View recent activity; items differ by `activity_type`. */
export const FeedItem = z.object({
  activity_type: z.string(),
  created_at_timestamp: z.string(),
  campaign_id: z.string().optional(),
  campaign_title: z.string().optional(),
  link_clicked: z.string().optional(),
  subject: z.string().optional(),
  event_name: z.string().optional(),
  signup_source: z.string().optional(),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const ActivityFeed = z.object({
  activity: boundedArray(FeedItem, MAX_PAGE),
});

/** "List member tags" → List member tags. */
export const MemberTags = z.object({
  tags: boundedArray(
    z.object({ id: z.number(), name: z.string(), date_added: z.string().optional() }),
    MAX_PAGE,
  ),
});

/** "List member notes" → List recent member notes / Add note. */
export const Note = z.object({ id: z.number(), note: z.string(), created_at: z.string().optional() });
export const Notes = z.object({ notes: boundedArray(Note, MAX_PAGE) });

/** "List member events" → List events. */
export const Events = z.object({
  events: boundedArray(
    z.object({
      name: z.string(),
      properties: boundedRecord(z.unknown(), 500).optional(),
      occurred_at: z.string().optional(),
    }),
    MAX_PAGE,
  ),
});

/** "Lists/Audiences" → Get lists info (GET /lists), with `fields` narrowed to ids and names. */
export const Audiences = z.object({
  lists: boundedArray(z.object({ id: z.string(), name: z.string().optional() }), MAX_PAGE).default([]),
  total_items: z.number().optional(),
});

/** API root (GET /). */
export const Root = z.object({ account_name: z.string(), account_id: z.string().optional() });

/** Problem details, the body of every error ("Errors" guide). */
export const Problem = z
  .object({
    title: z.string().optional(),
    detail: z.string().optional(),
    status: z.number().optional(),
    type: z.string().optional(),
  })
  .catch({});
