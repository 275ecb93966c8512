import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clickGuardFor,
  createClickGuard,
  SETTLE_MS,
  tracksVisibility,
  VISIBILITY_DELAY_MS,
  type ObserverConstructor,
  type VisibilityEntry,
} from './click-guard';

/** A stand-in IntersectionObserver v2: the test says what the browser would report. */
function fakeObserver() {
  const made: FakeObserver[] = [];
  class FakeObserver {
    readonly targets = new Set<Element>();
    constructor(
      readonly callback: (entries: VisibilityEntry[]) => void,
      readonly options: { trackVisibility: boolean; delay: number; threshold: number[] },
    ) {
      made.push(this);
    }
    observe(target: Element) {
      this.targets.add(target);
    }
    unobserve(target: Element) {
      this.targets.delete(target);
    }
    disconnect() {
      this.targets.clear();
    }
  }
  const report = (target: Element, over: Partial<VisibilityEntry> = {}) => {
    for (const observer of made) {
      if (observer.targets.has(target)) {
        observer.callback([{ target, isIntersecting: true, intersectionRatio: 1, isVisible: true, ...over }]);
      }
    }
  };
  return { Observer: FakeObserver as ObserverConstructor, made, report };
}

function setup() {
  const fake = fakeObserver();
  let time = 10_000;
  const guard = createClickGuard({ Observer: fake.Observer, now: () => time });
  const body = document.createElement('body');
  const stop = guard.watch(body);
  const wait = (ms: number) => (time += ms);
  return { ...fake, guard, body, stop, wait };
}

describe('click guard, where the browser tracks visibility', () => {
  it('observes with visibility tracking at the browser’s smallest delay', () => {
    const { made, body, guard } = setup();
    expect(guard.mode).toBe('visibility');
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toEqual({
      trackVisibility: true,
      delay: VISIBILITY_DELAY_MS,
      threshold: [0, 1],
    });
    expect(made[0]!.targets.has(body)).toBe(true);
  });

  it('refuses a click before the browser has said anything', () => {
    const { guard, wait } = setup();
    wait(10_000);
    expect(guard.check()).toBe('covered');
  });

  it('accepts a click once the sidebar has been seen whole for the settling time, not before', () => {
    const { guard, body, report, wait } = setup();
    report(body);
    expect(guard.check()).toBe('covered');
    wait(SETTLE_MS - 1);
    expect(guard.check()).toBe('covered');
    wait(1);
    expect(guard.check()).toBe('record');
    // Reported visible again (a threshold crossed without a change): the clock does not restart.
    report(body);
    expect(guard.check()).toBe('record');
  });

  it.each<[string, Partial<VisibilityEntry>]>([
    ['covered or transparent', { isVisible: false }],
    ['off screen', { isIntersecting: false, intersectionRatio: 0, isVisible: false }],
    ['partly off screen', { intersectionRatio: 0.4 }],
    ['no visibility reported', { isVisible: undefined }],
  ])('refuses a click while the sidebar is %s, and restarts the clock after', (_name, entry) => {
    const { guard, body, report, wait } = setup();
    report(body);
    wait(SETTLE_MS);
    expect(guard.check()).toBe('record');
    report(body, entry);
    expect(guard.check()).toBe('covered');
    wait(5_000);
    expect(guard.check()).toBe('covered');
    // The page shows the sidebar again right before the click it expects.
    report(body);
    wait(SETTLE_MS / 2);
    expect(guard.check()).toBe('covered');
    wait(SETTLE_MS / 2);
    expect(guard.check()).toBe('record');
  });

  it('refuses a click that comes right after the person shown changed, even with the sidebar in view', () => {
    const { guard, body, report, wait } = setup();
    report(body);
    wait(SETTLE_MS);
    expect(guard.check()).toBe('record');
    guard.personChanged();
    wait(SETTLE_MS - 1);
    expect(guard.check()).toBe('changed');
    wait(1);
    expect(guard.check()).toBe('record');
  });

  it('stops watching an element, and refuses everything once disposed', () => {
    const { guard, body, report, wait, made, stop } = setup();
    report(body);
    wait(SETTLE_MS);
    stop();
    expect(made[0]!.targets.has(body)).toBe(false);
    expect(guard.check()).toBe('covered');
    const again = guard.watch(body);
    report(body);
    wait(SETTLE_MS);
    expect(guard.check()).toBe('record');
    guard.dispose();
    expect(made[0]!.targets.size).toBe(0);
    expect(guard.check()).toBe('covered');
    again();
  });

  it('ignores reports about elements it does not watch', () => {
    const { guard, body, report, wait, made } = setup();
    const other = document.createElement('div');
    made[0]!.callback([{ target: other, isIntersecting: true, intersectionRatio: 1, isVisible: true }]);
    wait(SETTLE_MS);
    expect(guard.check()).toBe('covered');
    report(body);
    wait(SETTLE_MS);
    expect(guard.check()).toBe('record');
  });
});

describe('click guard: telling the frame when the verdict changes', () => {
  afterEach(() => vi.useRealTimers());

  it('says changed while a person just shown settles, then record by itself', () => {
    vi.useFakeTimers();
    const fake = fakeObserver();
    const told: string[] = [];
    const guard = createClickGuard({
      Observer: fake.Observer,
      now: () => Date.now(),
      onChange: (v) => told.push(v),
    });
    const body = document.createElement('body');
    guard.watch(body);
    fake.report(body);
    vi.advanceTimersByTime(SETTLE_MS);
    guard.personChanged();
    expect(told).toEqual(['covered', 'record', 'changed']);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(told).toEqual(['covered', 'record', 'changed', 'record']);
  });

  it('says covered at first, record once the sidebar has settled in view, covered when hidden', () => {
    vi.useFakeTimers();
    const fake = fakeObserver();
    const told: string[] = [];
    const guard = createClickGuard({
      Observer: fake.Observer,
      now: () => Date.now(),
      onChange: (verdict) => told.push(verdict),
    });
    const body = document.createElement('body');
    guard.watch(body);
    expect(told).toEqual(['covered']);
    fake.report(body);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(told).toEqual(['covered']);
    vi.advanceTimersByTime(1);
    expect(told).toEqual(['covered', 'record']);
    expect(guard.check()).toBe('record');
    fake.report(body, { isVisible: false });
    expect(told).toEqual(['covered', 'record', 'covered']);
    // Shown again, and hidden before it settled: no 'record' in between.
    fake.report(body);
    vi.advanceTimersByTime(SETTLE_MS / 2);
    fake.report(body, { isVisible: false });
    vi.advanceTimersByTime(SETTLE_MS * 2);
    expect(told).toEqual(['covered', 'record', 'covered']);
    guard.dispose();
  });

  it('says confirm at once where the browser cannot tell', () => {
    const told: string[] = [];
    createClickGuard({ onChange: (verdict) => told.push(verdict) });
    expect(told).toEqual(['confirm']);
  });
});

describe('click guard, where it does not (Firefox)', () => {
  afterEach(() => vi.useRealTimers());

  it('asks for a confirmation, whose button works once it has been shown for the settling time', () => {
    vi.useFakeTimers();
    const guard = createClickGuard({});
    expect(guard.mode).toBe('confirm');
    expect(guard.check()).toBe('confirm');
    const ready = vi.fn();
    guard.confirmation(ready);
    // The second half of a double click comes sooner than that.
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledTimes(1);
    expect(() => guard.watch(document.createElement('body'))()).not.toThrow();
  });

  it('a confirmation that goes away first never becomes ready', () => {
    vi.useFakeTimers();
    const guard = createClickGuard({});
    const ready = vi.fn();
    const cancel = guard.confirmation(ready);
    cancel();
    vi.advanceTimersByTime(SETTLE_MS * 2);
    expect(ready).not.toHaveBeenCalled();
  });
});

describe('tracksVisibility and clickGuardFor', () => {
  const { Observer } = fakeObserver();
  class EntryV1 {}
  class EntryV2 {
    get isVisible() {
      return false;
    }
  }

  it.each([
    [
      'IntersectionObserver v2 (Chromium)',
      { IntersectionObserver: Observer, IntersectionObserverEntry: EntryV2 },
      true,
    ],
    [
      'v1 only (Firefox, Safari)',
      { IntersectionObserver: Observer, IntersectionObserverEntry: EntryV1 },
      false,
    ],
    ['no IntersectionObserver', {}, false],
  ])('%s', (_name, win, expected) => {
    expect(tracksVisibility(win)).toBe(expected);
    expect(clickGuardFor(win).mode).toBe(expected ? 'visibility' : 'confirm');
  });
});
