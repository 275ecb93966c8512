/**
 * Which lead the sidebar shows and how it gets there: the people the content script found, the
 * one selected, the background's answer for them (kept for a few people, so that switching back
 * shows them at once), and the race rule that a late answer for one person is never shown for
 * another. Part of the sidebar's state (state.ts); never touches `browser.*`.
 */
import { batch, computed, signal } from '@preact/signals';
import type { NameMatchView, NameSearchReply } from '../messaging/protocol';
import type { LeadView } from '../model/view';
import type { Result } from '../messaging/result';
import { personKey } from '../model/person-name';
import { internView, sameData } from './intern';

/** `naming`: the person in focus has only a name on the page, and the user is to say who. */
export type ViewStatus = 'idle' | 'loading' | 'ready' | 'error' | 'naming';

/** A name-only person in focus: what the sources have under that name, for the user to confirm. */
export interface NameLookup {
  /** The name as the page shows it. */
  name: string;
  key: string;
  state: 'searching' | 'choose' | 'none' | 'error';
  matches: NameMatchView[];
  /** The sources searched, by name. */
  searched: string[];
  failed: { source: string; message: string }[];
  /** Why the search or the confirmation failed. */
  error?: string;
  /** The address being confirmed, while the background stores the pair. */
  confirming?: string;
}

/** The lead shown was picked for a name on the page (confirmed now or before). */
export interface ShownByName {
  name: string;
  key: string;
}

/** Someone on the page: with their address, or with only the name the page shows (Outlook). */
export interface Person {
  email?: string;
  name?: string;
  role?: 'sender' | 'to' | 'cc' | 'record';
}

/**
 * The moment a lead's data is in the frame, ready to show (from the cache on selection, or the
 * background's first answer); the sidebar marks the first paint after it (see SidebarApp), and
 * the benchmark reads the measure between the two. Marks are cheap; they are always on.
 */
export const LEAD_ARRIVED_MARK = 'loopline:lead-arrived';

export const LEAD_PAINTED_MARK = 'loopline:lead-painted';
/** From LEAD_ARRIVED_MARK to the first paint of the lead's content. */
export const FIRST_SCREEN_MEASURE = 'loopline:first-screen';

function markLeadArrived() {
  globalThis.performance?.mark?.(LEAD_ARRIVED_MARK);
}

/** Called once the lead's content has been painted (after a frame with it on screen). */
export function markLeadPainted(): void {
  const performance = globalThis.performance;
  if (!performance?.mark || !performance.measure) return;
  performance.mark(LEAD_PAINTED_MARK);
  try {
    performance.measure(FIRST_SCREEN_MEASURE, LEAD_ARRIVED_MARK, LEAD_PAINTED_MARK);
  } catch {
    // No arrival mark (cleared by someone): nothing to measure.
  }
}

/** The message of a failed Result ('' for a success). */
export function failure(result: Result<unknown>): string {
  return result.ok ? '' : result.error.message;
}

/** Callbacks cross into the background; a thrown error is turned into a Result, never lost. */
export async function attempt<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}

/** Answers kept in memory, least recently used first out. */
const CACHE_SIZE = 8;

export interface LeadLoaderDeps {
  requestLead(email: string, options: { refresh: boolean }): Promise<Result<LeadView>>;
  /** Who the sources have under a name the page shows without an address (`lead.findByName`). */
  findByName(name: string): Promise<Result<NameSearchReply>>;
  /** The user says the name is this person (`lead.confirmName`). */
  confirmName(name: string, email: string): Promise<Result<unknown>>;
  /** The user says the person remembered for the name is not them (`lead.forgetName`). */
  forgetName(name: string): Promise<Result<unknown>>;
  useSampleWorkspace(): Promise<Result<unknown>>;
  /**
   * Runs `run` once what was just put on screen has been painted. A lead shown from the frame's
   * cache is asked for again only then: the answer for a long history (20,000 touchpoints) takes
   * the frame tens of milliseconds to receive and compare, which must not delay the lead already
   * in hand. At once when absent (tests, and anything without frames).
   */
  afterPaint?(run: () => void): void;
  /**
   * Another lead is on screen, or none: what belongs to the last one (its filters, a correction
   * in progress) is reset. Called inside the batch that changes the selection.
   */
  onLeadChange(): void;
}

export function createLeadLoader(deps: LeadLoaderDeps) {
  const status = signal<ViewStatus>('idle');
  /** Writable here and by the outcome flow, which shows an outcome's fate in it. */
  const view = signal<LeadView | null>(null);
  /** The last request's failure; shown over the data when there is data, instead of it when not. */
  const error = signal<string | null>(null);
  const refreshing = signal(false);
  const people = signal<Person[]>([]);
  /** The address of the lead shown (or loading); null for none, and while a name is in focus. */
  const selected = signal<string | null>(null);
  const naming = signal<NameLookup | null>(null);
  const shownByName = signal<ShownByName | null>(null);
  /** The person in focus in the people list (`personKey`): a name in focus or shown, or the address. */
  const selectedKey = computed(() => naming.value?.key ?? shownByName.value?.key ?? selected.value);
  /** Addresses confirmed for names in this frame's life, by name key. */
  const confirmed = new Map<string, string>();

  // Last answers per address, so switching back to a person shows them at once while refreshing.
  // Bounded: a long Gmail session visits hundreds of threads, and one view can hold 20,000
  // touchpoints. Map order is insertion order, so the first key is the least recently used.
  const viewCache = new Map<string, LeadView>();
  const remember = (email: string, value: LeadView) => {
    viewCache.delete(email);
    viewCache.set(email, value);
    if (viewCache.size > CACHE_SIZE) viewCache.delete(viewCache.keys().next().value!);
  };
  let requestToken = 0;
  /**
   * The address shown from the cache ahead of the page's report (`previewPeople`), until the
   * reported list selects it and it is asked for.
   */
  let previewed: string | null = null;

  async function load(email: string, refresh: boolean) {
    const token = ++requestToken;
    if (refresh) refreshing.value = true;
    const result = await attempt(() => deps.requestLead(email, { refresh }));
    // A late answer for a person no longer selected (or overtaken by a newer request) is not
    // shown; it is kept for coming back to that person unless something newer is kept already.
    if (token !== requestToken || selected.value !== email) {
      if (result.ok && selected.value !== email && !viewCache.has(email)) remember(email, result.value);
      return;
    }
    batch(() => {
      refreshing.value = false;
      if (result.ok) {
        if (!view.value) markLeadArrived();
        const next = internView(view.value, result.value);
        remember(email, next);
        view.value = next;
        error.value = null;
        status.value = 'ready';
      } else {
        error.value = result.error.message;
        // Keep showing what we had; the error is a banner over it.
        status.value = view.value ? 'ready' : 'error';
      }
    });
  }

  /**
   * Puts `address` on screen: its last answer when there is one, else loading. Whatever was
   * refreshing belonged to the person shown before.
   */
  function present(address: string, cached: LeadView | null, byName: ShownByName | null) {
    if (cached) markLeadArrived();
    batch(() => {
      selected.value = address;
      shownByName.value = byName;
      naming.value = null;
      view.value = cached;
      error.value = null;
      refreshing.value = false;
      status.value = cached ? 'ready' : 'loading';
      deps.onLeadChange();
    });
  }

  /** Shows the lead with this address; `byName` when it was picked for a name on the page. */
  function showEmail(email: string, byName: ShownByName | null = null) {
    const address = email.trim().toLowerCase();
    if (!address) return;
    const key = byName?.key ?? address;
    // Selecting the person already shown (or loading) is a no-op; after an error it retries.
    if (
      address === selected.value &&
      key === selectedKey.value &&
      (status.value === 'loading' || status.value === 'ready')
    ) {
      // Shown ahead of the report: now that the background has the page's people, ask.
      if (previewed === address) {
        previewed = null;
        revalidate(address);
      }
      return;
    }
    previewed = null;
    const cached = viewCache.get(address);
    present(address, cached ?? null, byName);
    if (cached) revalidate(address);
    else void load(address, false);
  }

  /** Asks again for the lead shown from the cache, once it is painted (see `afterPaint`). */
  function revalidate(address: string) {
    if (!deps.afterPaint) {
      void load(address, false);
      return;
    }
    // Anything asked or shown meanwhile (another person, a refresh) takes the token: then this
    // check is someone else's to make, or moot.
    const token = ++requestToken;
    deps.afterPaint(() => {
      if (token === requestToken && selected.value === address) void load(address, false);
    });
  }

  /**
   * A person the page names without an address: the one the user confirmed for that name, or
   * what the sources have under it, for the user to say who it is. Nothing about anyone is
   * looked up before that.
   */
  function showName(name: string, key: string, options: { fresh?: boolean } = {}) {
    const known = confirmed.get(key);
    if (known && !options.fresh) return showEmail(known, { name, key });
    if (
      !options.fresh &&
      key === selectedKey.value &&
      naming.value?.state !== 'error' &&
      status.value === 'naming'
    )
      return;
    const token = ++requestToken;
    previewed = null;
    batch(() => {
      selected.value = null;
      shownByName.value = null;
      view.value = null;
      error.value = null;
      refreshing.value = false;
      status.value = 'naming';
      naming.value = { name, key, state: 'searching', matches: [], searched: [], failed: [] };
      deps.onLeadChange();
    });
    void attempt(() => deps.findByName(name)).then((result) => {
      if (token !== requestToken || selectedKey.value !== key) return;
      if (!result.ok) {
        naming.value = { ...naming.value!, state: 'error', error: result.error.message };
        return;
      }
      const { remembered, matches, searched, failed } = result.value;
      if (remembered) {
        confirmed.set(key, remembered.email);
        showEmail(remembered.email, { name, key });
        return;
      }
      naming.value = { name, key, state: matches.length > 0 ? 'choose' : 'none', matches, searched, failed };
    });
  }

  /** Focus one person of the page: by address, or by `personKey` for a name-only one. */
  function select(key: string) {
    const person = people.value.find((candidate) => personKey(candidate) === key);
    if (person && !person.email && person.name) showName(person.name, key);
    else if (!key.startsWith('name:')) showEmail(key);
  }

  /** The user says the name in focus is this match: remembered, then shown. */
  async function confirmMatch(email: string) {
    const lookup = naming.value;
    if (!lookup || lookup.state !== 'choose' || lookup.confirming) return;
    naming.value = { ...lookup, confirming: email, error: undefined };
    const result = await attempt(() => deps.confirmName(lookup.name, email));
    if (selectedKey.value !== lookup.key || naming.value?.confirming !== email) return;
    if (!result.ok) {
      naming.value = { ...lookup, confirming: undefined, error: result.error.message };
      return;
    }
    confirmed.set(lookup.key, email);
    showEmail(email, { name: lookup.name, key: lookup.key });
  }

  /** The lead shown for a name is not that person: forget the pair and offer the matches again. */
  async function rejectMatch() {
    const byName = shownByName.value;
    if (!byName) return;
    const result = await attempt(() => deps.forgetName(byName.name));
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    confirmed.delete(byName.key);
    if (selectedKey.value === byName.key) showName(byName.name, byName.key, { fresh: true });
  }

  /** Each person once, addresses lower-cased. */
  function uniquePeople(list: Person[]): Person[] {
    const unique: Person[] = [];
    const seen = new Set<string>();
    for (const person of list) {
      const email = person.email?.trim().toLowerCase() || undefined;
      const next = { ...person, email };
      const key = personKey(next);
      if (key && !seen.has(key)) {
        seen.add(key);
        unique.push(next);
      }
    }
    return unique;
  }

  /** The person of `unique` to show: the preferred one, else the one shown if still there, else the first. */
  function pick(unique: Person[], preferred?: string): Person | undefined {
    const keep = unique.find((person) => personKey(person) === selectedKey.value);
    const wanted = preferred?.trim().toLowerCase();
    return unique.find((person) => personKey(person) === wanted) ?? keep ?? unique[0];
  }

  /** The content script found these people on the page; keep the selection if still there. */
  function setPeople(list: Person[], preferred?: string) {
    const unique = uniquePeople(list);
    if (!sameData(unique, people.value)) people.value = unique;
    if (unique.length === 0) {
      clear();
      return;
    }
    const next = pick(unique, preferred);
    if (next) select(personKey(next));
  }

  /**
   * The people the content script is reporting to the background, before the background has
   * them (it answers only for people the tab reported): the person they select is shown at once
   * if this frame holds the background's last answer for them, and nothing is asked until the
   * reported list comes (`setPeople`). Anyone else waits for that list.
   */
  function previewPeople(list: Person[], preferred?: string) {
    const next = pick(uniquePeople(list), preferred);
    const address = next?.email;
    if (!address || address === selected.value) return;
    const cached = viewCache.get(address);
    if (!cached) return;
    requestToken++;
    present(address, cached, null);
    previewed = address;
  }

  /** Nothing on the page to show (navigated away from the thread). */
  function clear() {
    requestToken++;
    previewed = null;
    batch(() => {
      selected.value = null;
      naming.value = null;
      shownByName.value = null;
      view.value = null;
      error.value = null;
      refreshing.value = false;
      status.value = 'idle';
      people.value = [];
      deps.onLeadChange();
    });
  }

  function refresh() {
    const lookup = naming.value;
    if (lookup && status.value === 'naming') {
      showName(lookup.name, lookup.key, { fresh: true });
      return Promise.resolve();
    }
    const email = selected.value;
    if (!email) return Promise.resolve();
    if (!view.value) status.value = 'loading';
    return load(email, true);
  }

  /** Fresh data pushed by the background (`lead.updated`). */
  function receiveUpdate(next: LeadView) {
    // Only people on this page are worth keeping; a push for anyone else is dropped.
    if (next.email !== selected.value) {
      if (viewCache.has(next.email)) remember(next.email, next);
      return;
    }
    const kept = internView(view.value, next);
    remember(next.email, kept);
    batch(() => {
      view.value = kept;
      error.value = null;
      status.value = 'ready';
    });
  }

  /** The network came back: a lead that failed to load is asked for again. */
  function retryAfterOffline() {
    if (selected.value && (status.value === 'error' || error.value)) void refresh();
  }

  async function useSampleWorkspace() {
    const result = await attempt(() => deps.useSampleWorkspace());
    if (!result.ok) {
      error.value = failure(result);
      return false;
    }
    await refresh();
    return true;
  }

  return {
    status,
    view,
    error,
    refreshing,
    people,
    selected,
    selectedKey,
    naming,
    shownByName,
    select,
    confirmMatch,
    rejectMatch,
    setPeople,
    previewPeople,
    clear,
    refresh,
    receiveUpdate,
    retryAfterOffline,
    useSampleWorkspace,
    /** Answers still on their way are not shown (the sidebar is going away). */
    dispose: () => void requestToken++,
  };
}

export type LeadLoader = ReturnType<typeof createLeadLoader>;
