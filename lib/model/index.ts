/**
 * The canonical domain. Every connector parses its platform's responses into these
 * shapes; everything downstream (cache, sidebar, report) speaks only this language.
 */
import { z } from 'zod';
import { PLATFORM_IDS, PLATFORMS, type PlatformId } from '../connectors/registry';
import { EMAIL_PATTERN, MAX_EMAIL_LENGTH, NOT_AN_EMAIL } from './email';

// Extension pages and service workers forbid eval (MV3 CSP): tell zod not to try compiling
// parsers with `new Function`, which would only log a CSP violation before falling back.
z.config({ jitless: true });

/** Lower-cased, trimmed email address (./email.ts). Parsing normalises; it never guesses. */
export const Email = z.string().trim().toLowerCase().max(MAX_EMAIL_LENGTH).regex(EMAIL_PATTERN, NOT_AN_EMAIL);
export type Email = z.infer<typeof Email>;

/** ISO-8601 timestamp with an offset, as produced by `Date.prototype.toISOString`. */
export const IsoDate = z.iso.datetime({ offset: true });

/** Where lead data comes from: the platforms of lib/connectors/registry.ts. */
export const SOURCE_IDS = PLATFORM_IDS;
export const SourceId = z.enum(SOURCE_IDS as readonly [PlatformId, ...PlatformId[]]);
export type SourceId = PlatformId;

/** What each source is called wherever Loopline names it in full. */
export const SOURCE_NAMES = Object.fromEntries(PLATFORMS.map((p) => [p.id, p.name])) as Record<
  SourceId,
  string
>;

/** Only http(s) links survive; everything else becomes undefined. */
export const SafeUrl = z
  .string()
  .max(4096)
  .optional()
  .transform((value) => {
    if (!value) return undefined;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  });

export const CHANNELS = [
  'email',
  'webinar',
  'paid_search',
  'paid_social',
  'content',
  'event',
  'organic',
  'nurture',
  'product',
  'other',
] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const Campaign = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(500),
  channel: Channel.default('other'),
  source: SourceId.optional(),
});
export type Campaign = z.infer<typeof Campaign>;

export const TOUCHPOINT_KINDS = [
  'email_sent',
  'email_open',
  'email_click',
  'page_view',
  'form_submit',
  'content_download',
  'webinar_registered',
  'webinar_attended',
  'event_attended',
  'ad_click',
  'list_added',
  'score_change',
  'stage_change',
  'other',
] as const;
export const TouchpointKind = z.enum(TOUCHPOINT_KINDS);
export type TouchpointKind = z.infer<typeof TouchpointKind>;

export const Touchpoint = z.object({
  id: z.string().min(1).max(300),
  leadEmail: Email,
  occurredAt: IsoDate,
  kind: TouchpointKind,
  campaign: Campaign.pick({ id: true, name: true, channel: true }).optional(),
  title: z.string().max(2000).default(''),
  url: SafeUrl.optional(),
  detail: z.string().max(5000).optional(),
  source: SourceId,
  /** Likely a machine (security scanner, prefetch) rather than a person. */
  machine: z.boolean().optional(),
  machineReason: z.string().max(200).optional(),
});
export type Touchpoint = z.infer<typeof Touchpoint>;
export type TouchpointInput = z.input<typeof Touchpoint>;

export const PlatformRef = z.object({
  source: SourceId,
  id: z.string().max(200),
  url: SafeUrl.optional(),
});
export type PlatformRef = z.infer<typeof PlatformRef>;

export const Lead = z.object({
  email: Email,
  name: z.string().max(500).optional(),
  company: z.string().max(500).optional(),
  title: z.string().max(500).optional(),
  lifecycleStage: z.string().max(100).optional(),
  leadStatus: z.string().max(100).optional(),
  score: z.number().finite().optional(),
  /** Score 30 days ago, when the platform keeps history; the sidebar shows the change. */
  score30dAgo: z.number().finite().optional(),
  owner: z.string().max(300).optional(),
  mqlAt: IsoDate.optional(),
  source: z.string().max(300).optional(),
  refs: z.array(PlatformRef).default([]),
});
export type Lead = z.infer<typeof Lead>;
export type LeadInput = z.input<typeof Lead>;

export const DELIVERY_STATES = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'undone',
  'discarded',
  'local',
] as const;
export const DeliveryState = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof DeliveryState>;

/**
 * Withdrawn before it reached anyone: undone by the salesperson within the undo window, or
 * discarded later while it was still waiting or had failed. Both are final, and such an outcome
 * never happened as far as the sidebar, follow-ups and the report are concerned.
 */
export const isWithdrawn = (delivery: DeliveryState): boolean =>
  delivery === 'undone' || delivery === 'discarded';

export const Attribution = z.object({
  firstTouch: z.string().optional(),
  lastTouch: z.string().optional(),
  /** Every campaign that touched the lead within the history window, with its touch count. */
  touches: z.array(z.object({ campaignId: z.string(), name: z.string(), count: z.number().int() })),
});
export type Attribution = z.infer<typeof Attribution>;

export const Outcome = z.object({
  /** A UUID, also the idempotency key at every platform. */
  id: z.uuid(),
  leadEmail: Email,
  /** Stable key from the taxonomy in settings (e.g. `meeting_booked`). */
  kind: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  amount: z.number().nonnegative().finite().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  reason: z.string().max(500).optional(),
  note: z.string().max(5000).optional(),
  createdAt: IsoDate,
  by: z.string().max(300).default(''),
  /** The outcome this one corrects, if any. */
  supersedes: z.uuid().optional(),
  /** Where it was written back; `local` means the outcome log only. */
  target: SourceId,
  attribution: Attribution.default({ touches: [] }),
  delivery: DeliveryState.default('pending'),
  receipt: z.string().max(500).optional(),
  lastError: z.string().max(1000).optional(),
  attempts: z.number().int().nonnegative().default(0),
});
export type Outcome = z.infer<typeof Outcome>;
export type OutcomeInput = z.input<typeof Outcome>;
