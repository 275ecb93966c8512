/**
 * The sidebar on Gmail and on a CRM page with the sample workspace — every section
 * visible, the keyboard toggle, and axe in light and dark.
 */
import { CRM_PAGES, serveCrmPages, themedUrl } from '../support/crm-pages';
import { demoMailbox, THREADS } from '../support/demo-data';
import { GMAIL_URL, serveGmail } from '../support/sites';
import type { BrowserContext } from '@playwright/test';
import { expect, readSettings, saveSettings, test } from './fixtures';
import { OPEN_WIDTH, TAB_WIDTH } from '../../lib/content/dock';
import { SIDEBAR_HOST, SidebarPage } from './pages/sidebar';
import { axeViolations } from './support/axe';

const mailbox = demoMailbox();

test.beforeEach(async ({ context }) => {
  await serveGmail(context, mailbox);
  await serveCrmPages(context, mailbox.leads);
});

/** A new tab on the hot sample lead's thread, once the sidebar shows that lead. */
async function openHotThread(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
  const sidebar = await SidebarPage.of(page);
  await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name, { timeout: 20_000 });
  return { page, sidebar };
}

async function expectFullSidebar(sidebar: SidebarPage, name: string) {
  await expect(sidebar.leadName).toHaveText(name, { timeout: 20_000 });
  for (const heading of [
    /Follow-up clock/i,
    /Why now/i,
    /By campaign/i,
    /Engagement/i,
    /Activity|Timeline/i,
  ]) {
    await expect(sidebar.root.getByRole('heading', { name: heading }).first()).toBeVisible();
  }
  await expect(sidebar.text(/\d+ activities$/)).toBeVisible();
}

test('Gmail: header, clock, signals, campaigns and timeline for a hot sample lead', async ({
  context,
  extensionErrors,
}) => {
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
  const sidebar = await SidebarPage.of(page);
  await expectFullSidebar(sidebar, mailbox.leads.hot.name);
  await expect(sidebar.root.getByText(/left to follow up|overdue/i).first()).toBeVisible();
  expect(extensionErrors).toEqual([]);
});

test('CRM: the same sections on a Salesforce lead record', async ({ context, extensionErrors }) => {
  const page = await context.newPage();
  const salesforce = CRM_PAGES.find((p) => p.site === 'salesforce')!;
  await page.goto(salesforce.url);
  const sidebar = await SidebarPage.of(page);
  await expectFullSidebar(sidebar, mailbox.leads[salesforce.lead].name);
  await expect(sidebar.root.getByText(/overdue/i).first()).toBeVisible();
  expect(extensionErrors).toEqual([]);
});

test('the sidebar collapses and reopens from the keyboard alone', async ({ context }) => {
  const { page, sidebar } = await openHotThread(context);
  await sidebar.collapseButton.focus();
  await page.keyboard.press('Enter');
  await expect(sidebar.openTab).toBeVisible();
  await expect(sidebar.leadName).toBeHidden();
  await expect(sidebar.openTab).toBeFocused();
  // Collapsed, the frame shrinks to the tab, and the page gets its width back. Both are read
  // together on each try: the tab is drawn to fit the frame, which shrinks a moment later.
  await expect
    .poll(async () => {
      const frame = await sidebar.frameBox();
      const tab = await sidebar.openTab.boundingBox();
      return frame && tab ? [frame.width, Math.abs(frame.height - tab.height) <= 2] : null;
    })
    .toEqual([TAB_WIDTH, true]);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('0px');
  await page.keyboard.press('Enter');
  await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name);
  await expect.poll(async () => (await sidebar.frameBox())?.width).toBe(OPEN_WIDTH);
});

test('the page cannot read what the sidebar shows', async ({ context }) => {
  const { page, sidebar } = await openHotThread(context);
  // Shown in the sidebar, and nowhere in the email: marketing's data on the lead.
  const signal = (
    await sidebar
      .section(/Why now/i)
      .getByRole('listitem')
      .first()
      .innerText()
  ).split('\n')[0]!;
  expect(signal.length).toBeGreaterThan(10);
  // The page's own scripts (the main world): the host's shadow root is closed, so they cannot
  // reach the frame element (nor does window.frames list a frame inside a shadow tree), and the
  // frame is on another origin, whose document they could not open anyway.
  const seen = await page.evaluate(() => ({
    markup: document.documentElement.outerHTML,
    shadowRoot: document.querySelector('loopline-sidebar')?.shadowRoot ? 'open' : 'closed',
  }));
  expect(seen.shadowRoot).toBe('closed');
  expect(seen.markup).not.toContain(signal);
  expect(seen.markup).not.toMatch(/Follow-up clock|Why now/i);
});

test('a settings change reaches a sidebar already open, without reloading the page', async ({
  context,
  openExtensionPage,
}) => {
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${THREADS.group}`);
  const sidebar = await SidebarPage.of(page);
  const group = mailbox.threads.find((thread) => thread.id === THREADS.group)!;
  const other = group.messages.at(-1)!.from;
  const clock = sidebar.section(/Follow-up clock/i);
  const people = sidebar.root.getByRole('navigation', { name: /^People in this thread/ });
  await expect(people).toContainText(other.name, { timeout: 20_000 });
  await people.getByRole('button', { name: new RegExp(mailbox.leads.hot.name) }).click();
  await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name);
  await expect(clock).toContainText('SLA 1 day');
  // Saved as Options saves: the background stores the settings and tells the sidebar frames
  // (and through them the content scripts) to ask for their part again.
  const options = await openExtensionPage('options.html');
  const settings = await readSettings(options);
  settings.sla.hours = 4;
  settings.you.ownAddresses = [other.email];
  await saveSettings(options, settings);
  await expect(clock).toContainText('SLA 4 hr');
  // An address the user now says is theirs is no longer offered; the lead stays on screen.
  await expect(people).toBeHidden();
  await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name);
});

test('the toggle command shows and hides the sidebar', async ({ context, serviceWorker }) => {
  const { sidebar } = await openHotThread(context);
  // A headless browser has no window to take the Alt+Shift+L shortcut, so the command is
  // delivered as the browser would: the background's onCommand sends the toggle to the tab.
  const toggle = () =>
    serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ url: 'https://mail.google.com/*' });
      await chrome.tabs.sendMessage(tab!.id!, { type: 'sidebar.toggle', payload: {} });
    });
  await toggle();
  await expect(sidebar.openTab).toBeVisible();
  await toggle();
  await expect(sidebar.leadName).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violations in the sidebar (${theme}, Gmail and CRM)`, async ({ context }) => {
    const page = await context.newPage();
    await page.goto(`${GMAIL_URL}${theme === 'dark' ? '?theme=dark' : ''}#inbox/${THREADS.hot}`);
    const sidebar = await SidebarPage.of(page);
    await expect(sidebar.leadName).toHaveText(mailbox.leads.hot.name, { timeout: 20_000 });
    await expect(sidebar.root).toHaveAttribute('data-theme', theme);
    // The frame element in the page (its title names it), then the sidebar inside the frame.
    expect(await axeViolations(page, SIDEBAR_HOST)).toEqual([]);
    expect(await axeViolations(await sidebar.frame())).toEqual([]);

    await page.goto(`${GMAIL_URL}${theme === 'dark' ? '?theme=dark' : ''}#inbox/${THREADS.unknown}`);
    await sidebar.attach();
    await expect(sidebar.text(/is not in your marketing data/)).toBeVisible({ timeout: 20_000 });
    expect(await axeViolations(await sidebar.frame())).toEqual([]);

    const crm = CRM_PAGES.find((p) => p.site === 'hubspot')!;
    await page.goto(themedUrl(crm, theme));
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(mailbox.leads[crm.lead].name, { timeout: 20_000 });
    expect(await axeViolations(page, SIDEBAR_HOST)).toEqual([]);
    expect(await axeViolations(await sidebar.frame())).toEqual([]);
  });
}
