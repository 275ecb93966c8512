/**
 * The e2e harness: every test gets a fresh Chromium profile with the production build
 * (.output/chrome-mv3, built by `npm run build`) loaded, the extension's id and service worker,
 * and a log of errors the extension printed.
 *
 * The build is the one users get: platform API hosts and user-added sites are optional
 * permissions there. A test that needs one grants it as a user does (`grantSiteAccess`, the
 * Site access setting of chrome://extensions), and the extension's own request then succeeds
 * without a prompt: through the Options page's switches, or `saveSettingsWithAccess` for tests
 * about what happens after setup.
 */
import {
  test as base,
  chromium,
  expect,
  type BrowserContext,
  type Page,
  type Worker,
} from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extensionArgs, findChromium } from '../support/chromium';

export {
  grantSiteAccess,
  readSettings,
  requestHostAccess,
  saveSettings,
  saveSettingsWithAccess,
} from '../support/extension';

export const EXTENSION_PATH = path.resolve(import.meta.dirname, '..', '..', '.output', 'chrome-mv3');

export interface ExtensionFixtures {
  context: BrowserContext;
  userDataDir: string;
  serviceWorker: Worker;
  extensionId: string;
  /** Errors logged by the extension (content scripts, pages, service worker). */
  extensionErrors: string[];
  /** Open an extension page (options.html, popup.html, …). */
  openExtensionPage: (file: string) => Promise<Page>;
}

export async function launchWithExtension(userDataDir: string): Promise<BrowserContext> {
  if (!existsSync(path.join(EXTENSION_PATH, 'manifest.json'))) {
    throw new Error(`No build at ${EXTENSION_PATH}. Run "npm run build" first (npm run test:e2e does).`);
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: await findChromium(),
    headless: process.env.HEADED !== '1',
    args: extensionArgs(EXTENSION_PATH),
    viewport: { width: 1400, height: 900 },
  });
}

export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  return (
    existing ??
    context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') })
  );
}

export const test = base.extend<ExtensionFixtures>({
  // eslint-disable-next-line no-empty-pattern
  userDataDir: async ({}, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loopline-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ userDataDir }, use) => {
    const context = await launchWithExtension(userDataDir);
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    await use(await extensionWorker(context));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  extensionErrors: async ({ context }, use) => {
    const errors: string[] = [];
    const watchPage = (page: Page) => {
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const where = message.location().url ?? '';
        if (where.startsWith('chrome-extension://') || page.url().startsWith('chrome-extension://')) {
          errors.push(`${where}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => {
        if ((error.stack ?? '').includes('chrome-extension://')) errors.push(error.stack ?? error.message);
      });
    };
    context.pages().forEach(watchPage);
    context.on('page', watchPage);
    await use(errors);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file: string) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

export { expect };

/** Stop the extension's service worker through CDP, as Chrome does when it is idle. */
export async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
