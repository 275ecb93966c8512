/**
 * Page object for the sidebar: every selector the e2e suite, the demo and the benchmarks use
 * for it lives here. The sidebar is an extension page (`sidebar.html`) in a frame that the
 * content script puts in a closed shadow root, so that the page's scripts cannot reach the frame
 * element. Playwright's selectors cannot either (they only pierce open shadow roots): the frame is
 * found among the page's frames by its address instead, and its locators are built on it.
 *
 * So after each full page load (`page.goto`, a reload), `await sidebar.attach()` before using the
 * locators below; navigation inside the page (Gmail's hash links) keeps the same frame.
 */
import type { Frame, Locator, Page } from '@playwright/test';

export const SIDEBAR_HOST = 'loopline-sidebar';

/** The sidebar document's path, on the extension's (per-session, on Chrome) origin. */
const SIDEBAR_PATH = '/sidebar.html';
const ATTACH_TIMEOUT_MS = 20_000;

function isSidebarFrame(page: Page, frame: Frame): boolean {
  if (frame.isDetached() || frame.parentFrame() !== page.mainFrame()) return false;
  try {
    const url = new URL(frame.url());
    return url.protocol === 'chrome-extension:' && url.pathname === SIDEBAR_PATH;
  } catch {
    return false;
  }
}

export class SidebarPage {
  private bound: Frame | undefined;

  constructor(readonly page: Page) {}

  /** A page's sidebar, once its frame is there. */
  static async of(page: Page): Promise<SidebarPage> {
    return new SidebarPage(page).attach();
  }

  /** The content script's host element in the page (the frame inside it is out of reach). */
  get host(): Locator {
    return this.page.locator(SIDEBAR_HOST);
  }

  /** The sidebar's document, once the page has one (waits for it after a page load). */
  async frame(timeout = ATTACH_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const frame = this.page.frames().find((f) => isSidebarFrame(this.page, f));
      if (frame) return frame;
      if (Date.now() > deadline) {
        throw new Error(`No Loopline sidebar frame in ${this.page.url()} after ${timeout} ms.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Bind the locators below to the sidebar frame of the page as loaded now. */
  async attach(timeout = ATTACH_TIMEOUT_MS): Promise<this> {
    this.bound = await this.frame(timeout);
    return this;
  }

  /** The frame the locators use: the attached one, or its replacement if the content script remade it. */
  private get current(): Frame {
    if (this.bound && !this.bound.isDetached()) return this.bound;
    const live = this.page.frames().find((f) => isSidebarFrame(this.page, f));
    if (!live) {
      throw new Error(
        `The Loopline sidebar is not attached to ${this.page.url()}: await sidebar.attach() after the page loads.`,
      );
    }
    this.bound = live;
    return live;
  }

  /** The frame element's box in the page (its size and place are the dock's). */
  async frameBox(): Promise<{ x: number; y: number; width: number; height: number } | null> {
    const element = await this.current.frameElement();
    try {
      return await element.boundingBox();
    } finally {
      await element.dispose();
    }
  }

  get root(): Locator {
    return this.current.getByRole('complementary', { name: 'Loopline' });
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
  /**
   * The frame's document while it would take a one-click outcome now: the click guard
   * (lib/sidebar/click-guard.ts) publishes its verdict on <html data-click-guard>, `record` once
   * the browser has seen the whole frame, unobscured, for long enough, and the person shown has
   * not just changed.
   */
  get readyForClick(): Locator {
    return this.current.locator('html[data-click-guard="record"]');
  }
  /** Click an outcome as a user who has looked at the sidebar does: once the guard would take it. */
  async clickOutcome(label: string | RegExp): Promise<void> {
    await this.readyForClick.waitFor({ state: 'attached' });
    await this.outcomeButton(label).click();
  }
  async waitForLead(name: string): Promise<void> {
    await this.attach();
    await this.leadName.filter({ hasText: name }).waitFor();
  }

  // ── Delivery and write-back (components/OutcomeBar.tsx) ───────────────────────────────

  /** The "Record outcome" section: the team's outcomes, then what became of the last click. */
  get outcomeSection(): Locator {
    return this.section('Record outcome');
  }
  /** One of the team's outcomes by its exact label (a form's "…" is hidden from the name). */
  outcomeChoice(label: string): Locator {
    return this.root
      .getByRole('group', { name: 'Outcomes', exact: true })
      .getByRole('button', { name: label, exact: true });
  }
  /**
   * The line that follows a recorded outcome: "Saved …", "Sending … to HubSpot…", "… delivered
   * to HubSpot.", and "Saving…" while the background has not answered the click yet.
   */
  get outcomeStatus(): Locator {
    return this.outcomeSection.getByRole('status');
  }
  /** "Outcomes cannot be written back to Marketo yet: …", when the lead's platform cannot take them. */
  get writeBackNotice(): Locator {
    return this.outcomeSection.getByText(/cannot be written back to/);
  }
  get setUpWriteBackButton(): Locator {
    return this.outcomeSection.getByRole('button', { name: 'Set up write-back in Options', exact: true });
  }
  /**
   * Click an outcome whose button is aria-disabled, as a user still can: the button takes the
   * click (only `disabled` would swallow it), so Playwright's wait for an enabled element is
   * skipped, not the click guard's.
   */
  async clickOutcomeAnyway(label: string): Promise<void> {
    await this.readyForClick.waitFor({ state: 'attached' });
    await this.outcomeChoice(label).click({ force: true });
  }

  // ── Lead header and empty states (components/LeadHeader.tsx, States.tsx) ──────────────

  /** The header's "Sample data" badge on a lead of the bundled sample workspace. */
  get sampleBadge(): Locator {
    return this.root.locator('.ll-lead').getByText('Sample data', { exact: true });
  }
  /** A source's muted line under the header: "HubSpot: list memberships unavailable". */
  unavailableNote(text: string | RegExp): Locator {
    return this.root.locator('.ll-lead').getByText(text);
  }
  /** The not-found state's title: "<email> is not in your marketing data". */
  get notFoundTitle(): Locator {
    return this.root.getByRole('heading', { level: 2, name: /is not in your marketing data$/ });
  }
  /** The state shown when the lead could not be loaded at all. */
  get loadFailure(): Locator {
    return this.root.getByText('Could not load this lead');
  }
}
