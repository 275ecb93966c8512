import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Theme } from '@/components/styles';
import { createClient } from '@/lib/messaging/client';
import { SidebarToBackground } from '@/lib/messaging/protocol';
import { clickGuardFor } from '@/lib/sidebar/click-guard';
import { frameAncestry } from '@/lib/sidebar/docking';
import { connectToPage, hearsOnlyTabMessages, listenForChannel, type TabsApi } from '@/lib/sidebar/channel';
import { SIDEBAR_PORT } from '@/lib/sidebar/link';
import { isFromBackground } from '@/lib/sidebar/frame';
import { startSidebarFrame } from '@/lib/sidebar/start';
import './frame.css';

// Listening before anything else: the content script offers its channel when this frame has
// loaded, which may be before the frame asks for it (Firefox; lib/sidebar/channel.ts).
const params = new URLSearchParams(location.search);
const channel = listenForChannel(window, params.get('instance'));
/** Firefox gives an extension frame inside a web page no `tabs` API. */
const tabs = (browser as unknown as { tabs?: TabsApi }).tabs;

async function main() {
  const theme = signal<Theme>(params.get('theme') === 'dark' ? 'dark' : 'light');
  const client = createClient(SidebarToBackground, (message) => browser.runtime.sendMessage(message));

  /** The tab's page origin, from `sidebar.config`: the channel must come from there. */
  let pageOrigin: string | null = null;

  // The verdict a click that records would get is on the root element, for end-to-end tests
  // to wait for.
  const guard = clickGuardFor(window, (verdict) => (document.documentElement.dataset.clickGuard = verdict));

  const frame = await startSidebarFrame({
    root: document.getElementById('root')!,
    theme,
    ancestry: frameAncestry(window),
    guard,
    visibleArea: document.body,
    async settings() {
      const result = await client.call('sidebar.config', { tabMessages: hearsOnlyTabMessages({ tabs }) });
      if (result.ok) pageOrigin = result.value.pageOrigin;
      return result;
    },
    calls: {
      requestLead: (email, { refresh }) => client.call('lead.get', { email, refresh }),
      findByName: (name) => client.call('lead.findByName', { name }),
      confirmName: (name, email) => client.call('lead.confirmName', { name, email }),
      forgetName: (name) => client.call('lead.forgetName', { name }),
      recordOutcome: (draft) => client.call('outcome.record', draft),
      undoOutcome: (id) => client.call('outcome.undo', { id }),
      retryOutcome: (id) => client.call('outcome.retry', { id }),
      discardOutcome: (id) => client.call('outcome.discard', { id }),
      openOptions: (section) => client.call('page.openOptions', { section }),
      useSampleWorkspace: () => client.call('workspace.useSample'),
      setOpen: (open) => client.call('sidebar.setOpen', { open }),
    },
    online: navigator.onLine,
    // The content script of this frame's own tab (its top frame) is the other end.
    connect: () =>
      connectToPage({
        tabs,
        portName: SIDEBAR_PORT,
        // The tab's origin, as the background read it (settings come first: start.ts).
        channel: () => channel.take(pageOrigin),
      }),
  });
  if (!frame) {
    channel.stop();
    return;
  }

  // From the background (BackgroundToSidebar): a refresh of the lead on screen, or settings
  // changed in Options. Not answered (protocol.ts).
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (isFromBackground(sender, browser.runtime.id)) frame.onBackgroundMessage(message);
  });
  window.addEventListener('online', () => frame.state.setOnline(true));
  window.addEventListener('offline', () => frame.state.setOnline(false));
}

main().catch((error: unknown) => {
  // Without its tab the frame cannot reach the page; the sidebar stays as drawn (idle).
  console.warn('Loopline: the sidebar could not connect to the page.', error);
});
