import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageTheme, watchTheme, type Theme } from './theme';

const controllers: AbortController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
  document.head.replaceChildren();
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('style');
});

/** Resolves after the frame after now is drawn and its timers have run. */
const nextFrame = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0)));

function watch() {
  const controller = new AbortController();
  controllers.push(controller);
  const seen: Theme[] = [];
  watchTheme(document, (theme) => seen.push(theme), controller.signal);
  return { seen, controller };
}

describe('pageTheme', () => {
  it('reads a dark or light background from the body, then the root element', () => {
    document.body.style.backgroundColor = 'rgb(20, 22, 26)';
    expect(pageTheme(document)).toBe('dark');
    document.body.style.backgroundColor = 'transparent';
    document.documentElement.style.backgroundColor = 'rgb(250, 250, 250)';
    expect(pageTheme(document)).toBe('light');
  });
});

describe('watchTheme', () => {
  it('reads the theme again when the body changes, once for many changes in one frame', async () => {
    const { seen } = watch();
    document.body.style.backgroundColor = 'rgb(200, 200, 200)';
    // Each change delivered to the observer on its own before the frame.
    await Promise.resolve();
    document.body.style.backgroundColor = 'rgb(20, 22, 26)';
    await Promise.resolve();
    document.body.className = 'dark-mode';
    await nextFrame();
    expect(seen).toEqual(['dark']);
  });

  it('reads the theme again when a stylesheet arrives in the head', async () => {
    const { seen } = watch();
    const style = document.createElement('style');
    style.textContent = 'html { background-color: rgb(10, 10, 10); }';
    document.head.append(style);
    await nextFrame();
    expect(seen).toEqual(['dark']);
  });

  it('reads again when a stylesheet in the head is edited or removed', async () => {
    const style = document.createElement('style');
    style.textContent = 'html { background-color: rgb(10, 10, 10); }';
    document.head.append(style);
    const { seen } = watch();
    style.textContent = 'html { background-color: rgb(250, 250, 250); }';
    await nextFrame();
    style.textContent = 'html { background-color: rgb(10, 10, 10); }';
    await nextFrame();
    style.remove();
    await nextFrame();
    expect(seen).toEqual(['light', 'dark', 'light']);
  });

  it('costs nothing on navigation, a new title or favicon, or changes inside the page, and stops when aborted', async () => {
    const title = document.createElement('title');
    title.textContent = 'Inbox (3) - sam@northwind.io - Gmail';
    const icon = document.createElement('link');
    icon.rel = 'icon';
    icon.href = 'https://ssl.gstatic.com/ui/v1/icons/mail/images/favicon5.ico';
    document.head.append(title, icon);
    const { seen, controller } = watch();
    location.hash = '#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq';
    title.textContent = 'Pricing for 40 seats - sam@northwind.io - Gmail';
    icon.href = 'https://ssl.gstatic.com/ui/v1/icons/mail/images/favicon5_2.ico';
    const div = document.createElement('div');
    document.body.append(div);
    div.setAttribute('style', 'background: black');
    await nextFrame();
    expect(seen).toEqual([]);
    controller.abort();
    document.body.style.backgroundColor = 'rgb(20, 22, 26)';
    await nextFrame();
    expect(seen).toEqual([]);
    div.remove();
  });

  it('follows the system colour scheme changing', async () => {
    const listeners: (() => void)[] = [];
    const matchMedia = vi.spyOn(window, 'matchMedia').mockImplementation(
      (query: string) =>
        ({
          matches: true,
          media: query,
          addEventListener: (_type: string, listener: () => void) => listeners.push(listener),
          removeEventListener: () => {},
        }) as unknown as MediaQueryList,
    );
    try {
      const { seen } = watch();
      expect(listeners).toHaveLength(1);
      listeners[0]?.();
      await nextFrame();
      // Nothing on the page says light or dark: the system's scheme decides.
      expect(seen).toEqual(['dark']);
    } finally {
      matchMedia.mockRestore();
    }
  });
});
