/**
 * What every Loopline content script does: pick the adapter for the page, mount the sidebar
 * in a shadow root, and start the controller. Everything hangs off WXT's context and goes away
 * with it (navigation away, extension updated or disabled).
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { createClient } from '../messaging/client';
import type { ContentToBackground } from '../messaging/protocol';
import { parseSidebarConfig } from '../sidebar/config';
import { mountSidebar } from '../sidebar/mount';
import { createSidebarState } from '../sidebar/state';
import { adapterFor } from '../sites';
import { startContentController, type TeamFilter } from './controller';
import { createDock } from './dock';
import { pageTheme, type Theme } from './theme';

export async function bootContentScript(ctx: ContentScriptContext): Promise<void> {
  const client = createClient<typeof ContentToBackground>((message) => browser.runtime.sendMessage(message));
  const configResult = await client.call('sidebar.config');
  if (!configResult.ok) {
    console.warn(`Loopline is not running on this page: ${configResult.error.message}`);
    return;
  }
  const raw = configResult.value as {
    you?: TeamFilter & { name?: string };
    sites?: {
      builtins?: Record<string, boolean>;
      custom?: { id: string; pattern: string; selector: string }[];
    };
    sidebar?: { openBySite?: Record<string, boolean> };
  };
  const adapter = adapterFor(new URL(location.href), {
    builtins: raw.sites?.builtins,
    custom: raw.sites?.custom,
  });
  if (!adapter) return;

  const team: TeamFilter = {
    ownAddresses: raw.you?.ownAddresses ?? [],
    internalDomains: raw.you?.internalDomains ?? [],
    lookUpFreeMail: raw.you?.lookUpFreeMail ?? true,
  };
  const site = adapter.id;
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

  const theme = signal<Theme>(pageTheme(document));
  const ui = await createShadowRootUi(ctx, {
    name: 'loopline-sidebar',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount(uiContainer, shadow, host) {
      const dock = createDock(host, document);
      const stopDock = state.open.subscribe((open) => dock.setOpen(open));
      const unmount = mountSidebar(uiContainer, state, { theme });
      return () => {
        stopDock();
        unmount();
        dock.remove();
      };
    },
    onRemove(cleanup) {
      cleanup?.();
    },
  });
  ui.mount();

  const controller = startContentController({
    adapter,
    doc: document,
    getUrl: () => new URL(location.href),
    signal: ctx.signal,
    state,
    team: () => team,
  });

  ctx.addEventListener(window, 'wxt:locationchange', () => {
    controller.watcher.onLocationChange();
    // Read the page's colours once the frame after the change is drawn: the styles are then
    // up to date, where reading them earlier would force a style pass of its own.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (ctx.isValid) theme.value = pageTheme(document);
      }, 0),
    );
  });
  ctx.addEventListener(window, 'online', () => state.setOnline(true));
  ctx.addEventListener(window, 'offline', () => state.setOnline(false));

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id === browser.runtime.id) controller.onMessage(message);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    ui.remove();
  });
}
