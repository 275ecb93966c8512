/**
 * Lead detection end to end: the built extension in Chromium, Gmail's look-alike and the
 * CRM fixtures served at their real URLs with sample-workspace leads in them, and what the
 * sidebar shows. Gmail is walked by hash navigation in one page load, as Gmail itself is used.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { CRM_PAGES, serveCrmPages, swapPerson, type CrmPage } from '../support/crm-pages';
import { ACCOUNT_PERSON, demoMailbox, THREADS } from '../support/demo-data';
import { serveFixture, serveGmail, type GmailData } from '../support/sites';
import { expect, grantSiteAccess, test } from './fixtures';
import { CrmRecordPage, CustomSitePage, SiteSettingsPage } from './pages/crm';
import { GmailPage } from './pages/gmail';
import { SidebarPage } from './pages/sidebar';

const mailbox = demoMailbox();
const { hot, overdue, quiet } = mailbox.leads;
const me = ACCOUNT_PERSON;

/** A thread in which one lead writes to two others: three outside people. */
const TEAM_THREAD = 'FMfcgzQbfE2eThreeLeads06';
const gmailData: GmailData = {
  ...mailbox,
  threads: [
    ...mailbox.threads,
    {
      id: TEAM_THREAD,
      subject: 'Joint evaluation with the operations team',
      date: 'Feb 27',
      messages: [
        { from: quiet, to: [me, hot, overdue], body: 'Looping in my colleagues for the evaluation.' },
      ],
    },
  ],
};

/** The part of `chrome.scripting` the custom-site test reads in the service worker. */
interface ScriptingView {
  getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]>;
}

/** The first load of a profile builds the sample workspace; later answers come from its cache. */
const FIRST_LEAD_TIMEOUT = 20_000;

function idle(sidebar: SidebarPage) {
  return sidebar.root.getByRole('heading', { name: 'No lead on this page', exact: true });
}

function switcher(sidebar: SidebarPage) {
  return sidebar.root.getByRole('navigation', { name: /^People in this thread/ });
}

async function newGmail(
  context: BrowserContext,
): Promise<{ page: Page; gmail: GmailPage; sidebar: SidebarPage }> {
  const page = await context.newPage();
  return { page, gmail: new GmailPage(page), sidebar: new SidebarPage(page) };
}

// Requesting `extensionErrors` here starts its log before any page opens.
test.beforeEach(async ({ extensionErrors }) => {
  expect(extensionErrors).toEqual([]);
});

test.afterEach(async ({ extensionErrors }) => {
  expect(extensionErrors).toEqual([]);
});

test.describe('Gmail', () => {
  test.beforeEach(async ({ context }) => {
    await serveGmail(context, gmailData);
  });

  test('thread A → thread B → inbox → thread A in one page load shows A, B, idle, A', async ({ context }) => {
    const { gmail, sidebar } = await newGmail(context);
    await gmail.load(`#inbox/${THREADS.hot}`);
    await sidebar.attach();
    await expect(sidebar.leadName).toHaveText(hot.name, { timeout: FIRST_LEAD_TIMEOUT });

    await gmail.openThread(THREADS.overdue);
    await expect(sidebar.leadName).toHaveText(overdue.name);

    await gmail.openInbox();
    await expect(idle(sidebar)).toBeVisible();
    await expect(sidebar.leadName).toHaveCount(0);

    await gmail.openThread(THREADS.hot);
    await expect(sidebar.leadName).toHaveText(hot.name);

    expect(await gmail.isSameLoad()).toBe(true);
  });

  test('a compose window shows the lead once the typed address becomes a recipient chip', async ({
    context,
  }) => {
    const { gmail, sidebar } = await newGmail(context);
    await gmail.load('#inbox');
    await sidebar.attach();
    await expect(idle(sidebar)).toBeVisible({ timeout: FIRST_LEAD_TIMEOUT });

    await gmail.openCompose();
    await gmail.typeRecipient(quiet.email);
    // Still text in the input: not a recipient yet, so nobody to show.
    await expect(gmail.toInput).toHaveValue(quiet.email);
    await expect(gmail.recipientChips).toHaveCount(0);
    await expect(idle(sidebar)).toBeVisible();
    await expect(sidebar.leadName).toHaveCount(0);

    await gmail.acceptRecipient();
    await expect(gmail.recipientChip(quiet.email)).toBeVisible();
    await expect(sidebar.leadName).toHaveText(quiet.name);
  });

  test('a thread with several outside people offers a switcher, and picking one shows them', async ({
    context,
  }) => {
    const { gmail, sidebar } = await newGmail(context);
    await gmail.load(`#inbox/${TEAM_THREAD}`);
    await sidebar.attach();
    // The most recent outside sender comes first.
    await expect(sidebar.leadName).toHaveText(quiet.name, { timeout: FIRST_LEAD_TIMEOUT });

    const people = switcher(sidebar);
    await expect(people.getByRole('button')).toHaveCount(3);
    await expect(people.getByRole('button', { pressed: true })).toContainText(quiet.name);
    // The signed-in account is never offered.
    await expect(people).not.toContainText(me.name);

    await people.getByRole('button').filter({ hasText: overdue.name }).click();
    await expect(sidebar.leadName).toHaveText(overdue.name);
    await expect(people.getByRole('button', { pressed: true })).toContainText(overdue.name);
  });

  test('the real saved Gmail page leaves the sidebar idle', async ({ context }) => {
    // Replaces the look-alike with the saved page for this test (the later route wins).
    await serveFixture(
      context,
      'https://mail.google.com/mail/u/0/',
      'sites/gmail/real/gmail-2014-inbox.html',
    );
    const { page, sidebar } = await newGmail(context);
    await page.goto('https://mail.google.com/mail/u/0/#inbox');
    await expect(sidebar.host).toBeAttached({ timeout: FIRST_LEAD_TIMEOUT });
    await sidebar.attach();
    await expect(idle(sidebar)).toBeVisible();
    await expect(sidebar.leadName).toHaveCount(0);
  });
});

test.describe('CRM record pages', () => {
  test('Salesforce with a stale earlier record tab in the DOM shows the active record’s lead', async ({
    context,
  }) => {
    const url = 'https://northwind.lightning.force.com/lightning/r/Lead/00Q5g00000IsRzQEAV/view';
    const file = 'sites/salesforce/lead-stale-tab.html';
    const active: CrmPage = {
      site: 'salesforce',
      url,
      file,
      fixtureEmail: 'isabel.ruiz@terra-foods.es',
      fixtureName: 'Isabel Ruiz',
      lead: 'hot',
    };
    const stale: CrmPage = {
      ...active,
      fixtureEmail: 'noah.becker@quantum-mills.com',
      fixtureName: 'Noah Becker',
      lead: 'overdue',
    };
    // Both tabs hold a lead Loopline knows, so reading the stale one would show a wrong name.
    await serveFixture(context, url, file, {}, (html) =>
      swapPerson(swapPerson(html, active, hot), stale, overdue),
    );

    const page = await context.newPage();
    const record = new CrmRecordPage(page, 'salesforce');
    await record.open(url);
    expect(await record.shownEmail()).toBe(hot.email);
    await expect(record.staleRecordEmail.first()).toHaveText(overdue.email);

    const sidebar = await SidebarPage.of(page);
    await expect(sidebar.leadName).toHaveText(hot.name, { timeout: FIRST_LEAD_TIMEOUT });
    await expect(sidebar.root).not.toContainText(overdue.name);
  });

  for (const crm of CRM_PAGES) {
    test(`${crm.site}: the record page shows its lead`, async ({ context }) => {
      await serveCrmPages(context, mailbox.leads);
      const lead = mailbox.leads[crm.lead];

      const page = await context.newPage();
      const record = new CrmRecordPage(page, crm.site);
      await record.open(crm.url);
      expect((await record.shownEmail()).toLowerCase()).toBe(lead.email);

      const sidebar = await SidebarPage.of(page);
      await expect(sidebar.leadName).toHaveText(lead.name, { timeout: FIRST_LEAD_TIMEOUT });
    });
  }
});

test.describe('a site the user adds', () => {
  const PATTERN = 'https://crm.custom-example.test/*';
  const SITE_URL = 'https://crm.custom-example.test/customers/4711';
  const customer: CrmPage = {
    // swapPerson only reads the fixture's person; the other fields describe the page.
    site: 'salesforce',
    url: SITE_URL,
    file: 'sites/generic/customer.html',
    fixtureEmail: 'grace@kelvin-tools.co.uk',
    fixtureName: 'Grace Kelvin',
    lead: 'hot',
  };

  test('works after adding it in settings, and stops after removing it', async ({
    context,
    openExtensionPage,
    serviceWorker,
    extensionId,
  }) => {
    await serveFixture(context, SITE_URL, customer.file, {}, (html) => swapPerson(html, customer, hot));
    const registeredForHost = () =>
      serviceWorker.evaluate(async (host) => {
        const { chrome } = globalThis as unknown as { chrome: { scripting: ScriptingView } };
        const scripts = await chrome.scripting.getRegisteredContentScripts();
        return scripts.filter((script) => script.matches?.some((match) => match.includes(host))).length;
      }, new URL(SITE_URL).host);

    // The user allows Loopline on the site (chrome://extensions → Site access), so that the
    // Add button's permission request is granted without a prompt.
    await grantSiteAccess(context, extensionId, [PATTERN]);
    const options = await openExtensionPage('options.html#sites');
    const settings = new SiteSettingsPage(options);
    await settings.addSite(PATTERN);
    await expect(settings.siteRow(PATTERN)).toBeVisible();
    // The background registers the CRM content script for the new host.
    await expect.poll(registeredForHost).toBe(1);

    const page = await context.newPage();
    await new CustomSitePage(page).open(SITE_URL);
    const sidebar = await SidebarPage.of(page);
    await expect(sidebar.leadName).toHaveText(hot.name, { timeout: FIRST_LEAD_TIMEOUT });
    await page.close();

    await settings.removeSite(PATTERN);
    await expect(settings.siteRow(PATTERN)).toHaveCount(0);
    // Nothing left that could inject the sidebar there: the manifest does not name this host.
    await expect.poll(registeredForHost).toBe(0);

    const fresh = await context.newPage();
    await new CustomSitePage(fresh).open(SITE_URL);
    await fresh.waitForLoadState('load');
    await expect(new SidebarPage(fresh).host).toHaveCount(0);
  });
});
