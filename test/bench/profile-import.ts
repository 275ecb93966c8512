/** CPU profile of the options page's import worker during a bench-style import. */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OptionsPage } from '../e2e/pages/options';
import { extensionArgs, findChromium } from '../support/chromium';

const rows = Number(process.argv[2] ?? 100000);
const EXT = process.env.EXT ?? '/work/wt-import/.output/chrome-mv3';
const out = process.argv[3] ?? '/tmp/wti/worker.cpuprofile';
async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopline-prof-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findChromium(), headless: true, args: extensionArgs(EXT), viewport: { width: 1400, height: 900 },
  });
  try {
    const sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') }));
    const id = new URL(sw.url()).host;
    await context.addInitScript(() => { (Worker.prototype as any).terminate = function () {}; });
    const options = await OptionsPage.open(async (p) => { const t = await context.newPage(); await t.goto(`chrome-extension://${id}/${p}`); return t; }, 'data');
    options.page.on('console', (m) => console.log('[console]', m.text()));
    await options.chooseImportFile(`/tmp/loopline-bench-marketo-${rows}.csv`);
    await options.workspaceStats.waitFor();
    await options.page.waitForTimeout(1000);
    const cdp = await context.newCDPSession(options.page);
    let msgId = 1000;
    const pending = new Map<number, (r: any) => void>();
    let workerSession: string | undefined;
    const send = (method: string, params: object = {}) => new Promise<any>((resolve) => {
      const id = msgId++; pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId: workerSession!, message: JSON.stringify({ id, method, params }) });
    });
    cdp.on('Target.receivedMessageFromTarget', (e: any) => {
      const m = JSON.parse(e.message);
      if (m.id && pending.has(m.id)) { pending.get(m.id)!(m.result ?? m.error); pending.delete(m.id); }
      else if (m.method === 'Runtime.consoleAPICalled') console.log('[worker]', m.params.args.map((a: any) => a.value ?? a.description).join(' '));
    });
    const attached = new Promise<void>((resolve) => cdp.on('Target.attachedToTarget', async (e: any) => {
      if (e.targetInfo.type !== 'worker') return;
      workerSession = e.sessionId;
      await send('Runtime.enable');
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 500 });
      await send('Profiler.start');
      await send('Runtime.runIfWaitingForDebugger');
      resolve();
    }));
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    const t0 = performance.now();
    const verdictP = options.runImport(30 * 60_000);
    await attached;
    // Stop just before the verdict: poll for the commit.
    let profile: any;
    const verdict = await Promise.race([verdictP.then((v) => v)]);
    console.log('verdict', verdict, ((performance.now() - t0) / 1000).toFixed(2), 's');
    const stopped = await send('Profiler.stop');
    writeFileSync(out, JSON.stringify(stopped.profile));
  } finally { await context.close(); rmSync(dir, { recursive: true, force: true }); }
}
main();
