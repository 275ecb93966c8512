/**
 * Page object for the Gmail look-alike (test/fixtures/apps/gmail.html) and the real saved Gmail
 * page: every selector the e2e suite uses on Gmail's side of the screen lives here. Navigation
 * goes through `location.hash`, as Gmail's own links do, so that a walk through several views is
 * one page load.
 */
import type { Locator, Page } from '@playwright/test';
import { GMAIL_URL } from '../../support/sites';

/** The look-alike's structure, which mirrors the parts of Gmail the adapter reads. */
export const GMAIL_SELECTORS = {
  /** The open thread's subject; `data-legacy-thread-id` is the id in the URL. */
  threadHeading: 'h2.hP',
  /** The inbox list. */
  inboxList: 'div[role="main"] table.F',
  /** The compose window, appended to the body like Gmail's pop-up compose dialog. */
  composeWindow: 'div[role="dialog"].compose-window',
  /** The To field's row; chips are inserted before its input. */
  toField: 'div[name="to"]',
  /** A recipient chip, as Gmail renders a typed address once it is accepted. */
  recipientChip: '[role="option"][data-hovercard-id]',
} as const;

/** Set in the page's own world: still there after a navigation only if the page did not reload. */
const LOAD_MARK = '__looplineE2eLoadMark';

export class GmailPage {
  constructor(readonly page: Page) {}

  /** Load Gmail at a hash route (`#inbox`, `#inbox/<thread id>`): a full page load. */
  async load(hash = '#inbox'): Promise<void> {
    await this.page.goto(`${GMAIL_URL}${hash}`);
    await this.page.evaluate((mark) => {
      (window as unknown as Record<string, number>)[mark] = 1;
    }, LOAD_MARK);
  }

  /** Whether the page is still the one `load` opened (hash navigation never reloads). */
  async isSameLoad(): Promise<boolean> {
    return this.page.evaluate((mark) => (window as unknown as Record<string, number>)[mark] === 1, LOAD_MARK);
  }

  /** Move to another view the way Gmail's links do, without reloading. */
  async navigate(hash: string): Promise<void> {
    await this.page.evaluate((next) => {
      location.hash = next;
    }, hash);
  }

  async openThread(threadId: string): Promise<void> {
    await this.navigate(`#inbox/${threadId}`);
    await this.threadHeading(threadId).waitFor();
  }

  async openInbox(): Promise<void> {
    await this.navigate('#inbox');
    await this.inboxList.waitFor();
  }

  threadHeading(threadId: string): Locator {
    return this.page.locator(`${GMAIL_SELECTORS.threadHeading}[data-legacy-thread-id="${threadId}"]`);
  }

  get inboxList(): Locator {
    return this.page.locator(GMAIL_SELECTORS.inboxList);
  }

  get composeButton(): Locator {
    return this.page.getByRole('button', { name: 'Compose', exact: true });
  }

  get composeWindow(): Locator {
    return this.page.locator(GMAIL_SELECTORS.composeWindow);
  }

  /** The To field's text input. */
  get toInput(): Locator {
    return this.composeWindow.locator(`${GMAIL_SELECTORS.toField} input`);
  }

  get recipientChips(): Locator {
    return this.composeWindow.locator(`${GMAIL_SELECTORS.toField} ${GMAIL_SELECTORS.recipientChip}`);
  }

  recipientChip(email: string): Locator {
    return this.composeWindow.locator(
      `${GMAIL_SELECTORS.toField} [role="option"][data-hovercard-id="${email}"]`,
    );
  }

  async openCompose(): Promise<void> {
    await this.composeButton.click();
    await this.toInput.waitFor();
  }

  /** Type an address into To without accepting it: it stays text in the input, as in Gmail. */
  async typeRecipient(email: string): Promise<void> {
    await this.toInput.pressSequentially(email);
  }

  /** Accept what was typed (Enter), which turns it into a chip. */
  async acceptRecipient(): Promise<void> {
    await this.toInput.press('Enter');
  }
}
