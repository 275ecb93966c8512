/**
 * What every Loopline content script does: pick the adapter for the page, dock the sidebar's
 * frame, and start the controller. The sidebar itself runs in that frame, an extension page out
 * of the page's process (lib/sidebar/link.ts); the content script only finds people on the page.
 * Everything hangs off WXT's context and goes away with it (navigation away, extension updated
 * or disabled).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { createClient } from '../messaging/client';
import type { ContentToBackground } from '../messaging/protocol';
import { openOnSite, type OpenBySite } from '../sidebar/config';
import { SIDEBAR_PAGE, SIDEBAR_PORT, type LinkPort } from '../sidebar/link';
import { adapterFor } from '../sites';
import { startContentController, type TeamFilter } from './controller';
import { createDock, type Dock } from './dock';
import { createFrameLink, isOurFrame } from './frame-link';
import { pageTheme, watchTheme } from './theme';

const HOST_CSS =
  'iframe{display:block;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;}';

/**
 * The page's address, parsed again only when it has changed since the last call (the watcher
 * asks twice per check). Readers treat the URL as read-only.
 */
function currentUrl(): () => URL {
  let href: string | undefined;
  let url: URL | undefined;
  return () => {
    if (!url || location.href !== href) {
      href = location.href;
      url = new URL(href);
    }
    return url;
  };
}

export async function bootContentScript(ctx: ContentScriptContext): Promise<void> {
  const client = createClient<typeof ContentToBackground>((message) => browser.runtime.sendMessage(message));
  const configResult = await client.call('sidebar.config');
  if (!configResult.ok) {
    console.warn(`Loopline is not running on this page: ${configResult.error.message}`);
    return;
  }
  const raw = configResult.value as {
    you?: TeamFilter;
    sites?: {
      builtins?: Record<string, boolean>;
      custom?: { id: string; pattern: string; selector: string }[];
    };
  } & OpenBySite;
  const adapter = adapterFor(new URL(location.href), {
    builtins: raw.sites?.builtins,
    custom: raw.sites?.custom,
  });
  if (!adapter || !ctx.isValid) return;

  const teamFrom = (you: TeamFilter | undefined): TeamFilter => ({
    ownAddresses: you?.ownAddresses ?? [],
    internalDomains: you?.internalDomains ?? [],
    lookUpFreeMail: you?.lookUpFreeMail ?? true,
  });
  let team = teamFrom(raw.you);
  const site = adapter.id;
  const theme = pageTheme(document);
  // Names this content script's frame: the frame's address carries it back when it connects.
  const instance = crypto.randomUUID();

  let dock: Dock | undefined;
  const link = createFrameLink({
    layout: (layout) => dock?.setLayout(layout),
    configChanged: () => void reloadTeam(),
  });
  link.setTheme(theme);
  watchTheme(document, (next) => link.setTheme(next), ctx.signal);

  const ui = await createShadowRootUi(ctx, {
    name: 'loopline-sidebar',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: HOST_CSS,
    onMount(uiContainer) {
      const frame = document.createElement('iframe');
      frame.title = 'Loopline';
      // The site and theme in the address let the frame draw the right thing before it connects.
      const url = new URL(browser.runtime.getURL(SIDEBAR_PAGE));
      url.searchParams.set('site', site);
      url.searchParams.set('theme', theme);
      url.searchParams.set('instance', instance);
      frame.src = url.href;
      dock = createDock(frame, document);
      dock.setLayout({ type: 'layout', open: openOnSite(raw, site), tabHeight: 0 });
      uiContainer.append(frame);
      return () => {
        frame.remove();
        dock?.remove();
        dock = undefined;
      };
    },
    onRemove(cleanup) {
      cleanup?.();
    },
  });
  ui.mount();

  // Only a sidebar page carrying this content script's instance talks to it; the newest
  // connection wins (an iframe moved in the DOM reloads and connects again). A page that reads
  // the open shadow root could load a second copy with the same address: still Loopline's own
  // page, which it cannot read, sent only the people already on the page. Any other port is left
  // alone, not closed: it may be for another listener in this frame.
  const onConnect = (port: LinkPort & { name: string; sender?: { id?: string; url?: string } }) => {
    if (port.name !== SIDEBAR_PORT || port.sender?.id !== browser.runtime.id) return;
    if (isOurFrame(port.sender.url, instance)) link.attach(port);
  };
  browser.runtime.onConnect.addListener(onConnect);

  const controller = startContentController({
    adapter,
    doc: document,
    getUrl: currentUrl(),
    signal: ctx.signal,
    sidebar: link,
    team: () => team,
  });

  ctx.addEventListener(window, 'wxt:locationchange', () => controller.watcher.onLocationChange());

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id === browser.runtime.id) controller.onMessage(message);
  };
  browser.runtime.onMessage.addListener(onMessage);
  /** Settings changed in Options: who counts as internal may have too (the frame says so). */
  async function reloadTeam() {
    const result = await client.call('sidebar.config');
    if (!result.ok || !ctx.isValid) return;
    team = teamFrom((result.value as { you?: TeamFilter }).you);
    controller.rechoose();
  }

  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    browser.runtime.onConnect.removeListener(onConnect);
    link.close();
    ui.remove();
  });
}
