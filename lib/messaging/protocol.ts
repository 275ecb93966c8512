/**
 * The one message protocol. Each message has a payload and a reply schema; names say the
 * direction: `ContentToBackground`, `PageToBackground` (extension pages: options, popup,
 * report, welcome), `BackgroundToContent`. Payloads are parsed on receipt; replies are
 * Result objects (./result.ts).
 */
import { z } from 'zod';
import { Email, IsoDate, Outcome, SourceId } from '../model';
import { LeadView } from '../model/view';

const Void = z.undefined().or(z.object({}).strict());

export const OutcomeDraft = z.object({
  leadEmail: Email,
  kind: z.string().min(1).max(64),
  amount: z.number().nonnegative().finite().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  reason: z.string().trim().max(500).optional(),
  note: z.string().trim().max(5000).optional(),
  supersedes: z.uuid().optional(),
});
export type OutcomeDraft = z.infer<typeof OutcomeDraft>;

export const FollowUp = z.object({
  email: Email,
  name: z.string().optional(),
  company: z.string().optional(),
  mqlAt: IsoDate,
  dueAt: IsoDate,
  state: z.enum(['running', 'overdue', 'stopped']),
  seenAt: IsoDate,
});
export type FollowUp = z.infer<typeof FollowUp>;

export const TeamOutcomes = z.object({
  source: SourceId,
  /** The platform's name as the page shows it ("REST endpoint"). */
  label: z.string().max(100),
  outcomes: z.array(Outcome),
});
export type TeamOutcomes = z.infer<typeof TeamOutcomes>;

export const SourceState = z.object({
  source: SourceId,
  label: z.string(),
  enabled: z.boolean(),
  /** The platform's API host permission is granted (always true for the local workspace). */
  permission: z.boolean(),
  configured: z.boolean(),
  lastError: z.string().optional(),
});
export type SourceState = z.infer<typeof SourceState>;

/** Messages a content script may send. Nothing here can change settings or read secrets. */
export const ContentToBackground = {
  'lead.get': {
    payload: z.object({ email: Email, refresh: z.boolean().default(false) }),
    reply: LeadView,
  },
  'outcome.record': { payload: OutcomeDraft, reply: Outcome },
  'outcome.undo': { payload: z.object({ id: z.uuid() }), reply: z.object({ undone: z.boolean() }) },
  'outcome.retry': { payload: z.object({ id: z.uuid() }), reply: Outcome },
  'outcome.discard': { payload: z.object({ id: z.uuid() }), reply: Outcome },
  /** The sidebar's public settings: no secrets, only what the UI needs. */
  'sidebar.config': { payload: Void, reply: z.unknown() },
  'sidebar.setOpen': {
    payload: z.object({ site: z.string().max(40), open: z.boolean() }),
    reply: z.object({ saved: z.boolean() }),
  },
  'page.openOptions': { payload: z.object({ section: z.string().max(40).optional() }), reply: z.object({}) },
  'workspace.useSample': { payload: Void, reply: z.object({ leads: z.number(), touchpoints: z.number() }) },
} as const;

/** Messages only extension pages may send (settings, data management, reports). */
export const PageToBackground = {
  'settings.get': { payload: Void, reply: z.unknown() },
  'settings.save': { payload: z.object({ settings: z.unknown() }), reply: z.unknown() },
  'settings.export': { payload: Void, reply: z.string() },
  'settings.import': { payload: z.object({ json: z.string().max(1_000_000) }), reply: z.unknown() },
  'source.test': {
    payload: z.object({ source: SourceId }),
    reply: z.object({ ok: z.boolean(), detail: z.string() }),
  },
  'cache.clear': { payload: Void, reply: z.object({ cleared: z.number() }) },
  'data.deleteAll': { payload: Void, reply: z.object({}) },
  'workspace.stats': {
    payload: Void,
    reply: z.object({ leads: z.number(), touchpoints: z.number(), sample: z.boolean() }),
  },
  'workspace.removeSample': { payload: Void, reply: z.object({}) },
  'outcomes.list': {
    payload: z.object({ since: IsoDate.optional() }),
    reply: z.array(Outcome),
  },
  /** Leads this user has seen whose SLA clock runs (or ran out), soonest due first. */
  'followups.list': { payload: Void, reply: z.array(FollowUp) },
  /** Each source: on or off, host permission granted, last error. */
  'sources.status': { payload: Void, reply: z.array(SourceState) },
  /** The team's outcomes as a platform lists them (report page, team scope); null: not listable. */
  'report.teamOutcomes': {
    payload: z.object({ source: SourceId, since: IsoDate }),
    reply: TeamOutcomes.nullable(),
  },
  /** The local workspace changed (an import from the options page): drop derived caches. */
  'workspace.changed': { payload: Void, reply: z.object({}) },
} as const;

export const BackgroundToContent = {
  /** Fresh data after a stale-while-revalidate refresh, or an outcome's delivery state changing. */
  'lead.updated': { payload: LeadView, reply: z.object({}) },
  'sidebar.toggle': { payload: Void, reply: z.object({}) },
  /** The settings changed: sidebar frames ask for `sidebar.config` again (the settings never travel). */
  'sidebar.configChanged': { payload: Void, reply: z.object({}) },
} as const;

type Spec = Record<string, { payload: z.ZodType; reply: z.ZodType }>;
export type MessageName<S extends Spec> = keyof S & string;
export type PayloadIn<S extends Spec, K extends keyof S> = z.input<S[K]['payload']>;
export type Payload<S extends Spec, K extends keyof S> = z.output<S[K]['payload']>;
export type Reply<S extends Spec, K extends keyof S> = z.output<S[K]['reply']>;
export type { Spec };

/** The wire envelope: every message is `{ type, payload }`. */
export const Envelope = z.object({ type: z.string().min(1).max(64), payload: z.unknown().optional() });
