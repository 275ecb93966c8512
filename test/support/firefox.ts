/**
 * Firefox with the built extension (.output/firefox-mv3), for the Firefox e2e suite and the demo:
 * the system's Firefox ESR driven by puppeteer-core over WebDriver BiDi.
 *
 * Finding it: FIREFOX_PATH, then /usr/bin/firefox-esr, then /usr/bin/firefox.
 *
 * What differs from Chromium, and how the harness deals with it:
 * - BiDi will not navigate a tab to a moz-extension:// address. Loopline opens its welcome page
 *   when it is installed; the harness finds that tab and opens other extension pages from it
 *   (a same-origin navigation inside the extension, or `tabs.create`).
 * - The extension's address is per install (moz-extension://<uuid>/): the profile pins the uuid
 *   (`extensions.webextensions.uuids`), so pages can be found by address.
 * - Host permissions: MV3 hosts are the user's to grant. Firefox grants the manifest's hosts at
 *   install (`extensions.originControls.grantByDefault`, on by default); optional hosts (a
 *   platform API, a REST endpoint) are granted by `permissions.request` from a click in one of
 *   Loopline's pages. `extensions.webextOptionalPermissionPrompts: false` answers that request
 *   as a user who clicks "Allow" does, without the doorhanger BiDi cannot reach; the click itself
 *   is a real one (BiDi input), so Firefox's "only from a user action" rule still holds.
 * - BiDi does not see the background (event page) requests, so the fake platform cannot be
 *   served by request interception there: it listens on 127.0.0.1 over HTTPS, the vendor hosts
 *   resolve to it (`network.dns.localDomains`), port 443 is forced to its port
 *   (`network.socket.forcePort`) and its self-signed certificate is accepted for the session
 *   (`acceptInsecureCerts`). Web pages (Gmail, CRMs) are served by request interception.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Frame, type HTTPRequest, type Page } from 'puppeteer-core';

export const FIREFOX_INSTALL_HINT = [
  "No Firefox found for Loopline's Firefox tests and demo.",
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y firefox-esr',
  '  Fedora:         sudo dnf install firefox',
  '  macOS:          brew install --cask firefox@esr',
  '  or point FIREFOX_PATH at a Firefox binary: FIREFOX_PATH=/path/to/firefox npm run test:firefox',
].join('\n');

const SYSTEM_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

export class FirefoxNotFoundError extends Error {}

export function findFirefox(env = process.env, exists: (path: string) => boolean = existsSync): string {
  const fromEnv = env.FIREFOX_PATH?.trim();
  if (fromEnv) {
    if (exists(fromEnv)) return fromEnv;
    throw new FirefoxNotFoundError(
      `FIREFOX_PATH is set to ${fromEnv}, but there is no file there.\n\n${FIREFOX_INSTALL_HINT}`,
    );
  }
  for (const candidate of SYSTEM_CANDIDATES) if (exists(candidate)) return candidate;
  throw new FirefoxNotFoundError(FIREFOX_INSTALL_HINT);
}

export const FIREFOX_EXTENSION_PATH = path.resolve(import.meta.dirname, '..', '..', '.output', 'firefox-mv3');
/** browser_specific_settings.gecko.id (lib/manifest.ts). */
export const GECKO_ID = 'loopline@loopline.app';
/** The per-install uuid, pinned for tests. */
export const EXTENSION_UUID = '3b1f6c2e-7a4d-4e8b-9c0f-5d2a1e6b7c80';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** Hosts of the fake platform (test/fake-platform), sent to its local HTTPS server. */
export const FAKE_PLATFORM_HOSTS = [
  'api.hubapi.com',
  'api-eu1.hubapi.com',
  '123-abc-456.mktorest.com',
  'us21.api.mailchimp.com',
  'rest.loopline.test',
];

/**
 * Preferences for a machine without internet: no updates, telemetry, studies, safe browsing,
 * captive-portal or connectivity checks, remote settings or add-on metadata fetches.
 */
export const OFFLINE_PREFS: Record<string, unknown> = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.aboutwelcome.enabled': false,
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.update.enabled': false,
  'extensions.update.autoUpdateDefault': false,
  'media.gmp-manager.updateEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'services.settings.server': 'data:,#remote-settings-disabled',
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
};

export interface FirefoxOptions {
  /** The port of the fake platform's HTTPS server, when a test needs the platform. */
  platformPort?: number;
  /** Seconds Firefox lets the event page idle before suspending it (default: Firefox's 30). */
  backgroundIdleSeconds?: number;
}

export function firefoxPrefs(options: FirefoxOptions = {}): Record<string, unknown> {
  return {
    ...OFFLINE_PREFS,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    // A click's permission request is answered "Allow" (see above); still only from a click.
    'extensions.webextOptionalPermissionPrompts': false,
    ...(options.backgroundIdleSeconds !== undefined
      ? { 'extensions.background.idle.timeout': options.backgroundIdleSeconds * 1000 }
      : {}),
    // Vendor hosts go to the local fake (or nowhere): never to a real vendor with a test token.
    'network.dns.localDomains': FAKE_PLATFORM_HOSTS.join(','),
    ...(options.platformPort ? { 'network.socket.forcePort': `443=${options.platformPort}` } : {}),
  };
}

export interface FirefoxSession {
  browser: Browser;
  /** An extension page (the welcome page Loopline opened when it was installed). */
  extensionPage: Page;
  close(): Promise<void>;
}

const POLL_MS = 100;

/** Wait until `check` returns something other than undefined/false; fail after `timeout` ms. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  timeout = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeout} ms waiting for ${what}` +
          (last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A document's own address (BiDi keeps reporting some frames as about:blank). */
export async function documentUrl(target: Page | Frame): Promise<string> {
  return String(await target.evaluate('document.URL'));
}

/** The tab showing one of Loopline's pages (`welcome.html`, `options.html`…). */
export async function findExtensionPage(browser: Browser, file: string, timeout = 20_000): Promise<Page> {
  return waitFor(
    `Loopline's ${file}`,
    async () => {
      for (const page of await browser.pages()) {
        const url = await documentUrl(page).catch(() => '');
        if (url.startsWith(`${EXTENSION_ORIGIN}/${file}`)) return page;
      }
      return undefined;
    },
    timeout,
  );
}

export async function launchFirefox(
  options: FirefoxOptions & { headless?: boolean } = {},
): Promise<FirefoxSession> {
  if (!existsSync(path.join(FIREFOX_EXTENSION_PATH, 'manifest.json'))) {
    throw new Error(
      `No build at ${FIREFOX_EXTENSION_PATH}. Run "npm run build:firefox" first (npm run test:firefox does).`,
    );
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: options.headless ?? process.env.HEADED !== '1',
    acceptInsecureCerts: options.platformPort !== undefined,
    extraPrefsFirefox: firefoxPrefs(options),
    defaultViewport: { width: 1400, height: 900 },
  });
  try {
    await browser.installExtension(FIREFOX_EXTENSION_PATH);
    const extensionPage = await findExtensionPage(browser, 'welcome.html');
    return { browser, extensionPage, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Open another of Loopline's pages in a new tab, from an extension page. */
export async function openExtensionPage(session: FirefoxSession, file: string): Promise<Page> {
  await session.extensionPage.evaluate(
    `browser.tabs.create({ url: browser.runtime.getURL(${JSON.stringify('/' + file)}) })`,
  );
  return findExtensionPage(session.browser, file);
}

export type PageRoute = (url: URL, request: HTTPRequest) => { body: string; status?: number } | null;

/**
 * Serve web pages at their real addresses in `page` (request interception: BiDi sees the tab's
 * requests, not the extension's). Anything no route answers fails, as offline.
 */
export async function servePages(page: Page, routes: PageRoute[]): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = new URL(request.url());
    if (url.protocol === 'moz-extension:' || url.protocol === 'data:' || url.protocol === 'about:') {
      void request.continue();
      return;
    }
    for (const route of routes) {
      const answer = route(url, request);
      if (answer) {
        void request.respond({
          status: answer.status ?? 200,
          contentType: 'text/html; charset=utf-8',
          body: answer.body,
        });
        return;
      }
    }
    void request.abort('failed');
  });
}

/** Evaluate `expression` (a string: see below) in an extension page and return its value. */
export async function inExtension<T>(page: Page | Frame, expression: string): Promise<T> {
  // Strings rather than functions: tsx compiles functions with esbuild's keepNames, whose
  // `__name` helper does not exist in the page.
  return (await page.evaluate(expression)) as T;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** One message from an extension page to the background; its value, or an error naming the refusal. */
export async function sendFromPage<T>(page: Page, type: string, payload?: unknown): Promise<T> {
  const reply = await inExtension<Reply<T> | undefined>(
    page,
    `browser.runtime.sendMessage(${JSON.stringify({ type, payload })})`,
  );
  if (!reply) throw new Error(`"${type}": no answer from the background`);
  if (!reply.ok) throw new Error(`"${type}" failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/**
 * Grant optional hosts as a user does in Firefox: a click in one of Loopline's pages asks
 * (`permissions.request` runs in the click handler), and Firefox answers "Allow" (the prefs
 * above). The button is added for the purpose and removed after.
 */
export async function grantHostsByClick(page: Page, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const id = 'loopline-test-grant';
  await inExtension(
    page,
    `(() => {
      const button = document.createElement('button');
      button.id = ${JSON.stringify(id)};
      button.textContent = 'Allow';
      button.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647;width:120px;height:40px';
      button.addEventListener('click', () => {
        browser.permissions.request({ origins: ${JSON.stringify(origins)} }).then(
          (granted) => (button.dataset.answer = granted ? 'granted' : 'refused'),
          (error) => (button.dataset.answer = 'failed: ' + error.message),
        );
      });
      document.body.append(button);
    })()`,
  );
  await page.click(`#${id}`);
  const answer = await waitFor('the permission answer', () =>
    inExtension<string | null>(page, `document.getElementById(${JSON.stringify(id)}).dataset.answer ?? null`),
  );
  await inExtension(page, `document.getElementById(${JSON.stringify(id)}).remove()`);
  if (answer !== 'granted') throw new Error(`The request for ${origins.join(', ')} was ${answer}.`);
}

/** The sidebar's frame in `page` (Loopline's sidebar.html, a direct child of the page). */
export async function sidebarFrame(page: Page, timeout = 20_000): Promise<Frame> {
  return waitFor(
    `the Loopline sidebar in ${page.url()}`,
    async () => {
      for (const frame of page.frames()) {
        if (frame.parentFrame() !== page.mainFrame() || frame.detached) continue;
        const url = await documentUrl(frame).catch(() => '');
        if (url.startsWith(`${EXTENSION_ORIGIN}/sidebar.html`)) return frame;
      }
      return undefined;
    },
    timeout,
  );
}

/** The sidebar's visible text. */
export function sidebarText(frame: Frame): Promise<string> {
  return inExtension<string>(frame, 'document.body.innerText');
}

/** Wait until the sidebar's text contains `text` (a string or a pattern); returns the text. */
export async function waitForSidebarText(
  frame: Frame,
  text: string | RegExp,
  timeout = 20_000,
): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      `“${String(text)}” in the sidebar`,
      async () => {
        last = await sidebarText(frame);
        return (typeof text === 'string' ? last.includes(text) : text.test(last)) ? last : undefined;
      },
      timeout,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nThe sidebar said:\n${last.slice(0, 600)}`);
  }
}

/** The lead's name in the sidebar's header (`.ll-lead h2`), or null. */
export function leadName(frame: Frame): Promise<string | null> {
  return inExtension<string | null>(frame, `document.querySelector('.ll-lead h2')?.textContent ?? null`);
}

/**
 * Click the button named `name` (its text or aria-label, exactly) inside `within` (a CSS
 * selector), with a real click through BiDi.
 */
export async function clickButton(target: Page | Frame, name: string, within = 'body'): Promise<void> {
  const handle = await waitFor(`a “${name}” button`, async () => {
    const buttons = await target.$$(`${within} button, ${within} [role="button"], ${within} [role="switch"]`);
    for (const button of buttons) {
      const label = await button.evaluate(
        (element) => element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '',
      );
      if (label === name) return button;
    }
    return undefined;
  });
  const frame = 'parentFrame' in target && target.parentFrame() ? target : null;
  if (!frame) {
    await handle.click();
    return;
  }
  // In a child frame Puppeteer clicks through the frame's element, which it finds with a BiDi
  // locator Firefox ESR 140 does not have. The sidebar is docked at the viewport's top right
  // (lib/content/dock.ts), so the point is worked out from the two viewports, and the click is
  // checked to have reached the button as a trusted one.
  const point = await handle.evaluate((element) => {
    element.scrollIntoView({ block: 'center' });
    const rect = element.getBoundingClientRect();
    (window as unknown as { __llClicked?: boolean }).__llClicked = false;
    element.addEventListener(
      'click',
      (event) => ((window as unknown as { __llClicked?: boolean }).__llClicked = event.isTrusted),
      { once: true },
    );
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, width: window.innerWidth };
  });
  const page = frame.page();
  const viewport = await page.evaluate(() => document.documentElement.clientWidth);
  await page.mouse.click(viewport - point.width + point.x, point.y);
  await waitFor(`the click on “${name}” to reach it`, () =>
    frame.evaluate(() => (window as unknown as { __llClicked?: boolean }).__llClicked),
  );
}
