/**
 * Loopline on Firefox, end to end: the production Firefox build (.output/firefox-mv3) installed
 * in the system's Firefox ESR, driven over WebDriver BiDi (test/support/firefox.ts), on the
 * offline look-alikes of Gmail and Salesforce served at their real addresses, and the fake
 * platform behind the real vendor host names (./platform-server.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { BUILTIN_MATCHES } from '../../lib/sites/registry';
import { generateSampleWorkspace } from '../../lib/sample/generate';
import type { Outcome } from '../../lib/model';
import { createFakePlatform } from '../fake-platform';
import { mailboxFrom, outcomeLead, personOf, settingsFor, THREAD_ID } from '../e2e/support/outcomes';
import { CRM_PAGES, swapPerson } from '../support/crm-pages';
import { demoMailbox, THREADS } from '../support/demo-data';
import { sourceHosts } from '../support/extension';
import {
  clickButton,
  grantHostsByClick,
  inExtension,
  launchFirefox,
  leadName,
  openExtensionPage,
  sendFromPage,
  servePages,
  sidebarFrame,
  waitFor,
  waitForSidebarText,
  type FirefoxOptions,
  type FirefoxSession,
  type PageRoute,
} from '../support/firefox';
import { fixturePath, GMAIL_URL, gmailHtml, type GmailData } from '../support/sites';
import { expectEqual, expectTrue, journey } from './harness';
import { servePlatform } from './platform-server';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function withFirefox(run: (session: FirefoxSession) => Promise<void>, options: FirefoxOptions = {}) {
  const session = await launchFirefox(options);
  try {
    await run(session);
  } finally {
    await session.close();
  }
}

const gmailRoute =
  (mailbox: GmailData): PageRoute =>
  (url) =>
    url.host === 'mail.google.com' && url.pathname.startsWith('/mail/') ? { body: gmailHtml(mailbox) } : null;

async function gmailTab(session: FirefoxSession, mailbox: GmailData, hash: string): Promise<Page> {
  const page = await session.browser.newPage();
  await servePages(page, [gmailRoute(mailbox)]);
  await page.goto(`${GMAIL_URL}${hash}`);
  return page;
}

/** Navigate inside the Gmail look-alike as its links do (the page stays, the hash changes). */
async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
}

async function waitForLead(frame: Frame, name: string, timeout = 20_000): Promise<void> {
  await waitFor(`${name} in the sidebar`, async () => (await leadName(frame)) === name, timeout).catch(
    async (error: Error) => {
      throw new Error(
        `${error.message}\nThe sidebar said:\n${(await inExtension<string>(frame, 'document.body.innerText')).slice(0, 600)}`,
      );
    },
  );
}

const mailbox = demoMailbox();

journey('Gmail: a thread from a sample lead shows the lead and its touchpoint count', async () => {
  await withFirefox(async (session) => {
    const page = await gmailTab(session, mailbox, `#inbox/${THREADS.hot}`);
    const frame = await sidebarFrame(page);
    await waitForLead(frame, mailbox.leads.hot.name);
    const sample = generateSampleWorkspace({ now: new Date() });
    const since = Date.now() - 180 * 86_400_000;
    const expected = sample.touchpoints.filter(
      (t) => t.leadEmail === mailbox.leads.hot.email && Date.parse(t.occurredAt) >= since,
    ).length;
    await waitForSidebarText(frame, `${expected.toLocaleString('en-US')} activities`);
  });
});

journey('Welcome page: Gmail and CRM access taken back in Firefox, one click asks for it again', async () => {
  await withFirefox(async (session) => {
    const welcome = session.extensionPage;
    const hosts = JSON.stringify([...BUILTIN_MATCHES]);
    const gmailGranted = () =>
      inExtension<boolean>(
        welcome,
        `browser.permissions.contains({ origins: ['https://mail.google.com/*'] })`,
      );
    // As a user does under about:addons → Loopline → Permissions.
    await inExtension(welcome, `browser.permissions.remove({ origins: ${hosts} })`);
    expectEqual(await gmailGranted(), false, 'Gmail access after taking it back');
    await welcome.evaluate('location.reload()');
    await clickButton(welcome, 'Allow on your mail and your CRM');
    await waitFor('“Loopline can now work on your mail and your CRM”', () =>
      inExtension<boolean>(
        welcome,
        `document.body.innerText.includes('Loopline can now work on your mail and your CRM')`,
      ),
    );
    expectEqual(await gmailGranted(), true, 'Gmail access after the click');
    const page = await gmailTab(session, mailbox, `#inbox/${THREADS.hot}`);
    await waitForLead(await sidebarFrame(page), mailbox.leads.hot.name);
  });
});

journey('Gmail: single-page navigation A → B → inbox → A follows the open thread', async () => {
  await withFirefox(async (session) => {
    const { hot, overdue } = mailbox.leads;
    const page = await gmailTab(session, mailbox, `#inbox/${THREADS.hot}`);
    const frame = await sidebarFrame(page);
    await waitForLead(frame, hot.name);
    await goToHash(page, `#inbox/${THREADS.overdue}`);
    await waitForLead(frame, overdue.name);
    await goToHash(page, '#inbox');
    await waitForSidebarText(frame, 'No lead on this page');
    await goToHash(page, `#inbox/${THREADS.hot}`);
    await waitForLead(frame, hot.name);
    // The same frame all along: the page was never reloaded.
    expectTrue(!frame.detached, 'the sidebar frame was replaced during in-page navigation');
  });
});

journey('Salesforce look-alike: a lead record shows the lead', async () => {
  await withFirefox(async (session) => {
    const crm = CRM_PAGES.find((p) => p.site === 'salesforce')!;
    const lead = mailbox.leads[crm.lead];
    const html = swapPerson(readFileSync(fixturePath(crm.file), 'utf8'), crm, lead);
    const { origin } = new URL(crm.url);
    const page = await session.browser.newPage();
    await servePages(page, [(url) => (url.origin === origin ? { body: html } : null)]);
    await page.goto(crm.url);
    const frame = await sidebarFrame(page);
    await waitForLead(frame, lead.name);
  });
});

journey(
  'Outcome: one click (confirmed, as Firefox cannot tell visibility) reaches the REST platform once',
  async () => {
    const platform = createFakePlatform();
    const lead = outcomeLead('dana.reyes@northwind-labs.example');
    platform.addLead(lead);
    const server = await servePlatform(platform);
    try {
      await withFirefox(
        async (session) => {
          const settings = settingsFor(platform, ['rest']);
          await grantHostsByClick(session.extensionPage, sourceHosts(settings));
          await sendFromPage(session.extensionPage, 'settings.save', { settings });

          const person = personOf(lead);
          const page = await gmailTab(session, mailboxFrom(person), `#inbox/${THREAD_ID}`);
          const frame = await sidebarFrame(page);
          await waitForLead(frame, person.name);

          // No IntersectionObserver v2 in Firefox: the click asks for a confirmation first.
          await waitFor('the click guard in confirm mode', () =>
            inExtension<boolean>(frame, `document.documentElement.dataset.clickGuard === 'confirm'`),
          );
          await clickButton(frame, 'Meeting booked', '[aria-label="Outcomes"]');
          const confirmGroup = '[aria-label="Record “Meeting booked”?"]';
          await waitFor('the Record button to take clicks', () =>
            inExtension<boolean>(
              frame,
              `document.querySelector(${JSON.stringify(confirmGroup)})?.querySelector('button')?.getAttribute('aria-disabled') === 'false'`,
            ),
          );
          await clickButton(frame, 'Record', confirmGroup);
          await waitForSidebarText(frame, '“Meeting booked” delivered to REST.', 60_000);

          const log = await sendFromPage<Outcome[]>(session.extensionPage, 'outcomes.list', {});
          expectEqual(
            log.map((o) => o.delivery),
            ['delivered'],
            'the outcome log',
          );
          const outcome = log[0]!;
          const posts = platform.requestsTo('rest', '/outcomes', 'POST');
          expectEqual(posts.length, 1, 'POSTs of the outcome');
          expectEqual(posts[0]!.headers['idempotency-key'], outcome.id, 'the Idempotency-Key');
          expectEqual(
            platform.writes.rest.outcomes.map((o) => o.key),
            [outcome.id],
            'outcomes the platform recorded',
          );
        },
        { platformPort: server.port },
      );
    } finally {
      await server.close();
    }
  },
);

journey(
  'Event page: suspended when idle, it wakes for the next thread and still tells the sidebar an outcome was delivered',
  async () => {
    const platform = createFakePlatform();
    const first = outcomeLead('dana.reyes@northwind-labs.example');
    const second = outcomeLead('lee.okafor@northwind-labs.example');
    platform.addLead(first);
    platform.addLead(second);
    const server = await servePlatform(platform);
    try {
      await withFirefox(
        async (session) => {
          const welcome = session.extensionPage;
          const settings = settingsFor(platform, ['rest']);
          await grantHostsByClick(welcome, sourceHosts(settings));
          await sendFromPage(welcome, 'settings.save', { settings });
          const suspended = () =>
            waitFor('Firefox to suspend the idle event page', () =>
              inExtension<boolean>(welcome, 'browser.extension.getBackgroundPage() === null'),
            );

          const [a, b] = [personOf(first), personOf(second)];
          const mailbox: GmailData = {
            ...mailboxFrom(a),
            threads: [
              { ...mailboxFrom(a).threads[0]!, id: THREAD_ID },
              { ...mailboxFrom(b).threads[0]!, id: `${THREAD_ID}B` },
            ],
          };
          const page = await gmailTab(session, mailbox, `#inbox/${THREAD_ID}`);
          const frame = await sidebarFrame(page);
          await waitForLead(frame, a.name);

          await suspended();
          await goToHash(page, `#inbox/${THREAD_ID}B`);
          await waitForLead(frame, b.name);

          await suspended();
          await clickButton(frame, 'Meeting booked', '[aria-label="Outcomes"]');
          const confirmGroup = '[aria-label="Record “Meeting booked”?"]';
          await waitFor('the Record button to take clicks', () =>
            inExtension<boolean>(
              frame,
              `document.querySelector(${JSON.stringify(confirmGroup)})?.querySelector('button')?.getAttribute('aria-disabled') === 'false'`,
            ),
          );
          await clickButton(frame, 'Record', confirmGroup);
          // The delivery is told to the frame by a background that may have been suspended and
          // started again meanwhile (the frame's address is kept in storage.session).
          await waitForSidebarText(frame, '“Meeting booked” delivered to REST.', 60_000);
          expectEqual(platform.requestsTo('rest', '/outcomes', 'POST').length, 1, 'POSTs of the outcome');
        },
        { platformPort: server.port, backgroundIdleSeconds: 1 },
      );
    } finally {
      await server.close();
    }
  },
);

/** The options page's card for a source: its section, named by its heading. */
const CARD = (name: string) =>
  `[...document.querySelectorAll('section[aria-labelledby]')].find((s) => document.getElementById(s.getAttribute('aria-labelledby'))?.textContent.trim() === ${JSON.stringify(name)})`;

async function fieldIn(page: Page, card: string, label: string): Promise<ElementHandle<HTMLInputElement>> {
  return waitFor(`the “${label}” field`, async () => {
    const handle = await page.evaluateHandle(
      `(() => { const card = ${CARD(card)}; const label = card && [...card.querySelectorAll('label')].find((l) => l.textContent.trim() === ${JSON.stringify(label)}); return label ? document.getElementById(label.htmlFor) : null; })()`,
    );
    const element = handle.asElement() as ElementHandle<HTMLInputElement> | null;
    if (!element) await handle.dispose();
    return element;
  });
}

journey(
  'Options: connect the REST source (the switch asks for its host in the click), save, test',
  async () => {
    const platform = createFakePlatform();
    const server = await servePlatform(platform);
    try {
      await withFirefox(
        async (session) => {
          const options = await openExtensionPage(session, 'options.html#sources');
          const card = 'REST endpoint';
          const rest = platform.config.rest;
          const fields: Record<string, string> = {
            'Base URL': 'https://rest.loopline.test',
            'Authentication header name': rest.authHeader,
            'Authentication header value': rest.authValue,
          };
          for (const [label, value] of Object.entries(fields)) {
            const field = await fieldIn(options, card, label);
            await field.evaluate((input) => input.select());
            await field.type(value);
          }
          const switchHandle = await fieldIn(options, card, 'Use REST endpoint');
          await switchHandle.click();
          await waitFor('the REST switch to turn on once Firefox granted its host', () =>
            switchHandle.evaluate((input) => input.checked),
          );
          const granted = await inExtension<boolean>(
            options,
            `browser.permissions.contains({ origins: ['https://rest.loopline.test/*'] })`,
          );
          expectTrue(granted, 'Firefox did not grant https://rest.loopline.test/*');
          await clickButton(options, 'Save changes', '[aria-label="Save changes"]');
          await waitFor('“Saved.”', () =>
            inExtension<boolean>(
              options,
              `/\\bSaved\\./.test(document.querySelector('[aria-label="Save changes"] [role="status"]')?.textContent ?? '')`,
            ),
          );
          await clickButton(options, 'Test connection to REST endpoint', `section[aria-labelledby]`);
          const verdict = await waitFor('the connection verdict', async () => {
            const text = await inExtension<string>(options, `${CARD(card)}.innerText`);
            return /Connected to/.test(text) ? text : undefined;
          });
          expectTrue(/Connected to/.test(verdict), `no “Connected to” in: ${verdict}`);
          expectTrue(
            platform.requests.some((r) => r.platform === 'rest'),
            'the REST fake was never asked',
          );
        },
        { platformPort: server.port },
      );
    } finally {
      await server.close();
    }
  },
);

journey('Accessibility: axe finds no violations in the sidebar (light and dark)', async () => {
  await withFirefox(async (session) => {
    for (const theme of ['light', 'dark'] as const) {
      const page = await gmailTab(
        session,
        mailbox,
        `${theme === 'dark' ? '?theme=dark' : ''}#inbox/${THREADS.hot}`,
      );
      const frame = await sidebarFrame(page);
      await waitForLead(frame, mailbox.leads.hot.name);
      if (!(await inExtension<boolean>(frame, `'axe' in window`))) await frame.evaluate(axeSource);
      const violations = await inExtension<string[]>(
        frame,
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' ' + v.nodes.map((n) => JSON.stringify(n.target)).join(' ')))`,
      );
      expectEqual(violations, [], `axe violations (${theme})`);
      await page.close();
    }
  });
});
