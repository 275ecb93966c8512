/**
 * What the source specs (sources*.e2e.ts) share: the people and Gmail threads, each remote
 * source as the user sets it up, the fake platform behind the real hosts, and reads of the sidebar
 * and of the platform's request log.
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
} from '../../fake-platform';
import { extensionIdOf } from '../../support/extension';
import { GMAIL_URL, serveGmail, type GmailData, type Person } from '../../support/sites';
import { expect, grantSiteAccess } from '../fixtures';
import { OptionsPage, type SourceFields, type SourceName, type UploadFile } from '../pages/options';
import { SidebarPage } from '../pages/sidebar';

export const IMPORTS = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'imports');
export const DAY_MS = 86_400_000;
export const ME: Person = { name: 'Sam Rivera', email: 'sam.rivera@tidemark.example' };

/** The fake platform's MQL (every platform knows her), and two leads of the CSV fixtures. */
export const AVA: Person = { name: 'Ava Chen', email: SEED_EMAILS.mql };
export const DANA: Person = { name: 'Dana Whitfield', email: 'dana.whitfield@harbor-freight.example' };
/** Only in bad-rows.csv, on good rows: she exists only if a failed import half-wrote it. */
export const OLIVIA: Person = { name: 'Olivia Brandt', email: 'olivia.brandt@kestrel.example' };

/** Gmail thread ids (Gmail's opaque form: 16+ letters and digits). */
export const THREAD = {
  ava: 'FMfcgzQbfSourcesAva00001',
  dana: 'FMfcgzQbfSourcesDana0002',
  olivia: 'FMfcgzQbfSourcesOlivia03',
} as const;

export const MAILBOX: GmailData = {
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

export interface RemoteCase {
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

export const REMOTE: RemoteCase[] = [
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

export const HUBSPOT = REMOTE[0]!;
export const MARKETO = REMOTE[1]!;

/** The sidebar's "Data from" entry for a source, in the lead header. */
export function dataFrom(sidebar: SidebarPage, lead: Person, label: string) {
  return sidebar.section(lead.name).getByRole('listitem').filter({ hasText: label });
}

export function timelineItem(sidebar: SidebarPage, title: string) {
  return sidebar
    .section(/^Timeline/)
    .getByText(title, { exact: true })
    .first();
}

export async function openThread(
  context: BrowserContext,
  thread: string,
): Promise<{ page: Page; sidebar: SidebarPage }> {
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${thread}`);
  return { page, sidebar: await SidebarPage.of(page) };
}

export async function setUp(context: BrowserContext) {
  const platform = createFakePlatform();
  await routeToPlaywright(context, platform);
  await serveGmail(context, MAILBOX);
  return platform;
}

/** The user allows Loopline on the source's API host, as under chrome://extensions → Site access. */
export async function allowSite(options: OptionsPage, source: RemoteCase): Promise<void> {
  await grantSiteAccess(options.page.context(), extensionIdOf(options.page), source.siteAccess);
}

export async function configure(
  openExtensionPage: (file: string) => Promise<Page>,
  platform: FakePlatform,
  source: RemoteCase,
): Promise<OptionsPage> {
  const options = await OptionsPage.open(openExtensionPage, 'sources');
  await allowSite(options, source);
  await options.configureSource(source.name, source.fields(platform));
  return options;
}

export const lookups = (platform: FakePlatform, source: RemoteCase, from = 0) =>
  platform.requests
    .slice(from)
    .filter((r) => r.platform === source.host && r.path.startsWith(source.lookupPath));

/**
 * A fixture CSV with its dates moved (by whole days, formats untouched) so that its newest
 * activity is two days old: the file's fixed 2026 dates would otherwise fall out of the
 * 180-day history window as the calendar moves on.
 */
export function recentCsv(file: string, now = Date.now()): UploadFile {
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
