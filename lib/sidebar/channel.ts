/**
 * The link between a content script and its sidebar frame where the extensions API cannot carry
 * it (see link.ts for the link itself).
 *
 * On Chrome the frame opens the link with `tabs.connect` to its tab's top frame. On Firefox an
 * extension frame inside a web page has no `tabs` API, and its `runtime.connect` reaches
 * Loopline's own pages only, never a content script; a relay through the background would die
 * with the event page (Firefox suspends it when idle, open ports or not). So the content script
 * hands the frame one end of a `MessageChannel` instead, each time the frame loads:
 * - posted to the frame's own window (the content script holds the frame element, which the
 *   page's scripts cannot reach in the closed shadow root) with the extension's origin as the
 *   target origin, so no other document can receive it, and with the frame's `instance` (a
 *   random id only the content script and the frame's address know);
 * - the frame takes an offer only from its parent, on the page's origin, naming its instance;
 * - the content script attaches its end to the link only once the frame speaks on it, so a
 *   frame that connected the other way (Chrome) leaves it unused.
 *
 * Neither end learns that a MessagePort's other document went away; `disconnect` says so with a
 * last message, and the content script ends the previous channel whenever the frame reloads.
 */
import type { LinkPort } from './link';

export const CHANNEL_OFFER = 'loopline-link';
/** The last message on a channel: the sender closed its end. */
const BYE = { __loopline: 'disconnect' } as const;

const isBye = (data: unknown) =>
  !!data && typeof data === 'object' && (data as { __loopline?: unknown }).__loopline === BYE.__loopline;

/** A LinkPort over a MessagePort: `runtime.Port`'s semantics, as far as the link uses them. */
export interface ChannelPort extends LinkPort {
  /** The other end is gone (its document unloaded): tell this end's listeners, once. */
  end(): void;
}

export function channelPort(port: MessagePort, onFirstMessage?: () => void): ChannelPort {
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  let open = true;
  let heard = false;
  const end = () => {
    if (!open) return;
    open = false;
    port.close();
    for (const listener of disconnectListeners) listener();
  };
  port.onmessage = (event: MessageEvent) => {
    if (!open) return;
    if (isBye(event.data)) return end();
    if (!heard) {
      heard = true;
      onFirstMessage?.();
    }
    for (const listener of messageListeners) listener(event.data);
  };
  return {
    postMessage(message) {
      if (!open) throw new Error('Attempting to use a disconnected port object');
      port.postMessage(message);
    },
    // As runtime.Port's: the other end is told, this end's own onDisconnect is not called.
    disconnect() {
      if (!open) return;
      open = false;
      try {
        port.postMessage(BYE);
      } finally {
        port.close();
      }
    },
    onMessage: { addListener: (listener) => void messageListeners.push(listener) },
    onDisconnect: { addListener: (listener) => void disconnectListeners.push(listener) },
    end,
  };
}

export interface ChannelOffers {
  /** The frame (re)loaded: end the previous channel and offer a new one to its new document. */
  renew(): void;
  close(): void;
}

/**
 * Content script side: offer channels to `frame` (its own sidebar frame), whose documents are on
 * `extensionOrigin`. `onOpen` gets our end once the frame has used it.
 */
export function offerChannels(
  frame: { contentWindow: Pick<Window, 'postMessage'> | null },
  extensionOrigin: string,
  instance: string,
  onOpen: (port: LinkPort) => void,
  Channel: typeof MessageChannel = MessageChannel,
): ChannelOffers {
  let current: ChannelPort | null = null;
  // Not URL.origin: outside the browser an extension scheme's origin is opaque ("null").
  const { protocol, host } = new URL(extensionOrigin);
  const targetOrigin = `${protocol}//${host}`;
  return {
    renew() {
      current?.end();
      current = null;
      const target = frame.contentWindow;
      if (!target) return;
      const channel = new Channel();
      const ours = channelPort(channel.port1, () => onOpen(ours));
      current = ours;
      target.postMessage({ type: CHANNEL_OFFER, instance }, targetOrigin, [channel.port2]);
    },
    close() {
      current?.disconnect();
      current = null;
    },
  };
}

interface OfferEvent {
  source: unknown;
  origin: string;
  data: unknown;
  ports: readonly MessagePort[];
}

export interface ChannelListener {
  /** The channel the content script offered, once it has (one per frame document). */
  take(pageOrigin: string | null): Promise<LinkPort | null>;
  stop(): void;
}

/**
 * Frame side: listen from the start (the offer comes when the frame has loaded, possibly before
 * the frame asks for it) for the offer naming `instance` from `win`'s parent. `take` checks the
 * offer came from the page's origin (the background's `pageOrigin` for this tab).
 */
export function listenForChannel(
  win: Pick<Window, 'parent' | 'addEventListener' | 'removeEventListener'>,
  instance: string | null,
): ChannelListener {
  let offer: { port: MessagePort; origin: string } | null = null;
  let waiting: ((offer: { port: MessagePort; origin: string }) => void) | null = null;
  const onMessage = (event: OfferEvent) => {
    if (!instance || event.source !== win.parent) return;
    const data = event.data as { type?: unknown; instance?: unknown } | null;
    if (!data || data.type !== CHANNEL_OFFER || data.instance !== instance) return;
    const [port] = event.ports;
    if (!port || event.ports.length !== 1) return;
    const next = { port, origin: event.origin };
    if (waiting) {
      waiting(next);
      waiting = null;
    } else {
      offer?.port.close();
      offer = next;
    }
  };
  const listener = onMessage as unknown as EventListener;
  win.addEventListener('message', listener);
  return {
    async take(pageOrigin) {
      const got = offer ?? (await new Promise<{ port: MessagePort; origin: string }>((r) => (waiting = r)));
      offer = null;
      if (pageOrigin === null || got.origin !== new URL(pageOrigin).origin) {
        got.port.close();
        return null;
      }
      return channelPort(got.port);
    },
    stop: () => win.removeEventListener('message', listener),
  };
}

/** What the frame needs of the extensions API to reach its page's content script directly. */
export interface TabsApi {
  getCurrent(): Promise<{ id?: number } | undefined>;
  connect(tabId: number, options: { name: string; frameId: number }): LinkPort;
}

/**
 * The frame's way to its page's content script: `tabs.connect` to the top frame of its own tab
 * where the frame has the `tabs` API (Chrome), the offered channel elsewhere (Firefox). Null when
 * there is no page to connect to.
 */
export async function connectToPage(options: {
  tabs: TabsApi | undefined;
  portName: string;
  channel: () => Promise<LinkPort | null>;
}): Promise<LinkPort | null> {
  if (!options.tabs) return options.channel();
  const tab = await options.tabs.getCurrent();
  return tab?.id === undefined ? null : options.tabs.connect(tab.id, { name: options.portName, frameId: 0 });
}

/** Whether the background must address this frame with `tabs.sendMessage` (no `tabs` API here). */
export function hearsOnlyTabMessages(api: { tabs?: unknown }): boolean {
  return !api.tabs;
}
