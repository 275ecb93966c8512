import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../components/styles';
import { afterNextPaint, applyBackgroundMessage, isFromBackground, linkFrame } from './frame';
import type { ToPage } from './link';
import { createSidebarState, type SidebarDeps, type SidebarState } from './state';
import { EMAIL, hoursAgo, leadView, ok, testDeps } from './test-data';
import { portPair } from './test-port';

const states: SidebarState[] = [];
afterEach(() => {
  for (const state of states.splice(0)) state.dispose();
});

/** A sidebar frame linked to a content-script end that records the layouts it is told. */
function setup(deps: Partial<SidebarDeps> = {}, onRefused?: () => void) {
  const [page, framePort] = portPair();
  const state = createSidebarState(testDeps({ setOpen: vi.fn(), ...deps }));
  states.push(state);
  const theme = signal<Theme>('light');
  const layouts: ToPage[] = [];
  page.onMessage.addListener((message) => layouts.push(message as ToPage));
  const link = linkFrame({ state, theme, port: framePort, onRefused });
  return { page, state, theme, layouts, link };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sidebar frame link', () => {
  it('says at once that the sidebar is open, and shows the people the page sends', () => {
    const { page, state, layouts } = setup();
    expect(layouts).toEqual([{ type: 'layout', open: true }]);
    page.postMessage({
      type: 'people',
      people: [
        { email: 'ben@brightwater.example', name: 'Ben', role: 'to' },
        { email: EMAIL, name: 'Dana', role: 'sender' },
      ],
      preferred: EMAIL,
    });
    expect(state.people.value.map((p) => p.email)).toEqual(['ben@brightwater.example', EMAIL]);
    expect(state.selected.value).toBe(EMAIL);
  });

  it('asks nothing about people told ahead of their report, until the page says it reported them', async () => {
    const requestLead = vi.fn(async () => ok(leadView()));
    const { page, state } = setup({ requestLead });
    page.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL, ahead: true });
    await settle();
    expect(requestLead).not.toHaveBeenCalled();
    expect(state.status.value).toBe('idle');
    page.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL });
    await settle();
    expect(requestLead).toHaveBeenCalledTimes(1);
    expect(state.status.value).toBe('ready');
  });

  it('collapses on toggle and says so; opening says open', () => {
    const { page, state, layouts } = setup();
    page.postMessage({ type: 'toggle' });
    expect(state.open.value).toBe(false);
    page.postMessage({ type: 'toggle' });
    expect(state.open.value).toBe(true);
    expect(layouts).toEqual([
      { type: 'layout', open: true },
      { type: 'layout', open: false },
      { type: 'layout', open: true },
    ]);
  });

  it('tells the page nothing about the lead: the same layouts for an overdue lead as for nobody', async () => {
    const overdue = leadView({ lead: { ...leadView().lead!, mqlAt: hoursAgo(30) } });
    const late = setup({ requestLead: async () => ok(overdue) });
    late.page.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL });
    await settle();
    expect(late.state.slaClock.value.kind).toBe('overdue');
    const nobody = setup();
    for (const { page, link } of [late, nobody]) {
      page.postMessage({ type: 'toggle' });
      link.reportLayout();
      page.postMessage({ type: 'toggle' });
      page.postMessage({ type: 'toggle' });
    }
    expect(late.layouts).toEqual(nobody.layouts);
    expect(late.layouts).toEqual([
      { type: 'layout', open: true },
      { type: 'layout', open: false },
      { type: 'layout', open: true },
      { type: 'layout', open: false },
    ]);
  });

  it('reports a layout only when it changed', () => {
    const { layouts, link } = setup();
    link.reportLayout();
    link.reportLayout();
    expect(layouts).toHaveLength(1);
  });

  it('follows the page’s theme', () => {
    const { page, theme } = setup();
    page.postMessage({ type: 'theme', theme: 'dark' });
    expect(theme.value).toBe('dark');
  });

  it.each([
    ['null', null],
    ['a string', 'toggle'],
    ['an unknown type', { type: 'select', email: EMAIL }],
    ['people that is not a list', { type: 'people', people: EMAIL }],
    ['an address as an object', { type: 'people', people: [{ email: { toString: 'x' } }] }],
    ['an unknown role', { type: 'people', people: [{ email: EMAIL, role: 'admin' }] }],
    [
      'too many people',
      { type: 'people', people: Array.from({ length: 1001 }, (_, i) => ({ email: `p${i}@x.example` })) },
    ],
    ['an unknown theme', { type: 'theme', theme: 'url(javascript:alert(1))' }],
  ])('drops %s', (_name, message) => {
    const { page, state, theme } = setup();
    expect(() => page.postMessage(message)).not.toThrow();
    expect(state.people.value).toEqual([]);
    expect(state.open.value).toBe(true);
    expect(theme.value).toBe('light');
  });

  it('clears the sidebar when the page side goes away, and ignores anything after', () => {
    const { page, state, layouts, link } = setup();
    page.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL });
    expect(state.status.value).toBe('loading');
    page.disconnect();
    expect(state.selected.value).toBeNull();
    expect(state.status.value).toBe('idle');
    state.toggle();
    link.reportLayout();
    expect(layouts).toHaveLength(1);
  });

  it('a port closed before the content script said anything was refused: it says so, and sends nothing more', () => {
    const onRefused = vi.fn();
    const { page, state, layouts, link } = setup({}, onRefused);
    page.disconnect();
    expect(onRefused).toHaveBeenCalledTimes(1);
    state.toggle();
    link.reportLayout();
    link.reportConfigChanged();
    expect(layouts).toEqual([{ type: 'layout', open: true }]);
  });

  it('a port closed after the content script spoke is the page going away, not a refusal', () => {
    const onRefused = vi.fn();
    const { page, state } = setup({}, onRefused);
    page.postMessage({ type: 'theme', theme: 'dark' });
    page.postMessage({ type: 'people', people: [{ email: EMAIL }], preferred: EMAIL });
    page.disconnect();
    expect(onRefused).not.toHaveBeenCalled();
    expect(state.selected.value).toBeNull();
    expect(state.status.value).toBe('idle');
  });
});

describe('messages from the background', () => {
  it('fetches the settings again when they changed, and ignores other messages', () => {
    const state = createSidebarState(testDeps());
    states.push(state);
    const onConfigChanged = vi.fn();
    applyBackgroundMessage(state, { type: 'sidebar.configChanged', payload: {} }, onConfigChanged);
    applyBackgroundMessage(state, { type: 'settings.save', payload: {} }, onConfigChanged);
    applyBackgroundMessage(state, 'sidebar.configChanged', onConfigChanged);
    expect(onConfigChanged).toHaveBeenCalledTimes(1);
  });

  it('applies a pushed lead, and refuses a malformed one without changing what is shown', async () => {
    const state = createSidebarState(testDeps());
    states.push(state);
    state.select(EMAIL);
    await settle();
    const shown = state.view.value;
    const refused = applyBackgroundMessage(state, {
      type: 'lead.updated',
      payload: { ...leadView(), touchpoints: 'all of them' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!refused.ok) expect(refused.error.message).toContain('payload.touchpoints');
    expect(state.view.value).toBe(shown);

    const renamed = leadView({ lead: { ...leadView().lead!, name: 'Dana Renamed' } });
    expect(applyBackgroundMessage(state, { type: 'lead.updated', payload: renamed })).toMatchObject({
      ok: true,
    });
    expect(state.view.value?.lead?.name).toBe('Dana Renamed');
  });

  it("hears only Loopline's background: its id, and no tab", () => {
    const ID = 'loopline-id';
    expect(isFromBackground({ id: ID }, ID)).toBe(true);
    expect(isFromBackground({ id: ID, tab: { id: 3 } }, ID)).toBe(false);
    expect(isFromBackground({ id: 'another-extension' }, ID)).toBe(false);
    expect(isFromBackground({}, ID)).toBe(false);
  });
});

describe('afterNextPaint', () => {
  /** A window whose animation frames and timers run when the test says so. */
  function fakeWindow() {
    const frames: (() => void)[] = [];
    let timers: { at: number; run: () => void; id: number }[] = [];
    let now = 0;
    let ids = 0;
    const win = {
      requestAnimationFrame: (run: () => void) => frames.push(run),
      setTimeout: (run: () => void, ms = 0) => {
        timers.push({ at: now + ms, run, id: ++ids });
        return ids;
      },
      clearTimeout: (id: number) => void (timers = timers.filter((timer) => timer.id !== id)),
    } as unknown as Pick<Window, 'requestAnimationFrame' | 'setTimeout' | 'clearTimeout'>;
    const advance = (ms: number) => {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      for (const timer of due) timer.run();
    };
    return { win, frame: () => frames.splice(0).forEach((run) => run()), advance };
  }

  it('runs after the next frame has been drawn, once', () => {
    const { win, frame, advance } = fakeWindow();
    const run = vi.fn();
    afterNextPaint(win, 250)(run);
    advance(100);
    expect(run).not.toHaveBeenCalled();
    frame();
    expect(run).not.toHaveBeenCalled();
    advance(0);
    expect(run).toHaveBeenCalledTimes(1);
    advance(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs anyway when no frame is drawn (a hidden tab), once', () => {
    const { win, frame, advance } = fakeWindow();
    const run = vi.fn();
    afterNextPaint(win, 250)(run);
    advance(250);
    expect(run).toHaveBeenCalledTimes(1);
    frame();
    advance(0);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
