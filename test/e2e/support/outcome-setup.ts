/**
 * What the outcome specs (outcomes*.e2e.ts) share: the lead, the fake platform and settings set
 * up from the options page, a thread open in Gmail with its sidebar, and reads of what reached
 * the platform.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Outcome } from '../../../lib/model';
import {
  createFakePlatform,
  type FakeHost,
  type FakePlatform,
  type LoggedRequest,
} from '../../fake-platform';
import { GMAIL_URL, serveGmail, type Person } from '../../support/sites';
import { expect, saveSettingsWithAccess } from '../fixtures';
import { SidebarPage } from '../pages/sidebar';
import {
  THREAD_ID,
  mailboxFrom,
  outcomeLead,
  outcomeLog,
  personOf,
  routeFake,
  settingsFor,
  type FakeRouting,
} from './outcomes';

export const LEAD = outcomeLead('dana.reyes@northwind-labs.example');

/** Undo window + a few back-off steps (or one 20 s timeout) + a loaded two-core machine. */
export const DELIVERY = { timeout: 60_000, intervals: [250, 500, 1000] };

/** HubSpot's note creation, not its batch read (`/crm/v3/objects/notes/batch/read`). */
export const NOTE_CREATE = { host: 'hubspot', path: /^\/crm\/v3\/objects\/notes$/, method: 'POST' } as const;

export interface Setup {
  platform: FakePlatform;
  routing: FakeRouting;
  /** An extension page: the settings are saved and the outcome log is read through it. */
  options: Page;
}

export type Fixtures = {
  context: BrowserContext;
  openExtensionPage: (file: string) => Promise<Page>;
};

/**
 * The fake platform with the lead, and settings with `only` those sources on, saved from the
 * options page after the user allowed their API hosts (site access, then the extension's own
 * request, as switching them on in Options does).
 */
export async function setUp({ context, openExtensionPage }: Fixtures, only?: FakeHost[]): Promise<Setup> {
  const platform = createFakePlatform();
  platform.addLead(LEAD);
  const routing = await routeFake(context, platform);
  const options = await openExtensionPage('options.html');
  await saveSettingsWithAccess(options, settingsFor(platform, only));
  return { platform, routing, options };
}

/**
 * Gmail with a thread from the first of `people` (the lead by default) to the salesperson and the
 * others, once the sidebar shows its sender. Outcomes are recorded from this sidebar: the
 * background takes them only for people on its page.
 */
export async function openThread(
  context: BrowserContext,
  [sender, ...others]: [Person, ...Person[]] = [personOf(LEAD)],
): Promise<SidebarPage> {
  await serveGmail(context, mailboxFrom(sender, others));
  const page = await context.newPage();
  await page.goto(`${GMAIL_URL}#inbox/${THREAD_ID}`);
  const sidebar = await SidebarPage.of(page);
  await expect(sidebar.leadName).toHaveText(sender.name, { timeout: 20_000 });
  return sidebar;
}

export async function clickMeetingBooked(sidebar: SidebarPage): Promise<void> {
  await sidebar.clickOutcome('Meeting booked');
  // "Saved" only once the outcome is in the outbox.
  await expect(sidebar.text('Saved “Meeting booked”.')).toBeVisible();
}

/** The only outcome in the log, once delivered. */
export async function delivered(options: Page): Promise<Outcome> {
  await expect
    .poll(async () => (await outcomeLog(options)).map((o) => o.delivery), DELIVERY)
    .toEqual(['delivered']);
  const [outcome] = await outcomeLog(options);
  return outcome!;
}

export function noteCreates(platform: FakePlatform): LoggedRequest[] {
  return platform
    .requestsTo('hubspot', '/crm/v3/objects/notes', 'POST')
    .filter((r) => NOTE_CREATE.path.test(r.path));
}

/**
 * HubSpot's check for an earlier note before a retry: the contact's associated notes, then those
 * notes by id (both read from the records; CRM search, whose index lags, is not used).
 */
export function noteChecks(platform: FakePlatform, contactId: string) {
  return {
    associationReads: platform.requestsTo(
      'hubspot',
      `/crm/v4/objects/contacts/${contactId}/associations/notes`,
      'GET',
    ).length,
    batchReads: platform.requestsTo('hubspot', '/crm/v3/objects/notes/batch/read', 'POST').length,
    searches: platform.requestsTo('hubspot', '/crm/v3/objects/notes/search').length,
  };
}
