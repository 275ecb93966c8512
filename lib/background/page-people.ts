/**
 * Who each tab's content script reported on its page (`page.people`). The sidebar frame docked
 * in that tab may look up and record outcomes for these people and no one else, so a page (or
 * a compromised renderer) cannot use Loopline to read or write any lead it likes: the most it
 * can do is make its own tab's sidebar show a person it names, which the page cannot read.
 *
 * Kept in memory and mirrored to `storage.session` (closed to content scripts by default in
 * Chrome and Firefox alike), so a service worker (Chrome) or event page (Firefox) that stops and
 * restarts still knows the people on open tabs. A browser restart empties it, as it reloads the
 * pages that would report again.
 */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface PagePeople {
  /**
   * Replace what `tabId` reported with `emails` (lower-cased addresses) and `names` (the keys,
   * `nameKey`, of people its page shows without an address).
   */
  report(tabId: number, emails: readonly string[], names?: readonly string[]): Promise<void>;
  /** Whether `email` is among the people `tabId` reported last. */
  has(tabId: number, email: string): Promise<boolean>;
  /** Whether a person with this name key (`nameKey`) and no address is on `tabId`'s page. */
  hasName(tabId: number, key: string): Promise<boolean>;
  /** The name keys `tabId` reported last. */
  names(tabId: number): Promise<readonly string[]>;
  forget(tabId: number): Promise<void>;
  clear(): Promise<void>;
}

const KEY = 'pagePeople';
/** Tabs remembered at once; the least recently reporting go first. */
const MAX_TABS = 200;

/** One tab's people: addresses, and the name keys of people shown without one. */
interface TabPeople {
  emails: Set<string>;
  names: Set<string>;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** A stored tab: `{ e, n }`, or the bare address list an earlier Loopline kept. */
function readTab(value: unknown): TabPeople | null {
  if (Array.isArray(value)) return { emails: new Set(strings(value)), names: new Set() };
  if (!value || typeof value !== 'object') return null;
  const { e, n } = value as { e?: unknown; n?: unknown };
  return { emails: new Set(strings(e)), names: new Set(strings(n)) };
}

export function createPagePeople(session?: SessionArea): PagePeople {
  let tabs: Map<number, TabPeople> | undefined;

  async function load(): Promise<Map<number, TabPeople>> {
    if (tabs) return tabs;
    const loaded = new Map<number, TabPeople>();
    try {
      const stored = (await session?.get(KEY))?.[KEY];
      if (stored && typeof stored === 'object') {
        for (const [tab, value] of Object.entries(stored as Record<string, unknown>)) {
          const people = readTab(value);
          if (people) loaded.set(Number(tab), people);
        }
      }
    } catch {
      // No session storage here: memory only.
    }
    // A report that arrived while this was loading wins over what was stored.
    tabs ??= loaded;
    return tabs;
  }

  async function persist(map: Map<number, TabPeople>) {
    const value = Object.fromEntries(
      [...map].map(([tab, people]) => [String(tab), { e: [...people.emails], n: [...people.names] }]),
    );
    await session?.set({ [KEY]: value }).catch(() => {});
  }

  return {
    async report(tabId, emails, names = []) {
      const map = await load();
      map.delete(tabId);
      map.set(tabId, { emails: new Set(emails), names: new Set(names) });
      while (map.size > MAX_TABS) map.delete(map.keys().next().value!);
      await persist(map);
    },
    async has(tabId, email) {
      return (await load()).get(tabId)?.emails.has(email) ?? false;
    },
    async hasName(tabId, key) {
      return (await load()).get(tabId)?.names.has(key) ?? false;
    },
    async names(tabId) {
      return [...((await load()).get(tabId)?.names ?? [])];
    },
    async forget(tabId) {
      const map = await load();
      if (map.delete(tabId)) await persist(map);
    },
    async clear() {
      tabs = new Map();
      await session?.remove(KEY).catch(() => {});
    },
  };
}
