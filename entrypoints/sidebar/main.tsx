import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Theme } from '@/components/styles';
import { createClient } from '@/lib/messaging/client';
import type { ContentToBackground } from '@/lib/messaging/protocol';
import { openOnSite, type OpenBySite } from '@/lib/sidebar/config';
import { applyBackgroundMessage, linkFrame, sidebarConfigFrom } from '@/lib/sidebar/frame';
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
  const raw = (configResult.ok ? configResult.value : {}) as OpenBySite;
  const state = createSidebarState({
    requestLead: (email, { refresh }) => client.call('lead.get', { email, refresh }),
    recordOutcome: (draft) => client.call('outcome.record', draft),
    undoOutcome: (id) => client.call('outcome.undo', { id }),
    retryOutcome: (id) => client.call('outcome.retry', { id }),
    discardOutcome: (id) => client.call('outcome.discard', { id }),
    openOptions: (section) => client.call('page.openOptions', { section }),
    useSampleWorkspace: () => client.call('workspace.useSample'),
    setOpen: (open) => client.call('sidebar.setOpen', { site, open }),
    config: sidebarConfigFrom(raw),
    open: openOnSite(raw, site),
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
    // Until the collapsed tab is drawn there is nothing to measure (0: the dock's default).
    tabHeight: () => root.querySelector('.ll-root[data-collapsed]')?.getBoundingClientRect().height ?? 0,
  });
  new ResizeObserver(() => link.reportLayout()).observe(document.body);

  // From the background: a refresh of the lead on screen, or settings changed in Options (the
  // outcome taxonomy, the SLA) which the sidebar then shows without a reload of the page.
  const reloadConfig = () => {
    link.reportConfigChanged();
    void client.call('sidebar.config').then((result) => {
      if (result.ok) state.setConfig(sidebarConfigFrom(result.value));
    });
  };
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id === browser.runtime.id && !sender.tab) applyBackgroundMessage(state, message, reloadConfig);
  });
  window.addEventListener('online', () => state.setOnline(true));
  window.addEventListener('offline', () => state.setOnline(false));
}

main().catch((error: unknown) => {
  // Without its tab the frame cannot reach the page; the sidebar stays as drawn (idle).
  console.warn('Loopline: the sidebar could not connect to the page.', error);
});
