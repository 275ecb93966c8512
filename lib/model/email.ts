/**
 * What counts as an email address, written once and without a schema library, so that the
 * content script (which finds addresses on pages) and the model's `Email` schema agree and the
 * content script stays small.
 */

export const MAX_EMAIL_LENGTH = 254;
export const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
export const NOT_AN_EMAIL = 'not an email address';

/** Lower-cased, trimmed, and checked; null when it is not an address. Never guesses. */
export function canonicalEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  return value.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(value) ? value : null;
}
