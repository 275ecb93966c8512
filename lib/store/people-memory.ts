/**
 * What Loopline remembers about people in this browser, apart from the marketing data: the
 * addresses the user confirmed for names a page showed without one (Outlook's personas), and the
 * signed-in account of the first mail page it saw (the welcome page's suggestion). Both in the
 * `meta` store, which only the extension's origin can open; "Delete all data" clears them.
 */
import type { DB } from './db';

const NAME_LINKS = 'nameLinks';
const SEEN_ACCOUNT = 'seenAccount';
/** Names remembered at once; the least recently confirmed go first. */
export const MAX_NAME_LINKS = 2000;

export interface NameLink {
  /** The name as the page showed it when the user confirmed it. */
  name: string;
  email: string;
  confirmedAt: string;
}

export interface SeenAccount {
  email: string;
  name?: string;
  seenAt: string;
}

type NameLinks = Record<string, NameLink>;

/** The stored pairs (IndexedDB hands out a fresh copy on every read, free to change). */
const linksOf = (stored: unknown): NameLinks =>
  stored && typeof stored === 'object' ? (stored as NameLinks) : {};

/** The address the user confirmed for this name key (`nameKey`), if any. */
export async function nameLink(db: DB, key: string): Promise<NameLink | undefined> {
  return (await nameLinksFor(db, [key])).get(key);
}

/** The links for these name keys (one read for a page's names). */
export async function nameLinksFor(db: DB, keys: readonly string[]): Promise<Map<string, NameLink>> {
  const links = linksOf(await db.get('meta', NAME_LINKS));
  const found = new Map<string, NameLink>();
  for (const key of keys) {
    const link = links[key];
    if (link && typeof link.email === 'string') found.set(key, link);
  }
  return found;
}

/** Remembers that this name key is this person (replacing an earlier pair), in one transaction. */
export async function putNameLink(db: DB, key: string, link: NameLink): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const links = linksOf(await tx.store.get(NAME_LINKS));
  delete links[key];
  links[key] = link;
  const keys = Object.keys(links);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_NAME_LINKS))) delete links[old];
  await tx.store.put(links, NAME_LINKS);
  await tx.done;
}

/** Forgets the pair for this name key; whether there was one. */
export async function deleteNameLink(db: DB, key: string): Promise<boolean> {
  const tx = db.transaction('meta', 'readwrite');
  const links = linksOf(await tx.store.get(NAME_LINKS));
  const had = key in links;
  if (had) {
    delete links[key];
    await tx.store.put(links, NAME_LINKS);
  }
  await tx.done;
  return had;
}

/** The first signed-in account a mail page showed, if one was seen. */
export async function seenAccount(db: DB): Promise<SeenAccount | undefined> {
  const stored = (await db.get('meta', SEEN_ACCOUNT)) as SeenAccount | undefined;
  return stored && typeof stored.email === 'string' ? stored : undefined;
}

/** Keeps the first account seen; later ones (another mailbox, another page) do not replace it. */
export async function noteSeenAccount(db: DB, account: SeenAccount): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  if ((await tx.store.get(SEEN_ACCOUNT)) === undefined) await tx.store.put(account, SEEN_ACCOUNT);
  await tx.done;
}
