/**
 * Page object for the sidebar: every selector the e2e suite, the demo and the benchmarks use
 * for it lives here. Playwright's locators pierce the open shadow root.
 */
import type { Locator, Page } from '@playwright/test';

export const SIDEBAR_HOST = 'loopline-sidebar';

export class SidebarPage {
  constructor(readonly page: Page) {}

  get host(): Locator {
    return this.page.locator(SIDEBAR_HOST);
  }
  get root(): Locator {
    return this.page.getByRole('complementary', { name: 'Loopline' });
  }
  /** The lead's name (the header's heading). */
  get leadName(): Locator {
    return this.root.locator('.ll-lead h2');
  }
  get heading(): Locator {
    return this.root.getByRole('heading', { level: 2 }).first();
  }
  get openTab(): Locator {
    return this.root.getByRole('button', { name: /Open the Loopline sidebar/ });
  }
  get collapseButton(): Locator {
    return this.root.getByRole('button', { name: 'Collapse the Loopline sidebar' });
  }
  get refreshButton(): Locator {
    return this.root.getByRole('button', { name: 'Refresh lead data' });
  }
  section(name: string | RegExp): Locator {
    return this.root.getByRole('region', { name });
  }
  text(text: string | RegExp): Locator {
    return this.root.getByText(text);
  }
  outcomeButton(label: string | RegExp): Locator {
    return this.root.getByRole('button', { name: label });
  }
  async waitForLead(name: string): Promise<void> {
    await this.leadName.filter({ hasText: name }).waitFor();
  }
}
