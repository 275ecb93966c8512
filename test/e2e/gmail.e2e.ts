import { generateSampleWorkspace } from '../../lib/sample/generate';
import { demoMailbox, THREADS, UNKNOWN_SENDER } from '../support/demo-data';
import { GMAIL_URL, serveGmail } from '../support/sites';
import { expect, test } from './fixtures';
import { SidebarPage } from './pages/sidebar';

const mailbox = demoMailbox();

test.describe('Gmail walking skeleton', () => {
  test.beforeEach(async ({ context }) => {
    await serveGmail(context, mailbox);
  });

  test('a thread from a sample lead shows the lead and its touchpoint count', async ({
    context,
    extensionErrors,
  }) => {
    const page = await context.newPage();
    await page.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
    const sidebar = await SidebarPage.of(page);
    const { hot } = mailbox.leads;
    await expect(sidebar.leadName).toHaveText(hot.name, { timeout: 20_000 });

    // The count the sidebar shows is the sample lead's number of touchpoints in the window.
    const sample = generateSampleWorkspace({ now: new Date() });
    const since = Date.now() - 180 * 86_400_000;
    const expected = sample.touchpoints.filter(
      (t) => t.leadEmail === hot.email && Date.parse(t.occurredAt) >= since,
    ).length;
    await expect(sidebar.text(new RegExp(`^${expected.toLocaleString('en-US')} activities$`))).toBeVisible();
    expect(extensionErrors).toEqual([]);
  });

  test("a colleague at the signed-in account's domain is never offered, with no team domains set", async ({
    context,
  }) => {
    const page = await context.newPage();
    await page.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
    const sidebar = await SidebarPage.of(page);
    await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name, { timeout: 20_000 });
    // The thread's last message went to the account and to Ines Navarro, at the account's domain.
    await expect(page.locator('span.g2[email^="ines.navarro@"]')).toHaveCount(1);
    await expect(sidebar.root.getByRole('navigation', { name: /^People in this thread/ })).toHaveCount(0);
    await expect(sidebar.root).not.toContainText('Ines Navarro');
  });

  test('an unknown sender shows the not-found state naming the address', async ({
    context,
    extensionErrors,
  }) => {
    const page = await context.newPage();
    await page.goto(`${GMAIL_URL}#inbox/${THREADS.unknown}`);
    const sidebar = await SidebarPage.of(page);
    await expect(sidebar.text(/is not in your marketing data/)).toBeVisible({ timeout: 20_000 });
    await expect(sidebar.root).toContainText(UNKNOWN_SENDER.email);
    expect(extensionErrors).toEqual([]);
  });
});
