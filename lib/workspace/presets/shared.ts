/** Small pieces the vendor presets share. */
export function fullName(first: string | undefined, last: string | undefined): string | undefined {
  // No array to filter and join: this runs on every row of an export.
  if (first && last) return `${first} ${last}`;
  return first || last || undefined;
}

/**
 * A link as the export wrote it: a full http(s) URL, or a host with a path as Marketo shows
 * visited pages ("www.acme.com/pricing"). Anything else is not a link (the model drops non-http).
 */
export function webUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^https?:\/\//i.test(text)) return text;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i.test(text)) return `https://${text}`;
  return undefined;
}
