/**
 * What a platform definition builds its settings schema with: zod and the pieces every
 * platform's settings share. Handed to `definition.settings(kit)` by the modules that parse
 * settings, so that the definitions themselves (imported by the manifest, and so by the content
 * scripts) never import zod.
 */
import { z } from 'zod';

/** A pasted secret: surrounding whitespace is trimmed, but inner whitespace is an error. */
export const secret = () =>
  z
    .string()
    .trim()
    .max(4096)
    .refine((value) => !/\s/.test(value), 'contains spaces or line breaks; paste the value again');

export const httpsUrl = () =>
  z
    .string()
    .trim()
    .url('not a URL')
    .refine((value) => value.startsWith('https://'), 'must start with https://');

/** How long fetched data is shown from the cache: 1 minute to 7 days. */
export const ttl = (minutes: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(minutes);

/**
 * The zod constructors the definitions use, by name: handing over the whole `z` namespace
 * would keep all of zod (JSON Schema, locales) in every bundle that builds settings.
 */
const zod = {
  object: z.object,
  boolean: z.boolean,
  string: z.string,
  number: z.number,
  enum: z.enum,
  record: z.record,
  union: z.union,
  literal: z.literal,
};

export const settingsKit = { z: zod, secret, httpsUrl, ttl };
export type SettingsKit = typeof settingsKit;
