/**
 * What counts as an email address, written once and without a schema library, so that the
 * content script (which finds addresses on pages), the connectors, the workspace and the model's
 * `Email` schema agree and the content script stays small.
 */

export const MAX_EMAIL_LENGTH = 254;
/**
 * A local part of 1 to 64 characters made of dot-separated atoms (no leading, trailing or doubled
 * dot: `ada..x@` and `.ada@` come from broken markup, not from people), then a host with at
 * least one dot. Quoted local parts and address literals are not accepted.
 */
export const EMAIL_PATTERN =
  /^(?=[^@]{1,64}@)[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)*@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
export const NOT_AN_EMAIL = 'not an email address';

/** Lower-cased, trimmed, and checked; null when it is not an address. Never guesses. */
export function canonicalEmail(raw: string): string | null {
  // Trimmed before anything else: a page can hand over a megabyte attribute, and trim only
  // walks its ends.
  const trimmed = raw.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH) return null;
  const value = trimmed.toLowerCase();
  return EMAIL_PATTERN.test(value) ? value : null;
}
