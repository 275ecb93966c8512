/**
 * What a user sees of an outcome's delivery and of their data's origin, where it takes a real
 * browser: a Marketo connected with nothing but its credentials, whose outcome buttons say why
 * they record nothing; a HubSpot list call that fails without costing the lead; and the sample
 * workspace, which a new user sees labelled as such and a user who brought their own data first
 * never sees at all. (The open sidebar following an outcome across a service-worker restart is in
 * outcomes.e2e.ts, with the delivery it follows.)
 *
 * The platforms are the fake platform server (test/fake-platform) behind their real hosts.
 * Outcomes wait out the 5 s undo window before their first attempt (see outcomes.e2e.ts).
 */
import { DEFAULT_OUTCOMES } from '../../lib/settings/schema';
import { createFakePlatform, routeToPlaywright, SEED_EMAILS } from '../fake-platform';
import { demoMailbox, THREADS } from '../support/demo-data';
import { extensionIdOf } from '../support/extension';
import { GMAIL_URL, serveGmail, type Person } from '../support/sites';
import { expect, grantSiteAccess, saveSettingsWithAccess, test } from './fixtures';
import { OptionsPage } from './pages/options';
import { ReportPage } from './pages/report';
import { SidebarPage } from './pages/sidebar';
import { nextExtensionTab, openThreadFrom, ownLeadsCsv, OWN_LEAD, writeRequests } from './support/delivery';
import { outcomeLog, settingsFor } from './support/outcomes';

/** The fake platform's MQL, known to every platform it fakes. */
const AVA: Person = { name: 'Ava Chen', email: SEED_EMAILS.mql };
const LOAD = { timeout: 20_000 };

test('Marketo set up with only its credentials shows the lead, and its outcome buttons record nothing and lead to the write-back set-up', async ({
  context,
  openExtensionPage,
  extensionErrors,
}) => {
  const platform = createFakePlatform();
  await routeToPlaywright(context, platform);
  const options = await OptionsPage.open(openExtensionPage, 'sources');
  await grantSiteAccess(context, extensionIdOf(options.page), ['https://123-abc-456.mktorest.com/*']);
  await options.configureSource('Marketo', {
    'REST API base URL': 'https://123-abc-456.mktorest.com',
    'Client id': platform.config.marketo.clientId,
    'Client secret': platform.config.marketo.clientSecret,
  });
  // Reading works; writing back needs a status mapping or a custom activity type, and the
  // verdict says so rather than passing silently.
  const verdict = await options.testConnection('Marketo');
  expect(verdict).toMatch(/Connected to Marketo /);
  expect(verdict).toContain('outcomes cannot be written back');

  const { sidebar } = await openThreadFrom(context, AVA);
  await expect(sidebar.leadName).toHaveText(AVA.name, LOAD);
  await expect(sidebar.writeBackNotice).toHaveText(/^Outcomes cannot be written back to Marketo yet: .+\.$/);
  for (const { label } of DEFAULT_OUTCOMES) {
    await expect(sidebar.outcomeChoice(label), label).toHaveAttribute('aria-disabled', 'true');
  }

  await sidebar.clickOutcomeAnyway('Meeting booked');
  const optionsTab = nextExtensionTab(context, 'options.html');
  await sidebar.setUpWriteBackButton.click();
  // The tab opens through the background, after anything the first click could have sent it.
  expect(new URL((await optionsTab).url()).hash).toBe('#outcomes');

  await expect(sidebar.outcomeStatus).toHaveCount(0);
  await expect(sidebar.outcomeSection.getByRole('alert')).toHaveCount(0);
  expect(await outcomeLog(options.page)).toEqual([]);
  expect(writeRequests(platform, 'marketo').map((r) => `${r.method} ${r.path}`)).toEqual([]);
  expect(platform.writes.marketo.leadUpdates).toEqual([]);
  expect(platform.writes.marketo.activities).toEqual([]);
  expect(extensionErrors).toEqual([]);
});

test('a failing HubSpot list-membership call still shows the lead, noting that its list memberships are unavailable', async ({
  context,
  openExtensionPage,
  extensionErrors,
}) => {
  const platform = createFakePlatform();
  await routeToPlaywright(context, platform);
  const options = await openExtensionPage('options.html');
  await saveSettingsWithAccess(options, settingsFor(platform, ['hubspot']));
  // Every lists call (memberships, then names) answers 500, retries included.
  platform.fault({ host: 'hubspot', path: '/crm/v3/lists', kind: 'server_error', status: 500 });

  const { sidebar } = await openThreadFrom(context, AVA);
  await expect(sidebar.leadName).toHaveText(AVA.name, LOAD);
  await expect(sidebar.unavailableNote('HubSpot: list memberships unavailable')).toBeVisible();
  await expect(sidebar.loadFailure).toHaveCount(0);
  // The rest of the lead came through: her company and HubSpot's other activity.
  await expect(sidebar.root).toContainText('Northwind Robotics');
  await expect(
    sidebar
      .section(/^Timeline/)
      .getByText('Submitted “Demo request”', { exact: true })
      .first(),
  ).toBeVisible();
  const listCalls = platform.requests.filter(
    (r) => r.platform === 'hubspot' && r.path.startsWith('/crm/v3/lists'),
  );
  expect(listCalls.length).toBeGreaterThanOrEqual(1);
  expect(listCalls.every((r) => r.status === 500)).toBe(true);
  expect(extensionErrors).toEqual([]);
});

test.describe('the sample workspace', () => {
  const mailbox = demoMailbox();
  const sampleLead = mailbox.leads.hot;

  test('a user who imports their own CSV before opening any thread never gets the sample workspace', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    await serveGmail(context, mailbox);
    const options = await OptionsPage.open(openExtensionPage, 'data');
    await options.chooseImportFile(ownLeadsCsv());
    await expect(options.formatHint).toHaveText('Recognised as Loopline CSV.');
    expect(await options.runImport()).toMatch(/Imported 1 lead/);

    const gmail = await context.newPage();
    await gmail.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
    const sidebar = await SidebarPage.of(gmail);
    await expect(sidebar.notFoundTitle).toHaveText(`${sampleLead.email} is not in your marketing data`, LOAD);
    // The people switcher names her as the page does; no lead header does.
    await expect(sidebar.leadName).toHaveCount(0);
    await expect(sidebar.sampleBadge).toHaveCount(0);

    // Options → Data, counted afresh by the background after the thread was opened.
    await options.page.reload();
    await expect(options.workspaceStats).toHaveText(
      /^1 leads? and 2 activit(y|ies) in the local workspace\.$/,
    );
    await expect(options.loadSampleButton).toBeVisible();
    await expect(options.removeSampleButton).toHaveCount(0);

    // Their own lead is there, and is not labelled as sample data.
    const own = await openThreadFrom(context, OWN_LEAD);
    await expect(own.sidebar.leadName).toHaveText(OWN_LEAD.name, LOAD);
    await expect(own.sidebar.sampleBadge).toHaveCount(0);
    expect(extensionErrors).toEqual([]);
  });

  test('a brand-new profile that opens a sample lead’s thread sees it labelled as sample data, and the report says it includes the sample workspace', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    await serveGmail(context, mailbox);
    const gmail = await context.newPage();
    await gmail.goto(`${GMAIL_URL}#inbox/${THREADS.hot}`);
    const sidebar = await SidebarPage.of(gmail);
    await expect(sidebar.leadName).toHaveText(sampleLead.name, LOAD);
    await expect(sidebar.sampleBadge).toBeVisible();
    await expect(
      sidebar.section(sampleLead.name).getByRole('listitem').filter({ hasText: 'Sample workspace' }),
    ).toBeVisible();

    const report = new ReportPage(await openExtensionPage('report.html'));
    await report.waitForReport();
    await expect(report.page.getByText(/^Includes the sample workspace: /)).toHaveText(
      'Includes the sample workspace: 300 fictional leads and their campaigns. Remove it under Options → Data to see only your own data.',
    );
    expect(extensionErrors).toEqual([]);
  });
});
