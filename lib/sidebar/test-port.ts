/** Test helper, not imported by production code. */
import { signal } from '@preact/signals';
import { linkFrame, type FrameLink } from './frame';
import type { LinkPort } from './link';
import type { SidebarState } from './state';

interface End {
  port: LinkPort;
  messageListeners: ((message: unknown) => void)[];
  link(to: End): void;
  close(): void;
}

/**
 * Two ends of a `runtime.Port` in memory. Messages are cloned as the browser clones them, and
 * delivered at once (the browser delivers them a task later; the tests wait where it matters).
 */
export function portPair(): [LinkPort, LinkPort] {
  const make = (): End => {
    const messageListeners: ((message: unknown) => void)[] = [];
    const disconnectListeners: (() => void)[] = [];
    let other: End | undefined;
    let open = true;
    const port = {
      postMessage(message: unknown) {
        if (!open) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(message);
        for (const listener of other?.messageListeners ?? []) listener(copy);
      },
      disconnect() {
        if (!open) return;
        open = false;
        other?.close();
      },
      onMessage: {
        addListener: (listener: (message: unknown) => void) => void messageListeners.push(listener),
      },
      onDisconnect: { addListener: (listener: () => void) => void disconnectListeners.push(listener) },
    };
    return {
      port,
      messageListeners,
      link(to: End) {
        other = to;
      },
      close() {
        if (!open) return;
        open = false;
        for (const listener of disconnectListeners) listener();
      },
    };
  };
  const a = make();
  const b = make();
  a.link(b);
  b.link(a);
  return [a.port, b.port];
}

/** The sidebar frame's end of a link, on `port`, showing `state` in the light theme. */
export function linkTestFrame(state: SidebarState, port: LinkPort): FrameLink {
  return linkFrame({ state, theme: signal('light'), port });
}
