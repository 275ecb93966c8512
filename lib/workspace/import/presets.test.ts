/** Importing each preset's fixture: what the workspace holds afterwards. */
import { describe, expect, it } from 'vitest';
import { getWorkspaceLead, workspaceHistory } from '../../store/workspace';
import { importWorkspace } from '.';
import { fixture, freshDb, lead, options, snapshot } from './test-helpers';

describe('importWorkspace: presets', () => {
  it.each([
    [
      'hubspot-contacts.csv',
      'hubspot-contacts',
      { leads: 12, touchpoints: 35, campaigns: 0, rows: 12, skipped: 0 },
    ],
    [
      'hubspot-email-activity.csv',
      'hubspot-email',
      { leads: 5, touchpoints: 17, campaigns: 3, rows: 20, skipped: 3 },
    ],
    [
      'mailchimp-activity.csv',
      'mailchimp-email',
      { leads: 5, touchpoints: 15, campaigns: 4, rows: 15, skipped: 0 },
    ],
    [
      'marketo-activity-log.csv',
      'marketo-activity',
      { leads: 3, touchpoints: 18, campaigns: 7, rows: 19, skipped: 1 },
    ],
    ['loopline.csv', 'loopline-csv', { leads: 4, touchpoints: 16, campaigns: 7, rows: 17, skipped: 0 }],
    [
      'loopline-workspace.json',
      'loopline-json',
      { leads: 4, touchpoints: 6, campaigns: 2, rows: 13, skipped: 2 },
    ],
  ] as const)('imports %s with the %s preset', async (file, preset, counts) => {
    const db = await freshDb();
    const result = await importWorkspace(db, fixture(file), options(preset));
    expect(result).toEqual({ ok: true, ...counts, errors: [], errorCount: 0 });
    const stored = await snapshot(db);
    expect(stored.leads).toHaveLength(counts.leads);
    expect(stored.touchpoints).toHaveLength(counts.touchpoints);
    expect(stored.campaigns).toHaveLength(counts.campaigns);
    expect(stored.leads.every((l) => l.workspace === 'imported')).toBe(true);
    // Every touchpoint's campaign is in the campaign store.
    const campaignIds = new Set(stored.campaigns.map((c) => c.id));
    for (const t of stored.touchpoints) if (t.campaign) expect(campaignIds).toContain(t.campaign.id);
  });

  it('HubSpot contacts: lead fields, MQL date in both date styles, stage and form touchpoints', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    expect(await lead(db, 'maria.garcia@northwind-traders.com')).toEqual({
      email: 'maria.garcia@northwind-traders.com',
      name: 'Maria García',
      company: 'Northwind Traders',
      title: 'VP Marketing',
      lifecycleStage: 'Marketing Qualified Lead',
      leadStatus: 'Open',
      score: 72,
      owner: 'Sam Rivera',
      mqlAt: '2026-03-04T13:05:00.000Z',
      source: 'Organic Search',
      refs: [{ source: 'hubspot', id: '51234001' }],
    });
    expect((await lead(db, 'james.oconnor@brightside.io')).company).toBe('Brightside, Inc.');
    expect((await lead(db, 'chen.wei@deltadatalabs.com')).company).toBe('Delta "Data" Labs');
    // "02/27/2026 9:45 AM": US month-first style.
    expect((await lead(db, 'lars.eriksen@fjordsystems.no')).mqlAt).toBe('2026-02-27T09:45:00.000Z');
    const history = await workspaceHistory(db, 'maria.garcia@northwind-traders.com');
    // Touchpoints at the same instant come in id order, which is a hash: compare as a set.
    expect(history.map((t) => [t.occurredAt, t.kind, t.title]).sort()).toEqual([
      ['2025-11-02T09:14:00.000Z', 'content_download', 'Submitted “Pricing Guide eBook: Download”'],
      ['2025-11-02T09:14:00.000Z', 'stage_change', 'Became a Lead'],
      ['2026-03-04T13:05:00.000Z', 'form_submit', 'Submitted “Request a demo”'],
      ['2026-03-04T13:05:00.000Z', 'stage_change', 'Became a Marketing Qualified Lead'],
    ]);
  });

  it('HubSpot email activity: campaigns by HubSpot id, filtered and robot events marked as machine', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-email-activity.csv'), options('hubspot-email'));
    const maria = await workspaceHistory(db, 'maria.garcia@northwind-traders.com');
    expect(maria.map((t) => t.kind).sort()).toEqual([
      'email_click',
      'email_open',
      'email_open',
      'email_sent',
    ]);
    const machineOpen = maria.find((t) => t.kind === 'email_open' && t.machine);
    expect(machineOpen).toMatchObject({
      occurredAt: '2026-03-02T14:00:00.000Z',
      campaign: { id: 'hubspot-email-118822301', name: 'March Newsletter', channel: 'email' },
      title: 'Opened “Closing the loop: what marketing learned in Q1”',
      machineReason: 'HubSpot filtered it from reporting (bot or security scanner)',
    });
    expect(maria.find((t) => t.kind === 'email_click')?.url).toBe(
      'https://www.loopline.example/pricing?utm_source=hs_email',
    );
    const lars = await workspaceHistory(db, 'lars.eriksen@fjordsystems.no');
    expect(lars.filter((t) => t.machine).map((t) => [t.kind, t.machineReason])).toEqual([
      ['email_click', 'HubSpot saw a robot user agent'],
    ]);
    // HubSpot says these are emails: the channel is email whatever the name suggests, as through the API.
    expect(lars[0]?.campaign?.channel).toBe('email');
    expect(await db.get('campaigns', ['imported', 'hubspot-email-118823010'])).toMatchObject({
      channel: 'email',
    });
  });

  it('Mailchimp activity: names, campaigns and channels, links on clicks', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('mailchimp-activity.csv'), options('mailchimp-email'));
    expect((await lead(db, 'tom.becker@granite-co.de')).name).toBe('Tom Becker');
    const tom = await workspaceHistory(db, 'tom.becker@granite-co.de');
    expect(tom[0]).toMatchObject({
      kind: 'email_click',
      occurredAt: '2026-02-12T18:42:30.000Z',
      url: 'https://www.loopline.example/changelog#february',
      campaign: { id: 'mailchimp-campaign-a1b2c3d4e5', channel: 'email' },
    });
    const aiko = await workspaceHistory(db, 'aiko.tanaka@cobalt-logistics.com');
    expect(aiko.map((t) => t.occurredAt)).toContain('2026-02-13T07:02:44.000Z');
    const campaigns = await db.getAll('campaigns');
    // Mailchimp says every campaign is an email, as the connector reads them.
    expect(Object.fromEntries(campaigns.map((c) => [c.name, c.channel]))).toEqual({
      'February Product Update': 'email',
      'Pricing Guide eBook follow-up': 'email',
      'Weekly Digest #41': 'email',
      'SaaS Summit 2026 – Meet us at booth 12': 'email',
    });
  });

  it('Marketo activity log: lead ids, bot flags, program statuses, month-name dates', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('marketo-activity-log.csv'), options('marketo-activity'));
    expect(await lead(db, 'priya.patel@evergreenhealth.org')).toEqual({
      email: 'priya.patel@evergreenhealth.org',
      name: 'Priya Patel',
      refs: [{ source: 'marketo', id: '1004512' }],
    });
    const priya = await workspaceHistory(db, 'priya.patel@evergreenhealth.org');
    expect(priya.filter((t) => t.machine).map((t) => t.machineReason)).toEqual([
      'Marketo flagged bot activity (Proximity Pattern)',
      'Marketo flagged bot activity (Proximity Pattern)',
    ]);
    expect(priya.find((t) => t.kind === 'webinar_attended')).toMatchObject({
      occurredAt: '2026-02-19T17:00:00.000Z',
      title: 'Attended: 2026-02 Q1 Product Webinar',
      campaign: { name: '2026-02 Q1 Product Webinar', channel: 'webinar' },
    });
    expect(priya.some((t) => t.kind === 'webinar_registered')).toBe(true);
    const fatima = await workspaceHistory(db, 'fatima.okafor@helixrobotics.com');
    expect(fatima.map((t) => t.kind)).toEqual([
      'other',
      'other',
      'event_attended',
      'webinar_registered',
      'content_download',
      'list_added',
    ]);
    const sam = await workspaceHistory(db, 'sam.lee@orbital.space');
    expect(sam.find((t) => t.kind === 'page_view')).toMatchObject({
      url: 'https://www.loopline.example/demo',
      machine: true,
    });
  });

  it('Loopline CSV: repeated and blank lead columns, first value wins, multi-line details', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('loopline.csv'), options('loopline-csv'));
    // Ken's later row says "Tallgrass Bio Inc." (ignored: the company is known) and gives the
    // owner the first row left blank (taken).
    expect(await lead(db, 'ken.adeyemi@tallgrass.example')).toMatchObject({
      company: 'Tallgrass Bio',
      owner: 'Alex Chen',
    });
    expect(await workspaceHistory(db, 'rosa.lindqvist@nordlys.example')).toEqual([]);
    expect((await lead(db, 'rosa.lindqvist@nordlys.example')).lifecycleStage).toBe('salesqualifiedlead');
    const dana = await workspaceHistory(db, 'dana.whitfield@harbor-freight.example');
    expect(dana[0]).toMatchObject({
      kind: 'form_submit',
      detail: 'Message: "We need closed-loop reporting, ideally before Q2."\nTeam size: 12',
    });
    expect(dana.find((t) => t.kind === 'email_open')).toMatchObject({
      machine: true,
      machineReason: 'Opened 3 seconds after delivery',
    });
    expect(dana.find((t) => t.kind === 'page_view')?.occurredAt).toBe('2026-03-01T09:12:00.000Z');
    const ken = await workspaceHistory(db, 'ken.adeyemi@tallgrass.example');
    expect(ken.find((t) => t.id === 'lp-0001')?.campaign).toEqual({
      id: 'pricing-guide',
      name: 'Pricing Guide eBook',
      channel: 'content',
    });
    expect(ken.find((t) => t.id === 'lp-0005')?.campaign?.channel).toBe('paid_social');
  });

  it('Loopline JSON: keeps ids, skips the sample, creates leads named only by touchpoints', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('loopline-workspace.json'), options('loopline-json'));
    expect(await getWorkspaceLead(db, 'alex.morgan@sample.example')).toBeNull();
    expect(await lead(db, 'mei.ong@peakline.example')).toEqual({
      email: 'mei.ong@peakline.example',
      refs: [],
    });
    expect(await lead(db, 'dana.whitfield@harbor-freight.example')).toMatchObject({
      score30dAgo: 51,
      refs: [{ source: 'hubspot', id: '51234099' }],
    });
    const dana = await workspaceHistory(db, 'dana.whitfield@harbor-freight.example');
    expect(dana.map((t) => t.id)).toEqual(['hs-evt-4', 'hs-evt-3', 'hs-evt-2', 'hs-evt-1']);
    expect(dana[0]?.detail).toBe(
      'Message: "We need closed-loop reporting, ideally before Q2."\nTeam size: 12',
    );
  });
});
