/**
 * Settings: one versioned zod schema kept in the extension's IndexedDB (lib/settings/store.ts). Older versions are upgraded by
 * the migrations in ./migrations.ts; every field has a default so that a partial or empty
 * object parses into a complete, usable settings value.
 */
import { z } from 'zod';
import { PLATFORMS, type Platform } from '../connectors/registry';
import { read } from '../connectors/definition';
import { settingsKit } from '../connectors/settings-kit';
import { Email } from '../model';
import { BUILTIN_SITE_IDS, CUSTOM_SITE_READERS, type BuiltinSiteId } from '../sites/registry';

export const SETTINGS_VERSION = 2;

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'not a domain name (like example.com)');

type PlatformSchemas = { [P in Platform as P['id']]: ReturnType<P['settings']> };
type SourcesShape = { [Id in keyof PlatformSchemas]: z.ZodDefault<PlatformSchemas[Id]> };

/** Each platform's part of the settings, as its definition (lib/connectors/<platform>/definition.ts) says. */
const platformSchemas = Object.fromEntries(
  PLATFORMS.map((p) => [p.id, p.settings(settingsKit)]),
) as PlatformSchemas;

export const HubSpotSettings = platformSchemas.hubspot;
export const MarketoSettings = platformSchemas.marketo;
export const MailchimpSettings = platformSchemas.mailchimp;
export const RestSettings = platformSchemas.rest;

/** `sources`: one entry per registered platform, each defaulting to its schema's defaults. */
const Sources = z.object(
  Object.fromEntries(
    PLATFORMS.map((p) => {
      const schema: z.ZodObject = platformSchemas[p.id];
      return [p.id, schema.default(() => schema.parse({}))];
    }),
  ) as SourcesShape,
);

export const OutcomeType = z.object({
  /** Stable key the platforms receive; never changes once outcomes exist. */
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _ only, starting with a letter'),
  label: z.string().trim().min(1).max(60),
  needs: z.enum(['none', 'reason', 'amount']).default('none'),
  /** Counts as a meeting / SQL / win in the report. */
  stage: z.enum(['meeting', 'sql', 'won', 'lost', 'rejected', 'other']).default('other'),
});
export type OutcomeType = z.infer<typeof OutcomeType>;

export const DEFAULT_OUTCOMES: OutcomeType[] = [
  { key: 'meeting_booked', label: 'Meeting booked', needs: 'none', stage: 'meeting' },
  { key: 'qualified', label: 'Qualified (SQL)', needs: 'none', stage: 'sql' },
  { key: 'not_a_fit', label: 'Not a fit', needs: 'reason', stage: 'rejected' },
  { key: 'bad_timing', label: 'Bad timing', needs: 'none', stage: 'rejected' },
  { key: 'no_response', label: 'No response', needs: 'none', stage: 'other' },
  { key: 'wrong_contact', label: 'Wrong contact', needs: 'none', stage: 'rejected' },
  { key: 'won', label: 'Won', needs: 'amount', stage: 'won' },
  { key: 'lost', label: 'Lost', needs: 'reason', stage: 'lost' },
];

export const DEFAULT_DEFINITIONS: Record<string, string> = {
  subscriber: 'Opted in to hear from us; no buying signal yet.',
  lead: 'Gave us contact details through a form, event or list.',
  marketingqualifiedlead:
    'MQL: matches our ideal customer profile and crossed the engagement score threshold. Sales follows up within the SLA.',
  salesqualifiedlead: 'SQL: sales talked to them and confirmed need, budget and timing.',
  opportunity: 'A deal is open in the CRM.',
  customer: 'Signed and paying.',
};

/** One switch per built-in site (lib/sites/registry.ts), each on until the user turns it off. */
const BuiltinSwitches = z.object(
  Object.fromEntries(BUILTIN_SITE_IDS.map((id) => [id, z.boolean().default(true)])) as Record<
    BuiltinSiteId,
    z.ZodDefault<z.ZodBoolean>
  >,
);

export const SiteSettings = z.object({
  /** Built-in sites that are switched on. */
  builtins: BuiltinSwitches.default(() => BuiltinSwitches.parse({})),
  custom: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{1,40}$/),
        /** A match pattern such as `https://crm.example.com/*`. */
        pattern: z.string().trim().max(500),
        /** Optional CSS selector of the element holding the lead's address. */
        selector: z.string().trim().max(500).default(''),
        /**
         * How the site is read: addresses shown on the page (any CRM), or as Outlook on the web
         * (an on-premises `/owa/` on the company's own host).
         */
        reader: z.enum(CUSTOM_SITE_READERS).default('page'),
      }),
    )
    .max(50)
    .default(() => []),
});

export const SlaSettings = z.object({
  hours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** Count only business hours (per the days and hours below) in the SLA's time zone. */
  businessHoursOnly: z.boolean().default(false),
  businessDays: z.array(z.number().int().min(0).max(6)).default([1, 2, 3, 4, 5]),
  dayStartHour: z.number().int().min(0).max(23).default(9),
  dayEndHour: z.number().int().min(1).max(24).default(17),
  /** IANA time zone; empty = the browser's. */
  timeZone: z.string().max(100).default(''),
  /** Lifecycle stage whose start starts the clock. */
  startStage: z.string().max(100).default('marketingqualifiedlead'),
});

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  you: z
    .object({
      name: z.string().trim().max(200).default(''),
      ownAddresses: z.array(Email).max(50).default([]),
      internalDomains: z.array(Domain).max(100).default([]),
      /** Free-mail addresses (gmail.com, …) are leads too unless this is off. */
      lookUpFreeMail: z.boolean().default(true),
    })
    .default(() => ({ name: '', ownAddresses: [], internalDomains: [], lookUpFreeMail: true })),
  sources: Sources.default(() => Sources.parse({})),
  historyDays: z.number().int().min(7).max(730).default(180),
  sites: SiteSettings.default(() => SiteSettings.parse({})),
  sla: SlaSettings.default(() => SlaSettings.parse({})),
  outcomes: z
    .array(OutcomeType)
    .min(1)
    .max(20)
    .refine((types) => new Set(types.map((t) => t.key)).size === types.length, 'two outcomes share a key')
    .default(() => structuredClone(DEFAULT_OUTCOMES)),
  /** Lower-cased stage/status name → the team's definition, shown as a tooltip. */
  definitions: z
    .record(z.string().max(100), z.string().max(1000))
    .default(() => ({ ...DEFAULT_DEFINITIONS })),
  sidebar: z
    .object({
      /** Open (true) or collapsed (false) per site id; missing = open. */
      openBySite: z.record(z.string(), z.boolean()).default({}),
    })
    .default(() => ({ openBySite: {} })),
  onboarded: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

export function defaultSettings(): Settings {
  return Settings.parse({ version: SETTINGS_VERSION });
}

/**
 * Every secret, with where it is sent. A secret is bound to its destination: settings that
 * would send a stored secret somewhere else clear it (lib/settings/store.ts `mergeSecrets`), so a
 * changed host, origin or header name (in Options or through an imported file) can never carry
 * a token to a new place. `destination` reads settings that may be partial or not yet validated.
 */
export interface SecretBinding {
  path: readonly [string, string, string];
  /** For the notice when it is cleared: "The HubSpot token". */
  label: string;
  destination(settings: unknown): string;
}

export const SECRET_BINDINGS: readonly SecretBinding[] = PLATFORMS.flatMap((p) =>
  p.secrets.map((spec) => ({
    path: ['sources', p.id, spec.field] as const,
    label: spec.label,
    destination: (settings: unknown) => spec.destination(read(read(settings, 'sources'), p.id)),
  })),
);

/** Paths of every secret, removed from exports and never sent to content scripts. */
export const SECRET_PATHS = SECRET_BINDINGS.map((binding) => binding.path);
