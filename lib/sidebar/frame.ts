/**
 * The frame's side of the link (see link.ts): what the content script says goes into the
 * sidebar's state, and the frame tells the content script how much room it needs.
 */
import type { Signal } from '@preact/signals';
import type { Theme } from '../../components/styles';
import { LeadView } from '../model/view';
import { parseSidebarConfig, type SidebarConfig } from './config';
import { ToFrame, type Layout, type LinkPort, type ToPage } from './link';
import type { SidebarState } from './state';

export interface FrameLinkOptions {
  state: SidebarState;
  theme: Signal<Theme>;
  port: LinkPort;
  /** The collapsed tab's height as drawn; called after each layout change. */
  tabHeight(): number;
}

export interface FrameLink {
  /** Tell the content script the room the sidebar needs now (after a render or a resize). */
  reportLayout(): void;
  /** Tell the content script that the settings changed (who counts as internal, say). */
  reportConfigChanged(): void;
  close(): void;
}

export function linkFrame({ state, theme, port, tabHeight }: FrameLinkOptions): FrameLink {
  let closed = false;
  let last = '';

  port.onMessage.addListener((raw) => {
    const parsed = ToFrame.safeParse(raw);
    if (!parsed.success || closed) return;
    const message = parsed.data;
    if (message.type === 'people') state.setPeople(message.people, message.preferred);
    else if (message.type === 'toggle') state.toggle();
    else theme.value = message.theme;
  });
  // The page is gone or Loopline was updated under it: nothing on screen is current any more.
  port.onDisconnect.addListener(() => {
    closed = true;
    stopOpen();
    state.clear();
  });

  function reportLayout() {
    if (closed) return;
    const open = state.open.value;
    const message: Layout = { type: 'layout', open, tabHeight: open ? 0 : Math.ceil(tabHeight()) };
    const key = JSON.stringify(message);
    if (key === last) return;
    last = key;
    port.postMessage(message);
  }

  // Opening or collapsing changes the frame's size at once; the tab's exact height is measured
  // again once it is drawn (the caller reports resizes too).
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
 * A message the background sent to extension pages: a refresh of a lead (`lead.updated`) is
 * applied if it is for the lead on screen (the state decides); changed settings are fetched
 * again (`onConfigChanged`); anything else is not for the sidebar.
 */
export function applyBackgroundMessage(
  state: SidebarState,
  message: unknown,
  onConfigChanged: () => void = () => {},
): void {
  if (!message || typeof message !== 'object') return;
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (type === 'sidebar.configChanged') {
    onConfigChanged();
    return;
  }
  if (type !== 'lead.updated') return;
  const parsed = LeadView.safeParse(payload);
  if (parsed.success) state.receiveUpdate(parsed.data);
}

/** The `sidebar.config` reply as the sidebar uses it (the salesperson's name only, of `you`). */
export function sidebarConfigFrom(reply: unknown): SidebarConfig {
  const raw = (reply ?? {}) as { you?: { name?: unknown } };
  const name = typeof raw.you?.name === 'string' ? raw.you.name : '';
  return parseSidebarConfig({ ...(reply as object), you: name });
}
