/**
 * Page object for the Outlook on the web look-alike (test/fixtures/apps/outlook.html): every
 * selector the e2e suite and the demo use on Outlook's side of the screen lives here. Navigation
 * goes through the page's own controls (a message-list click pushState's `/mail/id/<ItemID>`, the
 * Inbox folder pushState's `/mail/`), as in Outlook, so that a walk through several views is one
 * page load.
 */
import type { Locator, Page } from '@playwright/test';
import { OUTLOOK_URL } from '../../support/sites';

/** The look-alike's structure, which mirrors the parts of Outlook the adapter reads. */
export const OUTLOOK_SELECTORS = {
  readingPane: '#ReadingPaneContainerId',
  /** The message list; its rows carry the conversation id and stay in the DOM on every route. */
  messageList: '[role="listbox"][aria-label="Message list"]',
  /** The open conversation in the reading pane. */
  conversation: '[data-app-section="ConversationContainer"]',
  /** Compose's send button, the adapter's compose anchor with the subject input. */
  sendButton: '[data-testid="ComposeSendButton"]',
  /** A resolved recipient in a compose field. */
  recipientPill: '[data-lpc-hover-target-id]',
} as const;

/** Set in the page's own world: still there after a navigation only if the page did not reload. */
const LOAD_MARK = '__looplineE2eLoadMark';

export class OutlookPage {
  constructor(readonly page: Page) {}

  /** Load Outlook at a path under `/mail/` (`''` for the inbox, `id/<ItemID>`): a full page load. */
  async load(route = '', query = ''): Promise<void> {
    await this.page.goto(`${OUTLOOK_URL}${route}${query}`);
    await this.messageList.waitFor();
    await this.page.evaluate((mark) => {
      (window as unknown as Record<string, number>)[mark] = 1;
    }, LOAD_MARK);
  }

  /** Load a conversation by its ItemID (a full page load, as from a link). */
  async loadConversation(itemId: string, query = ''): Promise<void> {
    await this.load(`id/${encodeURIComponent(itemId)}`, query);
  }

  /** Whether the page is still the one `load` opened (History API navigation never reloads). */
  async isSameLoad(): Promise<boolean> {
    return this.page.evaluate((mark) => (window as unknown as Record<string, number>)[mark] === 1, LOAD_MARK);
  }

  get messageList(): Locator {
    return this.page.locator(OUTLOOK_SELECTORS.messageList);
  }

  get readingPane(): Locator {
    return this.page.locator(OUTLOOK_SELECTORS.readingPane);
  }

  /** The message-list row of a conversation, by its ItemID. */
  row(itemId: string): Locator {
    return this.messageList.locator(`[role="option"][id="${itemId}"]`);
  }

  /** The reading pane's conversation with this id. */
  conversation(convId: string): Locator {
    return this.readingPane.locator(`${OUTLOOK_SELECTORS.conversation}[data-convid="${convId}"]`);
  }

  /** Open a conversation as a user does: a click on its row, which pushState's `/mail/id/<ItemID>`. */
  async openConversation(itemId: string, convId: string): Promise<void> {
    await this.row(itemId).click();
    await this.conversation(convId).waitFor();
  }

  /** Back to the inbox through the folder pane: pushState's `/mail/`, the reading pane empties. */
  async openInbox(): Promise<void> {
    await this.page.getByRole('treeitem', { name: /^Inbox/ }).click();
    await this.page.waitForURL((url) => url.pathname === '/mail/');
    await this.readingPane.locator(OUTLOOK_SELECTORS.conversation).waitFor({ state: 'detached' });
  }

  get newMessageButton(): Locator {
    return this.page.getByRole('button', { name: 'New message', exact: true });
  }

  get composeForm(): Locator {
    return this.readingPane.getByRole('region', { name: 'New message' });
  }

  /** A recipient field of the compose form: `To` or `Cc`. */
  recipientField(label: 'To' | 'Cc' = 'To'): Locator {
    return this.composeForm.getByRole('textbox', { name: label, exact: true });
  }

  recipientPills(label: 'To' | 'Cc' = 'To'): Locator {
    return this.recipientField(label).locator(OUTLOOK_SELECTORS.recipientPill);
  }

  /** Open a new message in the reading pane; the URL does not change. */
  async openCompose(): Promise<void> {
    await this.newMessageButton.click();
    await this.composeForm.locator(OUTLOOK_SELECTORS.sendButton).waitFor();
  }

  /** Type into a recipient field without resolving it: it stays text, as in Outlook. */
  async typeRecipient(text: string, label: 'To' | 'Cc' = 'To'): Promise<void> {
    await this.recipientField(label).click();
    await this.recipientField(label).pressSequentially(text);
  }

  /** Resolve what was typed (`;`), which turns it into a persona pill. */
  async resolveRecipients(label: 'To' | 'Cc' = 'To'): Promise<void> {
    await this.recipientField(label).press(';');
  }
}
