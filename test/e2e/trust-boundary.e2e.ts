/**
 * The trust boundary (DESIGN.md, security rules), attacked from where an attacker who owns a web
 * page's renderer stands: Loopline's content script world. A HubSpot token is saved through the
 * Options page as a user saves it; a Gmail thread shows a lead; then code run in the content
 * script's isolated world (support/isolated-world.ts) tries to read the secret, plant settings,
 * read other leads, record outcomes, and send every message meant for Loopline's own pages and
 * for the sidebar's frame. None of it may work, nothing may reach the platform, and the sidebar
 * keeps working for the lead on the page.
 *
 * The content script may send `content.config` and `page.people` only (lib/messaging/protocol.ts);
 * everything else must come back `forbidden`, decided by the background from the sender the
 * browser attests.
 */
import { randomUUID } from 'node:crypto';
import { PageToBackground, SidebarToBackground } from '../../lib/messaging/protocol';
import { defaultSettings, type Settings } from '../../lib/settings/schema';
import { createFakePlatform, routeToPlaywright, SEED_EMAILS, type FakePlatform } from '../fake-platform';
import { GMAIL_URL, serveGmail, type GmailData, type Person } from '../support/sites';
import { sendFromPage, sendFromPageRaw } from '../support/extension';
import { expect, grantSiteAccess, readSettings, test } from './fixtures';
import { OptionsPage } from './pages/options';
import { SidebarPage } from './pages/sidebar';
import { contentScriptWorld, type IsolatedWorld } from './support/isolated-world';
import { outcomeLog } from './support/outcomes';

const ME: Person = { name: 'Sam Rivera', email: 'sam.rivera@tidemark.example' };
/** On the page: the thread's sender, an MQL the fake HubSpot knows. */
const AVA: Person = { name: 'Ava Chen', email: SEED_EMAILS.mql };
/** Not on the page, but known to the fake HubSpot: reading her would be a real leak. */
const ELSEWHERE = SEED_EMAILS.customer;
const THREAD = 'FMfcgzQbfTrustBoundary01';
const MAILBOX: GmailData = {
  account: ME.email,
  threads: [
    {
      id: THREAD,
      subject: 'Demo next week?',
      messages: [{ from: AVA, to: [ME], body: 'Could we see a demo next week?' }],
    },
  ],
};

/** Where the planted settings would send lookups, and the credential they would send. */
const ATTACKER = 'https://attacker.example';
const PLANTED_AUTH = 'Bearer planted-by-the-page';

type MessageName = keyof typeof PageToBackground | keyof typeof SidebarToBackground;

/**
 * A well-formed payload for every message a content script must not send, so that a refusal is
 * the sender check's and not the payload parser's. Typed over both maps: a new message fails to
 * compile here until it is given one.
 */
function payloads(planted: Settings): Record<MessageName, unknown> {
  const someId = randomUUID();
  return {
    'lead.get': { email: ELSEWHERE, refresh: true },
    'lead.findByName': { name: 'Lena Fischer' },
    'lead.confirmName': { name: 'Lena Fischer', email: ELSEWHERE },
    'lead.forgetName': { name: 'Lena Fischer' },
    'account.seen': {},
    'outcome.record': { leadEmail: AVA.email, kind: 'meeting_booked' },
    'outcome.undo': { id: someId },
    'outcome.retry': { id: someId },
    'outcome.discard': { id: someId },
    'sidebar.config': {},
    'sidebar.setOpen': { open: false },
    'page.openOptions': { section: 'sources' },
    'workspace.useSample': {},
    'settings.get': {},
    'settings.save': { settings: planted },
    'settings.export': {},
    'settings.import': { json: JSON.stringify(planted) },
    'source.test': { source: 'hubspot' },
    'marketo.activityTypes': {},
    'cache.clear': {},
    'data.deleteAll': {},
    'workspace.stats': {},
    'workspace.removeSample': {},
    'outcomes.list': {},
    'followups.list': {},
    'sources.status': {},
    'report.teamOutcomes': { source: 'hubspot', since: new Date(Date.now() - 30 * 86_400_000).toISOString() },
    'workspace.changed': {},
  };
}

/** Settings a page would like Loopline to use: every lookup to the attacker's server. */
function plantedSettings(): Settings {
  const settings = defaultSettings();
  settings.onboarded = true;
  settings.sources.local.enabled = false;
  settings.sources.rest = {
    ...settings.sources.rest,
    enabled: true,
    baseUrl: ATTACKER,
    authHeader: 'Authorization',
    authValue: PLANTED_AUTH,
  };
  return settings;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** `chrome.runtime.sendMessage` from the content script's world. */
function sendFromContentScript(world: IsolatedWorld, type: string, payload: unknown): Promise<Reply> {
  return world.evaluate(
    (message: { type: string; payload: unknown }) => chrome.runtime.sendMessage(message),
    { type, payload },
  );
}

function expectForbidden(reply: Reply, what: string): void {
  expect.soft(reply, `${what}: refused`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  if (!reply.ok) expect.soft(reply.error.message, `${what}: says why`).toMatch(/\w{3,}/);
}

/** Waits until the fake has had no new request for a second (lookups in flight have landed). */
async function quiet(platform: FakePlatform): Promise<void> {
  let last = -1;
  await expect
    .poll(
      () => {
        const settled = platform.requests.length === last;
        last = platform.requests.length;
        return settled;
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(true);
}

const requestLines = (requests: FakePlatform['requests']) =>
  requests.map((r) => `${r.method} ${r.host}${r.path}`);

test('a compromised content script gets no secret, changes no setting, reads and records nothing', async ({
  context,
  extensionId,
  serviceWorker,
  openExtensionPage,
}) => {
  test.setTimeout(180_000);
  const platform = createFakePlatform();
  await routeToPlaywright(context, platform);
  // Every console line of Loopline's pages and of its service worker, for the last check.
  const logs: string[] = [];
  context.on('console', (message) => logs.push(message.text()));
  serviceWorker.on('console', (message) => logs.push(message.text()));
  const toAttacker: string[] = [];
  await context.route(`${ATTACKER}/**`, (route) => {
    toAttacker.push(`${route.request().method()} ${route.request().url()}`);
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  await serveGmail(context, MAILBOX);
  const token = platform.config.hubspot.token;

  // The user connects HubSpot in Options: site access for its API, then the switch and Save.
  await grantSiteAccess(context, extensionId, ['https://api.hubapi.com/*']);
  const options = await OptionsPage.open(openExtensionPage, 'sources');
  await options.configureSource('HubSpot', { 'Private app access token': token });

  const gmail = await context.newPage();
  await gmail.goto(`${GMAIL_URL}#inbox/${THREAD}`);
  const sidebar = await SidebarPage.of(gmail);
  await expect(sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
  await expect(dataFrom(sidebar, 'HubSpot')).toBeVisible();
  await quiet(platform);

  const world = await contentScriptWorld(gmail, extensionId);
  const planted = plantedSettings();
  const replies: Reply[] = [];

  await test.step('(a) the storage a content script can read holds no secret', async () => {
    const stored = await world.evaluate(async () => {
      const read = async (area: 'local' | 'session' | 'sync') => {
        try {
          return { readable: true, items: await chrome.storage[area].get(null) };
        } catch (error) {
          return { readable: false, error: String(error) };
        }
      };
      return { local: await read('local'), session: await read('session'), sync: await read('sync') };
    });
    // Readable or not (storage.local is, to content scripts, unless the extension restricts it),
    // no area may hold the token.
    test.info().annotations.push({
      type: 'storage readable from the content script',
      description: Object.entries(stored)
        .map(([area, content]) => `${area}: ${content.readable ? 'yes' : 'no'}`)
        .join(', '),
    });
    for (const [area, content] of Object.entries(stored)) {
      expect.soft(JSON.stringify(content), `storage.${area} holds no token`).not.toContain(token);
    }
    // What a content script is meant to ask for carries no secret either.
    const config = await sendFromContentScript(world, 'content.config', {});
    replies.push(config);
    expect.soft(config.ok, `content.config is answered: ${JSON.stringify(config)}`).toBe(true);
  });

  await test.step('(b) settings planted in storage.local are not used', async () => {
    const before = platform.requests.length;
    // Where the settings used to live, in the shape they had: what a page would try first.
    const plantedInStorage = await world.evaluate(
      (settings: Settings) =>
        chrome.storage.local.set({ settings }).then(
          () => 'planted',
          (error: unknown) => `refused: ${String(error)}`,
        ),
      planted,
    );
    test
      .info()
      .annotations.push({ type: 'storage.local.set from the content script', description: plantedInStorage });
    // Lookups after the plant: a refresh in the sidebar, and a new tab on the thread. Soft: a
    // sidebar that lost the lead here means the plant took, which the checks below then show.
    await sidebar.refreshButton.click();
    await expect.soft(sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
    const second = await context.newPage();
    await second.goto(`${GMAIL_URL}#inbox/${THREAD}`);
    await expect.soft((await SidebarPage.of(second)).leadName).toHaveText(AVA.name, { timeout: 20_000 });
    await second.close();
    await quiet(platform);

    const after = platform.requests.slice(before);
    expect.soft(toAttacker, 'requests to the planted address').toEqual([]);
    expect
      .soft(
        requestLines(
          after.filter((r) => r.platform === 'rest' || JSON.stringify(r.headers).includes(PLANTED_AUTH)),
        ),
        'requests made with the planted settings',
      )
      .toEqual([]);
    // The lookups did happen, with the user's HubSpot connection (so the checks above were not idle).
    expect
      .soft(after.filter((r) => r.platform === 'hubspot').length, 'HubSpot lookups after the plant')
      .toBeGreaterThan(0);

    // Options, opened afresh, shows what the user saved.
    const fresh = await OptionsPage.open(openExtensionPage, 'sources');
    await expect.soft(fresh.useSwitch('HubSpot')).toBeChecked();
    await expect.soft(fresh.useSwitch('REST endpoint')).not.toBeChecked();
    await expect.soft(fresh.field('REST endpoint', 'Base URL')).not.toHaveValue(ATTACKER);
    const saved = await readSettings(fresh.page);
    expect.soft(saved.sources.hubspot.enabled, 'HubSpot still on').toBe(true);
    expect
      .soft(saved.sources.rest, 'REST as the user left it')
      .toMatchObject({ enabled: false, baseUrl: '' });
    await fresh.page.close();
  });

  const beforeMessages = platform.requests.length;

  await test.step('(c) lead.get for someone not on the page is forbidden', async () => {
    const reply = await sendFromContentScript(world, 'lead.get', { email: ELSEWHERE, refresh: true });
    replies.push(reply);
    expectForbidden(reply, `lead.get ${ELSEWHERE}`);
  });

  await test.step('(d) outcome.record for someone not on the page is forbidden', async () => {
    const reply = await sendFromContentScript(world, 'outcome.record', {
      leadEmail: ELSEWHERE,
      kind: 'meeting_booked',
    });
    replies.push(reply);
    expectForbidden(reply, `outcome.record ${ELSEWHERE}`);
  });

  await test.step('(e) outcome.record for the lead on the page is forbidden from a content script', async () => {
    const reply = await sendFromContentScript(world, 'outcome.record', {
      leadEmail: AVA.email,
      kind: 'meeting_booked',
    });
    replies.push(reply);
    expectForbidden(reply, `outcome.record ${AVA.email}`);
  });

  await test.step("(f) every message of Loopline's pages and of the sidebar frame is forbidden", async () => {
    const all = payloads(planted);
    const names = [...new Set([...Object.keys(SidebarToBackground), ...Object.keys(PageToBackground)])];
    for (const name of names) {
      const reply = await sendFromContentScript(world, name, all[name as MessageName] ?? {});
      replies.push(reply);
      expectForbidden(reply, name);
    }
  });

  await test.step('(g) nothing of it reached the platform, and nothing was recorded', async () => {
    await quiet(platform);
    expect.soft(requestLines(platform.requests.slice(beforeMessages)), 'platform requests').toEqual([]);
    expect.soft(toAttacker, 'requests to the planted address').toEqual([]);
    expect.soft(JSON.stringify(replies), 'replies to the content script carry no token').not.toContain(token);
    const { notes, contactUpdates } = platform.writes.hubspot;
    expect.soft([...notes, ...contactUpdates], 'HubSpot writes').toEqual([]);
    expect.soft(await outcomeLog(options.page), 'outcome log').toEqual([]);
    // Options still has the user's settings (settings.save, settings.import and data.deleteAll
    // were among the refused messages).
    const saved = await readSettings(options.page);
    expect.soft(saved.sources.hubspot.enabled, 'HubSpot still on').toBe(true);
    expect.soft(saved.sources.rest.baseUrl, 'REST base URL').not.toBe(ATTACKER);
  });

  await world.detach();

  await test.step('the sidebar still works for the lead on the page', async () => {
    await sidebar.refreshButton.click();
    await expect(sidebar.leadName).toHaveText(AVA.name, { timeout: 20_000 });
    await expect(dataFrom(sidebar, 'HubSpot')).toBeVisible();
    await expect(sidebar.root).toContainText('Northwind Robotics');
    // The sidebar's frame may record an outcome for her: the refusal above was the sender's.
    await sidebar.clickOutcome('Meeting booked');
    await expect(sidebar.text('Saved “Meeting booked”.')).toBeVisible();
  });

  await test.step('the token is in no export, log line or error message', async () => {
    const page = await openExtensionPage('options.html');
    const texts = [
      await sendFromPage<string>(page, 'settings.export', {}),
      JSON.stringify(await sendFromPage(page, 'outcomes.list', {})),
      JSON.stringify(await sendFromPage(page, 'settings.get', {})),
      JSON.stringify(await sendFromPage(page, 'sources.status', {})),
      JSON.stringify(replies),
    ];
    // An error that quotes what HubSpot said about the token: the connection test against a
    // platform that refuses it.
    const stop = platform.fault({
      host: 'hubspot',
      kind: 'status',
      status: 401,
      body: {
        status: 'error',
        message: `The token ${token} is not valid`,
        category: 'INVALID_AUTHENTICATION',
      },
    });
    const tested = await sendFromPageRaw(page, 'source.test', { source: 'hubspot' });
    stop();
    expect(JSON.stringify(tested), 'the connection test failed').toMatch(/"ok":false/);
    texts.push(JSON.stringify(tested));
    // The capture is live on both sides (a line from each, written here, comes through).
    await serviceWorker.evaluate(() => console.info('loopline-log-probe worker'));
    await page.evaluate(() => console.info('loopline-log-probe page'));
    await expect
      .poll(() => new Set(logs.filter((line) => line.startsWith('loopline-log-probe'))).size)
      .toBe(2);
    for (const text of [...texts, ...logs]) expect.soft(text).not.toContain(token);
    await page.close();
  });
});

/** The sidebar's "Data from" entry for a source, in the lead header. */
function dataFrom(sidebar: SidebarPage, label: string) {
  return sidebar.section(AVA.name).getByRole('listitem').filter({ hasText: label });
}
