/**
 * How the sidebar frame starts, free of `browser.*` so that it can be tested: ask the background
 * for the settings (`sidebar.config`), check that the frame is docked where Loopline docks it,
 * then draw the sidebar and connect to the page's content script. A frame that is not docked by
 * Loopline (or cannot tell) says so and does nothing else: no connection, no lead asked for.
 */
import type { Signal } from '@preact/signals';
import type { Theme } from '../../components/styles';
import type { SidebarSettings } from '../messaging/protocol';
import type { Result } from '../messaging/result';
import type { ClickGuard } from './click-guard';
import { sidebarConfigOf } from './config';
import { cannotStartMessage, isDockedByLoopline, notDockedMessage, type FrameAncestry } from './docking';
import { afterNextPaint, applyBackgroundMessage, linkFrame, visibleTicker, type FrameLink } from './frame';
import type { LinkPort } from './link';
import { mountRefusal, mountSidebar } from './mount';
import { createSidebarState, type SidebarDeps, type SidebarState } from './state';

/** Waits before connecting again after the content script refused a connection, one per try. */
export const RECONNECT_DELAYS_MS = [250, 1000, 3000];

export interface FrameStartOptions {
  root: HTMLElement;
  theme: Signal<Theme>;
  ancestry: FrameAncestry;
  guard: ClickGuard;
  /** What a recording click needs seen whole (the frame's body, which is the whole frame). */
  visibleArea: Element;
  /** `sidebar.config`. */
  settings(): Promise<Result<SidebarSettings>>;
  /** What the sidebar's state calls in the background (all but what the settings give). */
  calls: Omit<SidebarDeps, 'config' | 'open' | 'online'>;
  online: boolean;
  /** A port to the content script of this frame's tab (its top frame); null: no tab. */
  connect(): Promise<LinkPort | null>;
}

export interface StartedFrame {
  state: SidebarState;
  /** A message from the background (already checked to come from Loopline's background). */
  onBackgroundMessage(message: unknown): void;
}

/** Starts the frame; null when it will not run here (it shows why). */
export async function startSidebarFrame(options: FrameStartOptions): Promise<StartedFrame | null> {
  const { root, theme, guard } = options;
  const configResult = await options.settings();
  if (!configResult.ok) {
    // Without the page's origin the frame cannot tell where it is.
    mountRefusal(root, { theme: theme.value, message: cannotStartMessage(configResult.error.message) });
    return null;
  }
  const settings = configResult.value;
  // Any page can frame sidebar.html: only the frame Loopline docked in the tab's page goes on.
  if (!isDockedByLoopline(options.ancestry, settings.pageOrigin)) {
    mountRefusal(root, { theme: theme.value, message: notDockedMessage(settings.site, settings.pageOrigin) });
    return null;
  }

  const state = createSidebarState({
    // Time moves on screen once a minute, and not at all while the tab is hidden.
    ticker: visibleTicker(root.ownerDocument),
    // A lead shown from the frame's cache is asked for again once it is on screen.
    afterPaint: root.ownerDocument.defaultView ? afterNextPaint(root.ownerDocument.defaultView) : undefined,
    ...options.calls,
    config: sidebarConfigOf(settings),
    open: settings.open,
    online: options.online,
  });
  mountSidebar(root, state, { theme, guard });
  guard.watch(options.visibleArea);

  let link: FrameLink | undefined;
  let refusals = 0;
  const connect = async () => {
    const port = await options.connect();
    if (!port) return;
    link = linkFrame({
      state,
      theme,
      port,
      // This frame's previous document (it was moved in the page, and reloaded) may not have
      // been seen to go yet; after a few tries the other connection is someone else's.
      onRefused() {
        const delay = RECONNECT_DELAYS_MS[refusals++];
        if (delay !== undefined) setTimeout(() => void connect(), delay);
      },
    });
  };
  await connect();

  // Settings changed in Options (the outcome taxonomy, the SLA): the sidebar shows them without
  // a reload of the page, and the content script asks for its part again.
  const reloadConfig = () => {
    link?.reportConfigChanged();
    void options.settings().then((result) => {
      if (result.ok) state.setConfig(sidebarConfigOf(result.value));
    });
  };
  return {
    state,
    onBackgroundMessage: (message) => applyBackgroundMessage(state, message, reloadConfig),
  };
}
