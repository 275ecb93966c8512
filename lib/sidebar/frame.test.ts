import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../components/styles';
import { applyBackgroundMessage, linkFrame, sidebarConfigFrom } from './frame';
import type { ToPage } from './link';
import { createSidebarState, type SidebarState } from './state';
import { EMAIL, testDeps } from './test-data';
import { portPair } from './test-port';

const states: SidebarState[] = [];
afterEach(() => {
  for (const state of states.splice(0)) state.dispose();
});

/** A sidebar frame linked to a content-script end that records the layouts it is told. */
function setup(tabHeight = 96) {
  const [page, framePort] = portPair();
  const state = createSidebarState(testDeps({ setOpen: vi.fn() }));
  states.push(state);
  const theme = signal<Theme>('light');
  const layouts: ToPage[] = [];
  page.onMessage.addListener((message) => layouts.push(message as ToPage));
  const link = linkFrame({ state, theme, port: framePort, tabHeight: () => tabHeight });
  return { page, state, theme, layouts, link };
}

describe('sidebar frame link', () => {
  it('says at once that the sidebar is open, and shows the people the page sends', () => {
    const { page, state, layouts } = setup();
    expect(layouts).toEqual([{ type: 'layout', open: true, tabHeight: 0 }]);
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

  it('collapses on toggle and reports the tab’s height; opening reports the full sidebar', () => {
    const { page, state, layouts } = setup(131.2);
    page.postMessage({ type: 'toggle' });
    expect(state.open.value).toBe(false);
    page.postMessage({ type: 'toggle' });
    expect(state.open.value).toBe(true);
    expect(layouts).toEqual([
      { type: 'layout', open: true, tabHeight: 0 },
      { type: 'layout', open: false, tabHeight: 132 },
      { type: 'layout', open: true, tabHeight: 0 },
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

  it('reads the sidebar config from a reply, keeping only the salesperson’s name of `you`', () => {
    const config = sidebarConfigFrom({
      you: { name: 'Sam Rivera', ownAddresses: ['sam@tidemark.example'] },
      sla: { hours: 4, businessHoursOnly: false },
    });
    expect(config.you).toBe('Sam Rivera');
    expect(config.sla.hours).toBe(4);
    expect(sidebarConfigFrom(null)).toEqual(sidebarConfigFrom({}));
    expect(sidebarConfigFrom({ you: { name: { toString: 'x' } } }).you).toBe('');
  });
});
