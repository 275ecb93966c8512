import { describe, expect, it, vi } from 'vitest';
import type { ToFrame, ToPage } from '../sidebar/link';
import { portPair } from '../sidebar/test-port';
import { createDock, OPEN_WIDTH, TAB_HEIGHT, TAB_WIDTH } from './dock';
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

  it('sends the same people again once the background has them, after telling them ahead', () => {
    const link = recordingLink().link;
    const end = frameEnd();
    link.attach(end.page);
    link.setPeople([ADA, BEN], undefined, { ahead: true });
    link.setPeople([ADA, BEN]);
    link.setPeople([ADA, BEN]);
    expect(end.received).toEqual([
      { type: 'people', people: [ADA, BEN], ahead: true },
      { type: 'people', people: [ADA, BEN] },
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
    end.frame.postMessage({ type: 'layout', open: false });
    end.frame.postMessage({ type: 'configChanged' });
    // A size from the frame is not passed on: the dock's sizes are its own.
    end.frame.postMessage({ type: 'layout', open: true, tabHeight: 900 });
    for (const bad of [
      null,
      'layout',
      { type: 'layout' },
      { type: 'layout', open: 'no' },
      { type: 'layout', open: 1 },
      { type: 'people', people: [] },
    ]) {
      end.frame.postMessage(bad);
    }
    expect(fromFrame).toEqual([
      { type: 'layout', open: false },
      { type: 'configChanged' },
      { type: 'layout', open: true },
    ]);
  });

  it('refuses a second connection while the first is open, and takes the next one once it has gone', () => {
    const { link, fromFrame } = recordingLink();
    link.setTheme('light');
    const first = frameEnd();
    expect(link.attach(first.page)).toBe(true);
    link.setPeople([ADA]);

    // A copy of the frame (the same instance) connecting while the first is there.
    const copy = frameEnd();
    expect(link.attach(copy.page)).toBe(false);
    expect(copy.closed).toHaveBeenCalledTimes(1);
    expect(first.closed).not.toHaveBeenCalled();
    link.setPeople([ADA, BEN]);
    link.toggle();
    expect(copy.received).toEqual([]);
    expect(first.received).toEqual([
      { type: 'theme', theme: 'light' },
      { type: 'people', people: [ADA] },
      { type: 'people', people: [ADA, BEN] },
      { type: 'toggle' },
    ]);
    expect(fromFrame).toEqual([]);

    // The frame was moved in the page and reloaded: its old document's port goes first.
    first.frame.disconnect();
    const reloaded = frameEnd();
    expect(link.attach(reloaded.page)).toBe(true);
    expect(reloaded.received).toEqual([
      { type: 'theme', theme: 'light' },
      { type: 'people', people: [ADA, BEN] },
    ]);
    reloaded.frame.postMessage({ type: 'layout', open: false });
    expect(fromFrame).toEqual([{ type: 'layout', open: false }]);
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
  it('gives the open sidebar the full height and narrows the page; the collapsed tab a constant size', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const dock = createDock(frame, document);
    dock.setLayout({ type: 'layout', open: true });
    expect(frame.style.width).toBe(`${OPEN_WIDTH}px`);
    expect(frame.style.height).toBe('100%');
    expect(document.querySelector('style[data-loopline="dock"]')?.textContent).toContain(`${OPEN_WIDTH}px`);

    dock.setLayout({ type: 'layout', open: false });
    expect(frame.style.width).toBe(`${TAB_WIDTH}px`);
    expect(frame.style.height).toBe(`${TAB_HEIGHT}px`);
    expect(document.querySelector('style[data-loopline="dock"]')?.textContent).toBe('');

    // Whatever else a layout carries (an older frame's measured height), the tab keeps its size.
    dock.setLayout({ type: 'layout', open: false, tabHeight: 300 } as never);
    expect(frame.style.height).toBe(`${TAB_HEIGHT}px`);
    expect(frame.style.width).toBe(`${TAB_WIDTH}px`);

    dock.remove();
    expect(document.querySelector('style[data-loopline="dock"]')).toBeNull();
    frame.remove();
  });
});
