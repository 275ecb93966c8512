/**
 * Follows a single-page app as it changes: re-runs the adapter's detection when the location
 * changes or when the region it reads changes, and reports only real changes. Plain DOM, no WXT:
 * the content script hands in its context's AbortSignal and forwards `wxt:locationchange`.
 *
 * Cost model (DESIGN.md, performance budgets): only the adapter's scope is observed; a mutation
 * batch costs work proportional to the nodes it added or removed; detection itself runs at most
 * once per `debounceMs`, however many batches arrive.
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

// Short enough that a thread opening shows its lead within a frame or two; long enough to fold
// the bursts of batches a SPA render produces into one detection.
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
  let scopes: Element[] = [];

  // Content: the scopes' subtrees, filtered. Structure: the scopes' ancestors, children only,
  // to notice a scope being replaced. Bootstrap: the body, only until a scope exists.
  const content = new MutationObserver((records) => {
    if (records.some((record) => mutationMatters(record, hints))) schedule();
  });
  const structure = new MutationObserver((records) => {
    if (
      scopes.some((scope) => !scope.isConnected) ||
      records.some((record) => addedMatter(record, hints) || addedScope(record, hints))
    ) {
      schedule(true);
    }
  });
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

  function acquire() {
    const url = currentUrl();
    if (!url) return;
    const next = findScopes(url);
    if (next.length === 0) {
      if (scopes.length > 0) {
        content.disconnect();
        structure.disconnect();
        scopes = [];
      }
      // Wait for a scope only where one can appear, so that the body is observed briefly.
      if (hints?.scopeExpected?.(url) ?? true) startBootstrap();
      else stopBootstrap();
      return;
    }
    stopBootstrap();
    if (next.length === scopes.length && next.every((scope, index) => scope === scopes[index])) return;
    scopes = next;
    content.disconnect();
    structure.disconnect();
    const attributes = hints ? (hints.attributes ?? []) : undefined;
    for (const scope of scopes) {
      content.observe(scope, {
        childList: true,
        subtree: true,
        characterData: !hints || hints.text === true,
        ...(attributes === undefined
          ? { attributes: true }
          : attributes.length > 0
            ? { attributes: true, attributeFilter: [...attributes] }
            : {}),
      });
      for (let ancestor = scope.parentElement; ancestor; ancestor = ancestor.parentElement) {
        structure.observe(ancestor, { childList: true });
      }
    }
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

  function schedule(reacquire = false) {
    if (stopped) return;
    pendingAcquire ||= reacquire;
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      if (pendingAcquire) {
        pendingAcquire = false;
        acquire();
      }
      check();
    }, debounceMs);
  }

  function check() {
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
    // Navigation API's event fires first), so detecting at once would read the old view.
    onLocationChange() {
      schedule(true);
    },
    check,
  };
}

/** Same view and same people (with the same recency) means nothing to report. */
export function detectionKey(detection: Detection): string {
  const people = detection.candidates.map(
    (candidate) => `${candidate.email}|${candidate.role}|${candidate.order}`,
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
    return hints.text === true && (record.target.parentElement?.closest(hints.selector) ?? null) !== null;
  }
  return (
    addedMatter(record, hints) || someNode(record.removedNodes, (node) => nodeMatters(node, record, hints))
  );
}

function addedMatter(record: MutationRecord, hints: WatchHints | undefined): boolean {
  if (!hints) return record.addedNodes.length > 0;
  return someNode(record.addedNodes, (node) => nodeMatters(node, record, hints));
}

/** Whether a mutation added an element that is (or holds) an extra scope, e.g. a compose window. */
function addedScope(record: MutationRecord, hints: WatchHints | undefined): boolean {
  const selector = hints?.extraScopeSelector;
  if (!selector) return false;
  return someNode(record.addedNodes, (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return false;
    const element = node as Element;
    return element.matches(selector) || element.querySelector(selector) !== null;
  });
}

/** An element matters when it, or anything inside it, matches; text when it sits in a match. */
function nodeMatters(node: Node, record: MutationRecord, hints: WatchHints): boolean {
  if (node.nodeType === Node.ELEMENT_NODE) {
    const element = node as Element;
    return element.matches(hints.selector) || element.querySelector(hints.selector) !== null;
  }
  if (node.nodeType === Node.TEXT_NODE && hints.text) {
    const parent = record.target as Element;
    return typeof parent.closest === 'function' && parent.closest(hints.selector) !== null;
  }
  return false;
}

function someNode(nodes: NodeList, test: (node: Node) => boolean): boolean {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (node && test(node)) return true;
  }
  return false;
}
