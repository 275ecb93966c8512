/**
 * The content script ↔ sidebar frame channel used where the frame has no `tabs` API (Firefox):
 * who may offer it, who may take it, and that it behaves as the link's runtime.Port does.
 */
import { MessageChannel as NodeChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import {
  CHANNEL_OFFER,
  channelPort,
  connectToPage,
  hearsOnlyTabMessages,
  listenForChannel,
  offerChannels,
  type TabsApi,
} from './channel';
import type { LinkPort } from './link';

const Channel = NodeChannel as unknown as typeof MessageChannel;
const EXTENSION = 'moz-extension://3b1f6c2e-7a4d-4e8b-9c0f-5d2a1e6b7c80/';
const PAGE = 'https://mail.google.com';

/** The next message a LinkPort hears. */
const next = (port: LinkPort) => new Promise<unknown>((resolve) => port.onMessage.addListener(resolve));
const disconnected = (port: LinkPort) =>
  new Promise<void>((resolve) => port.onDisconnect.addListener(resolve));

interface Posted {
  data: unknown;
  origin: string;
  ports: MessagePort[];
}

/** A frame element whose window records what is posted to it. */
function frameElement() {
  const posted: Posted[] = [];
  return {
    posted,
    frame: {
      contentWindow: {
        postMessage: (data: unknown, origin: string, ports: MessagePort[]) =>
          posted.push({ data, origin, ports }),
      } as unknown as Pick<Window, 'postMessage'>,
    },
  };
}

/** A frame window: its parent, and the 'message' listeners it was given. */
function frameWindow() {
  const parent = {} as Window;
  const listeners: ((event: unknown) => void)[] = [];
  return {
    parent,
    win: {
      parent,
      addEventListener: (_type: string, listener: (event: unknown) => void) => listeners.push(listener),
      removeEventListener: () => {},
    } as unknown as Pick<Window, 'parent' | 'addEventListener' | 'removeEventListener'>,
    dispatch: (event: { source: unknown; origin: string; data: unknown; ports: MessagePort[] }) =>
      listeners.forEach((listener) => listener(event)),
  };
}

describe('offerChannels (content script side)', () => {
  it('offers one end to the frame only (the extension origin), naming its instance', () => {
    const { frame, posted } = frameElement();
    const offers = offerChannels(frame, EXTENSION, 'inst-1', () => {}, Channel);
    offers.renew();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.data).toEqual({ type: CHANNEL_OFFER, instance: 'inst-1' });
    expect(posted[0]!.origin).toBe('moz-extension://3b1f6c2e-7a4d-4e8b-9c0f-5d2a1e6b7c80');
    expect(posted[0]!.ports).toHaveLength(1);
    offers.close();
    posted[0]!.ports[0]!.close();
  });

  it('attaches its end once the frame speaks on it, and both ways carry messages', async () => {
    const { frame, posted } = frameElement();
    let attached: LinkPort | undefined;
    const heard: unknown[] = [];
    const offers = offerChannels(
      frame,
      EXTENSION,
      'inst-1',
      (port) => {
        // As the link does: its listener is added when it attaches the port.
        attached = port;
        port.onMessage.addListener((message) => heard.push(message));
      },
      Channel,
    );
    offers.renew();
    expect(attached).toBeUndefined();

    const frameEnd = channelPort(posted[0]!.ports[0]!);
    frameEnd.postMessage({ type: 'layout', open: true });
    // The first message reaches the listener added when the port was attached.
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'layout', open: true }]));
    attached!.postMessage({ type: 'people', people: [] });
    expect(await next(frameEnd)).toEqual({ type: 'people', people: [] });
    offers.close();
    await disconnected(frameEnd);
  });

  it('a reload of the frame ends the previous channel before offering a new one', async () => {
    const { frame, posted } = frameElement();
    let attached: LinkPort | undefined;
    const offers = offerChannels(frame, EXTENSION, 'inst-1', (port) => (attached = port), Channel);
    offers.renew();
    const first = channelPort(posted[0]!.ports[0]!);
    first.postMessage({ type: 'layout', open: true });
    await vi.waitFor(() => expect(attached).toBeDefined());
    const gone = disconnected(attached!);
    offers.renew();
    await gone;
    expect(posted).toHaveLength(2);
    offers.close();
    first.disconnect();
    posted[1]!.ports[0]!.close();
  });
});

describe('listenForChannel (frame side)', () => {
  const offer = (instance: string, port: MessagePort) => ({ type: CHANNEL_OFFER, instance, port });

  it('takes the offer from its parent, on the page origin, naming its instance', async () => {
    const { win, parent, dispatch } = frameWindow();
    const listener = listenForChannel(win, 'inst-1');
    const channel = new Channel();
    dispatch({ source: parent, origin: PAGE, data: offer('inst-1', channel.port2), ports: [channel.port2] });
    const port = await listener.take(`${PAGE}/mail/u/0/`);
    expect(port).not.toBeNull();
    const other = channelPort(channel.port1);
    port!.postMessage('hello');
    expect(await next(other)).toBe('hello');
    port!.disconnect();
    await disconnected(other);
  });

  it('ignores offers from another window, for another instance, or with no port; waits for the right one', async () => {
    const { win, parent, dispatch } = frameWindow();
    const listener = listenForChannel(win, 'inst-1');
    const taken = listener.take(PAGE);
    const stray = new Channel();
    dispatch({ source: {}, origin: PAGE, data: offer('inst-1', stray.port2), ports: [stray.port2] });
    dispatch({ source: parent, origin: PAGE, data: offer('guess', stray.port2), ports: [stray.port2] });
    dispatch({ source: parent, origin: PAGE, data: offer('inst-1', stray.port2), ports: [] });
    const good = new Channel();
    dispatch({ source: parent, origin: PAGE, data: offer('inst-1', good.port2), ports: [good.port2] });
    const port = await taken;
    const other = channelPort(good.port1);
    port!.postMessage(1);
    expect(await next(other)).toBe(1);
    port!.disconnect();
    stray.port1.close();
    stray.port2.close();
    other.disconnect();
  });

  it('refuses an offer from another origin than the page the background named', async () => {
    const { win, parent, dispatch } = frameWindow();
    const listener = listenForChannel(win, 'inst-1');
    const channel = new Channel();
    dispatch({
      source: parent,
      origin: 'https://evil.example',
      data: offer('inst-1', channel.port2),
      ports: [channel.port2],
    });
    expect(await listener.take(PAGE)).toBeNull();
    channel.port1.close();
  });

  it('takes nothing when the frame has no instance in its address', async () => {
    const { win, parent, dispatch } = frameWindow();
    const listener = listenForChannel(win, null);
    const channel = new Channel();
    dispatch({ source: parent, origin: PAGE, data: offer('', channel.port2), ports: [channel.port2] });
    const taken = await Promise.race([listener.take(PAGE), Promise.resolve('waiting')]);
    expect(taken).toBe('waiting');
    channel.port1.close();
    channel.port2.close();
  });
});

describe('connectToPage', () => {
  it('uses tabs.connect to its tab’s top frame where the frame has the tabs API (Chrome)', async () => {
    const port = {} as LinkPort;
    const tabs: TabsApi = { getCurrent: async () => ({ id: 7 }), connect: vi.fn(() => port) };
    const channel = vi.fn(async () => null);
    expect(await connectToPage({ tabs, portName: 'loopline-sidebar', channel })).toBe(port);
    expect(tabs.connect).toHaveBeenCalledWith(7, { name: 'loopline-sidebar', frameId: 0 });
    expect(channel).not.toHaveBeenCalled();
  });

  it('uses the offered channel where it has none (Firefox)', async () => {
    const port = {} as LinkPort;
    expect(await connectToPage({ tabs: undefined, portName: 'x', channel: async () => port })).toBe(port);
  });

  it('no tab, no connection', async () => {
    const tabs: TabsApi = { getCurrent: async () => undefined, connect: vi.fn() };
    expect(await connectToPage({ tabs, portName: 'x', channel: async () => null })).toBeNull();
    expect(tabs.connect).not.toHaveBeenCalled();
  });

  it('a frame without the tabs API hears the background only through tabs.sendMessage', () => {
    expect(hearsOnlyTabMessages({})).toBe(true);
    expect(hearsOnlyTabMessages({ tabs: {} })).toBe(false);
  });
});
