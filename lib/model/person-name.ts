/**
 * Display names as keys. Outlook on the web often shows a person's name and not their address;
 * Loopline then matches that name against what the user confirmed before and what the sources
 * know, so "Jane Doe", "jane  doe", "Doe, Jane" and "Jané Doe" must be one key. Pure and free of
 * zod: the content script uses it too.
 */

/** Longest display name Loopline keeps or looks up; longer text on a page is not a name. */
export const MAX_NAME_LENGTH = 200;

/**
 * The name folded for comparison: accents, case and punctuation dropped, whitespace collapsed,
 * and "Last, First" turned around. '' when nothing name-like is left (an address, digits only).
 */
export function nameKey(name: string | null | undefined): string {
  if (!name) return '';
  let text = name.slice(0, MAX_NAME_LENGTH * 2);
  // An address is not a name; a name with an address in it ("Jane <jane@…>") keeps the name.
  text = text.replace(/<[^>]*>/g, ' ').replace(/\S+@\S+/g, ' ');
  const comma = text.split(',');
  if (comma.length === 2 && comma[0]!.trim() && comma[1]!.trim()) text = `${comma[1]} ${comma[0]}`;
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return /\p{L}/u.test(folded) ? folded.slice(0, MAX_NAME_LENGTH) : '';
}

/** A person as the page reported them: an address, or only a name. */
export interface NamedPerson {
  email?: string;
  name?: string;
}

/**
 * What a person is told apart by in the people list and the sidebar's selection: their address,
 * or, for someone the page named without one, `name:` and the name's key (no address contains a
 * colon, so the two never meet). '' for a person with neither.
 */
export function personKey(person: NamedPerson): string {
  if (person.email) return person.email;
  const key = nameKey(person.name);
  return key ? `name:${key}` : '';
}
