/**
 * A site adapter knows one web app (Gmail, a CRM) and nothing else: pure functions over a
 * URL and a DOM root, so that fixtures can test it without a browser. A built-in site is a
 * `SiteDefinition`: its adapter plus what the rest of Loopline needs to know about it (manifest
 * matches, names); ./registry.ts lists them.
 */
import type { SiteId } from './registry';

export { SITE_IDS, type BuiltinSiteId, type SiteId } from './registry';

/** How the address relates to what is on screen; drives which candidate is picked. */
export type LeadRole = 'sender' | 'to' | 'cc' | 'compose' | 'record' | 'hover' | 'page';

export interface LeadCandidate {
  /**
   * Lower-cased, validated address. Absent when the page names the person without showing an
   * address (Outlook's persona chips): `name` is then required, and the sidebar asks the user to
   * confirm who it is. Never guessed from the name.
   */
  email?: string;
  role: LeadRole;
  /** Display name next to the address, when the page shows one (untrusted text). */
  name?: string;
  /** Document order of the message/recipient; larger is more recent (Gmail: later messages). */
  order: number;
}

export interface Detection {
  /**
   * Identity of what is open (thread id, record id). `null` means a view with no single
   * person (inbox list, search, settings): the sidebar goes idle.
   */
  viewKey: string | null;
  candidates: LeadCandidate[];
}

export interface SiteAdapter<Id extends string = SiteId> {
  readonly id: Id;
  readonly label: string;
  /** Whether this adapter owns the URL. Must be false for every other adapter's URLs. */
  matches(url: URL): boolean;
  /**
   * The smallest element whose subtree holds what `detect` reads (Gmail's main region, the
   * active CRM tab). Observation is scoped to it. `null` when the page is not ready yet.
   */
  scope(doc: Document, url: URL): Element | null;
  /**
   * Read the lead candidates from the page. Bounded work on any input. `scopes`, when given,
   * are what `scope` and `extraScopes` return for this document right now (the watcher has
   * them): an adapter may use them rather than look again.
   */
  detect(doc: Document, url: URL, scopes?: readonly Element[]): Detection;
  /**
   * Other subtrees `detect` reads that live outside `scope` (Gmail's floating compose windows).
   * Observed alongside it. Absent: `scope` is everything. `scope`, when given, is what `scope`
   * just returned (not looked up again).
   */
  extraScopes?(doc: Document, url: URL, scope?: Element | null): Element[];
  /**
   * The regions that can hold the current view's candidates, inside `scopes` (what `scope` and
   * `extraScopes` return now): Gmail's open thread and its compose windows, not the hidden inbox
   * list next to the thread. The watcher observes only these (and their ancestors' children, to
   * notice them replaced), so that the rest of the page can change without costing detection
   * work. Called when the scopes are found again and after each detection, so keep it to a few
   * lookups. Absent: the scopes themselves. Empty: nothing in the scopes is read in this view.
   */
  candidateRoots?(doc: Document, url: URL, scopes: readonly Element[]): Element[];
  /** Which mutations can change `detect`'s result; the watcher ignores the rest. Absent: all do. */
  readonly watch?: WatchHints;
  /**
   * The signed-in user's own address as the page shows it (Gmail: the window title), so that
   * they are never taken for the lead. Absent: the page does not say.
   */
  accountEmail?(doc: Document): string | null;
  /**
   * The signed-in user's display name as the page shows it (Outlook's account manager), so that
   * a name-only persona of their own ("From: Sam Rep" on a sent message) is never offered either.
   * Absent: the page does not say.
   */
  accountName?(doc: Document): string | null;
  /**
   * The person the pointer rests on, for sites that mark people up outside the view's own
   * candidates (Gmail's `email` attributes, anywhere on the page). Absent: hovering offers no one.
   */
  hoverPerson?(target: Element): HoveredPerson | null;
}

export interface HoveredPerson {
  email: string;
  /** The name the page shows next to the address (untrusted text). */
  name?: string | null;
}

/**
 * A built-in site: its adapter and the facts about it that the manifest, the settings, the
 * permission checks and the Options page are built from.
 */
export interface SiteDefinition<Id extends string = string> extends SiteAdapter<Id>, SiteInfo<Id> {}

/**
 * What the manifest, the settings, the permission checks and the Options page need of a built-in
 * site, apart from its page code: the registry lists these, so that pages which only name the
 * sites do not carry their adapters.
 */
export interface SiteInfo<Id extends string = string> {
  readonly id: Id;
  readonly label: string;
  /** A mailbox (people in threads and drafts) or a CRM (one record per page). */
  readonly kind: 'mail' | 'crm';
  /**
   * Match patterns of every page the adapter may claim: the built-in content script's matches
   * and the manifest's host permissions.
   */
  readonly matchPatterns: readonly string[];
  /** The switch's name in Options, when `label` alone would say too little. */
  readonly settingsLabel?: string;
  /** The hosts as Options describes them next to the switch. */
  readonly hostsLabel: string;
}

/**
 * Lets the page watcher skip mutation batches that cannot matter, with work proportional to the
 * added and removed nodes rather than to the page.
 */
export interface WatchHints {
  /** Elements whose arrival or departure (or one inside an added/removed subtree) matters. */
  readonly selector: string;
  /** Attribute changes that matter, on elements matching `attributeSelector` (default `selector`). */
  readonly attributes?: readonly string[];
  readonly attributeSelector?: string;
  /**
   * Whether `detect` takes the view's identity from the page itself (Gmail: the open thread's
   * heading), so that a view caught half-rendered or not yet replaced reads as the old view or as
   * none, never as someone else's. The watcher may then detect on the first relevant mutation at
   * once rather than after its quiet time. Absent: it waits (a CRM's record id comes from the
   * URL, which changes before the old record's fields leave the page).
   */
  readonly viewFromPage?: boolean;
  /** Whether text changes inside `selector` matter (addresses shown as text, not attributes). */
  readonly text?: boolean;
  /**
   * Whether a scope can appear at this URL (a CRM's list pages never get a record region).
   * The watcher waits for a missing scope only where one can appear. Absent: everywhere.
   */
  readonly scopeExpected?: (url: URL) => boolean;
  /**
   * Elements that may be (or hold) a scope when they appear outside the observed regions (Gmail:
   * a main region). Absent: any element matching `selector` may be (a CRM whose record region
   * appears beside the list).
   */
  readonly scopeSelector?: string;
  /**
   * Elements that are extra scopes when they appear (Gmail's compose windows, which open empty
   * and get their recipient chips later): their arrival re-acquires the scopes.
   */
  readonly extraScopeSelector?: string;
}
