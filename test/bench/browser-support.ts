/**
 * What the browser benchmarks share: Chromium launched with or without the built extension, the
 * sidebar's frame, and the time from a thread opening to its lead showing in the sidebar.
 */
import { chromium, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_FLAGS, extensionArgs, findChromium } from '../support/chromium';
import { SidebarPage } from '../e2e/pages/sidebar';

/**
 * The production build (`npm run build`), as users get it; LOOPLINE_BENCH_EXTENSION points at
 * another build (say, of an earlier commit) to compare the two alternately on the same machine.
 */
const EXTENSION = path.resolve(
  process.env.LOOPLINE_BENCH_EXTENSION?.trim() ||
    path.resolve(import.meta.dirname, '..', '..', '.output', 'chrome-mv3'),
);

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export async function launch(withExtension: boolean): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopline-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findChromium(),
    headless: true,
    args: withExtension ? extensionArgs(EXTENSION) : CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  // tsx compiles page.evaluate callbacks with esbuild's keepNames, which calls __name().
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The sidebar's frame (an extension page inside the content script's shadow root). */
export async function sidebarFrame(page: Page): Promise<Frame> {
  const frame = await new SidebarPage(page).frame();
  await frame.waitForSelector('aside.ll-root', { state: 'attached', timeout: 20_000 });
  return frame;
}

/**
 * Resolves with ms from a hash change in the page to the sidebar's lead name showing `name` in
 * its frame (another process: both sides read the same clock, performance.timeOrigin + now).
 */
export async function timeToLead(page: Page, frame: Frame, hash: string, name: string): Promise<number> {
  const shown = frame.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sidebar never showed ${name}`)), 15_000);
        const poll = () => {
          if (document.querySelector('.ll-lead h2')?.textContent?.trim() === name) {
            clearTimeout(timer);
            resolve(performance.timeOrigin + performance.now());
          } else requestAnimationFrame(poll);
        };
        poll();
      }),
    name,
  );
  const start = await page.evaluate((hash) => {
    const at = performance.timeOrigin + performance.now();
    location.hash = hash;
    return at;
  }, hash);
  return (await shown) - start;
}

