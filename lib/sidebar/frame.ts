/**
 * The frame's side of the link (see link.ts): what the content script says goes into the
 * sidebar's state, and the frame tells the content script whether the sidebar is open.
 */
import type { Signal } from '@preact/signals';
import type { Theme } from '../../components/styles';
import { BackgroundToSidebar } from '../messaging/protocol';
import type { Result } from '../messaging/result';
import { createReceiver } from '../messaging/router';
import { ToFrame } from './frame-schema';
import type { Layout, LinkPort, ToPage } from './link';
import type { SidebarState } from './state';

export interface FrameLinkOptions {
  state: SidebarState;
  theme: Signal<Theme>;
  port: LinkPort;
  /**
   * The content script closed the port before saying anything: another connection of this frame
   * is still open there (see lib/content/frame-link.ts). The caller may try again shortly.
   */
  onRefused?(): void;
}

export interface FrameLink {
  /** Tell the content script whether the sidebar is open (once per change). */
  reportLayout(): void;
  /** Tell the content script that the settings changed (who counts as internal, say). */
  reportConfigChanged(): void;
  close(): void;
}

export function linkFrame({ state, theme, port, onRefused }: FrameLinkOptions): FrameLink {
  let closed = false;
  /** The content script has said something: it accepted this connection. */
  let accepted = false;
  let last: boolean | undefined;

  port.onMessage.addListener((raw) => {
    const parsed = ToFrame.safeParse(raw);
    if (!parsed.success || closed) return;
    accepted = true;
    const message = parsed.data;
    if (message.type === 'people') {
      // Ahead of the page's report: only what the frame already holds is shown (lead-loader.ts).
      if (message.ahead) state.previewPeople(message.people, message.preferred);
      else state.setPeople(message.people, message.preferred);
    } else if (message.type === 'toggle') state.toggle();
    else theme.value = message.theme;
  });
  port.onDisconnect.addListener(() => {
    if (closed) return;
    closed = true;
    stopOpen();
    if (!accepted && onRefused) {
      onRefused();
      return;
    }
    // The page is gone or Loopline was updated under it: nothing on screen is current any more.
    state.clear();
  });

  function reportLayout() {
    if (closed) return;
    const open = state.open.value;
    if (open === last) return;
    last = open;
    // Open or collapsed, nothing more: the dock gives the collapsed tab a constant size.
    port.postMessage({ type: 'layout', open } satisfies Layout);
  }

  const stopOpen = state.open.subscribe(() => reportLayout());

  return {
    reportLayout,
    reportConfigChanged() {
      if (!closed) port.postMessage({ type: 'configChanged' } satisfies ToPage);
    },
    close() {
      if (closed) return;
      closed = true;
      stopOpen();
      port.disconnect();
    },
  };
}

/**
 * A message the background pushed (BackgroundToSidebar), parsed on receipt: a refresh of a lead
 * (`lead.updated`) is applied if it is for the lead on screen (the state decides); changed
 * settings are fetched again (`onConfigChanged`). Anything else, or anything malformed, changes
 * nothing and is answered with the refusal.
 */
export function applyBackgroundMessage(
  state: SidebarState,
  message: unknown,
  onConfigChanged: () => void = () => {},
): Result<keyof typeof BackgroundToSidebar> {
  return createReceiver(BackgroundToSidebar, {
    'lead.updated': (view) => state.receiveUpdate(view),
    'sidebar.configChanged': () => onConfigChanged(),
  })(message);
}

/**
 * Whether a message heard by the frame comes from Loopline's background, as the browser attests
 * it: Loopline's id, and no tab (a content script, even Loopline's, has one).
 */
export function isFromBackground(sender: { id?: string; tab?: unknown }, extensionId: string): boolean {
  return sender.id === extensionId && !sender.tab;
}

/** Once a minute is enough for what moves with time: the SLA clock's text, "3 min ago". */
export const TICK_MS = 60_000;

/**
 * The sidebar's ticker (`SidebarDeps.ticker`): `tick` once every `periodMs` while the tab is
 * shown, never while it is hidden (no timer runs then), and once on showing again, so that what
 * the user sees is current at once.
 */
export function visibleTicker(
  doc: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>,
  periodMs = TICK_MS,
): (tick: () => void) => () => void {
  return (tick) => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const sync = (catchUp: boolean) => {
      const shown = doc.visibilityState !== 'hidden';
      if (shown && timer === undefined) {
        if (catchUp) tick();
        timer = setInterval(tick, periodMs);
      } else if (!shown && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    };
    const onChange = () => sync(true);
    doc.addEventListener('visibilitychange', onChange);
    sync(false);
    return () => {
      clearInterval(timer);
      timer = undefined;
      doc.removeEventListener('visibilitychange', onChange);
    };
  };
}

/** Longest wait for a paint: a frame that is not being drawn (a hidden tab) gets no animation frames. */
export const PAINT_WAIT_MS = 250;

/**
 * The sidebar's `afterPaint` (SidebarDeps): `run` goes once the frame has drawn what it holds
 * now (a task queued from the next animation frame runs after that frame is painted), or after
 * `PAINT_WAIT_MS` when no frame comes, whichever is first; once either way.
 */
export function afterNextPaint(
  win: Pick<Window, 'requestAnimationFrame' | 'setTimeout' | 'clearTimeout'>,
  maxWaitMs = PAINT_WAIT_MS,
): (run: () => void) => void {
  return (run) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      win.clearTimeout(fallback);
      run();
    };
    const fallback = win.setTimeout(once, maxWaitMs);
    win.requestAnimationFrame(() => win.setTimeout(once, 0));
  };
}
