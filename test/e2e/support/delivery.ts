/**
 * Helpers for the delivery and first-run tests (delivery.e2e.ts): a Gmail thread from one person
 * with its sidebar, the tab an extension page opens, a small CSV of the user's own leads dated
 * relative to today, and the requests that would have changed a platform's data.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { FakeHost, FakePlatform, LoggedRequest } from '../../fake-platform';
import { GMAIL_URL, serveGmail, type Person } from '../../support/sites';
import { SidebarPage } from '../pages/sidebar';
import type { UploadFile } from '../pages/options';
import { mailboxFrom, THREAD_ID } from './outcomes';

const DAY_MS = 86_400_000;

/**
 * Gmail with one thread from `sender` to the salesperson, open in a new tab, and its sidebar
 * (attached, not yet showing anyone: the test says whom it expects).
 */
export async function openThreadFrom(
  context: BrowserContext,
  sender: Person,
): Promise<{ page: Page; sidebar: SidebarPage }> {
  await serveGmail(context, mailboxFrom(sender));
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${THREAD_ID}`);
  return { page, sidebar: await SidebarPage.of(page) };
}

/** The next tab the browser opens on `file` of the extension (options.html, …). */
export function nextExtensionTab(context: BrowserContext, file: string, timeout = 15_000): Promise<Page> {
  return context.waitForEvent('page', {
    predicate: (page) => {
      const url = new URL(page.url());
      return url.protocol === 'chrome-extension:' && url.pathname === `/${file}`;
    },
    timeout,
  });
}

/** A lead only the user's own CSV knows. */
export const OWN_LEAD: Person = { name: 'Priya Nair', email: 'priya.nair@own-data.example' };

const CSV_HEADER =
  'email,name,company,job_title,lifecycle_stage,lead_status,score,owner,mql_at,lead_source,' +
  'touchpoint_id,occurred_at,kind,campaign,campaign_id,campaign_channel,title,url,detail,machine,machine_reason';

/**
 * A Loopline CSV (the columns of test/fixtures/imports/loopline.csv) with one lead and two
 * activities a few days old, so that they stay inside the history window whatever today is.
 */
export function ownLeadsCsv(now = Date.now()): UploadFile {
  const daysAgo = (days: number) => new Date(now - days * DAY_MS).toISOString();
  const rows = [
    `${OWN_LEAD.email},${OWN_LEAD.name},Own Data Co,Head of Growth,marketingqualifiedlead,OPEN,70,Sam Rivera,${daysAgo(2)},Paid Search,own-0001,${daysAgo(3)},page_view,,,,Visited /pricing,https://www.own-data.example/pricing,,,`,
    `${OWN_LEAD.email},,,,,,,,,,own-0002,${daysAgo(2)},form_submit,Spring Demo Days,,event,Requested a demo,https://www.own-data.example/demo,,,`,
  ];
  return {
    name: 'my-leads.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([CSV_HEADER, ...rows].join('\n') + '\n'),
  };
}

/** Reads that use POST, and the credential exchange: none of them changes the platform's data. */
const NOT_WRITES: Record<FakeHost, RegExp[]> = {
  hubspot: [/^\/crm\/v3\/objects\/[^/]+\/(search|batch\/read)$/, /^\/oauth\//],
  marketo: [/^\/identity\//],
  mailchimp: [],
  rest: [],
};

/** Requests that would have changed `host`'s data (any method but GET, bar the reads above). */
export function writeRequests(platform: FakePlatform, host: FakeHost): LoggedRequest[] {
  return platform.requests.filter(
    (r) =>
      r.platform === host &&
      r.method.toUpperCase() !== 'GET' &&
      !NOT_WRITES[host].some((pattern) => pattern.test(r.path)),
  );
}
