/**
 * Acting on the built extension the way its user and its own pages do, for the e2e suite, the
 * demo and the benchmarks (which load the same production build):
 * - site access granted as a user grants it under chrome://extensions → Details → Site access;
 * - the extension asking for a host from one of its pages, as Options does when a source is
 *   switched on (with site access granted, Chromium answers at once, without a prompt);
 * - settings read and saved through the background (`settings.get`, `settings.save`), the only
 *   way Loopline's pages reach them: the settings live where only the background reads them.
 *
 * `page` is always a Loopline extension page (options.html, popup.html…): the background answers
 * these messages to its own pages only.
 *
 * The callbacks given to `page.evaluate` declare no named functions: tsx (demo, benchmarks)
 * compiles them with esbuild's keepNames, whose `__name` helper does not exist in the page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { SettingsReply } from '../../lib/messaging/protocol';
import { SOURCE_IDS } from '../../lib/model';
import { hostPatternsFor } from '../../lib/permissions/patterns';
import { Settings } from '../../lib/settings/schema';

/** A reply from the background, as every message gets one (lib/messaging/result.ts). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** How long a permission request may take before it must be showing a prompt nobody answers. */
const REQUEST_ANSWER_MS = 5_000;

/** The extension id of a Loopline page (chrome-extension://<id>/…). */
export function extensionIdOf(page: Page): string {
  const url = new URL(page.url());
  if (url.protocol !== 'chrome-extension:') {
    throw new Error(
      `${page.url()} is not a Loopline page: open options.html (or another extension page) first.`,
    );
  }
  return url.host;
}

/**
 * Grant optional hosts to the extension as a user does on its details page (Site access → "On
 * specific sites"). Chromium records them as granted by the user but does not activate them:
 * `permissions.contains` stays false until the extension itself asks (`requestHostAccess`, or a
 * switch in Options), which then resolves `true` at once instead of prompting.
 */
export async function grantSiteAccess(
  context: BrowserContext,
  extensionId: string,
  patterns: readonly string[],
): Promise<void> {
  if (patterns.length === 0) return;
  const page = await context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${extensionId}`);
    const failures = await page.evaluate(
      async ({ id, patterns }) => {
        // The API behind chrome://extensions' own Site access controls (not in @types/chrome).
        const developer = (
          globalThis as unknown as {
            chrome: { developerPrivate?: { addHostPermission(id: string, host: string): Promise<void> } };
          }
        ).chrome.developerPrivate;
        if (!developer) return ['chrome.developerPrivate is not available on chrome://extensions'];
        const failed: string[] = [];
        for (const pattern of patterns) {
          try {
            await developer.addHostPermission(id, pattern);
          } catch (error) {
            failed.push(`${pattern}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        return failed;
      },
      { id: extensionId, patterns: [...patterns] },
    );
    if (failures.length > 0) throw new Error(`Could not grant site access: ${failures.join('; ')}`);
  } finally {
    await page.close();
  }
}

/**
 * The extension asks for `origins` from one of its pages (`chrome.permissions.request`), as
 * Options does when a source is switched on. Throws unless granted: a request still open after a
 * few seconds is a prompt nobody will answer, meaning site access was not granted first.
 */
export async function requestHostAccess(page: Page, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const answer = await page.evaluate(
    ({ origins, wait }) =>
      Promise.race([
        chrome.permissions.request({ origins }).then(
          (granted) => (granted ? 'granted' : 'refused'),
          (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve('prompting'), wait)),
      ]),
    { origins: [...origins], wait: REQUEST_ANSWER_MS },
  );
  if (answer !== 'granted') {
    throw new Error(
      `The extension's request for ${origins.join(', ')} was ${answer}` +
        (answer === 'prompting' ? ' (grant site access first: grantSiteAccess).' : '.'),
    );
  }
}

/** Send one message from a Loopline page and return the background's Result as it came. */
export async function sendFromPageRaw<T>(page: Page, type: string, payload?: unknown): Promise<Reply<T>> {
  const reply = (await page.evaluate(([type, payload]) => chrome.runtime.sendMessage({ type, payload }), [
    type,
    payload,
  ] as const)) as Reply<T> | undefined;
  if (!reply) throw new Error(`"${type}": no answer from the background`);
  return reply;
}

/** Send one message from a Loopline page; its value, or an error naming the refusal. */
export async function sendFromPage<T>(page: Page, type: string, payload?: unknown): Promise<T> {
  const reply = await sendFromPageRaw<T>(page, type, payload);
  if (!reply.ok) throw new Error(`"${type}" failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/** The settings in force, as Options reads them (`settings.get`: secrets masked). */
export async function readSettings(page: Page): Promise<Settings> {
  const reply = await sendFromPage<SettingsReply>(page, 'settings.get', {});
  return Settings.parse(reply.settings);
}

/**
 * Save settings as Options does (`settings.save`). Secrets given masked keep their stored value
 * while their destination is unchanged. Returns the background's reply (the saved settings,
 * masked, and any notices).
 */
export async function saveSettings(page: Page, settings: Settings): Promise<SettingsReply> {
  return sendFromPage<SettingsReply>(page, 'settings.save', { settings });
}

/** The hosts the enabled sources of `settings` need: what Options asks for when each is switched on. */
export function sourceHosts(settings: Settings): string[] {
  const hosts = new Set<string>();
  for (const source of SOURCE_IDS) {
    if (!settings.sources[source].enabled) continue;
    const patterns = hostPatternsFor(source, settings);
    if (!patterns.ok) throw new Error(`${source}: ${patterns.error.message}`);
    for (const pattern of patterns.value) hosts.add(pattern);
  }
  return [...hosts];
}

/**
 * Settings whose sources are on, reached as a user reaches them: site access granted for the
 * sources' hosts, the extension's own request for them granted, then the save. For tests about
 * what happens after setup; tests about setting a source up use the Options page (pages/options.ts).
 */
export async function saveSettingsWithAccess(page: Page, settings: Settings): Promise<SettingsReply> {
  const hosts = sourceHosts(settings);
  await grantSiteAccess(page.context(), extensionIdOf(page), hosts);
  await requestHostAccess(page, hosts);
  return saveSettings(page, settings);
}
