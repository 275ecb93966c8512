/**
 * Page object for the sidebar: every selector the e2e suite, the demo and the benchmarks use
 * for it lives here. The sidebar is an extension page in a frame inside the content script's
 * open shadow root; Playwright's locators pierce the shadow root and enter the frame.
 */
import type { Frame, FrameLocator, Locator, Page } from '@playwright/test';

export const SIDEBAR_HOST = 'loopline-sidebar';
export const SIDEBAR_FRAME = `${SIDEBAR_HOST} iframe`;

export class SidebarPage {
  constructor(readonly page: Page) {}

  get host(): Locator {
    return this.page.locator(SIDEBAR_HOST);
  }
  /** The frame element in the page (its size and place are the dock's). */
  get frameElement(): Locator {
    return this.page.locator(SIDEBAR_FRAME);
  }
  get frameLocator(): FrameLocator {
    return this.page.frameLocator(SIDEBAR_FRAME);
  }
  /** The sidebar's document, for evaluating in it (axe). */
  async frame(): Promise<Frame> {
    const handle = await this.frameElement.elementHandle({ timeout: 20_000 });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('The Loopline sidebar frame has no document.');
    return frame;
  }
  get root(): Locator {
    return this.frameLocator.getByRole('complementary', { name: 'Loopline' });
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
