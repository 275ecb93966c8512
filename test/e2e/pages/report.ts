/**
 * Page object for the closed-loop report (entrypoints/report): every selector the e2e suite uses
 * on report.html lives here, plus the raw IndexedDB access the suite needs to set up outcomes and
 * read back the workspace (the page is an extension page, so it may open the extension's DB).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Lead, Outcome, Touchpoint } from '../../../lib/model';

const AXE_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'node_modules',
  'axe-core',
  'axe.min.js',
);

/** One row of the campaign table: [campaign, channel, …numbers as their plain values ('' = n/a)]. */
export type TableRow = string[];

export class ReportPage {
  constructor(readonly page: Page) {}

  get campaignsHeading(): Locator {
    return this.page.getByRole('heading', { level: 2, name: 'Campaigns' });
  }
  get campaignTable(): Locator {
    return this.page.getByRole('table', { name: /^Campaigns, outcomes credited by/ });
  }
  get scope(): Locator {
    return this.page.locator('.scope');
  }
  get slaSection(): Locator {
    return this.page.getByRole('region', { name: 'SLA compliance' });
  }
  slaFigure(term: string): Locator {
    return this.slaSection
      .locator('.figure')
      .filter({ has: this.page.getByText(term, { exact: true }) })
      .locator('.figure-value');
  }
  get overdueRows(): Locator {
    return this.slaSection.getByRole('region', { name: 'Overdue leads' }).locator('tbody tr');
  }
  get reasonsTable(): Locator {
    return this.page.getByRole('table', { name: 'Reasons by campaign' });
  }
  get downloadCsv(): Locator {
    return this.page.getByRole('button', { name: 'Download CSV' });
  }
  get copyMarkdown(): Locator {
    return this.page.getByRole('button', { name: 'Copy as Markdown' });
  }
  get timeRange(): Locator {
    return this.page.getByLabel('Time range');
  }
  model(label: 'First touch' | 'Last touch' | 'Linear'): Locator {
    return this.page.getByRole('radio', { name: label });
  }
  get showAsTable(): Locator {
    return this.page.getByRole('button', { name: 'Show as table' });
  }

  async waitForReport(): Promise<void> {
    await this.campaignsHeading.waitFor();
  }

  /** The campaign table as shown: body rows then the totals, numbers as their <data> values. */
  async tableRows(): Promise<TableRow[]> {
    return this.campaignTable.evaluate((table) =>
      [...table.querySelectorAll('tbody tr, tfoot tr')].map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => {
          const data = cell.querySelector('data');
          if (data) return data.value;
          return cell.querySelector('.sr-only') ? '' : (cell.textContent ?? '');
        }),
      ),
    );
  }

  /** The column headers' words, without the sort marks. */
  async tableHeaders(): Promise<string[]> {
    return this.campaignTable
      .locator('thead th button')
      .evaluateAll((buttons) => buttons.map((button) => (button.firstChild?.textContent ?? '').trim()));
  }

  /** Ask the background to load the sample workspace, as the welcome page does. */
  async useSample(): Promise<{ leads: number; touchpoints: number }> {
    const reply = (await this.page.evaluate(() => {
      // No @types/chrome here: the one call this needs.
      const { chrome } = globalThis as unknown as {
        chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
      };
      return chrome.runtime.sendMessage({ type: 'workspace.useSample' });
    })) as { ok: true; value: { leads: number; touchpoints: number } } | { ok: false } | undefined;
    if (!reply?.ok) throw new Error(`workspace.useSample failed: ${JSON.stringify(reply)}`);
    return reply.value;
  }

  /** Outcomes straight into the outcome log (DB `loopline`, store `outcomes`), as the background keeps them. */
  async insertOutcomes(outcomes: Outcome[]): Promise<void> {
    await this.page.evaluate(
      (rows) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('loopline');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('outcomes', 'readwrite');
            for (const row of rows) tx.objectStore('outcomes').put(row);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      outcomes,
    );
  }

  /** The local workspace as stored, to work out the expected report in the test. */
  async readWorkspace(): Promise<{ leads: Lead[]; touchpoints: Touchpoint[] }> {
    return this.page.evaluate(
      () =>
        new Promise<{ leads: Lead[]; touchpoints: Touchpoint[] }>((resolve, reject) => {
          const open = indexedDB.open('loopline');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['leadBlocks', 'touchpoints', 'meta'], 'readonly');
            // Leads are stored in blocks (lib/store/lead-blocks.ts) and touchpoints in chunks per
            // lead (lib/store/touchpoints.ts), both in each workspace's current slot.
            const blocks = tx.objectStore('leadBlocks').getAll();
            const chunks = tx.objectStore('touchpoints').getAll();
            const slots = ['imported', 'sample'].map((w) => tx.objectStore('meta').get(`touchpoints:${w}`));
            tx.oncomplete = () => {
              db.close();
              const current = new Set(
                slots.map(
                  (request, i) =>
                    (request.result as { slot: string } | undefined)?.slot ?? ['imported', 'sample'][i],
                ),
              );
              const touchpoints = (chunks.result as { slot: string; items: Touchpoint[] }[])
                .filter((chunk) => current.has(chunk.slot))
                .flatMap((chunk) => chunk.items);
              const leads = (blocks.result as { slot: string; key: string; leads?: Lead[] }[])
                .filter((block) => current.has(block.slot) && block.key.startsWith('lead#'))
                .flatMap((block) => block.leads!);
              resolve({ leads, touchpoints });
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
  }

  async timeZone(): Promise<string> {
    return this.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  }

  /**
   * axe-core's violations on the page as it is. `page.addScriptTag({ path })` inserts the file as
   * an inline <script>, which the extension page's CSP (`script-src 'self'`) refuses and logs as
   * an error; evaluating the same source through DevTools is not governed by the page's CSP.
   */
  async axeViolations(): Promise<string[]> {
    const loaded = await this.page.evaluate(() => 'axe' in window);
    if (!loaded) await this.page.evaluate(readFileSync(AXE_PATH, 'utf8'));
    return this.page.evaluate(async () => {
      const { violations } = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(
        document,
      );
      return violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    });
  }
}
