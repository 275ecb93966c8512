/**
 * Display names as keys. Outlook on the web often shows a person's name and not their address;
 * Loopline then matches that name against what the user confirmed before and what the sources
 * know, so "Jane Doe", "jane  doe", "Doe, Jane" and "Jané Doe" must be one key. Pure and free of
 * zod: the content script uses it too.
 */

/** Longest display name Loopline keeps or looks up; longer text on a page is not a name. */
export const MAX_NAME_LENGTH = 200;

/**
 * The name folded for comparison: accents, case, punctuation and the order of the words do not
 * count, so "Jane Doe", "Doe, Jane", "jane  DOE" and "Jané Doe" all read "doe jane". Apostrophes
 * join (O'Brien, OBrien); hyphens separate (Jean-Luc, Jean Luc). An address next to the name is
 * left out. '' when no letter is left (an address alone, digits).
 */
export function nameKey(name: string | null | undefined): string {
  if (!name) return '';
  const words = name
    .slice(0, MAX_NAME_LENGTH * 2)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’ʼ]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort();
  const key = words.join(' ');
  return /\p{L}/u.test(key) ? key.slice(0, MAX_NAME_LENGTH) : '';
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
