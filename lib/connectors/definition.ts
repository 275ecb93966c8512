/**
 * What Loopline knows about a platform without talking to it: its id and names, its settings
 * and which of them are secrets, the API hosts it needs, its documented limits and its Options
 * form. Each platform folder has one (`<platform>/definition.ts`); ./registry.ts lists them.
 *
 * Definitions stay light: the manifest (imported by the content scripts) and the extension pages
 * import them, so they hold no connector code and do not even import zod. A definition's
 * settings schema is a function of the zod kit (./settings-kit.ts), built by whoever needs it.
 */
import type { z } from 'zod';
import type { SettingsKit } from './settings-kit';
import { err, ok, type Result } from '../messaging/result';
import type { LimiterOptions } from './limiter';

/** A secret setting and where it is sent; see SECRET_BINDINGS in lib/settings/schema.ts. */
export interface SecretSpec<Field extends string> {
  field: Field;
  /** For the notice when it is cleared: "The HubSpot token". */
  label: string;
  /** Where the secret goes, from this platform's settings (partial or not yet validated). */
  destination(settings: unknown): string;
}

/** One control on the platform's card in Options → Sources; every value is a string. */
export interface FormField<Field extends string> {
  field: Field;
  kind: 'text' | 'secret' | 'select';
  label: string;
  placeholder?: string;
  hint?: string;
  type?: 'url';
  inputMode?: 'numeric';
  options?: readonly { value: string; label: string }[];
}

/** Rate limits as the vendor documents them, and what Loopline holds itself to. */
export interface PlatformLimits {
  documented: ({ perWindow: number; windowMs: number } | { perWindow?: undefined; windowMs?: undefined }) & {
    maxConcurrent?: number;
  };
  applied: Readonly<Omit<LimiterOptions, 'clock'>>;
}

/** The settings a definition's callbacks read; `NoInfer`: only `settings` decides the schema. */
type Value<S extends z.ZodObject> = NoInfer<z.infer<S>>;
type Field<S extends z.ZodObject> = NoInfer<keyof z.infer<S> & string>;

export interface PlatformDefinition<
  Id extends string = string,
  S extends z.ZodObject = z.ZodObject,
  L extends PlatformLimits | undefined = PlatformLimits | undefined,
> {
  readonly id: Id;
  /** What the platform is called wherever Loopline names it in full. */
  readonly name: string;
  /** The shorter word the sidebar and report put on its data. */
  readonly label: string;
  /** One sentence for its card in Options → Sources. */
  readonly summary: string;
  /** Its part of the settings (`settings.sources[id]`); every field has a default. */
  readonly settings: (kit: SettingsKit) => S;
  readonly secrets: readonly SecretSpec<Field<S>>[];
  /** API hosts it may call: the manifest's optional host permissions. */
  readonly hosts: readonly string[];
  /** The hosts it needs with these settings, as narrow as they allow, or what to fix first. */
  hostPatterns(settings: Value<S>): Result<string[]>;
  /** Whether enough is filled in to try it. */
  isConfigured(settings: Value<S>): boolean;
  /** Undefined for the local workspace, which makes no requests. */
  readonly limits: L;
  readonly fields: readonly FormField<Field<S>>[];
  /** Its connector can list the whole team's outcomes (the report's team scope). */
  readonly listsTeamOutcomes?: boolean;
}

/** Checks a definition's shape and keeps its literal id. */
export function definePlatform<
  const Id extends string,
  S extends z.ZodObject,
  L extends PlatformLimits | undefined,
>(definition: PlatformDefinition<Id, S, L>): PlatformDefinition<Id, S, L> {
  return definition;
}

type Json = Record<string, unknown>;

/** A field of settings that may be partial or not yet validated. */
export const read = (node: unknown, key: string): unknown =>
  node && typeof node === 'object' ? (node as Json)[key] : undefined;

export const text = (value: unknown, fallback = '') =>
  typeof value === 'string' && value.trim() ? value.trim() : fallback;

/** The origin of a URL setting, or '' when it is not one. */
export const originOf = (url: unknown) => {
  try {
    return new URL(text(url)).origin;
  } catch {
    return '';
  }
};

/** The host pattern for a base URL setting, or what is wrong with it. */
export function baseUrlPattern(baseUrl: string, name: string, example: string): Result<string[]> {
  const value = baseUrl.trim();
  if (!value) return err('bad_request', `Enter the ${name} base URL first (like ${example}).`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return err('bad_request', `The ${name} base URL is not a URL (like ${example}).`);
  }
  if (url.protocol !== 'https:') return err('bad_request', `The ${name} base URL must start with https://.`);
  // Match patterns leave the port out: a host pattern covers every port of that host.
  return ok([`https://${url.hostname.toLowerCase()}/*`]);
}

/** The share of a documented figure Loopline uses (see PlatformLimits). */
const MARGIN = 0.9;

/**
 * Our window and the platform's never start at the same instant, and other clients of the same
 * account (colleagues' browsers, the vendor's own integrations) draw on the same allowance.
 */
export const withMargin = /* @__NO_SIDE_EFFECTS__ */ (documented: number) => Math.floor(documented * MARGIN);
