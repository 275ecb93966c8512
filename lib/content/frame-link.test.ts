import { describe, expect, it, vi } from 'vitest';
import type { ToFrame, ToPage } from '../sidebar/link';
import { portPair } from '../sidebar/test-port';
import { createDock, DEFAULT_TAB_HEIGHT, OPEN_WIDTH, TAB_WIDTH } from './dock';
import { createFrameLink, isOurFrame } from './frame-link';

const ADA = { email: 'ada.lane@kelp-energy.example', name: 'Ada Lane', role: 'sender' as const };
const BEN = { email: 'ben.okafor@brightwater.example', name: 'Ben Okafor', role: 'to' as const };

/** A link whose handlers record what the frame said (layouts and settings changes, in order). */
function recordingLink() {
  const fromFrame: ToPage[] = [];
  const link = createFrameLink({
    layout: (layout) => fromFrame.push(layout),
    configChanged: () => fromFrame.push({ type: 'configChanged' }),
  });
  return { link, fromFrame };
}

/** A frame end that records what the content script sent it. */
function frameEnd() {
  const [page, frame] = portPair();
  const received: ToFrame[] = [];
  frame.onMessage.addListener((message) => received.push(message as ToFrame));
  const closed = vi.fn();
  frame.onDisconnect.addListener(closed);
  return { page, frame, received, closed };
}

describe('content script ↔ sidebar frame link', () => {
  it('keeps only the latest people and theme until the frame connects, then sends them', () => {
    const link = recordingLink().link;
    link.setTheme('dark');
    link.setPeople([ADA]);
    link.setPeople([ADA, BEN], BEN.email);
    const end = frameEnd();
    link.attach(end.page);
    expect(end.received).toEqual([
      { type: 'theme', theme: 'dark' },
      { type: 'people', people: [ADA, BEN], preferred: BEN.email },
    ]);
  });

  it('does not send the same people twice, but does send a new preferred person', () => {
    const link = recordingLink().link;
    const end = frameEnd();
    link.attach(end.page);
    link.setPeople([ADA, BEN]);
    link.setPeople([{ ...ADA }, { ...BEN }]);
    link.setPeople([ADA, BEN], BEN.email);
    link.setTheme('light');
    link.setTheme('light');
    link.toggle();
    expect(end.received).toEqual([
      { type: 'people', people: [ADA, BEN] },
      { type: 'people', people: [ADA, BEN], preferred: BEN.email },
      { type: 'theme', theme: 'light' },
      { type: 'toggle' },
    ]);
  });

  it('passes the frame’s layout and settings changes on, and drops anything malformed', () => {
    const { link, fromFrame } = recordingLink();
    const end = frameEnd();
    link.attach(end.page);
    end.frame.postMessage({ type: 'layout', open: false, tabHeight: 112 });
    end.frame.postMessage({ type: 'configChanged' });
    for (const bad of [
      null,
      'layout',
      { type: 'layout', open: 'no', tabHeight: 10 },
      { type: 'layout', open: true, tabHeight: -1 },
      { type: 'layout', open: true, tabHeight: 1e9 },
      { type: 'people', people: [] },
    ]) {
      end.frame.postMessage(bad);
    }
    expect(fromFrame).toEqual([{ type: 'layout', open: false, tabHeight: 112 }, { type: 'configChanged' }]);
  });

  it('a newer connection replaces the older one, and the older one is closed', () => {
    const { link } = recordingLink();
    const first = frameEnd();
    link.attach(first.page);
    link.setPeople([ADA]);
    const second = frameEnd();
    link.attach(second.page);
    expect(first.closed).toHaveBeenCalledTimes(1);
    expect(second.received).toEqual([{ type: 'people', people: [ADA] }]);
    link.toggle();
    expect(first.received).toEqual([{ type: 'people', people: [ADA] }]);
    expect(second.received.at(-1)).toEqual({ type: 'toggle' });
  });

  it('after the frame goes away, messages wait for the next connection instead of throwing', () => {
    const link = recordingLink().link;
    const first = frameEnd();
    link.attach(first.page);
    first.frame.disconnect();
    expect(() => link.setPeople([BEN], BEN.email)).not.toThrow();
    const second = frameEnd();
    link.attach(second.page);
    expect(second.received).toEqual([{ type: 'people', people: [BEN], preferred: BEN.email }]);
  });

  it('once closed, it closes the frame and refuses new connections', () => {
    const link = recordingLink().link;
    const first = frameEnd();
    link.attach(first.page);
    link.close();
    expect(first.closed).toHaveBeenCalledTimes(1);
    const late = frameEnd();
    link.attach(late.page);
    expect(late.closed).toHaveBeenCalledTimes(1);
    link.setPeople([ADA]);
    expect(late.received).toEqual([]);
  });
});

describe('isOurFrame', () => {
  const INSTANCE = '5c150459-4113-4eb3-adb5-bcdb7a7cce54';
  const base = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/sidebar.html';
  it.each([
    [`${base}?site=gmail&theme=light&instance=${INSTANCE}`, true],
    [`moz-extension://0b6e5c3d-1111-4222-8333-944445555666/sidebar.html?instance=${INSTANCE}`, true],
    [`${base}?site=gmail&instance=another`, false],
    [`https://evil.example/sidebar.html?instance=${INSTANCE}`, false],
    [`${base}?site=gmail`, false],
    [`chrome-extension://abcdefghijklmnopabcdefghijklmnop/options.html?instance=${INSTANCE}`, false],
    ['not a url', false],
    [undefined, false],
  ])('%s → %s', (url, expected) => {
    expect(isOurFrame(url, INSTANCE)).toBe(expected);
  });
});

describe('dock', () => {
  it('gives the open sidebar the full height and narrows the page; the collapsed tab only its size', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const dock = createDock(frame, document);
    dock.setLayout({ type: 'layout', open: true, tabHeight: 0 });
    expect(frame.style.width).toBe(`${OPEN_WIDTH}px`);
    expect(frame.style.height).toBe('100vh');
    expect(document.querySelector('style[data-loopline="dock"]')?.textContent).toContain(`${OPEN_WIDTH}px`);

    dock.setLayout({ type: 'layout', open: false, tabHeight: 130 });
    expect(frame.style.width).toBe(`${TAB_WIDTH}px`);
    expect(frame.style.height).toBe('130px');
    expect(document.querySelector('style[data-loopline="dock"]')?.textContent).toBe('');

    dock.setLayout({ type: 'layout', open: false, tabHeight: 0 });
    expect(frame.style.height).toBe(`${DEFAULT_TAB_HEIGHT}px`);

    dock.remove();
    expect(document.querySelector('style[data-loopline="dock"]')).toBeNull();
    frame.remove();
  });
});
