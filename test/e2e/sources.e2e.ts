/**
 * End to end: each marketing data source set up in the options page as a user would,
 * then a Gmail thread from a lead that source knows shows that lead in the sidebar; a CSV with
 * bad rows changes nothing, and Test connection names a bad token. The platform's cache and
 * faults are in sources.faults.e2e.ts.
 *
 * The platforms are the fake platform server (test/fake-platform), reached through Playwright
 * routing of their real hosts; its request log is how the tests count lookups.
 */
import path from 'node:path';
import { expect, test } from './fixtures';
import { OptionsPage } from './pages/options';
import {
  AVA,
  DANA,
  HUBSPOT,
  IMPORTS,
  OLIVIA,
  REMOTE,
  THREAD,
  allowSite,
  configure,
  dataFrom,
  lookups,
  openThread,
  recentCsv,
  setUp,
  timelineItem,
} from './support/sources-setup';

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
