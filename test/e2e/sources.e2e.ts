/**
 * End to end: each marketing data source set up in the options page as a user would,
 * then a Gmail thread from a lead that source knows shows that lead in the sidebar. Also: five
 * tabs share one platform lookup, throttling ends in the data after a back-off, a broken
 * response keeps the earlier data, and a CSV with bad rows changes nothing.
 *
 * The platforms are the fake platform server (test/fake-platform), reached through Playwright
 * routing of their real hosts; its request log is how the tests count lookups.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import {
  createFakePlatform,
  routeToPlaywright,
  SEED_EMAILS,
  type FakeHost,
  type FakePlatform,
} from '../fake-platform';
import { extensionIdOf } from '../support/extension';
import { GMAIL_URL, serveGmail, type GmailData, type Person } from '../support/sites';
import { expect, grantSiteAccess, test } from './fixtures';
import { OptionsPage, type SourceFields, type SourceName, type UploadFile } from './pages/options';
import { SidebarPage } from './pages/sidebar';

const IMPORTS = path.resolve(import.meta.dirname, '..', 'fixtures', 'imports');
const DAY_MS = 86_400_000;
const ME: Person = { name: 'Sam Rivera', email: 'sam.rivera@tidemark.example' };

/** The fake platform's MQL (every platform knows her), and two leads of the CSV fixtures. */
const AVA: Person = { name: 'Ava Chen', email: SEED_EMAILS.mql };
const DANA: Person = { name: 'Dana Whitfield', email: 'dana.whitfield@harbor-freight.example' };
/** Only in bad-rows.csv, on good rows: she exists only if a failed import half-wrote it. */
const OLIVIA: Person = { name: 'Olivia Brandt', email: 'olivia.brandt@kestrel.example' };

/** Gmail thread ids (Gmail's opaque form: 16+ letters and digits). */
const THREAD = {
  ava: 'FMfcgzQbfSourcesAva00001',
  dana: 'FMfcgzQbfSourcesDana0002',
  olivia: 'FMfcgzQbfSourcesOlivia03',
} as const;

const MAILBOX: GmailData = {
  account: ME.email,
  threads: [
    {
      id: THREAD.ava,
      subject: 'Demo next week?',
      messages: [{ from: AVA, to: [ME], body: 'Could we see a demo next week?' }],
    },
    {
      id: THREAD.dana,
      subject: 'Closed-loop reporting',
      messages: [{ from: DANA, to: [ME], body: 'Before Q2, ideally.' }],
    },
    {
      id: THREAD.olivia,
      subject: 'Pricing',
      messages: [{ from: OLIVIA, to: [ME], body: 'What does it cost?' }],
    },
  ],
};

interface RemoteCase {
  name: Exclude<SourceName, 'Local workspace'>;
  host: FakeHost;
  /**
   * The API host the user allows Loopline on (chrome://extensions → Site access): what the
   * source's switch asks for with the fields below.
   */
  siteAccess: string[];
  /** What the user types in the source's card, from the fake's accepted credentials. */
  fields: (platform: FakePlatform) => SourceFields;
  /** The request that looks a lead up by email (what "one lookup" counts). */
  lookupPath: string;
  /** The connector's own "Test connection" verdict. */
  testOk: RegExp;
  /** Touchpoint titles this connector makes of Ava's activity at the fake. */
  titles: string[];
}

const REMOTE: RemoteCase[] = [
  {
    name: 'HubSpot',
    host: 'hubspot',
    siteAccess: ['https://api.hubapi.com/*'],
    fields: (p) => ({ 'Private app access token': p.config.hubspot.token }),
    lookupPath: '/crm/v3/objects/contacts/',
    testOk: /Connected to HubSpot/,
    titles: ['Submitted “Demo request”', 'Sent “Your webinar starts tomorrow”'],
  },
  {
    name: 'Marketo',
    host: 'marketo',
    siteAccess: ['https://123-abc-456.mktorest.com/*'],
    fields: (p) => ({
      'REST API base URL': 'https://123-abc-456.mktorest.com',
      'Client id': p.config.marketo.clientId,
      'Client secret': p.config.marketo.clientSecret,
    }),
    lookupPath: '/rest/v1/leads.json',
    testOk: /Connected to Marketo/,
    titles: ['Filled out “Demo request”', 'Q1 Automation Webinar: Attended'],
  },
  {
    name: 'Mailchimp',
    host: 'mailchimp',
    siteAccess: ['https://us21.api.mailchimp.com/*'],
    fields: (p) => {
      expect(p.config.mailchimp.apiKey).toMatch(/-us21$/);
      return { 'API key': p.config.mailchimp.apiKey };
    },
    lookupPath: '/3.0/search-members',
    testOk: /Connected to Mailchimp/,
    titles: ['Signed up (Demo request)', 'Opened “February Newsletter”'],
  },
  {
    name: 'REST endpoint',
    host: 'rest',
    siteAccess: ['https://rest.loopline.test/*'],
    fields: (p) => ({
      'Base URL': 'https://rest.loopline.test',
      'Authentication header name': p.config.rest.authHeader,
      'Authentication header value': p.config.rest.authValue,
    }),
    lookupPath: '/leads/',
    testOk: /Connected to/,
    titles: ['Demo request', 'Your webinar starts tomorrow'],
  },
];

const HUBSPOT = REMOTE[0]!;
const MARKETO = REMOTE[1]!;

/** The sidebar's "Data from" entry for a source, in the lead header. */
function dataFrom(sidebar: SidebarPage, lead: Person, label: string) {
  return sidebar.section(lead.name).getByRole('listitem').filter({ hasText: label });
}

function timelineItem(sidebar: SidebarPage, title: string) {
  return sidebar
    .section(/^Timeline/)
    .getByText(title, { exact: true })
    .first();
}

async function openThread(
  context: BrowserContext,
  thread: string,
): Promise<{ page: Page; sidebar: SidebarPage }> {
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${thread}`);
  return { page, sidebar: await SidebarPage.of(page) };
}

async function setUp(context: BrowserContext) {
  const platform = createFakePlatform();
  await routeToPlaywright(context, platform);
  await serveGmail(context, MAILBOX);
  return platform;
}

/** The user allows Loopline on the source's API host, as under chrome://extensions → Site access. */
async function allowSite(options: OptionsPage, source: RemoteCase): Promise<void> {
  await grantSiteAccess(options.page.context(), extensionIdOf(options.page), source.siteAccess);
}

async function configure(
  openExtensionPage: (file: string) => Promise<Page>,
  platform: FakePlatform,
  source: RemoteCase,
): Promise<OptionsPage> {
  const options = await OptionsPage.open(openExtensionPage, 'sources');
  await allowSite(options, source);
  await options.configureSource(source.name, source.fields(platform));
  return options;
}

const lookups = (platform: FakePlatform, source: RemoteCase, from = 0) =>
  platform.requests
    .slice(from)
    .filter((r) => r.platform === source.host && r.path.startsWith(source.lookupPath));

/**
 * A fixture CSV with its dates moved (by whole days, formats untouched) so that its newest
 * activity is two days old: the file's fixed 2026 dates would otherwise fall out of the
 * 180-day history window as the calendar moves on.
 */
function recentCsv(file: string, now = Date.now()): UploadFile {
  const text = readFileSync(path.join(IMPORTS, file), 'utf8');
  const DATE = /\b(\d{4})-(\d{2})-(\d{2})(?=[T ]\d{2}:\d{2})/g;
  const days = [...text.matchAll(DATE)].map((m) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  expect(days.length, `${file} holds dates`).toBeGreaterThan(0);
  const shift = Math.floor((now - 2 * DAY_MS - Math.max(...days)) / DAY_MS) * DAY_MS;
  const moved = text.replace(DATE, (_, y: string, m: string, d: string) =>
    new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + shift).toISOString().slice(0, 10),
  );
  return { name: file, mimeType: 'text/csv', buffer: Buffer.from(moved) };
}

test.describe('each source, set up in Options, feeds the sidebar', () => {
  for (const source of REMOTE) {
    test(`${source.name}: a thread from a lead ${source.name} knows shows that lead from ${source.name}`, async ({
      context,
      openExtensionPage,
      extensionErrors,
    }) => {
      const platform = await setUp(context);
      const options = await configure(openExtensionPage, platform, source);
      await expect(options.toggleStatus(source.name)).toContainText('Save to start using');
      expect(await options.testConnection(source.name)).toMatch(source.testOk);

      const { sidebar } = await openThread(context, THREAD.ava);
      await expect(sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
      await expect(dataFrom(sidebar, AVA, source.name)).toBeVisible();
      await expect(sidebar.root).toContainText('Northwind Robotics');
      for (const title of source.titles) await expect(timelineItem(sidebar, title)).toBeVisible();
      // The data came over the wire from the platform, not from anything bundled.
      expect(lookups(platform, source).length).toBeGreaterThanOrEqual(1);
      expect(extensionErrors).toEqual([]);
    });
  }

  test('Local workspace: a CSV imported under Data feeds a thread from one of its leads', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    await setUp(context);
    const options = await OptionsPage.open(openExtensionPage, 'data');
    // The local workspace is on out of the box; nothing to switch.
    await expect(options.useSwitch('Local workspace')).toBeChecked();
    await options.chooseImportFile(recentCsv('loopline.csv'));
    await expect(options.formatHint).toHaveText('Recognised as Loopline CSV.');
    expect(await options.runImport()).toMatch(
      /Imported 4 leads, 16 activities and 7 campaigns from 17 rows\./,
    );

    const { sidebar } = await openThread(context, THREAD.dana);
    await expect(sidebar.leadName).toHaveText(DANA.name, { timeout: 20_000 });
    await expect(dataFrom(sidebar, DANA, 'Local workspace')).toBeVisible();
    await expect(sidebar.root).toContainText('Harbor Freight Analytics');
    for (const title of ['Requested a demo', 'Registered for the Q1 Product Webinar'])
      await expect(timelineItem(sidebar, title)).toBeVisible();
    expect(extensionErrors).toEqual([]);
  });
});

test.describe('cache and faults at the platform', () => {
  test('five tabs opening the same lead cause one lookup at the platform within the TTL', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    const platform = await setUp(context);
    await configure(openExtensionPage, platform, HUBSPOT);
    const before = platform.requests.length;

    const tabs = await Promise.all(Array.from({ length: 5 }, () => openThread(context, THREAD.ava)));
    for (const { sidebar } of tabs) await expect(sidebar.leadName).toHaveText(AVA.name, { timeout: 30_000 });
    // Each tab's lead.get has answered: every lookup they caused has been made.
    const byEmail = lookups(platform, HUBSPOT, before);
    expect(
      byEmail.map((r) => `${r.method} ${r.path}`),
      'HubSpot contact lookups for five tabs',
    ).toHaveLength(1);
    expect(
      platform.requests.slice(before).filter((r) => r.path.startsWith('/email/public/v1/events')),
    ).toHaveLength(1);

    // A sixth tab later, still within the 15-minute TTL, is served from the cache.
    const sixth = await openThread(context, THREAD.ava);
    await expect(sixth.sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
    expect(lookups(platform, HUBSPOT, before)).toHaveLength(1);
    expect(extensionErrors).toEqual([]);
  });

  for (const { source, label, backOffMs } of [
    { source: HUBSPOT, label: 'a HubSpot 429', backOffMs: 10_000 },
    { source: MARKETO, label: 'a Marketo 606', backOffMs: 20_000 },
  ]) {
    test(`${label} followed by success shows the data after a back-off`, async ({
      context,
      openExtensionPage,
      extensionErrors,
    }) => {
      test.setTimeout(120_000);
      const platform = await setUp(context);
      await configure(openExtensionPage, platform, source);
      // HubSpot: 429 with policyName TEN_SECONDLY_ROLLING and no Retry-After (as documented);
      // Marketo: HTTP 200 with success:false and error 606. Only the next lookup is refused.
      platform.fault({
        host: source.host,
        path: source.lookupPath,
        kind: 'rate_limit',
        policy: 'TEN_SECONDLY_ROLLING',
        times: 1,
      });
      const before = platform.requests.length;

      const { sidebar } = await openThread(context, THREAD.ava);
      await expect(
        sidebar.leadName,
        `after the throttled lookup the sidebar should load ${AVA.name} by itself once the back-off has passed`,
      ).toHaveText(AVA.name, { timeout: backOffMs + 30_000 });
      for (const title of source.titles) await expect(timelineItem(sidebar, title)).toBeVisible();

      const tries = lookups(platform, source, before);
      expect(
        tries.map((r) => r.fault ?? 'ok'),
        'lookups: the throttled one, then one that succeeded',
      ).toEqual(['rate_limit', 'ok']);
      // The retry waited out the platform's window (a lower bound, never flaky on a slow machine).
      expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(backOffMs - 1_000);
      expect(extensionErrors).toEqual([]);
    });
  }

  test('a malformed response shows a clear error and keeps the earlier cached data with its age', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    const platform = await setUp(context);
    await configure(openExtensionPage, platform, HUBSPOT);
    const first = await openThread(context, THREAD.ava);
    await expect(first.sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
    for (const title of HUBSPOT.titles) await expect(timelineItem(first.sidebar, title)).toBeVisible();

    // From now on HubSpot answers the contact lookup with a body that is not JSON.
    platform.fault({ host: 'hubspot', path: HUBSPOT.lookupPath, kind: 'malformed' });
    const before = platform.requests.length;
    await first.sidebar.refreshButton.click();

    const problem = first.sidebar.root.getByRole('region', { name: 'Data source problem' });
    await expect(problem).toContainText('HubSpot', { timeout: 20_000 });
    await expect(problem).toContainText(/not valid JSON/);
    await expect(problem).toContainText(/Showing data from .+\./);
    await expect(problem.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(lookups(platform, HUBSPOT, before).map((r) => r.fault)).toContain('malformed');
    // The earlier data is still on screen, marked as failing.
    await expect(first.sidebar.leadName).toHaveText(AVA.name);
    for (const title of HUBSPOT.titles) await expect(timelineItem(first.sidebar, title)).toBeVisible();
    await expect(dataFrom(first.sidebar, AVA, 'HubSpot')).toContainText('Error');

    // And it is still what is cached: a new tab shows it (the broken answer replaced nothing).
    const second = await openThread(context, THREAD.ava);
    await expect(second.sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
    for (const title of HUBSPOT.titles) await expect(timelineItem(second.sidebar, title)).toBeVisible();
    expect(extensionErrors).toEqual([]);
  });
});

test.describe('CSV import with bad rows', () => {
  test('each bad row is reported by line, and nothing of the file is imported', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    await setUp(context);
    const options = await OptionsPage.open(openExtensionPage, 'data');
    await options.chooseImportFile(recentCsv('loopline.csv'));
    expect(await options.runImport()).toMatch(/^\W*Imported 4 leads/);
    // Counted afresh by the background, as after the failed import below.
    await options.page.reload();
    await expect(options.workspaceStats).toContainText(/^\d+ leads and \d+ activities/);
    const statsBefore = (await options.workspaceStats.textContent()) ?? '';
    expect(statsBefore).toMatch(/^4 leads and 16 activities/);

    await options.chooseImportFile(path.join(IMPORTS, 'bad-rows.csv'));
    await expect(options.formatHint).toHaveText('Recognised as Loopline CSV.');
    await expect(options.onlyGoodRowsCheckbox).not.toBeChecked();
    expect(await options.runImport()).toContain('Nothing was imported: 6 rows have problems.');
    await expect(options.importErrors).toHaveText([
      'Line 4: occurred_at: not a date ("31/02/2026")',
      'Line 6: email: not an email address ("maria.garcia@")',
      /^Line 8: kind: not a touchpoint kind \("webinar"\)/,
      /^Line 10: broken CSV structure: unbalanced quote/,
      'Line 12: broken CSV structure: expected 21 columns, found 13',
      'Line 14: mql_at: not a date ("2026-13-01")',
    ]);

    // The workspace is as it was, as counted by the background after a reload of the page.
    await options.page.reload();
    await expect(options.workspaceStats).toHaveText(statsBefore);

    // A good row's lead from the failed file is not in the data; the earlier import still is.
    const olivia = await openThread(context, THREAD.olivia);
    await expect(olivia.sidebar.text(/is not in your marketing data/)).toBeVisible({ timeout: 20_000 });
    await expect(olivia.sidebar.root).toContainText(OLIVIA.email);
    const dana = await openThread(context, THREAD.dana);
    await expect(dana.sidebar.leadName).toHaveText(DANA.name, { timeout: 20_000 });
    expect(extensionErrors).toEqual([]);
  });
});

test('Test connection names a bad HubSpot token, then passes with the right one', async ({
  context,
  openExtensionPage,
}) => {
  const platform = await setUp(context);
  const options = await OptionsPage.open(openExtensionPage, 'sources');
  await allowSite(options, HUBSPOT);
  // Shaped like a real one: Loopline cuts any run of 4+ characters of a secret out of its
  // messages (lib/connectors/redact.ts), so a made-up token of English words would cut words too.
  await options.configureSource('HubSpot', {
    'Private app access token': 'pat-na1-00000000-9999-8888-7777-000000000000',
  });
  const verdict = await options.testConnection('HubSpot');
  expect(verdict).toMatch(/token/i);
  expect(verdict).not.toMatch(HUBSPOT.testOk);
  await options.configureSource('HubSpot', HUBSPOT.fields(platform));
  expect(await options.testConnection('HubSpot')).toMatch(HUBSPOT.testOk);
});
