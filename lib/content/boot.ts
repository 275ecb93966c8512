/**
 * What every Loopline content script does: ask the background whether Loopline runs on this page
 * and with which adapter (`content.config`), dock the sidebar's frame, and start the controller.
 * The sidebar itself runs in that frame, an extension page out of the page's process
 * (lib/sidebar/link.ts); the content script only finds people on the page and reports them.
 * Everything hangs off WXT's context and goes away with it (navigation away, extension updated
 * or disabled).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { createEnvelopeClient } from '../messaging/client';
import type { ContentToBackground } from '../messaging/protocol';
import { offerChannels } from '../sidebar/channel';
import { SIDEBAR_PAGE, SIDEBAR_PORT, type LinkPort } from '../sidebar/link';
import { adapterForSite } from '../sites';
import { pageAccount, startContentController, type TeamFilter } from './controller';
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
  const client = createEnvelopeClient<typeof ContentToBackground>((message) =>
    browser.runtime.sendMessage(message),
  );
  const configResult = await client.call('content.config');
  if (!configResult.ok) {
    console.warn(`Loopline is not running on this page: ${configResult.error.message}`);
    return;
  }
  // The background chose the site from the page's address as the browser reports it.
  const config = configResult.value;
  const adapter = adapterForSite(config.site);
  if (!adapter || !ctx.isValid) return;

  let team: TeamFilter = config.team;
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
    // Closed: the page's scripts cannot reach the frame element (its address, its size, its
    // style) through the host.
    mode: 'closed',
    css: HOST_CSS,
    onMount(uiContainer) {
      const frame = document.createElement('iframe');
      frame.title = 'Loopline';
      // The theme in the address lets the frame draw in the page's colours before it connects.
      const url = new URL(browser.runtime.getURL(SIDEBAR_PAGE));
      url.searchParams.set('theme', theme);
      url.searchParams.set('instance', instance);
      frame.src = url.href;
      dock = createDock(frame, document);
      dock.setLayout({ type: 'layout', open: config.open });
      // Where the frame cannot connect with tabs.connect (Firefox), it uses this channel.
      const offers = offerChannels(frame, url.href, instance, (port) => link.attach(port));
      frame.addEventListener('load', () => offers.renew());
      uiContainer.append(frame);
      return () => {
        offers.close();
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

  // Only a sidebar page carrying this content script's instance talks to it, one at a time: a
  // second connection while the first is open is refused (frame-link.ts), so a copy of the frame
  // that a page managed to load cannot take the link over. Any other port is left alone, not
  // closed: it may be for another listener in this frame.
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
    report: async (people) => {
      const result = await client.call('page.people', { people, account: pageAccount(adapter, document) });
      if (!result.ok)
        console.warn(`Loopline could not report the people on this page: ${result.error.message}`);
      return result.ok;
    },
    team: () => team,
  });

  // WXT's event comes from the Navigation API where the browser has it, else from polling the
  // address once a second (Firefox before the Navigation API), which misses a quick A → inbox →
  // A: the address is back to what the poll saw last. A hash change and Back/Forward are told
  // at once wherever they happen; the watcher folds a repeated call into one detection.
  const onLocationChange = () => controller.watcher.onLocationChange();
  ctx.addEventListener(window, 'wxt:locationchange', onLocationChange);
  ctx.addEventListener(window, 'hashchange', onLocationChange);
  ctx.addEventListener(window, 'popstate', onLocationChange);

  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id === browser.runtime.id) controller.onMessage(message);
  };
  browser.runtime.onMessage.addListener(onMessage);
  /** Settings changed in Options: who counts as internal may have too (the frame says so). */
  async function reloadTeam() {
    const result = await client.call('content.config');
    if (!result.ok || !ctx.isValid) return;
    team = result.value.team;
    controller.rechoose();
  }

  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    browser.runtime.onConnect.removeListener(onConnect);
    link.close();
    ui.remove();
  });
}
