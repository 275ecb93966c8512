/**
 * Closed-loop outcomes end to end: the built extension in Chromium, the Gmail
 * look-alike with a thread from a lead the fake platform knows, and the fake platform behind the
 * real API hosts. One click in the sidebar must reach the platform exactly once, whatever the
 * network, the platform or the browser does in between.
 *
 * Only what needs a real browser is here: one click per platform, the service worker stopped
 * mid-write, the browser closed with an outcome pending, and the soak. The platform's faults
 * (5xx, a timeout after the write, 429 with and without Retry-After, the network down) go through
 * the same outbox and connectors on a hand-driven clock in lib/outbox/delivery.test.ts.
 *
 * Outcomes wait out the 5 s undo window before their first attempt, and retries follow the
 * outbox's back-off (1–2 s, then 2–4 s, …) on chrome.alarms, which Chromium does not clamp for
 * an unpacked extension; a timeout costs the connector's 20 s. Waits below are sized for that.
 *
 * A worker that an alarm has just started may send its first request before Playwright has
 * attached to it, so that request escapes routing (offline here, it fails to resolve). Tests where
 * the worker restarts therefore count writes at the fake exactly, but attempts only from below.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Outcome } from '../../lib/model';
import type { LeadView } from '../../lib/model/view';
import { createFakePlatform, type FakeHost, type FakePlatform, type LoggedRequest } from '../fake-platform';
import { GMAIL_URL, serveGmail, type Person } from '../support/sites';
import { expect, launchWithExtension, saveSettingsWithAccess, stopServiceWorker, test } from './fixtures';
import { SidebarPage } from './pages/sidebar';
import {
  THREAD_ID,
  WEBINAR,
  mailboxFrom,
  outcomeLead,
  outcomeLog,
  personOf,
  recordOutcome,
  routeFake,
  seededRandom,
  sendFromPage,
  settingsFor,
  writesCarrying,
  type FakeRouting,
  type FaultKind,
  alarmNames,
  watchExtensionWorker,
} from './support/outcomes';

const LEAD = outcomeLead('dana.reyes@northwind-labs.example');

/** Undo window + a few back-off steps (or one 20 s timeout) + a loaded two-core machine. */
const DELIVERY = { timeout: 60_000, intervals: [250, 500, 1000] };

/** HubSpot's note creation, not its batch read (`/crm/v3/objects/notes/batch/read`). */
const NOTE_CREATE = { host: 'hubspot', path: /^\/crm\/v3\/objects\/notes$/, method: 'POST' } as const;

interface Setup {
  platform: FakePlatform;
  routing: FakeRouting;
  /** An extension page: the settings are saved and the outcome log is read through it. */
  options: Page;
}

type Fixtures = {
  context: BrowserContext;
  openExtensionPage: (file: string) => Promise<Page>;
};

/**
 * The fake platform with the lead, and settings with `only` those sources on, saved from the
 * options page after the user allowed their API hosts (site access, then the extension's own
 * request, as switching them on in Options does).
 */
async function setUp({ context, openExtensionPage }: Fixtures, only?: FakeHost[]): Promise<Setup> {
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
async function openThread(
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

async function clickMeetingBooked(sidebar: SidebarPage): Promise<void> {
  await sidebar.clickOutcome('Meeting booked');
  // "Saved" only once the outcome is in the outbox.
  await expect(sidebar.text('Saved “Meeting booked”.')).toBeVisible();
}

/** The only outcome in the log, once delivered. */
async function delivered(options: Page): Promise<Outcome> {
  await expect
    .poll(async () => (await outcomeLog(options)).map((o) => o.delivery), DELIVERY)
    .toEqual(['delivered']);
  const [outcome] = await outcomeLog(options);
  return outcome!;
}

function noteCreates(platform: FakePlatform): LoggedRequest[] {
  return platform
    .requestsTo('hubspot', '/crm/v3/objects/notes', 'POST')
    .filter((r) => NOTE_CREATE.path.test(r.path));
}

/**
 * HubSpot's check for an earlier note before a retry: the contact's associated notes, then those
 * notes by id (both read from the records; CRM search, whose index lags, is not used).
 */
function noteChecks(platform: FakePlatform, contactId: string) {
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

test.describe('one click in the sidebar writes back to the platform', () => {
  test('HubSpot: one note carrying the outcome id and one status update', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    const { platform, options } = await setUp({ context, openExtensionPage }, ['hubspot']);
    const sidebar = await openThread(context);
    await clickMeetingBooked(sidebar);
    await expect(sidebar.text('“Meeting booked” delivered to HubSpot.')).toBeVisible(DELIVERY);

    const outcome = await delivered(options);
    const contactId = platform.lead(LEAD.email)!.hubspotId;
    const { notes, contactUpdates } = platform.writes.hubspot;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.contactIds).toEqual([contactId]);
    const body = notes[0]!.properties.hs_note_body!;
    expect(body).toContain(`Outcome id: ${outcome.id}`);
    expect(body).toContain('Loopline outcome: Meeting booked');
    // The attributed campaign travels with the outcome, for marketing's report.
    expect(body).toContain(WEBINAR.name);
    expect(notes[0]!.properties.hs_timestamp).toBe(outcome.createdAt);
    expect(contactUpdates).toEqual([
      { contactId, properties: { hs_lead_status: 'CONNECTED', loopline_outcome: 'meeting_booked' } },
    ]);
    expect(outcome).toMatchObject({ kind: 'meeting_booked', target: 'hubspot', attempts: 1 });
    expect(outcome.receipt).toContain(notes[0]!.id);
    expect(extensionErrors).toEqual([]);
  });

  test('Marketo: one status update and one custom activity carrying the outcome id', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    const { platform, options } = await setUp({ context, openExtensionPage }, ['marketo']);
    const sidebar = await openThread(context);
    await clickMeetingBooked(sidebar);
    await expect(sidebar.text('“Meeting booked” delivered to Marketo.')).toBeVisible(DELIVERY);

    const outcome = await delivered(options);
    const leadId = platform.lead(LEAD.email)!.marketoId;
    const { leadUpdates, activities } = platform.writes.marketo;
    expect(leadUpdates).toHaveLength(1);
    expect(leadUpdates[0]).toMatchObject({ leadId, fields: { leadStatus: 'Sales Accepted' } });
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      leadId,
      activityTypeId: platform.config.marketo.customActivityType!.id,
      primaryAttributeValue: outcome.id,
    });
    expect(activities[0]!.attributes).toContainEqual(
      expect.objectContaining({ apiName: 'outcomeKind', value: 'meeting_booked' }),
    );
    expect(outcome).toMatchObject({ target: 'marketo', attempts: 1 });
    expect(extensionErrors).toEqual([]);
  });

  test('Mailchimp: one tag, one member note and one member event carrying the outcome id', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    const { platform, options } = await setUp({ context, openExtensionPage }, ['mailchimp']);
    const sidebar = await openThread(context);
    await clickMeetingBooked(sidebar);
    await expect(sidebar.text('“Meeting booked” delivered to Mailchimp.')).toBeVisible(DELIVERY);

    const outcome = await delivered(options);
    const hash = platform.lead(LEAD.email)!.mailchimpHash;
    const { tags, notes, events } = platform.writes.mailchimp;
    expect(tags).toEqual([
      {
        listId: platform.config.mailchimp.listId,
        hash,
        tags: [{ name: 'loopline:meeting_booked', status: 'active' }],
      },
    ]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ hash });
    expect(notes[0]!.note).toContain(`Outcome id: ${outcome.id}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      hash,
      name: 'loopline_outcome',
      properties: { outcome_id: outcome.id, kind: 'meeting_booked', campaigns: WEBINAR.name },
    });
    expect(outcome).toMatchObject({ target: 'mailchimp', attempts: 1 });
    expect(extensionErrors).toEqual([]);
  });

  test('REST: one POST of the outcome with its id as the Idempotency-Key', async ({
    context,
    openExtensionPage,
    extensionErrors,
  }) => {
    const { platform, options } = await setUp({ context, openExtensionPage }, ['rest']);
    const sidebar = await openThread(context);
    await clickMeetingBooked(sidebar);
    await expect(sidebar.text('“Meeting booked” delivered to REST.')).toBeVisible(DELIVERY);

    const outcome = await delivered(options);
    const posts = platform.requestsTo('rest', '/outcomes', 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['idempotency-key']).toBe(outcome.id);
    expect(posts[0]!.body).toMatchObject({ id: outcome.id, leadEmail: LEAD.email, kind: 'meeting_booked' });
    expect(platform.writes.rest.outcomes.map((o) => o.key)).toEqual([outcome.id]);
    expect(outcome).toMatchObject({ target: 'rest', attempts: 1 });
    expect(extensionErrors).toEqual([]);
  });
});

test.describe('the browser gets in the way', () => {
  test('the service worker stopped while HubSpot’s answer is in flight: delivered once after it restarts', async ({
    context,
    openExtensionPage,
  }) => {
    test.setTimeout(150_000);
    const { platform, routing, options } = await setUp({ context, openExtensionPage }, ['hubspot']);
    const hold = routing.holdAnswer((r) => r.method === 'POST' && NOTE_CREATE.path.test(r.path));
    const recorded = await recordOutcome(await openThread(context), {
      leadEmail: LEAD.email,
      kind: 'meeting_booked',
    });

    // HubSpot has the note; the worker is waiting for the answer when Chrome stops it.
    await hold.arrived;
    expect(writesCarrying(platform, recorded.id).hubspotNotes).toBe(1);
    const worker = await watchExtensionWorker(options);
    await stopServiceWorker(options);
    await worker.reached('stopped');
    // Chrome only restarts a stopped worker for an event: with a request in flight, the outbox
    // must have an alarm standing by to resume it.
    expect(await alarmNames(options), 'an alarm to resume the interrupted delivery').not.toEqual([]);
    hold.release();

    // Nothing from the test wakes the worker here (no message, no page): only the outbox's own
    // alarm can bring it back to finish the delivery. It may be set as far as a request timeout
    // or more ahead, hence the longer wait.
    await expect
      .poll(() => platform.writes.hubspot.contactUpdates.length, { ...DELIVERY, timeout: 90_000 })
      .toBe(1);
    expect(worker.statuses().slice(worker.statuses().indexOf('stopped'))).toContain('running');
    await worker.detach();
    const outcome = await delivered(options);
    expect(writesCarrying(platform, recorded.id).hubspotNotes).toBe(1);
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    // The restarted worker knew the write may have landed and looked before writing: it read the
    // contact's notes, found the one HubSpot had, and created no other.
    expect(noteCreates(platform)).toHaveLength(1);
    const checks = noteChecks(platform, platform.lead(LEAD.email)!.hubspotId);
    expect(checks.associationReads).toBeGreaterThanOrEqual(1);
    expect(checks.batchReads).toBeGreaterThanOrEqual(1);
    expect(checks.searches).toBe(0);
    // The interrupted attempt, then at least one more (see the note on worker start at the top).
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
  });

  test('the browser closed with an outcome pending: delivered once after reopening the profile', async ({
    context,
    openExtensionPage,
    userDataDir,
    extensionId,
  }) => {
    test.setTimeout(120_000);
    const { platform, options } = await setUp({ context, openExtensionPage }, ['hubspot']);
    // A long Retry-After keeps the outcome pending, its alarm set, while the browser is closed,
    // and leaves time to route the reopened browser before the retry is due.
    platform.fault({ kind: 'rate_limit', retryAfterSeconds: 20, ...NOTE_CREATE, times: 1 });
    const recorded = await recordOutcome(await openThread(context), {
      leadEmail: LEAD.email,
      kind: 'meeting_booked',
    });
    await expect
      .poll(async () => (await outcomeLog(options)).map((o) => [o.delivery, o.attempts]), DELIVERY)
      .toEqual([['pending', 1]]);
    await context.close();

    const reopened = await launchWithExtension(userDataDir);
    try {
      await routeFake(reopened, platform);
      await expect.poll(() => platform.writes.hubspot.contactUpdates.length, DELIVERY).toBe(1);
      const page = await reopened.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      const outcome = await delivered(page);
      expect(outcome.id).toBe(recorded.id);
      expect(writesCarrying(platform, recorded.id).hubspotNotes).toBe(1);
      expect(platform.writes.hubspot.notes).toHaveLength(1);
      expect(noteCreates(platform).map((r) => r.status)).toEqual([429, 201]);
      // At least the throttled attempt and the delivering one (see the note on worker start).
      expect(outcome.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await reopened.close();
    }
  });
});

test.describe('soak', () => {
  const PLATFORMS: FakeHost[] = ['hubspot', 'marketo', 'mailchimp', 'rest'];
  const KINDS = ['meeting_booked', 'qualified', 'bad_timing', 'no_response', 'wrong_contact'];
  const LEADS_PER_PLATFORM = 5;
  const OUTCOMES = 200;
  /**
   * Seeds the outcome kinds and the fault picker. Request timing still varies from run to run,
   * so a failure names the seed and the faults, not an exact replay.
   */
  const SEED = 0x10091006;

  test('200 outcomes through random faults: none lost, none duplicated', async ({
    context,
    openExtensionPage,
  }) => {
    test.setTimeout(420_000);
    const platform = createFakePlatform();
    // Each lead is known to one platform only, so its outcomes go there.
    const leads = PLATFORMS.flatMap((source) =>
      Array.from({ length: LEADS_PER_PLATFORM }, (_, i) => {
        const lead = outcomeLead(`soak.${source}${i + 1}@soak-labs.example`, { platforms: [source] });
        platform.addLead(lead);
        return { email: lead.email, person: personOf(lead), source };
      }),
    );
    const routing = await routeFake(context, platform);
    const options = await openExtensionPage('options.html');
    await saveSettingsWithAccess(options, settingsFor(platform));

    // The salesperson has seen each lead in the sidebar before recording anything.
    for (const { email, source } of leads) {
      const view = await sendFromPage<LeadView>(options, 'lead.get', { email });
      expect(
        view.lead?.refs.map((ref) => ref.source),
        email,
      ).toEqual([source]);
    }
    // One thread with all of them on it: the sidebar records outcomes for people on its page.
    const [first, ...rest] = leads.map((lead) => lead.person);
    const sidebar = await openThread(context, [first!, ...rest]);

    const random = seededRandom(SEED);
    const budget = { total: 70, timeouts: 2, throttles: 4 };
    const injected: string[] = [];
    routing.pickFaults(({ method, host }) => {
      if (injected.length >= budget.total || random() >= 0.12) return undefined;
      const roll = random();
      let fault: FaultKind;
      if (roll < 0.35) fault = { kind: 'server_error', status: [500, 502, 503][Math.floor(random() * 3)] };
      else if (roll < 0.6) fault = { kind: 'network' };
      else if (roll < 0.75) fault = { kind: 'latency', ms: 200 + Math.floor(random() * 1500) };
      else if (roll < 0.9 && budget.throttles-- > 0) fault = { kind: 'rate_limit', retryAfterSeconds: 1 };
      else if (method !== 'GET' && budget.timeouts-- > 0) fault = { kind: 'timeout_after_write' };
      else fault = { kind: 'server_error', status: 503 };
      injected.push(`${fault.kind} → ${host}`);
      return fault;
    });

    const pickKind = seededRandom(SEED + 1);
    const drafts = Array.from({ length: OUTCOMES }, (_, i) => ({
      leadEmail: leads[i % leads.length]!.email,
      kind: KINDS[Math.floor(pickKind() * KINDS.length)]!,
    }));
    const recorded: Outcome[] = [];
    for (const draft of drafts) recorded.push(await recordOutcome(sidebar, draft));

    await expect
      .poll(
        async () => {
          const counts: Record<string, number> = {};
          for (const o of await outcomeLog(options)) counts[o.delivery] = (counts[o.delivery] ?? 0) + 1;
          return counts;
        },
        { timeout: 360_000, intervals: [2_000], message: `soak seed ${SEED}: faults ${injected.length}` },
      )
      .toEqual({ delivered: OUTCOMES });

    const final = await outcomeLog(options);
    const tally = (items: string[]) =>
      Object.entries(
        items.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {}),
      )
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ');
    test.info().annotations.push({
      type: 'soak',
      description: `seed ${SEED}; faults: ${tally(injected)}; attempts: ${tally(final.map((o) => String(o.attempts)))}`,
    });
    expect(injected.length, 'faults injected').toBeGreaterThan(30);
    const target = new Map(leads.map((l) => [l.email, l.source]));
    const wrong: string[] = [];
    for (const outcome of recorded) {
      const source = target.get(outcome.leadEmail)!;
      const writes = writesCarrying(platform, outcome.id);
      const expected = {
        hubspotNotes: source === 'hubspot' ? 1 : 0,
        marketoActivities: source === 'marketo' ? 1 : 0,
        mailchimpNotes: source === 'mailchimp' ? 1 : 0,
        mailchimpEvents: source === 'mailchimp' ? 1 : 0,
        restOutcomes: source === 'rest' ? 1 : 0,
      };
      if (JSON.stringify(writes) !== JSON.stringify(expected))
        wrong.push(`${outcome.id} (${source}): ${JSON.stringify(writes)}`);
    }
    expect(wrong, `seed ${SEED}`).toEqual([]);
    // Nothing written that no recorded outcome accounts for.
    const per = (source: FakeHost) => recorded.filter((o) => target.get(o.leadEmail) === source).length;
    expect(platform.writes.hubspot.notes).toHaveLength(per('hubspot'));
    expect(platform.writes.marketo.activities).toHaveLength(per('marketo'));
    expect(platform.writes.mailchimp.notes).toHaveLength(per('mailchimp'));
    expect(platform.writes.mailchimp.events).toHaveLength(per('mailchimp'));
    expect(platform.writes.rest.outcomes).toHaveLength(per('rest'));
  });
});
