/**
 * The words the sidebar puts on the model's keys. Lookups fall back to the raw value so that a
 * key a platform invents tomorrow still shows as (inert) text rather than as nothing.
 */
import { PLATFORMS } from '../connectors/registry';
import type { Channel, DeliveryState, SourceId, TouchpointKind } from '../model';

export const KIND_LABELS: Record<TouchpointKind, string> = {
  email_sent: 'Email sent',
  email_open: 'Email opened',
  email_click: 'Email link clicked',
  page_view: 'Page visit',
  form_submit: 'Form submitted',
  content_download: 'Content downloaded',
  webinar_registered: 'Webinar registration',
  webinar_attended: 'Webinar attended',
  event_attended: 'Event attended',
  ad_click: 'Ad clicked',
  list_added: 'Added to list',
  score_change: 'Score changed',
  stage_change: 'Stage changed',
  other: 'Activity',
};

/** Timeline filter groups: a salesperson thinks "emails" or "web", not fourteen kinds. */
export const KIND_GROUPS = [
  { id: 'email', label: 'Email', kinds: ['email_sent', 'email_open', 'email_click'] },
  { id: 'web', label: 'Web & content', kinds: ['page_view', 'content_download'] },
  { id: 'forms', label: 'Forms', kinds: ['form_submit'] },
  {
    id: 'events',
    label: 'Webinars & events',
    kinds: ['webinar_registered', 'webinar_attended', 'event_attended'],
  },
  { id: 'ads', label: 'Ads', kinds: ['ad_click'] },
  {
    id: 'changes',
    label: 'Lists, score & stage',
    kinds: ['list_added', 'score_change', 'stage_change', 'other'],
  },
] as const satisfies readonly { id: string; label: string; kinds: readonly TouchpointKind[] }[];

export type KindGroupId = (typeof KIND_GROUPS)[number]['id'];
export type KindFilter = 'all' | KindGroupId;

const GROUP_OF_KIND = new Map<string, KindGroupId>(
  KIND_GROUPS.flatMap((group) => group.kinds.map((kind) => [kind, group.id] as const)),
);

/** The filter group a touchpoint kind belongs to; unknown kinds go with "other". */
export function groupOfKind(kind: string): KindGroupId {
  return GROUP_OF_KIND.get(kind) ?? 'changes';
}

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  webinar: 'Webinar',
  paid_search: 'Paid search',
  paid_social: 'Paid social',
  content: 'Content',
  event: 'Event',
  organic: 'Organic',
  nurture: 'Nurture',
  product: 'Product',
  other: 'Other',
};

/** The short word each platform's definition puts on its data (lib/connectors/registry.ts). */
export const SOURCE_LABELS = Object.fromEntries(PLATFORMS.map((p) => [p.id, p.label])) as Record<
  SourceId,
  string
>;

export const DELIVERY_LABELS: Record<DeliveryState, string> = {
  pending: 'Pending delivery',
  sending: 'Sending',
  delivered: 'Delivered',
  failed: 'Delivery failed',
  undone: 'Undone',
  discarded: 'Discarded',
  local: 'Saved locally',
};

function lookup<K extends string>(table: Record<K, string>, key: string): string {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key as K] : key;
}

export const kindLabel = (kind: string) => lookup(KIND_LABELS, kind);
export const channelLabel = (channel: string) => lookup(CHANNEL_LABELS, channel);
export const sourceLabel = (source: string) => lookup(SOURCE_LABELS, source);
export const deliveryLabel = (state: string) => lookup(DELIVERY_LABELS, state);

/** Letters and digits only: "Marketing Qualified Lead", "marketing_qualified_lead" and
 * HubSpot's internal "marketingqualifiedlead" are the same stage. */
export function normaliseTerm(term: string): string {
  return term.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const ABBREVIATIONS: Record<string, string> = {
  mql: 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
};

const expand = (term: string) => lookup(ABBREVIATIONS, term);

/** Platform-internal stage values shown as words; anything else is shown as the platform sent it. */
const STAGE_NAMES: Record<string, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'MQL',
  salesqualifiedlead: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
};

export function stageLabel(value: string): string {
  const key = normaliseTerm(value);
  return Object.prototype.hasOwnProperty.call(STAGE_NAMES, key) ? lookup(STAGE_NAMES, key) : value;
}

/**
 * The team's definition of a stage or status name (settings.definitions), matched loosely
 * (case, spaces, punctuation, MQL/SQL abbreviations) so one definition covers every platform.
 */
export function lookupDefinition(
  definitions: Record<string, string>,
  term: string | undefined,
): string | undefined {
  if (!term) return undefined;
  const wanted = normaliseTerm(term);
  if (!wanted) return undefined;
  const target = expand(wanted);
  for (const [key, text] of Object.entries(definitions)) {
    const normal = normaliseTerm(key);
    if (expand(normal) === target) return text;
  }
  return undefined;
}
