/**
 * The one message protocol. Each message has a payload and a reply schema; the maps are named by
 * who sends them to whom: `ContentToBackground` (content scripts, untrusted),
 * `SidebarToBackground` (the sidebar frame), `PageToBackground` (options, popup, report,
 * welcome), `BackgroundToSidebar` (pushes to the sidebar frame) and `BackgroundToContent`. The
 * router (router.ts) decides which map applies from the browser-attested sender, never from the
 * message, and parses every payload on receipt; the client (client.ts) parses every reply.
 * Replies are Result objects (./result.ts).
 */
import { z } from 'zod';
import { Email, IsoDate, Outcome, SourceId, type Touchpoint } from '../model';
import { LeadView } from '../model/view';
import { OutcomeType, Settings, SlaSettings } from '../settings/schema';
import { MAX_NAME_LENGTH, nameKey } from '../model/person-name';
import { CUSTOM_SITE_READERS } from '../sites/registry';
import { SITE_IDS } from '../sites/types';

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

/**
 * A person the content script found on its page (untrusted: parsed, bounded): with an address,
 * or with only the name the page shows (Outlook's personas), which the user confirms before
 * anything is looked up for it.
 */
export const PagePerson = z
  .object({
    email: Email.optional(),
    name: z.string().max(500).optional(),
    role: z.enum(['sender', 'to', 'cc', 'record']).optional(),
  })
  .refine((person) => person.email !== undefined || nameKey(person.name) !== '', {
    message: 'a person needs an address or a name',
  });
export type PagePerson = z.infer<typeof PagePerson>;

/** The signed-in user as the mail page shows them: never a lead, and the welcome page's suggestion. */
export const PageAccount = z.object({
  email: Email.optional(),
  name: z.string().max(MAX_NAME_LENGTH).optional(),
});
export type PageAccount = z.infer<typeof PageAccount>;

/** A display name the sidebar asks about: one the page showed, bounded. */
const PersonName = z
  .string()
  .max(500)
  .refine((name) => nameKey(name) !== '', 'not a name');

/** Someone a source has under the name the page showed, for the user to confirm. */
export const NameMatchView = z.object({
  email: Email,
  name: z.string().max(MAX_NAME_LENGTH),
  company: z.string().max(200).optional(),
  title: z.string().max(200).optional(),
  /** Where it was found ("HubSpot", "Local workspace"). */
  sources: z.array(z.string().max(100)).max(10),
});
export type NameMatchView = z.infer<typeof NameMatchView>;

export const NameSearchReply = z.object({
  /** The address the user confirmed for this name before: shown at once, with a way to undo it. */
  remembered: NameMatchView.optional(),
  matches: z.array(NameMatchView).max(20),
  /** The sources asked ("HubSpot", "Local workspace"), for "no one by that name in …". */
  searched: z.array(z.string().max(100)).max(10),
  /** Sources that could not be asked this time, and why. */
  failed: z.array(z.object({ source: z.string().max(100), message: z.string().max(1000) })).max(10),
});
export type NameSearchReply = z.infer<typeof NameSearchReply>;

/** Most people one page may report at once (a long thread's recipients, hovered people). */
export const MAX_PAGE_PEOPLE = 200;

/**
 * What a content script is told: whether Loopline runs on its page and with which adapter (the
 * background decides from the browser-attested page URL), who counts as the team, and whether
 * the sidebar starts open there. No secret, no other site's settings.
 */
export const ContentConfig = z.object({
  site: z
    .object({
      id: z.enum(SITE_IDS),
      /** A user-added site: its pattern, optional selector and how it is read. */
      custom: z
        .object({
          id: z.string().max(40),
          pattern: z.string().max(500),
          selector: z.string().max(500),
          reader: z.enum(CUSTOM_SITE_READERS).optional(),
        })
        .optional(),
    })
    .nullable(),
  team: z.object({
    ownAddresses: z.array(Email).max(50),
    internalDomains: z.array(z.string().max(253)).max(100),
    lookUpFreeMail: z.boolean(),
  }),
  open: z.boolean(),
});
export type ContentConfig = z.infer<typeof ContentConfig>;

/**
 * What the sidebar frame is told: the outcome taxonomy, the team's definitions, the SLA, the
 * salesperson's name, whether it starts open on its page's site, and the origin of the page it
 * was docked into (the frame checks its ancestors against it).
 */
export const SidebarSettings = z.object({
  outcomes: z.array(OutcomeType).min(1).max(20),
  definitions: z.record(z.string().max(100), z.string().max(1000)),
  sla: SlaSettings,
  you: z.string().max(200),
  open: z.boolean(),
  site: z.enum(SITE_IDS).nullable(),
  pageOrigin: z.string().max(500).nullable(),
});
export type SidebarSettings = z.infer<typeof SidebarSettings>;

/**
 * Messages a content script may send: who is on its page, and the trimmed configuration it
 * needs to find them. A content script runs in the web page's renderer and is treated as
 * compromised whenever that renderer is: nothing here reads a lead, a secret or a setting, or
 * writes anything but the tab's own list of people.
 */
export const ContentToBackground = {
  'content.config': { payload: Void, reply: ContentConfig },
  /** The people on this tab's page now (replaces the last list): the frame may show only these. */
  'page.people': {
    payload: z.object({ people: z.array(PagePerson).max(MAX_PAGE_PEOPLE), account: PageAccount.optional() }),
    reply: z.object({}),
  },
} as const;

/**
 * Whether a touchpoint that crossed from the background has a touchpoint's shape. The background
 * built it from data it validated on the way in (connector replies, imports), so the sidebar
 * checks its shape only: a full parse of a 20,000-touchpoint history costs over 100 ms (more in
 * an extension page, where zod cannot compile its checks), several times the first screen's
 * budget. The sidebar renders every string as text and links only http(s) (SafeLink) either way.
 */
export function hasTouchpointShape(value: unknown): value is Touchpoint {
  if (!value || typeof value !== 'object') return false;
  const t = value as Record<string, unknown>;
  const optional = (field: unknown, type: 'string' | 'boolean') =>
    field === undefined || typeof field === type;
  const campaign = t.campaign as Record<string, unknown> | undefined;
  return (
    typeof t.id === 'string' &&
    typeof t.leadEmail === 'string' &&
    typeof t.occurredAt === 'string' &&
    typeof t.kind === 'string' &&
    typeof t.title === 'string' &&
    typeof t.source === 'string' &&
    optional(t.url, 'string') &&
    optional(t.detail, 'string') &&
    optional(t.machine, 'boolean') &&
    optional(t.machineReason, 'string') &&
    (campaign === undefined ||
      (typeof campaign === 'object' &&
        campaign !== null &&
        typeof campaign.id === 'string' &&
        typeof campaign.name === 'string' &&
        typeof campaign.channel === 'string'))
  );
}

/** A lead's view on its way to the sidebar: in full, except each touchpoint's shape only. */
export const LeadViewReply = LeadView.extend({
  touchpoints: z.array(z.custom<Touchpoint>(hasTouchpointShape, 'not a touchpoint')),
});

const LeadGet = {
  payload: z.object({ email: Email, refresh: z.boolean().default(false) }),
  reply: LeadViewReply,
};
const OutcomeUndo = { payload: z.object({ id: z.uuid() }), reply: z.object({ undone: z.boolean() }) };
const OutcomeRetry = { payload: z.object({ id: z.uuid() }), reply: Outcome };
const OutcomeDiscard = { payload: z.object({ id: z.uuid() }), reply: Outcome };
const OpenOptions = {
  payload: z.object({ section: z.string().max(40).optional() }),
  reply: z.object({}),
};
const UseSample = { payload: Void, reply: z.object({ leads: z.number(), touchpoints: z.number() }) };

/**
 * Messages the sidebar frame sends: an extension page (`sidebar.html`, told apart by its
 * browser-attested sender URL) docked in a web page's tab. It may read and act on a lead only
 * when its own tab's content script reported that person (`page.people`).
 */
export const SidebarToBackground = {
  'lead.get': LeadGet,
  /**
   * Who the sources have under a name the sender's page shows without an address (reported by
   * its tab), or the address the user confirmed for it before. Nothing about any match is read.
   */
  'lead.findByName': { payload: z.object({ name: PersonName }), reply: NameSearchReply },
  /**
   * The user says this name on their page is this person (one of the matches just offered):
   * remembered in this browser, and the sidebar may then show them.
   */
  'lead.confirmName': { payload: z.object({ name: PersonName, email: Email }), reply: z.object({}) },
  /** The user says the person remembered for this name is not them: forget the pair. */
  'lead.forgetName': { payload: z.object({ name: PersonName }), reply: z.object({ forgotten: z.boolean() }) },
  'outcome.record': { payload: OutcomeDraft, reply: Outcome },
  'outcome.undo': OutcomeUndo,
  'outcome.retry': OutcomeRetry,
  'outcome.discard': OutcomeDiscard,
  /**
   * `tabMessages`: this frame hears the background only through `tabs.sendMessage` to its frame
   * (Firefox: an extension frame in a web page gets no `runtime.sendMessage` broadcasts).
   */
  'sidebar.config': {
    payload: z.undefined().or(z.object({ tabMessages: z.boolean().optional() }).strict()),
    reply: SidebarSettings,
  },
  /** Remember whether the sidebar is open on the site of the sender's tab (one flag per known site). */
  'sidebar.setOpen': { payload: z.object({ open: z.boolean() }), reply: z.object({ saved: z.boolean() }) },
  'page.openOptions': OpenOptions,
  'workspace.useSample': UseSample,
} as const;

/**
 * The settings as Loopline's pages see them: secrets masked (SECRET_MASK), the notices of a save
 * or import (a secret cleared because its destination changed), and why the stored settings could
 * not be read, when they could not (the background then runs on defaults and keeps them).
 */
export const SettingsReply = z.object({
  /** Every secret is SECRET_MASK here, which is itself a valid secret: masked settings parse. */
  settings: Settings,
  notices: z.array(z.string().max(1000)).max(20),
  problem: z.string().max(2000).optional(),
});
export type SettingsReply = z.infer<typeof SettingsReply>;

/** Messages only Loopline's own pages (options, popup, report, welcome) may send. */
export const PageToBackground = {
  /** A lead the user typed into the popup: a trusted page, so not limited to a tab's people. */
  'lead.get': LeadGet,
  'outcome.undo': OutcomeUndo,
  'outcome.retry': OutcomeRetry,
  'outcome.discard': OutcomeDiscard,
  'page.openOptions': OpenOptions,
  'workspace.useSample': UseSample,
  'settings.get': { payload: Void, reply: SettingsReply },
  /**
   * The signed-in account of the first mail page Loopline saw (Gmail's title, Outlook's account
   * manager), for the welcome page to suggest as the user's own address and company domain.
   * Null until one was seen. A suggestion only: the user confirms it before it is saved.
   */
  'account.seen': {
    payload: Void,
    reply: z
      .object({ email: Email, domain: z.string().max(253).nullable(), name: z.string().max(200).optional() })
      .nullable(),
  },
  /**
   * The page's draft, secrets still masked: checked against the settings schema only after the
   * stored secrets are merged back in (lib/settings/store.ts, mergeSecrets).
   */
  'settings.save': { payload: z.object({ settings: z.unknown() }), reply: SettingsReply },
  'settings.export': { payload: Void, reply: z.string() },
  'settings.import': { payload: z.object({ json: z.string().max(1_000_000) }), reply: SettingsReply },
  'source.test': {
    payload: z.object({ source: SourceId }),
    reply: z.object({
      ok: z.boolean(),
      detail: z.string(),
      /** Connected, but outcomes cannot be written back yet: where to set up what is missing. */
      writeBackFix: z.enum(['sources', 'outcomes', 'platform']).optional(),
    }),
  },
  /**
   * The Marketo instance's custom activity types (saved connection), each saying whether it can
   * carry an outcome's id, for Options to offer only the ones that can.
   */
  'marketo.activityTypes': {
    payload: Void,
    reply: z
      .array(
        z.object({
          id: z.number().int(),
          name: z.string().max(200),
          usable: z.boolean(),
          /** The field that would carry the outcome id, when one can. */
          idField: z.string().max(200).optional(),
          /** Why it cannot take outcomes, when it cannot. */
          reason: z.string().max(500).optional(),
        }),
      )
      .max(1000),
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

/**
 * Pushed to the sidebar frame. Chrome delivers them to every extension page, a frame inside a
 * web page on Firefox only by `tabs.sendMessage` (lib/background/sidebar-frames.ts). The frame
 * parses them like the background parses what it receives (router.ts, createReceiver), and
 * does not answer: on a broadcast the first page to answer would speak for all of them.
 */
export const BackgroundToSidebar = {
  /** Fresh data after a stale-while-revalidate refresh, or an outcome's delivery state changing. */
  'lead.updated': { payload: LeadViewReply, reply: z.undefined() },
  /** The settings changed: sidebar frames ask for `sidebar.config` again (the settings never travel). */
  'sidebar.configChanged': { payload: Void, reply: z.undefined() },
} as const;

/**
 * Sent to a tab's top-frame content script. It carries no zod (its bundle budget), so it checks
 * the one message it knows by hand (lib/content/controller.ts); nothing it is told is a secret.
 */
export const BackgroundToContent = {
  /** The keyboard command (`toggle-sidebar`): open or collapse the sidebar on this page. */
  'sidebar.toggle': { payload: Void, reply: z.undefined() },
} as const;

type Spec = Record<string, { payload: z.ZodType; reply: z.ZodType }>;
export type MessageName<S extends Spec> = keyof S & string;
export type PayloadIn<S extends Spec, K extends keyof S> = z.input<S[K]['payload']>;
export type Payload<S extends Spec, K extends keyof S> = z.output<S[K]['payload']>;
export type Reply<S extends Spec, K extends keyof S> = z.output<S[K]['reply']>;
export type { Spec };

/** A message as it travels: its type, and its payload as the sender builds it. */
export type MessageOf<S extends Spec, K extends MessageName<S> = MessageName<S>> = {
  [T in K]: { type: T; payload: PayloadIn<S, T> };
}[K];

/** The wire envelope: every message is `{ type, payload }`. */
export const Envelope = z.object({ type: z.string().min(1).max(64), payload: z.unknown().optional() });
