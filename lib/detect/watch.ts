/**
 * Follows a single-page app as it changes: re-runs the adapter's detection when the location
 * changes or when the region it reads changes, and reports only real changes. Plain DOM, no WXT:
 * the content script hands in its context's AbortSignal and forwards `wxt:locationchange`.
 *
 * Cost model (DESIGN.md, performance budgets; idle means idle): only the regions that can hold
 * the current view's candidates are observed (the adapter's `candidateRoots`: Gmail's open thread
 * and compose windows, not the hidden inbox list beside the thread), plus the children of their
 * ancestors, to notice a region replaced or a new one (a compose window) added. A change anywhere
 * else (a live list, counters, chat) reaches no observer of ours, or is dismissed by where it
 * happened, without walking what it added. A mutation batch inside the regions costs work
 * proportional to the nodes it added or removed; detection runs at most once per `debounceMs`,
 * however many batches arrive, and only when one of them can change the result.
 */
import type { Detection, SiteAdapter, WatchHints } from '../sites/types';

export interface PageWatcherOptions {
  adapter: SiteAdapter;
  doc: Document;
  getUrl: () => URL | string;
  /** Everything stops when this aborts (WXT's `ctx.signal`). */
  signal: AbortSignal;
  /** Called with the first detection, then whenever the view or its candidates change. */
  onDetection: (detection: Detection) => void;
  /** Quiet time between a relevant mutation and the detection it triggers. */
  debounceMs?: number;
}

export interface PageWatcher {
  /** Call on SPA navigation: re-acquires the observed region and detects after the debounce. */
  onLocationChange(): void;
  /** Detect now (reports only when the result changed). */
  check(): void;
}

// Long enough to fold the bursts of batches a SPA render produces into one detection (or, for an
// adapter that reads the view from the page, into one more after the first).
const DEFAULT_DEBOUNCE_MS = 30;

export function createPageWatcher({
  adapter,
  doc,
  getUrl,
  signal,
  onDetection,
  debounceMs = DEFAULT_DEBOUNCE_MS,
}: PageWatcherOptions): PageWatcher {
  const hints = adapter.watch;

  let stopped = false;
  let lastKey: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last scheduled detection ran (`Date.now()`); a burst is judged against it. */
  let lastRun = Number.NEGATIVE_INFINITY;
  /** Whether the pending detection waits for a view the location named but the page has not shown. */
  let waitingForRender = false;
  let scopes: Element[] = [];
  /** Where the current view's candidates can be (within the scopes); what `content` observes. */
  let roots: Element[] = [];
  /** What a new scope looks like when it is added under an ancestor (one selector, one match). */
  const newScopes = hints
    ? [hints.scopeSelector ?? hints.selector, hints.extraScopeSelector].filter(Boolean).join(', ')
    : undefined;
  const newScopeTags = newScopes ? selectorTags(newScopes) : null;

  // Content: the candidate roots' subtrees, filtered. Structure: the children of the roots' and
  // scopes' ancestors, to notice one replaced, a new view beside the open one, or a new scope.
  // Bootstrap: the body, only until a scope exists.
  const content = new MutationObserver((records) => {
    if (records.some((record) => mutationMatters(record, hints))) schedule(false, true);
  });
  const structure = new MutationObserver((records) => {
    if (structureMatters(records)) schedule(true, true);
  });

  /**
   * Judged by where each record happened: a change under an ancestor is about a scope or a root
   * only when one of them went, or when the added node is (or holds) a scope; the one exception
   * is a scope's own children, where a new view of the scope can appear beside the open one.
   */
  function structureMatters(records: MutationRecord[]): boolean {
    if (!roots.every(connected) || !scopes.every(connected)) return true;
    for (const record of records) {
      const added = record.addedNodes;
      if (added.length === 0) continue;
      // Without hints, anything added may be what the adapter reads.
      if (!hints || addedScope(added, newScopes, newScopeTags)) return true;
      if (scopes.includes(record.target as Element) && addedMatter(record, hints)) return true;
    }
    return false;
  }

  let bootstrap: MutationObserver | null = null;
  let pendingAcquire = false;

  const currentUrl = (): URL | null => {
    try {
      const value = getUrl();
      return typeof value === 'string' ? new URL(value) : value;
    } catch {
      return null;
    }
  };

  function findScopes(url: URL): Element[] {
    try {
      const primary = adapter.scope(doc, url);
      return primary ? [primary, ...(adapter.extraScopes?.(doc, url, primary) ?? [])] : [];
    } catch {
      return [];
    }
  }

  function findRoots(url: URL): Element[] {
    if (!adapter.candidateRoots || scopes.length === 0) return scopes;
    try {
      return adapter.candidateRoots(doc, url, scopes);
    } catch {
      return scopes;
    }
  }

  function acquire() {
    const url = currentUrl();
    if (!url) return;
    const next = findScopes(url);
    if (next.length === 0) {
      if (scopes.length > 0) {
        content.disconnect();
        structure.disconnect();
        scopes = [];
        roots = [];
      }
      // Wait for a scope only where one can appear, so that the body is observed briefly.
      if (hints?.scopeExpected?.(url) ?? true) startBootstrap();
      else stopBootstrap();
      return;
    }
    stopBootstrap();
    const moved = !sameElements(next, scopes);
    scopes = next;
    observe(findRoots(url), moved);
  }

  /**
   * Observes `next` as the candidate roots; nothing to do when they are the ones observed and
   * the scopes did not move.
   */
  function observe(next: Element[], scopesMoved = false) {
    if (!scopesMoved && sameElements(next, roots)) return;
    // Changes already made under the old roots are judged before their observer moves on.
    const pending = content.takeRecords();
    const missed = pending.some((record) => mutationMatters(record, hints));
    roots = next;
    content.disconnect();
    structure.disconnect();
    const attributes = hints ? (hints.attributes ?? []) : undefined;
    for (const root of roots) {
      content.observe(root, {
        childList: true,
        subtree: true,
        characterData: !hints || hints.text === true,
        // A deleted address leaves text without its '@': what the text was tells.
        characterDataOldValue: !hints || hints.text === true,
        ...(attributes === undefined
          ? { attributes: true }
          : attributes.length > 0
            ? { attributes: true, attributeFilter: [...attributes] }
            : {}),
      });
    }
    const ancestors = new Set<Element>();
    for (const element of [...scopes, ...roots]) {
      for (let ancestor = element.parentElement; ancestor; ancestor = ancestor.parentElement) {
        if (ancestors.has(ancestor)) break;
        ancestors.add(ancestor);
        structure.observe(ancestor, { childList: true });
      }
    }
    if (missed) schedule();
  }

  function startBootstrap() {
    if (bootstrap || !doc.body) return;
    bootstrap = new MutationObserver(() => schedule(true));
    bootstrap.observe(doc.body, { childList: true, subtree: true });
  }

  function stopBootstrap() {
    bootstrap?.disconnect();
    bootstrap = null;
  }

  /**
   * Detects after `debounceMs`, once for any number of calls meanwhile. A location change waits:
   * the new view has not rendered yet. When the adapter reads the view from the page
   * (`hints.viewFromPage`), a relevant mutation after a quiet spell is detected at the end of the
   * task that made it, even with a location change's wait running (that mutation is the new view
   * arriving): a thread shows its lead at once, and the rest of the render's burst folds into one
   * detection a window later.
   */
  function schedule(reacquire = false, fromMutation = false) {
    if (stopped) return;
    pendingAcquire ||= reacquire;
    const leading = fromMutation && hints?.viewFromPage === true && Date.now() - lastRun >= debounceMs;
    if (timer !== undefined) {
      if (!(leading && waitingForRender)) return;
      clearTimeout(timer);
    }
    waitingForRender = !fromMutation;
    timer = setTimeout(
      () => {
        timer = undefined;
        lastRun = Date.now();
        if (stopped) return;
        const reacquired = pendingAcquire;
        if (pendingAcquire) {
          pendingAcquire = false;
          acquire();
        }
        check(reacquired);
      },
      leading ? 0 : debounceMs,
    );
  }

  /** `rootsCurrent`: what is observed was just found on this same page (acquire, in this task). */
  function check(rootsCurrent = false) {
    if (stopped) return;
    const url = currentUrl();
    if (!url) return;
    let detection: Detection;
    try {
      detection = adapter.detect(doc, url, scopes.length > 0 ? scopes : undefined);
    } catch {
      // A page we do not understand is a page with no lead, never an error thrown into it.
      detection = { viewKey: null, candidates: [] };
    }
    const key = detectionKey(detection);
    if (key === lastKey) return;
    lastKey = key;
    // A view that rendered or changed may have its candidates somewhere else now (Gmail: the
    // thread showed up in the main region the watcher was waiting on); unless they were just
    // found, on the page as it is now (the adapter's search walks a long thread's messages).
    if (scopes.length > 0 && !rootsCurrent) observe(findRoots(url));
    onDetection(detection);
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    timer = undefined;
    content.disconnect();
    structure.disconnect();
    stopBootstrap();
    scopes = [];
    roots = [];
  }

  if (signal.aborted) {
    stopped = true;
  } else {
    signal.addEventListener('abort', stop, { once: true });
    acquire();
    check();
  }

  return {
    // Deferred like a mutation: the location changes before the SPA renders the new view (the
    // Navigation API's event fires first, before the address itself changes), so detecting at
    // once would read the old view. For an adapter that reads the view from the page, what is
    // observed follows the new address as soon as it is the page's (Gmail: the main region,
    // where the thread will render), so that the render itself is seen and detected as it
    // happens; other adapters wait, and look once.
    onLocationChange() {
      if (hints?.viewFromPage) {
        queueMicrotask(() => {
          if (!stopped) acquire();
        });
      }
      schedule(true);
    },
    check: () => check(),
  };
}

/** Same view and same people (with the same recency) means nothing to report. */
export function detectionKey(detection: Detection): string {
  // A person without an address is told apart by the name the page shows for them.
  const people = detection.candidates.map(
    (candidate) => `${candidate.email ?? `~${candidate.name ?? ''}`}|${candidate.role}|${candidate.order}`,
  );
  return `${detection.viewKey ?? ''}\n${people.sort().join(',')}`;
}

/** Whether a mutation can change the adapter's result; cost bounded by the nodes it touches. */
export function mutationMatters(record: MutationRecord, hints: WatchHints | undefined): boolean {
  if (!hints) return true;
  if (record.type === 'attributes') {
    if (!record.attributeName || !hints.attributes?.includes(record.attributeName)) return false;
    return (record.target as Element).matches?.(hints.attributeSelector ?? hints.selector) ?? false;
  }
  if (record.type === 'characterData') {
    const parent = record.target.parentElement;
    if (hints.text !== true || !parent?.closest(hints.selector)) return false;
    return !inEditable(parent) || holdsAddressSign((record.target as CharacterData).data, record.oldValue);
  }
  return (
    addedMatter(record, hints) || someNode(record.removedNodes, (node) => nodeMatters(node, record, hints))
  );
}

function addedMatter(record: MutationRecord, hints: WatchHints | undefined): boolean {
  if (!hints) return record.addedNodes.length > 0;
  return someNode(record.addedNodes, (node) => nodeMatters(node, record, hints));
}

/** Whether a mutation added an element that is (or holds) a scope, e.g. a compose window. */
function addedScope(
  added: NodeList,
  selector: string | undefined,
  tags: ReadonlySet<string> | null,
): boolean {
  if (!selector) return false;
  for (let index = 0; index < added.length; index++) {
    const node = added[index] as Element;
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    // A leaf (a chat line, a tooltip) is looked at once, not searched; by its tag first, when
    // that settles it (matching a selector costs more than comparing a name).
    const leaf = node.firstElementChild === null;
    if (leaf && tags && !tags.has(node.localName)) continue;
    if (node.matches(selector) || (!leaf && node.querySelector(selector) !== null)) return true;
  }
  return false;
}

/**
 * The tag names a selector list can match, when each of its selectors names one for the element
 * it matches (`div[role="main"], div.dw`); null when any could match any tag (`[email]`).
 */
export function selectorTags(selector: string): ReadonlySet<string> | null {
  // Quoted values go first (a comma in one separates nothing); a function's commas do not
  // separate either: no shortcut then.
  const bare = selector.replace(/"[^"]*"|'[^']*'/g, '""');
  if (bare.includes('(')) return null;
  const tags = new Set<string>();
  for (const part of bare.split(',')) {
    const subject =
      part
        .trim()
        .split(/[\s>+~]+/)
        .pop() ?? '';
    const tag = /^[a-z][a-z0-9-]*/i.exec(subject)?.[0];
    if (!tag) return null;
    tags.add(tag.toLowerCase());
  }
  return tags;
}

const connected = (element: Element) => element.isConnected;

/** An element matters when it, or anything inside it, matches; text when it sits in a match. */
function nodeMatters(node: Node, record: MutationRecord, hints: WatchHints): boolean {
  if (node.nodeType === Node.ELEMENT_NODE) {
    const element = node as Element;
    return element.matches(hints.selector) || element.querySelector(hints.selector) !== null;
  }
  if (node.nodeType === Node.TEXT_NODE && hints.text) {
    const parent = record.target as Element;
    if (typeof parent.closest !== 'function' || parent.closest(hints.selector) === null) return false;
    return !inEditable(parent) || holdsAddressSign((node as Text).data);
  }
  return false;
}

/**
 * Whether `element` is inside a field the user types in (a message body, a recipient field).
 * Text typed there changes who is on the page only by holding an address: words never do, and a
 * person shown by name is a pill the editor marks `contenteditable="false"`. So such text
 * matters only when it holds an '@', before or after the change (mutationMatters), and typing
 * a message costs no detection.
 */
function inEditable(element: Element): boolean {
  const field = element.closest('[contenteditable]');
  return field !== null && field.getAttribute('contenteditable') !== 'false';
}

function holdsAddressSign(text: string, before?: string | null): boolean {
  return text.includes('@') || (before?.includes('@') ?? false);
}

function sameElements(a: readonly Element[], b: readonly Element[]): boolean {
  return a.length === b.length && a.every((element, index) => element === b[index]);
}

function someNode(nodes: NodeList, test: (node: Node) => boolean): boolean {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (node && test(node)) return true;
  }
  return false;
}
