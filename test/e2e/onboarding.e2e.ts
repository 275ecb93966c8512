/**
 * Onboarding as a new user would go through it: install → welcome page → try the sample workspace → open a
 * Gmail thread of a sample lead → sidebar filled; the popup's follow-ups and the badge.
 */
import { demoMailbox, THREADS } from '../support/demo-data';
import { GMAIL_URL, serveGmail } from '../support/sites';
import { expect, test } from './fixtures';
import { PopupPage, WelcomePage } from './pages/extension-pages';
import { SidebarPage } from './pages/sidebar';
import { axeViolations } from './support/axe';

const mailbox = demoMailbox();

test('install → welcome → sample workspace → Gmail thread shows the lead', async ({
  context,
  extensionId,
  extensionErrors,
}) => {
  await serveGmail(context, mailbox);
  const welcomeUrl = `chrome-extension://${extensionId}/welcome.html`;
  const welcome =
    context.pages().find((p) => p.url() === welcomeUrl) ??
    (await context.waitForEvent('page', { predicate: (p) => p.url() === welcomeUrl, timeout: 15_000 }));
  const page = new WelcomePage(welcome);
  await page.trySample.click();
  await expect(page.sampleLeadList.first()).toBeVisible({ timeout: 20_000 });
  expect(await axeViolations(welcome)).toEqual([]);

  const gmail = await context.newPage();
  await gmail.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
  const sidebar = await SidebarPage.of(gmail);
  await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name, { timeout: 20_000 });
  await expect(sidebar.root.getByText('Sample data')).toBeVisible();
  expect(extensionErrors).toEqual([]);
});

test('the popup lists an overdue follow-up and the badge counts it', async ({
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  await serveGmail(context, mailbox);
  const gmail = await context.newPage();
  await gmail.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
  const sidebar = await SidebarPage.of(gmail);
  await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name, { timeout: 20_000 });
  await gmail.evaluate((hash) => (location.hash = hash), `#inbox/${THREADS.overdue}`);
  await expect(sidebar.leadName).toHaveText(mailbox.leads.overdue.name, { timeout: 20_000 });

  await expect
    .poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({})), { timeout: 15_000 })
    .toBe('1');

  const popup = new PopupPage(await openExtensionPage('popup.html'));
  await expect(popup.followUp(mailbox.leads.overdue.name)).toContainText(/Overdue by/);
  await expect(popup.followUp(mailbox.leads.hot.name)).toContainText(/Due in/);
  // Soonest due first: the overdue lead comes before the one still running.
  const items = await popup.followUps.getByRole('listitem').allTextContents();
  expect(items.findIndex((t) => t.includes(mailbox.leads.overdue.name))).toBeLessThan(
    items.findIndex((t) => t.includes(mailbox.leads.hot.name)),
  );
  expect(await axeViolations(popup.page)).toEqual([]);
});
