/**
 * Addresses as pages show them: attributes, `mailto:` links, free text. Everything here is
 * bounded, because a page can hand us megabytes of text or a crafted attribute.
 */
import { canonicalEmail } from '../model/email';

/** How much free text one extraction reads, and how many addresses it returns. */
export const MAX_TEXT_SCAN = 100_000;
const MAX_TEXT_RESULTS = 50;
/** A `mailto:` link rarely names more than a few people; a long list is not one person. */
const MAX_MAILTO_ADDRESSES = 10;

/** `canonicalEmail` for what a page hands over, which may be missing. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  return raw ? canonicalEmail(raw) : null;
}

/**
 * The addresses a `mailto:` link is addressed to: the part before `?`, percent-decoded and
 * split on commas. Parameters (`subject`, `body`, `cc`) are ignored: a link's cc is not the
 * person the link is about.
 */
export function mailtoAddresses(href: string | null | undefined): string[] {
  if (!href || href.length > 4096) return [];
  const match = /^\s*mailto:([^?#]*)/i.exec(href);
  if (!match?.[1]) return [];
  let path: string;
  try {
    path = decodeURIComponent(match[1]);
  } catch {
    return [];
  }
  const addresses: string[] = [];
  for (const part of path.split(',').slice(0, MAX_MAILTO_ADDRESSES)) {
    const address = normalizeEmail(part);
    if (address && !addresses.includes(address)) addresses.push(address);
  }
  return addresses;
}

// One address in running text. Quantifiers are bounded so that no input can make the engine
// backtrack for long; the look-behind keeps us out of URLs (`?u=ada@…`, `/ada@…`) and out of
// longer tokens; the look-ahead refuses a match that is only the start of something longer.
const ADDRESS_IN_TEXT =
  /(?<![\w.%+\-=/@])[a-z0-9](?:[a-z0-9._%+-]{0,63})@[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62})){1,8}(?![a-z0-9-]|@|\.[a-z0-9])/gi;

/** Image and asset names that look like addresses (`logo@2x.png`). */
const ASSET_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|css|js|mjs|map|woff2?)$/i;

/**
 * Addresses in free text, in order of appearance, without duplicates. Reads at most `maxChars`
 * characters (cut back to the last whitespace so that an address is never read half-way).
 * Obfuscated forms (`ada [at] acme.com`) are not addresses and are not guessed at.
 */
export function extractEmails(
  text: string,
  {
    maxChars = MAX_TEXT_SCAN,
    maxResults = MAX_TEXT_RESULTS,
  }: { maxChars?: number; maxResults?: number } = {},
): string[] {
  let slice = text;
  if (slice.length > maxChars) {
    slice = slice.slice(0, maxChars);
    const lastSpace = slice.search(/\s\S*$/);
    slice = lastSpace >= 0 ? slice.slice(0, lastSpace) : '';
  }
  const found: string[] = [];
  for (const match of slice.matchAll(ADDRESS_IN_TEXT)) {
    if (ASSET_SUFFIX.test(match[0])) continue;
    const address = normalizeEmail(match[0]);
    if (address && !found.includes(address)) {
      found.push(address);
      if (found.length >= maxResults) break;
    }
  }
  return found;
}

/**
 * The one address in a short text that may carry a label or a caption next to it ("Email
 * ada@acme.com"), or null when it holds none or several. Reads at most `maxChars` characters.
 */
export function soleAddress(text: string, maxChars: number): string | null {
  const exact = normalizeEmail(text);
  if (exact) return exact;
  const found = extractEmails(text, { maxChars, maxResults: 2 });
  return found.length === 1 ? (found[0] ?? null) : null;
}

/** The domain part of a normalised address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
