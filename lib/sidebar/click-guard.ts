/**
 * Whether a click that records an outcome is one the user saw (DESIGN.md, "Security rules"):
 * the sidebar is a frame in someone else's page, which can cover it, make it transparent or
 * slide it about to steer a click onto "Not a fit".
 *
 * Where the browser tracks visibility (IntersectionObserver v2: Chromium), the frame's body is
 * observed and a recording click is accepted only while the browser says all of it is on screen,
 * unobscured and opaque, and has been for `settleMs` (so that a page cannot reveal the sidebar a
 * moment before the click it expects). Elsewhere (Firefox, Safari) nothing can tell, so a
 * recording click asks for a confirmation instead, whose button works only once it has been
 * shown for `settleMs` (so that a double click cannot go through both).
 */

export const VISIBILITY_DELAY_MS = 100;
export const SETTLE_MS = 500;
export const COVERED_MESSAGE =
  "Loopline's sidebar was covered or transparent when you clicked; nothing was recorded. Click again.";
export const CHANGED_MESSAGE =
  'The person shown changed just before you clicked; nothing was recorded. Check who is shown and click again.';

/**
 * - `record`: go ahead.
 * - `covered`: refused; say COVERED_MESSAGE.
 * - `changed`: refused, the person shown changed within `settleMs` (a page can name someone else
 *   just before the click it expects); say CHANGED_MESSAGE.
 * - `confirm`: ask the user to confirm first (see `confirmation`).
 */
export type ClickVerdict = 'record' | 'covered' | 'changed' | 'confirm';

export interface ClickGuard {
  /** `visibility`: clicks are checked against what the browser saw; `confirm`: they ask first. */
  readonly mode: 'visibility' | 'confirm';
  /** A click that would record an outcome, now. */
  check(): ClickVerdict;
  /**
   * A confirmation has just been shown: `onReady` runs once its button may be used (after
   * `settleMs`). Returns the cancel, for a confirmation that goes away first.
   */
  confirmation(onReady: () => void): () => void;
  /** Observe the element a recording click must see whole (the frame's body); returns the undo. */
  watch(element: Element): () => void;
  /** The person the outcome would be recorded for has just changed. */
  personChanged(): void;
  dispose(): void;
}

/** The part of an IntersectionObserver v2 entry the guard reads. */
export interface VisibilityEntry {
  target: Element;
  isIntersecting: boolean;
  intersectionRatio: number;
  isVisible?: boolean;
}

interface Observer {
  observe(target: Element): void;
  unobserve(target: Element): void;
  disconnect(): void;
}

export type ObserverConstructor = new (
  callback: (entries: VisibilityEntry[]) => void,
  options: { trackVisibility: boolean; delay: number; threshold: number[] },
) => Observer;

export interface ClickGuardOptions {
  /** An IntersectionObserver that tracks visibility; absent: confirm mode. */
  Observer?: ObserverConstructor;
  now?: () => number;
  settleMs?: number;
  /**
   * Told the verdict a click would get whenever it changes (at once in confirm mode): the frame
   * marks its document with it, which end-to-end tests wait for before they click.
   */
  onChange?(verdict: ClickVerdict): void;
}

/** What the frame's window offers (the real `window`, or a stand-in in tests). */
export interface GuardWindow {
  IntersectionObserver?: unknown;
  IntersectionObserverEntry?: { prototype: object };
  performance?: { now(): number };
}

/** IntersectionObserver v2 is there: entries have `isVisible` (the feature test web.dev gives). */
export function tracksVisibility(win: GuardWindow): boolean {
  return (
    typeof win.IntersectionObserver === 'function' &&
    win.IntersectionObserverEntry !== undefined &&
    'isVisible' in win.IntersectionObserverEntry.prototype
  );
}

/** The guard for the frame's window: visibility where the browser tracks it, confirm elsewhere. */
export function clickGuardFor(win: GuardWindow, onChange?: ClickGuardOptions['onChange']): ClickGuard {
  const now = win.performance ? () => win.performance!.now() : () => Date.now();
  const Observer = tracksVisibility(win) ? (win.IntersectionObserver as ObserverConstructor) : undefined;
  return createClickGuard({ Observer, now, onChange });
}

/** Whole, unobscured and opaque: a sliver of the sidebar is not "seen". */
const seen = (entry: VisibilityEntry) =>
  entry.isVisible === true && entry.isIntersecting && entry.intersectionRatio >= 0.99;

export function createClickGuard({
  Observer,
  now = () => Date.now(),
  settleMs = SETTLE_MS,
  onChange,
}: ClickGuardOptions): ClickGuard {
  const confirmation = (onReady: () => void) => {
    const timer = setTimeout(onReady, settleMs);
    return () => clearTimeout(timer);
  };
  if (!Observer) {
    onChange?.('confirm');
    return {
      mode: 'confirm',
      check: () => 'confirm',
      confirmation,
      watch: () => () => {},
      // A confirmation is asked for one person and goes when another is shown (OutcomeBar).
      personChanged: () => {},
      dispose: () => {},
    };
  }

  /** Each watched element: since when it has been seen whole, or null while it is not. */
  const seenSince = new Map<Element, number | null>();
  let observer: Observer | null = null;
  let personSince = -Infinity;

  function check(): ClickVerdict {
    // Nothing watched, or not yet reported on: nothing says the user could see the sidebar.
    if (seenSince.size === 0) return 'covered';
    const time = now();
    for (const since of seenSince.values()) {
      if (since == null || time - since < settleMs) return 'covered';
    }
    return time - personSince < settleMs ? 'changed' : 'record';
  }

  /** For `onChange`: the last verdict told, and the wait for a settling one to turn. */
  let told: ClickVerdict | undefined;
  let settling: ReturnType<typeof setTimeout> | undefined;
  function changed() {
    if (!onChange) return;
    clearTimeout(settling);
    const verdict = check();
    if (verdict !== told) onChange((told = verdict));
    // A refusal that only waits for time to pass (the sidebar settling in view, or the person
    // just shown) turns into `record` by itself: tell it when it does.
    const since = [...seenSince.values()];
    if (verdict !== 'record' && since.length > 0 && since.every((time) => time != null)) {
      const settledAt = Math.max(...(since as number[]), personSince) + settleMs;
      settling = setTimeout(changed, Math.max(0, settledAt - now()));
    }
  }

  const ensureObserver = () =>
    (observer ??= new Observer(
      (entries) => {
        for (const entry of entries) {
          if (!seenSince.has(entry.target)) continue;
          if (!seen(entry)) seenSince.set(entry.target, null);
          else if (seenSince.get(entry.target) == null) seenSince.set(entry.target, now());
        }
        changed();
      },
      // The browser refuses a delay under 100 ms with visibility tracking; the thresholds make
      // it report when the body stops (or starts) being wholly on screen.
      { trackVisibility: true, delay: VISIBILITY_DELAY_MS, threshold: [0, 1] },
    ));

  return {
    mode: 'visibility',
    check,
    // Not asked for in this mode; a confirmation's click would be checked like any other.
    confirmation,
    personChanged() {
      personSince = now();
      changed();
    },
    watch(element) {
      seenSince.set(element, null);
      ensureObserver().observe(element);
      changed();
      return () => {
        seenSince.delete(element);
        observer?.unobserve(element);
        changed();
      };
    },
    dispose() {
      observer?.disconnect();
      observer = null;
      seenSince.clear();
      changed();
      clearTimeout(settling);
    },
  };
}
