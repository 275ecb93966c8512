/**
 * `npm run demo`: Loopline's main job on the built-in sample workspace. Opens Chromium with
 * the built extension on offline look-alikes of Gmail, Outlook on the web and of a CRM record,
 * served at their real URLs. With `--headless --screenshots DIR` it walks through the pages, saves PNGs of the
 * sidebar into DIR and exits.
 *
 * `npm run demo -- --browser firefox [--screenshots DIR]`: the Firefox build in the system's
 * Firefox ESR, headless, with screenshots of the Gmail and Salesforce look-alikes showing a
 * sample lead, light and dark (into DIR, screenshots/firefox by default).
 */
import { chromium, type BrowserContext } from '@playwright/test';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChromiumNotFoundError, extensionArgs, findChromium } from '../support/chromium';
import { demoMailbox, demoOutlookMailbox, OUTLOOK_ITEMS, THREADS } from '../support/demo-data';
import { CRM_PAGES, serveCrmPages, swapPerson, themedUrl } from '../support/crm-pages';
import { saveSettingsWithAccess } from '../support/extension';
import {
  FirefoxNotFoundError,
  findFirefox,
  launchFirefox,
  leadName,
  servePages,
  sidebarFrame,
  waitFor,
} from '../support/firefox';
import {
  fixturePath,
  GMAIL_URL,
  gmailHtml,
  OUTLOOK_URL,
  serveGmail,
  serveOutlook,
  withTheme,
} from '../support/sites';
import { defaultSettings, type Settings } from '../../lib/settings/schema';
import { OutlookPage } from '../e2e/pages/outlook';
import { SidebarPage } from '../e2e/pages/sidebar';

const EXTENSION = path.resolve(import.meta.dirname, '..', '..', '.output', 'chrome-mv3');

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    screenshots: { type: 'string' },
    browser: { type: 'string', default: 'chromium' },
  },
});

async function main() {
  if (values.browser === 'firefox')
    return firefoxDemo(values.screenshots ?? path.join('screenshots', 'firefox'));
  if (values.browser !== 'chromium') {
    console.error(`--browser ${values.browser}: choose chromium (the default) or firefox.`);
    process.exit(1);
  }
  let executablePath: string;
  try {
    executablePath = await findChromium();
  } catch (error) {
    if (error instanceof ChromiumNotFoundError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!existsSync(path.join(EXTENSION, 'manifest.json'))) {
    console.error(`No build at ${EXTENSION}: run "npm run build" first (npm run demo does).`);
    process.exit(1);
  }
  const headless = values.headless || !process.env.DISPLAY;
  if (!values.headless && !process.env.DISPLAY) {
    console.log('No display found: running headless. Pass --screenshots DIR to keep screenshots.');
  }

  const profile = mkdtempSync(path.join(os.tmpdir(), 'loopline-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    args: extensionArgs(EXTENSION),
    viewport: { width: 1440, height: 900 },
  });
  const mailbox = demoMailbox();
  const outlookMailbox = demoOutlookMailbox();
  await serveGmail(context, mailbox);
  await serveOutlook(context, outlookMailbox);
  await serveCrmPages(context, mailbox.leads);

  try {
    if (headless) {
      await walkThrough(context, values.screenshots, mailbox, outlookMailbox);
    } else {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${GMAIL_URL}#inbox`);
      console.log('Loopline demo is open. Click a thread in the inbox; close the window to end.');
      console.log('Outlook look-alike:', OUTLOOK_URL);
      console.log('CRM look-alikes:', CRM_PAGES.map((p) => p.url).join('\n  '));
      await new Promise<void>((resolve) => context.on('close', () => resolve()));
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

async function walkThrough(
  context: BrowserContext,
  dir: string | undefined,
  mailbox: ReturnType<typeof demoMailbox>,
  outlookMailbox: ReturnType<typeof demoOutlookMailbox>,
) {
  if (dir) mkdirSync(dir, { recursive: true });
  const page = await context.newPage();
  const sidebar = new SidebarPage(page);
  const shots: string[] = [];
  const shoot = async (name: string) => {
    if (!dir) return;
    const file = path.join(dir, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const visit = async (url: string, ready: () => Promise<void>, name: string) => {
    await page.goto(url);
    await sidebar.attach();
    await ready();
    await page.waitForTimeout(300);
    await shoot(name);
    console.log(`  ✓ ${name}`);
  };

  console.log('Walking through the demo:');
  for (const theme of ['light', 'dark'] as const) {
    const q = theme === 'dark' ? '?theme=dark' : '';
    await visit(
      `${GMAIL_URL}${q}#inbox/${THREADS.hot}`,
      () => sidebar.waitForLead(mailbox.leads.hot.name),
      `gmail-hot-lead-${theme}`,
    );
    await visit(
      `${GMAIL_URL}${q}#inbox/${THREADS.overdue}`,
      () => sidebar.waitForLead(mailbox.leads.overdue.name),
      `gmail-overdue-lead-${theme}`,
    );
    await visit(
      `${GMAIL_URL}${q}#inbox/${THREADS.unknown}`,
      () => sidebar.text(/is not in your marketing data/).waitFor(),
      `gmail-unknown-sender-${theme}`,
    );
    for (const crm of CRM_PAGES) {
      const lead = mailbox.leads[crm.lead];
      await visit(themedUrl(crm, theme), () => sidebar.waitForLead(lead.name), `crm-${crm.site}-${theme}`);
    }
  }
  // Outlook on the web: a sample lead whose address is the persona's title, light and dark; then a
  // person Outlook shows by name only, with the sample lead to confirm.
  const outlook = new OutlookPage(page);
  const { quiet: outlookLead, overdue: nameOnly } = outlookMailbox.leads;
  const outlookConversation = (itemId: string, theme: 'light' | 'dark') =>
    `${OUTLOOK_URL}id/${encodeURIComponent(itemId)}${theme === 'dark' ? '?theme=dark' : ''}`;
  for (const theme of ['light', 'dark'] as const) {
    await visit(
      outlookConversation(OUTLOOK_ITEMS.quiet.itemId, theme),
      () => sidebar.waitForLead(outlookLead.name),
      `outlook-${theme}`,
    );
  }
  await outlook.loadConversation(OUTLOOK_ITEMS.quiet.itemId);
  await sidebar.waitForLead(outlookLead.name);
  // Through the message list, as a user opens it (one page load, History API).
  await outlook.openConversation(OUTLOOK_ITEMS.overdue.itemId, OUTLOOK_ITEMS.overdue.convId);
  await sidebar.root
    .getByRole('button', { name: `This is them: ${nameOnly.name}, ${nameOnly.email}`, exact: true })
    .waitFor();
  await page.waitForTimeout(300);
  await shoot('outlook-name-match');
  console.log('  ✓ outlook-name-match');

  await visit(
    `${GMAIL_URL}#inbox/${THREADS.quiet}`,
    () => sidebar.waitForLead(mailbox.leads.quiet.name),
    'gmail-quiet-lead-light',
  );
  await visit(
    `${GMAIL_URL}#inbox`,
    () => sidebar.text(/No lead on this page/).waitFor(),
    'gmail-inbox-idle-light',
  );
  await visit(
    `${GMAIL_URL}#inbox/${THREADS.group}`,
    () => sidebar.leadName.waitFor(),
    'gmail-several-people-light',
  );
  await sidebar.collapseButton.click();
  await sidebar.openTab.waitFor();
  await shoot('gmail-collapsed-light');
  await sidebar.openTab.click();

  // The remaining states, each with the settings a user would have to reach it, saved from the
  // options page as Options saves them (with site access to the sources' hosts granted first).
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const options = await context.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  const useSettings = async (change: (s: Settings) => void) => {
    const settings = defaultSettings();
    settings.onboarded = true;
    change(settings);
    await saveSettingsWithAccess(options, settings);
  };
  const REST = 'https://rest.loopline.test';
  let restAnswer: 'slow' | 'down' = 'slow';
  await context.route(`${REST}/**`, async (route) => {
    if (restAnswer === 'slow') await new Promise((r) => setTimeout(r, 8_000));
    await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"maintenance"}' });
  });
  const restOnly = (s: Settings) => {
    s.sources.local.enabled = false;
    s.sources.rest = { ...s.sources.rest, enabled: true, baseUrl: REST, authValue: 'Bearer demo' };
  };

  await useSettings((s) => (s.sources.local.enabled = false));
  await visit(
    `${GMAIL_URL}#inbox/${THREADS.overdue}`,
    () =>
      sidebar
        .text(/No data source|set one up|Connect/i)
        .first()
        .waitFor(),
    'gmail-no-source-light',
  );

  await useSettings(restOnly);
  await page.goto(`${GMAIL_URL}#inbox/${THREADS.quiet}`);
  await sidebar.attach();
  await sidebar.root.waitFor();
  await page.waitForTimeout(700);
  await shoot('gmail-loading-light');
  console.log('  ✓ gmail-loading-light');

  restAnswer = 'down';
  await useSettings((s) => restOnly(s));
  await visit(
    `${GMAIL_URL}#inbox/${THREADS.hot}`,
    () =>
      sidebar.root
        .getByRole('button', { name: /retry|try again/i })
        .first()
        .waitFor({ timeout: 30_000 }),
    'gmail-source-error-light',
  );

  await useSettings(() => {});
  await page.goto('about:blank');
  await visit(
    `${GMAIL_URL}#inbox/${THREADS.hot}`,
    () => sidebar.waitForLead(mailbox.leads.hot.name),
    'gmail-before-offline-light',
  );
  await context.setOffline(true);
  await page.evaluate((hash) => (location.hash = hash), `#inbox/${THREADS.quiet}`);
  await page.waitForTimeout(1_500);
  await shoot('gmail-offline-light');
  console.log('  ✓ gmail-offline-light');
  await context.setOffline(false);
  console.log(dir ? `Saved ${shots.length} screenshots in ${dir}` : 'Done.');
}

/**
 * Firefox: headless screenshots of the Gmail and Salesforce look-alikes with a sample lead in the
 * sidebar, light and dark. Builds the Firefox extension first (`npm run demo` builds Chrome's).
 */
async function firefoxDemo(dir: string) {
  try {
    findFirefox();
  } catch (error) {
    if (error instanceof FirefoxNotFoundError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  execSync('npm run --silent build:firefox', { stdio: 'ignore' });
  mkdirSync(dir, { recursive: true });
  const mailbox = demoMailbox();
  const salesforce = CRM_PAGES.find((p) => p.site === 'salesforce')!;
  const salesforceHtml = swapPerson(
    readFileSync(fixturePath(salesforce.file), 'utf8'),
    salesforce,
    mailbox.leads[salesforce.lead],
  );
  const session = await launchFirefox({ headless: true });
  try {
    console.log(`Walking through the demo in Firefox (${await session.browser.version()}):`);
    const page = await session.browser.newPage();
    await servePages(page, [
      (url) => (url.host === 'mail.google.com' ? { body: gmailHtml(mailbox) } : null),
      (url) =>
        url.origin === new URL(salesforce.url).origin ? { body: withTheme(salesforceHtml, url) } : null,
    ]);
    const shots: [string, string, string][] = [];
    for (const theme of ['light', 'dark'] as const) {
      shots.push([
        `gmail-hot-lead-${theme}`,
        `${GMAIL_URL}${theme === 'dark' ? '?theme=dark' : ''}#inbox/${THREADS.hot}`,
        mailbox.leads.hot.name,
      ]);
      shots.push([
        `crm-salesforce-${theme}`,
        themedUrl(salesforce, theme),
        mailbox.leads[salesforce.lead].name,
      ]);
    }
    for (const [name, url, lead] of shots) {
      await page.goto(url);
      const frame = await sidebarFrame(page);
      await waitFor(`${lead} in the sidebar`, async () => (await leadName(frame)) === lead);
      // Let the sidebar's last layout and fonts settle before the picture.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await page.screenshot({ path: path.join(dir, `${name}.png`) });
      console.log(`  ✓ ${name}`);
    }
    console.log(`Saved ${shots.length} screenshots in ${dir}`);
  } finally {
    await session.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
