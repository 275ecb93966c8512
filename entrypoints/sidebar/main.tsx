import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Theme } from '@/components/styles';
import { createClient } from '@/lib/messaging/client';
import type { ContentToBackground } from '@/lib/messaging/protocol';
import { parseSidebarConfig } from '@/lib/sidebar/config';
import { applyBackgroundMessage, linkFrame } from '@/lib/sidebar/frame';
import { SIDEBAR_PORT } from '@/lib/sidebar/link';
import { mountSidebar } from '@/lib/sidebar/mount';
import { createSidebarState } from '@/lib/sidebar/state';
import './frame.css';

async function main() {
  const params = new URLSearchParams(location.search);
  const site = params.get('site') ?? '';
  const theme = signal<Theme>(params.get('theme') === 'dark' ? 'dark' : 'light');
  const client = createClient<typeof ContentToBackground>((message) => browser.runtime.sendMessage(message));

  const configResult = await client.call('sidebar.config');
  const raw = (configResult.ok ? configResult.value : {}) as {
    you?: { name?: string };
    sidebar?: { openBySite?: Record<string, boolean> };
  };
  const state = createSidebarState({
    requestLead: (email, { refresh }) => client.call('lead.get', { email, refresh }),
    recordOutcome: (draft) => client.call('outcome.record', draft),
    undoOutcome: (id) => client.call('outcome.undo', { id }),
    retryOutcome: (id) => client.call('outcome.retry', { id }),
    discardOutcome: (id) => client.call('outcome.discard', { id }),
    openOptions: (section) => client.call('page.openOptions', { section }),
    useSampleWorkspace: () => client.call('workspace.useSample'),
    setOpen: (open) => client.call('sidebar.setOpen', { site, open }),
    config: parseSidebarConfig({ ...raw, you: raw.you?.name ?? '' }),
    open: raw.sidebar?.openBySite?.[site] ?? true,
    online: navigator.onLine,
  });

  const root = document.getElementById('root')!;
  mountSidebar(root, state, { theme });

  // The content script of this frame's own tab (its top frame) is the other end.
  const tab = await browser.tabs.getCurrent();
  if (tab?.id === undefined) return;
  const port = browser.tabs.connect(tab.id, { name: SIDEBAR_PORT, frameId: 0 });
  const link = linkFrame({
    state,
    theme,
    port,
    tabHeight: () => root.querySelector('.ll-root')?.getBoundingClientRect().height ?? 0,
  });
  new ResizeObserver(() => link.reportLayout()).observe(document.body);

  // A background refresh of the lead on screen (the background pushes to the frame that asked).
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id === browser.runtime.id && !sender.tab) applyBackgroundMessage(state, message);
  });
  window.addEventListener('online', () => state.setOnline(true));
  window.addEventListener('offline', () => state.setOnline(false));
}

main().catch((error: unknown) => {
  // Without its tab the frame cannot reach the page; the sidebar stays as drawn (idle).
  console.warn('Loopline: the sidebar could not connect to the page.', error);
});
