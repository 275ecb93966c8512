import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import { mountRefusal, mountSidebar } from './mount';
import { createSidebarState } from './state';
import { EMAIL, testDeps, testGuard } from './test-data';

afterEach(() => document.body.replaceChildren());

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('mountSidebar', () => {
  it('renders into a shadow root with its stylesheet, follows the theme, and cleans up', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const state = createSidebarState(testDeps());
    const theme = signal<'light' | 'dark'>('light');
    const unmount = mountSidebar(shadow, state, { theme, guard: testGuard() });

    expect(shadow.querySelector('style')?.textContent).toContain(':host{all:initial;}');
    expect(shadow.querySelector('aside')?.getAttribute('aria-label')).toBe('Loopline');
    // Nothing leaks into the page's own document.
    expect(document.querySelector('aside')).toBeNull();

    state.select(EMAIL);
    await tick();
    await tick();
    expect(shadow.querySelector('h2')?.textContent).toBe('Dana Whitfield');

    theme.value = 'dark';
    await tick();
    expect(shadow.querySelector('aside')?.getAttribute('data-theme')).toBe('dark');

    unmount();
    expect(shadow.childNodes).toHaveLength(0);
    state.dispose();
  });
});

describe('mountRefusal', () => {
  it('shows only the refusal, in the sidebar’s styles, and cleans up', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const unmount = mountRefusal(host, {
      theme: 'dark',
      message: "Loopline's sidebar only runs docked by Loopline on Gmail.",
    });
    const aside = host.querySelector('aside');
    expect(aside?.getAttribute('aria-label')).toBe('Loopline');
    expect(aside?.getAttribute('data-theme')).toBe('dark');
    expect(host.querySelector('[role="alert"]')?.textContent).toBe(
      "Loopline's sidebar only runs docked by Loopline on Gmail.",
    );
    expect(host.querySelectorAll('button')).toHaveLength(0);
    unmount();
    expect(host.childNodes).toHaveLength(0);
  });
});
