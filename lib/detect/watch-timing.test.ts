/**
 * When the watcher detects, counted on fake timers (never timed): at once for the first change of
 * a view the adapter reads from the page, after its quiet time for the rest of a burst, for a
 * location change, and for an adapter whose view comes from the URL.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../sites/fixture-helper';
import { gmailAdapter } from '../sites/gmail';
import type { Detection, SiteAdapter } from '../sites/types';
import { createPageWatcher } from './watch';

const THREAD_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdRr';
const QUIET_MS = 30;

const controllers: AbortController[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
  vi.useRealTimers();
});

/** Mutation observers are told in a microtask; then `ms` of timers run. */
async function elapse(ms: number) {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  vi.advanceTimersByTime(ms);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A saved Gmail page with a thread open, watched with the adapter given. */
function watchThread(adapter: SiteAdapter = gmailAdapter) {
  const doc = loadFixture('gmail/inline-reply.html');
  const controller = new AbortController();
  controllers.push(controller);
  const seen: Detection[] = [];
  const detect = vi.fn(adapter.detect);
  const state = { url: THREAD_URL };
  const watcher = createPageWatcher({
    adapter: { ...adapter, detect },
    doc,
    getUrl: () => state.url,
    signal: controller.signal,
    onDetection: (detection) => seen.push(detection),
    debounceMs: QUIET_MS,
  });
  const addCc = (email: string) => {
    const chip = doc.createElement('div');
    chip.setAttribute('role', 'option');
    chip.setAttribute('data-hovercard-id', email);
    doc.querySelector('div[name="cc"] [role="listbox"]')!.append(chip);
  };
  return { doc, seen, detect, watcher, addCc, state };
}

const emails = (detection: Detection | undefined) => detection?.candidates.map((c) => c.email) ?? [];

describe('page watcher timing', () => {
  it('detects the first change of a view read from the page at once, without its quiet time', async () => {
    const { seen, detect, addCc } = watchThread();
    const runs = detect.mock.calls.length;
    // Long after the last detection: nothing to fold this change into.
    await elapse(10 * QUIET_MS);
    addCc('first@acme-analytics.com');
    await elapse(0);
    expect(detect.mock.calls.length).toBe(runs + 1);
    expect(emails(seen.at(-1))).toContain('first@acme-analytics.com');
  });

  it('folds the rest of a burst into one detection a quiet time later', async () => {
    const { seen, detect, addCc } = watchThread();
    await elapse(10 * QUIET_MS);
    addCc('first@acme-analytics.com');
    await elapse(0);
    const runs = detect.mock.calls.length;
    addCc('second@acme-analytics.com');
    await elapse(1);
    addCc('third@acme-analytics.com');
    await elapse(1);
    expect(detect.mock.calls.length).toBe(runs);
    await elapse(QUIET_MS);
    expect(detect.mock.calls.length).toBe(runs + 1);
    expect(emails(seen.at(-1))).toEqual(
      expect.arrayContaining(['second@acme-analytics.com', 'third@acme-analytics.com']),
    );
  });

  it('waits its quiet time after a location change, before the new view has rendered', async () => {
    const { detect, watcher, state } = watchThread();
    await elapse(10 * QUIET_MS);
    const runs = detect.mock.calls.length;
    state.url = 'https://mail.google.com/mail/u/0/#inbox';
    watcher.onLocationChange();
    await elapse(0);
    expect(detect.mock.calls.length).toBe(runs);
    await elapse(QUIET_MS);
    expect(detect.mock.calls.length).toBe(runs + 1);
  });

  it('detects at once when the view a location change named starts to render', async () => {
    const { seen, detect, watcher, state, addCc } = watchThread();
    await elapse(10 * QUIET_MS);
    const runs = detect.mock.calls.length;
    state.url = `${THREAD_URL}?compose=new`;
    watcher.onLocationChange();
    await elapse(1);
    addCc('arrived@acme-analytics.com');
    await elapse(0);
    expect(detect.mock.calls.length).toBe(runs + 1);
    expect(emails(seen.at(-1))).toContain('arrived@acme-analytics.com');
    // The location change's own wait is not run again on top.
    await elapse(QUIET_MS);
    expect(detect.mock.calls.length).toBe(runs + 1);
  });

  it('waits its quiet time for an adapter whose view comes from the URL', async () => {
    const fromUrl: SiteAdapter = { ...gmailAdapter, watch: { ...gmailAdapter.watch!, viewFromPage: false } };
    const { seen, detect, addCc } = watchThread(fromUrl);
    await elapse(10 * QUIET_MS);
    const runs = detect.mock.calls.length;
    addCc('first@acme-analytics.com');
    await elapse(0);
    expect(detect.mock.calls.length).toBe(runs);
    await elapse(QUIET_MS);
    expect(detect.mock.calls.length).toBe(runs + 1);
    expect(emails(seen.at(-1))).toContain('first@acme-analytics.com');
  });
});
