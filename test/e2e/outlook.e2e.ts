/**
 * Outlook on the web end to end: the built extension in Chromium, the Outlook look-alike
 * (test/fixtures/apps/outlook.html) served at outlook.office.com with sample leads shown the ways
 * Outlook shows people (an address with no display name, a name only, a name with its address in
 * a title), and what the sidebar shows. The source is the sample workspace (the default), and the
 * team settings are left empty: the signed-in account's own domain is what tells colleagues apart.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { demoOutlookMailbox, OUTLOOK_ACCOUNT, OUTLOOK_COLLEAGUE, OUTLOOK_ITEMS } from '../support/demo-data';
import { serveOutlook } from '../support/sites';
import { expect, test } from './fixtures';
import { OutlookPage } from './pages/outlook';
import { SidebarPage } from './pages/sidebar';
import { axeViolations } from './support/axe';

const mailbox = demoOutlookMailbox();
const { hot, overdue, quiet, other } = mailbox.leads;

/** The first load of a profile builds the sample workspace; later answers come from its cache. */
const FIRST_LEAD_TIMEOUT = 20_000;

function idle(sidebar: SidebarPage) {
  return sidebar.root.getByRole('heading', { name: 'No lead on this page', exact: true });
}

function switcher(sidebar: SidebarPage) {
  return sidebar.root.getByRole('navigation', { name: /^People in this thread/ });
}

function nameOnlyTitle(sidebar: SidebarPage, name: string) {
  return sidebar.root.getByRole('heading', { name: `Only a name on the page: ${name}`, exact: true });
}

function confirmButton(sidebar: SidebarPage, person: { name: string; email: string }) {
  return sidebar.root.getByRole('button', {
    name: `This is them: ${person.name}, ${person.email}`,
    exact: true,
  });
}

async function newOutlook(
  context: BrowserContext,
): Promise<{ page: Page; outlook: OutlookPage; sidebar: SidebarPage }> {
  const page = await context.newPage();
  return { page, outlook: new OutlookPage(page), sidebar: new SidebarPage(page) };
}

// Requesting `extensionErrors` here starts its log before any page opens.
test.beforeEach(async ({ context, extensionErrors }) => {
  expect(extensionErrors).toEqual([]);
  await serveOutlook(context, mailbox);
});

test.afterEach(async ({ extensionErrors }) => {
  expect(extensionErrors).toEqual([]);
});

test.describe('Outlook on the web', () => {
  test('a message from a sample lead whose persona has no display name shows the lead', async ({
    context,
  }) => {
    const { outlook, sidebar } = await newOutlook(context);
    await outlook.loadConversation(OUTLOOK_ITEMS.hot.itemId);
    // The sender's chip is the address itself: Outlook has no display name for them.
    await expect(outlook.readingPane.locator(`[id$="_FROM"] [data-lpc-hover-target-id]`)).toHaveText(
      hot.email,
    );
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(hot.name, { timeout: FIRST_LEAD_TIMEOUT });
    await expect(sidebar.sampleBadge).toBeVisible();
  });

  test('a message showing only a name, first thing in a new profile, offers the sample lead to confirm', async ({
    context,
  }) => {
    const { page, outlook, sidebar } = await newOutlook(context);
    await outlook.loadConversation(OUTLOOK_ITEMS.overdue.itemId);
    // Nowhere on the page is the lead's address.
    expect(await page.content()).not.toContain(overdue.email);
    await sidebar.attach();

    await expect(nameOnlyTitle(sidebar, overdue.name)).toBeVisible({ timeout: FIRST_LEAD_TIMEOUT });
    await expect(confirmButton(sidebar, overdue)).toBeVisible();
    await expect(sidebar.leadName).toHaveCount(0);
  });

  test('a name confirmed in one click shows the lead, and a second visit shows them without asking', async ({
    context,
  }) => {
    const { page, outlook, sidebar } = await newOutlook(context);
    await outlook.loadConversation(OUTLOOK_ITEMS.quiet.itemId);
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(quiet.name, { timeout: FIRST_LEAD_TIMEOUT });

    await outlook.openConversation(OUTLOOK_ITEMS.overdue.itemId, OUTLOOK_ITEMS.overdue.convId);
    expect(await page.content()).not.toContain(overdue.email);
    await expect(nameOnlyTitle(sidebar, overdue.name)).toBeVisible();
    const confirm = confirmButton(sidebar, overdue);
    await expect(confirm).toBeVisible();
    await expect(sidebar.leadName).toHaveCount(0);
    expect(await axeViolations(await sidebar.frame())).toEqual([]);

    await confirm.click();
    await expect(sidebar.leadName).toHaveText(overdue.name);
    await expect(sidebar.section('Matched by name')).toBeVisible();
    await expect(sidebar.root.getByRole('button', { name: 'Not them', exact: true })).toBeVisible();

    // Away and back in the same page load: shown at once, nothing asked.
    await outlook.openConversation(OUTLOOK_ITEMS.hot.itemId, OUTLOOK_ITEMS.hot.convId);
    await expect(sidebar.leadName).toHaveText(hot.name);
    await outlook.openConversation(OUTLOOK_ITEMS.overdue.itemId, OUTLOOK_ITEMS.overdue.convId);
    await expect(sidebar.leadName).toHaveText(overdue.name);
    await expect(sidebar.section('Matched by name')).toBeVisible();
    await expect(nameOnlyTitle(sidebar, overdue.name)).toHaveCount(0);
    await expect(confirmButton(sidebar, overdue)).toHaveCount(0);
    expect(await outlook.isSameLoad()).toBe(true);

    // And after a new page load: the answer is kept in this browser, not in the page.
    await outlook.loadConversation(OUTLOOK_ITEMS.overdue.itemId);
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(overdue.name);
    await expect(confirmButton(sidebar, overdue)).toHaveCount(0);
  });

  test('conversation A → B → inbox → A through the History API shows A, B, idle, A', async ({ context }) => {
    const { page, outlook, sidebar } = await newOutlook(context);
    await outlook.loadConversation(OUTLOOK_ITEMS.hot.itemId);
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(hot.name, { timeout: FIRST_LEAD_TIMEOUT });

    await outlook.openConversation(OUTLOOK_ITEMS.quiet.itemId, OUTLOOK_ITEMS.quiet.convId);
    expect(new URL(page.url()).pathname).toBe(`/mail/id/${OUTLOOK_ITEMS.quiet.itemId}`);
    await expect(sidebar.leadName).toHaveText(quiet.name);

    await outlook.openInbox();
    // The message list, with every sender in it, is still in the DOM: nobody is shown for it.
    await expect(outlook.row(OUTLOOK_ITEMS.hot.itemId)).toBeVisible();
    await expect(idle(sidebar)).toBeVisible();
    await expect(sidebar.leadName).toHaveCount(0);

    await outlook.openConversation(OUTLOOK_ITEMS.hot.itemId, OUTLOOK_ITEMS.hot.convId);
    expect(new URL(page.url()).pathname).toBe(`/mail/id/${OUTLOOK_ITEMS.hot.itemId}`);
    await expect(sidebar.leadName).toHaveText(hot.name);

    expect(await outlook.isSameLoad()).toBe(true);
  });

  test('an address typed into a new message’s To field shows the lead before it is resolved', async ({
    context,
  }) => {
    const { page, outlook, sidebar } = await newOutlook(context);
    await outlook.load();
    await sidebar.attach();
    await expect(idle(sidebar)).toBeVisible({ timeout: FIRST_LEAD_TIMEOUT });

    await outlook.openCompose();
    expect(new URL(page.url()).pathname).toBe('/mail/');
    await outlook.typeRecipient(quiet.email);
    // Still plain text: no `;` yet, so no pill.
    await expect(outlook.recipientField()).toHaveText(quiet.email);
    await expect(outlook.recipientPills()).toHaveCount(0);
    await expect(sidebar.leadName).toHaveText(quiet.name);
  });

  test('resolving a typed address into a pill with the display name keeps the lead', async ({ context }) => {
    const { outlook, sidebar } = await newOutlook(context);
    await outlook.load();
    await sidebar.attach();
    await expect(idle(sidebar)).toBeVisible({ timeout: FIRST_LEAD_TIMEOUT });

    await outlook.openCompose();
    await outlook.typeRecipient(quiet.email);
    await expect(sidebar.leadName).toHaveText(quiet.name);

    await outlook.resolveRecipients();
    await expect(outlook.recipientPills()).toHaveText([quiet.name]);
    // A later change to the same draft: once the sidebar lists it, it has seen the pill too.
    await outlook.typeRecipient(hot.email, 'Cc');
    const people = switcher(sidebar);
    await expect(people.getByRole('button')).toHaveCount(2);
    // The pill shows only the name; the person behind it kept the address typed a moment ago.
    await expect(people.getByRole('button', { name: quiet.name })).toHaveAttribute('title', quiet.email);
    await expect(nameOnlyTitle(sidebar, quiet.name)).toHaveCount(0);
    await expect(sidebar.leadName).toHaveText(quiet.name);
  });

  test('a colleague at the account’s domain in cc is never offered; the sender is shown', async ({
    context,
  }) => {
    const { outlook, sidebar } = await newOutlook(context);
    await outlook.loadConversation(OUTLOOK_ITEMS.colleague.itemId);
    // The colleague's address is on the page, as their chip's text.
    await expect(outlook.readingPane.locator('[id$="_CC"]')).toContainText(OUTLOOK_COLLEAGUE.email);
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(other.name, { timeout: FIRST_LEAD_TIMEOUT });

    const people = switcher(sidebar);
    // The sender and the lead in To are outside people; the colleague and the account are not.
    await expect(people.getByRole('button')).toHaveCount(2);
    await expect(people.getByRole('button', { pressed: true })).toContainText(other.name);
    await expect(people).not.toContainText(OUTLOOK_COLLEAGUE.email);
    await expect(people).not.toContainText('dana.ops');
    await expect(people).not.toContainText(OUTLOOK_ACCOUNT.name);
    await expect(sidebar.root).not.toContainText(OUTLOOK_COLLEAGUE.email);
  });
});
