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
  /** Replace what `tabId` reported with `emails` (lower-cased addresses). */
  report(tabId: number, emails: readonly string[]): Promise<void>;
  /** Whether `email` is among the people `tabId` reported last. */
  has(tabId: number, email: string): Promise<boolean>;
  forget(tabId: number): Promise<void>;
  clear(): Promise<void>;
}

const KEY = 'pagePeople';
/** Tabs remembered at once; the least recently reporting go first. */
const MAX_TABS = 200;

export function createPagePeople(session?: SessionArea): PagePeople {
  let tabs: Map<number, Set<string>> | undefined;

  async function load(): Promise<Map<number, Set<string>>> {
    if (tabs) return tabs;
    const loaded = new Map<number, Set<string>>();
    try {
      const stored = (await session?.get(KEY))?.[KEY];
      if (stored && typeof stored === 'object') {
        for (const [tab, emails] of Object.entries(stored as Record<string, unknown>)) {
          if (Array.isArray(emails))
            loaded.set(Number(tab), new Set(emails.filter((e) => typeof e === 'string')));
        }
      }
    } catch {
      // No session storage here: memory only.
    }
    // A report that arrived while this was loading wins over what was stored.
    tabs ??= loaded;
    return tabs;
  }

  async function persist(map: Map<number, Set<string>>) {
    const value = Object.fromEntries([...map].map(([tab, emails]) => [String(tab), [...emails]]));
    await session?.set({ [KEY]: value }).catch(() => {});
  }

  return {
    async report(tabId, emails) {
      const map = await load();
      map.delete(tabId);
      map.set(tabId, new Set(emails));
      while (map.size > MAX_TABS) map.delete(map.keys().next().value!);
      await persist(map);
    },
    async has(tabId, email) {
      return (await load()).get(tabId)?.has(email) ?? false;
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
