/**
 * Running code where Loopline's content script runs, as an attacker who controls the page's
 * renderer could: in the isolated world Chromium made for the extension in the page's main frame,
 * reached through the DevTools protocol. Code evaluated there has the content script's powers and
 * no more: its `chrome.*` APIs, and its sender identity (the tab, the page's URL) when it messages
 * the background.
 */
import type { CDPSession, Page } from '@playwright/test';

/** Runtime.ExecutionContextDescription, the fields used here. */
interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; frameId?: string; isDefault?: boolean };
}

export interface IsolatedWorld {
  /**
   * `fn(arg)` in the content script's world, awaited there; resolves with its value (which must
   * survive JSON), rejects with the exception it threw. `fn` is sent as source text, so it may
   * use nothing from the test's scope but `arg`.
   */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  detach(): Promise<void>;
}

const FIND_TIMEOUT_MS = 10_000;

/** The content script world of `extensionId` in `page`'s main frame (waits for it to exist). */
export async function contentScriptWorld(page: Page, extensionId: string): Promise<IsolatedWorld> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const origin = `chrome-extension://${extensionId}`;
  const contexts = new Map<number, ExecutionContext>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.set(context.id, context));
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) =>
    contexts.delete(executionContextId),
  );
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());

  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrame = frameTree.frame.id;
  // Reports every existing context before it returns, then each new one.
  await cdp.send('Runtime.enable');

  // The extension's world, not Playwright's own utility world (also `isolated`, but the page's origin).
  const find = () =>
    [...contexts.values()]
      .filter((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === mainFrame && c.origin === origin)
      .sort((a, b) => b.id - a.id)[0];
  const deadline = Date.now() + FIND_TIMEOUT_MS;
  while (!find()) {
    if (Date.now() > deadline) {
      await cdp.detach().catch(() => {});
      const seen = [...contexts.values()].map((c) => `${c.auxData?.type} ${c.origin} "${c.name}"`);
      throw new Error(`No content script world of ${origin} in ${page.url()} (contexts: ${seen.join('; ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    async evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
      const context = find();
      if (!context) throw new Error(`The content script world of ${origin} is gone (did the page navigate?)`);
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        contextId: context.id,
        expression: `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) {
        throw new Error(
          `In the content script world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
        );
      }
      return result.value as T;
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}
