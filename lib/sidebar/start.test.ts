import { signal } from '@preact/signals';
import { options } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SlaClock } from '../../components/SlaClock';
import type { Theme } from '../../components/styles';
import type { SidebarSettings } from '../messaging/protocol';
import { err, type Result } from '../messaging/result';
import { DEFAULT_DEFINITIONS, SlaSettings } from '../settings/schema';
import type { FrameAncestry } from './docking';
import type { LinkPort } from './link';
import type { FrameStartOptions as StartOptions } from './start';
import { TICK_MS } from './frame';
import { RECONNECT_DELAYS_MS, startSidebarFrame, type StartedFrame } from './start';
import { EMAIL, NOW, ok, testDeps, testGuard } from './test-data';
import { portPair } from './test-port';

const GMAIL = 'https://mail.google.com';
const DOCKED: FrameAncestry = { origins: [GMAIL], depth: 1 };

const SETTINGS: SidebarSettings = {
  outcomes: [{ key: 'demo', label: 'Demo done', needs: 'none', stage: 'other' }],
  definitions: { ...DEFAULT_DEFINITIONS },
  sla: SlaSettings.parse({ hours: 4 }),
  you: 'Sam Rivera',
  open: false,
  site: 'gmail',
  pageOrigin: GMAIL,
};

const started: StartedFrame[] = [];
afterEach(() => {
  for (const frame of started.splice(0)) frame.state.dispose();
  document.body.replaceChildren();
  vi.useRealTimers();
});

/** A frame about to start, with the content script's ends of its connections kept. */
function setup(
  settings: Result<SidebarSettings> | (() => Result<SidebarSettings>) = ok(SETTINGS),
  ancestry: FrameAncestry = DOCKED,
  calls: Partial<StartOptions['calls']> = {},
) {
  const root = document.createElement('div');
  document.body.append(root);
  const pages: LinkPort[] = [];
  const connect = vi.fn(async () => {
    const [page, frame] = portPair();
    pages.push(page);
    return frame;
  });
  const requestLead = vi.fn(testDeps().requestLead);
  const guard = testGuard();
  const start = async () => {
    const frame = await startSidebarFrame({
      root,
      theme: signal<Theme>('light'),
      ancestry,
      guard,
      visibleArea: document.body,
      settings: async () => (typeof settings === 'function' ? settings() : settings),
      calls: { ...testDeps(), requestLead, ...calls },
      online: true,
      connect,
    });
    if (frame) started.push(frame);
    return frame;
  };
  return { root, pages, connect, requestLead, guard, start };
}

describe('starting the sidebar frame', () => {
  it('docked by Loopline: draws the sidebar as the settings say, connects, watches what a click needs seen', async () => {
    const { root, pages, connect, requestLead, guard, start } = setup();
    const frame = await start();
    expect(frame?.state.open.value).toBe(false);
    expect(frame?.state.config.value.outcomes.map((type) => type.label)).toEqual(['Demo done']);
    expect(frame?.state.config.value.you).toBe('Sam Rivera');
    expect(root.querySelector('aside[aria-label="Loopline"]')).not.toBeNull();
    expect(guard.watched).toEqual([document.body]);
    expect(connect).toHaveBeenCalledTimes(1);
    pages[0]!.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL });
    expect(requestLead).toHaveBeenCalledWith(EMAIL, { refresh: false });
  });

  it.each<[string, FrameAncestry, string | null, string]>([
    ['framed by another site', { origins: ['https://evil.example'], depth: 1 }, GMAIL, 'Gmail'],
    [
      'inside another frame of the page',
      { origins: ['https://ads.example', GMAIL], depth: 2 },
      GMAIL,
      'Gmail',
    ],
    ['opened on its own', { origins: [], depth: 0 }, GMAIL, 'Gmail'],
    [
      'in a tab Loopline does not run on',
      { origins: ['https://evil.example'], depth: 1 },
      null,
      'the sites set up in its options',
    ],
  ])('%s: says so, and neither connects nor asks for a lead', async (_name, ancestry, pageOrigin, where) => {
    const { root, connect, requestLead, guard, start } = setup(
      ok({ ...SETTINGS, pageOrigin, site: pageOrigin ? 'gmail' : null }),
      ancestry,
    );
    expect(await start()).toBeNull();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      `Loopline's sidebar only runs docked by Loopline on ${where}.`,
    );
    expect(root.querySelectorAll('button')).toHaveLength(0);
    expect(connect).not.toHaveBeenCalled();
    expect(requestLead).not.toHaveBeenCalled();
    expect(guard.watched).toEqual([]);
  });

  it('without settings (the background did not answer) it cannot tell where it is: it does nothing', async () => {
    const { root, connect, start } = setup(err('unavailable', 'Loopline was updated or restarted.'));
    expect(await start()).toBeNull();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      "Loopline's sidebar could not start: Loopline was updated or restarted.",
    );
    expect(connect).not.toHaveBeenCalled();
  });

  it('connects again a few times when the content script refused it, then stops', async () => {
    vi.useFakeTimers();
    const { pages, connect, start } = setup();
    await start();
    for (const delay of RECONNECT_DELAYS_MS) {
      const tries = connect.mock.calls.length;
      pages.at(-1)!.disconnect();
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(connect).toHaveBeenCalledTimes(tries);
      await vi.advanceTimersByTimeAsync(1);
      expect(connect).toHaveBeenCalledTimes(tries + 1);
    }
    pages.at(-1)!.disconnect();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connect).toHaveBeenCalledTimes(RECONNECT_DELAYS_MS.length + 1);
  });

  it('an accepted connection that closes is the page going away: no new try', async () => {
    vi.useFakeTimers();
    const { pages, connect, start } = setup();
    const frame = await start();
    pages[0]!.postMessage({ type: 'theme', theme: 'dark' });
    pages[0]!.disconnect();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(frame?.state.status.value).toBe('idle');
  });

  it('settings changed in Options: the sidebar takes them, and the content script is told', async () => {
    let current = SETTINGS;
    const { pages, start } = setup(() => ok(current));
    const frame = (await start())!;
    const told: unknown[] = [];
    pages[0]!.onMessage.addListener((message) => told.push(message));
    current = { ...SETTINGS, sla: SlaSettings.parse({ hours: 8 }) };
    frame.onBackgroundMessage({ type: 'sidebar.configChanged', payload: {} });
    expect(told).toEqual([{ type: 'configChanged' }]);
    await vi.waitFor(() => expect(frame.state.config.value.sla.hours).toBe(8));
  });
});

describe('the sidebar frame over time', () => {
  /** Counts renders of the SLA clock (Preact calls `diffed` once per rendered component). */
  function countClockRenders() {
    const previous = options.diffed;
    const count = { renders: 0 };
    options.diffed = (vnode) => {
      if (vnode.type === SlaClock) count.renders++;
      previous?.(vnode);
    };
    return { count, restore: () => (options.diffed = previous) };
  }

  let visibility: DocumentVisibilityState = 'visible';
  const setVisibility = (next: DocumentVisibilityState) => {
    visibility = next;
    document.dispatchEvent(new Event('visibilitychange'));
  };

  it('renders the SLA clock once a minute, and not at all while the tab is hidden', async () => {
    vi.useFakeTimers({ now: NOW });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    const { count, restore } = countClockRenders();
    try {
      const { pages, start } = setup(ok({ ...SETTINGS, open: true }), DOCKED, { now: () => Date.now() });
      const frame = await start();
      pages[0]!.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL });
      await vi.advanceTimersByTimeAsync(0);
      expect(frame?.state.slaClock.value.kind).toBe('overdue');
      expect(count.renders).toBeGreaterThan(0);

      count.renders = 0;
      await vi.advanceTimersByTimeAsync(TICK_MS - 1);
      expect(count.renders).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(count.renders).toBe(1);
      await vi.advanceTimersByTimeAsync(3 * TICK_MS);
      expect(count.renders).toBe(4);

      // Hidden: nothing moves, however long.
      setVisibility('hidden');
      await vi.advanceTimersByTimeAsync(30 * TICK_MS);
      expect(count.renders).toBe(4);
      expect(vi.getTimerCount()).toBe(0);

      // Shown again: current at once, then once a minute.
      setVisibility('visible');
      await vi.advanceTimersByTimeAsync(0);
      expect(count.renders).toBe(5);
      await vi.advanceTimersByTimeAsync(TICK_MS);
      expect(count.renders).toBe(6);
    } finally {
      restore();
      setVisibility('visible');
      Reflect.deleteProperty(document, 'visibilityState');
    }
  });
});
