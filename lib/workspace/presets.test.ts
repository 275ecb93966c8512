import { readFileSync } from 'node:fs';
import { fileURLToPath, URL as NodeUrl } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { campaignIdFor, guessChannel, normaliseCampaignName } from './campaigns';
import { hash64 } from './hash';
import {
  CSV_PRESETS,
  detectPreset,
  formKind,
  HUBSPOT_EMAIL,
  LOOPLINE_CSV,
  LOOPLINE_CSV_COLUMNS,
  MARKETO_ACTIVITY,
  normaliseHeader,
  resolveColumns,
  RowError,
  webUrl,
  type CsvPreset,
  type MappedRow,
} from './presets';
import { CsvRowReader } from './row';

const FIXTURES = new NodeUrl('../../test/fixtures/imports/', import.meta.url);
const headersOf = (name: string) =>
  Papa.parse<string[]>(readFileSync(fileURLToPath(new NodeUrl(name, FIXTURES)), 'utf8'), { preview: 1 })
    .data[0]!;

/** Maps one row given as header → value, the way import.ts does. */
function mapRow(preset: CsvPreset, row: Record<string, string>): MappedRow {
  const headers = Object.keys(row);
  const reader = new CsvRowReader({
    columns: resolveColumns(preset, headers),
    dates: { timeZone: 'UTC', dateOrder: 'mdy' },
  });
  reader.fields = Object.values(row);
  return preset.map(reader);
}

function rowError(preset: CsvPreset, row: Record<string, string>): string {
  try {
    mapRow(preset, row);
  } catch (error) {
    if (error instanceof RowError) return error.message;
    throw error;
  }
  throw new Error('expected a RowError');
}

describe('normaliseHeader', () => {
  it.each([
    ['Lifecycle Stage', 'lifecyclestage'],
    ['lifecycle_stage', 'lifecyclestage'],
    [' LIFECYCLE-STAGE ', 'lifecyclestage'],
    ['Date/Time', 'datetime'],
    ['E-mail', 'email'],
    ['Ｅｍａｉｌ', 'email'], // full-width letters, as some spreadsheets save them
    ['Förnamn', 'förnamn'],
  ])('%s → %s', (header, key) => expect(normaliseHeader(header)).toBe(key));
});

describe('detectPreset', () => {
  it.each([
    ['hubspot-contacts.csv', 'hubspot-contacts'],
    ['hubspot-email-activity.csv', 'hubspot-email'],
    ['mailchimp-activity.csv', 'mailchimp-email'],
    ['marketo-activity-log.csv', 'marketo-activity'],
    ['loopline.csv', 'loopline-csv'],
    ['bad-rows.csv', 'loopline-csv'],
  ])('recognises %s as %s', (file, preset) => {
    expect(detectPreset(headersOf(file))).toBe(preset);
  });

  it.each([
    // minimal exports, other spellings of the headers
    [['EMAIL', 'lifecycle stage', 'hubspot score'], 'hubspot-contacts'],
    [['recipient', 'event_type', 'created'], 'hubspot-email'],
    [['email_address', 'action', 'timestamp'], 'mailchimp-email'],
    [['Email Address', 'Activity Date/Time', 'Activity Type', 'Is Bot Activity'], 'marketo-activity'],
    [['email', 'occurredAt', 'Kind'], 'loopline-csv'],
  ])('%j → %s', (headers, preset) => {
    expect(detectPreset(headers)).toBe(preset);
  });

  it.each([
    [[]],
    [['name', 'phone']], // no email column
    [['email', 'name']], // nothing distinctive of any export
    [['Recipient', 'Email Name']], // HubSpot email without its required event type and date
  ])('%j fits no preset', (headers) => {
    expect(detectPreset(headers)).toBeNull();
  });

  it('never lets two presets claim the same signature header set', () => {
    for (const preset of CSV_PRESETS) {
      const required = Object.values(preset.columns)
        .filter((c) => c.required)
        .map((c) => c.aliases[0]!);
      expect(detectPreset([...required, ...preset.signature])).toBe(preset.id);
    }
  });
});

describe('resolveColumns', () => {
  it('finds columns by any alias, keeps the file spelling and lists missing required ones', () => {
    const columns = resolveColumns(MARKETO_ACTIVITY, ['email address', 'Detail', 'Date/Time']);
    expect(columns.index.get('email')).toBe(0);
    expect(columns.header.get('date')).toBe('Date/Time');
    expect(columns.missing).toEqual(['Activity Type']);
  });
});

describe('preset rows', () => {
  it('HubSpot email: a filtered open is machine activity, DELIVERED is skipped', () => {
    const base = {
      Recipient: 'Maria@Example.com',
      'Email Name': 'March Newsletter',
      'Email Campaign ID': '42',
      'Event Date': '2026-03-02 14:00',
      'Filtered Event': 'true',
    };
    const open = mapRow(HUBSPOT_EMAIL, { ...base, 'Event Type': 'OPEN' });
    expect(open).toMatchObject({
      lead: { email: 'maria@example.com' },
      touchpoints: [
        {
          kind: 'email_open',
          occurredAt: '2026-03-02T14:00:00.000Z',
          campaign: { name: 'March Newsletter', id: 'hubspot-email-42' },
          title: 'Opened “March Newsletter”',
          machine: true,
        },
      ],
    });
    expect(mapRow(HUBSPOT_EMAIL, { ...base, 'Event Type': 'DELIVERED' })).toHaveProperty('skip');
    expect(rowError(HUBSPOT_EMAIL, { ...base, 'Event Type': 'TELEPORTED' })).toMatch(
      /^Event Type: not a HubSpot email event type \("TELEPORTED"\)/,
    );
  });

  it.each([
    ['Visit Webpage', 'www.acme.example/pricing', '', 'page_view'],
    ['Fill Out Form', 'Contact Us', '', 'form_submit'],
    ['Fill Out Form', 'Pricing eBook Download', '', 'content_download'],
    ['Open Email', 'Newsletter.Email', 'Newsletter', 'email_open'],
    ['Click Email', 'Newsletter.Email', 'Newsletter', 'email_click'],
    ['Send Email', 'Newsletter.Email', 'Newsletter', 'email_sent'],
    ['Registered for Webinar', 'Masterclass', 'Masterclass Webinar', 'webinar_registered'],
    ['Attended Event', 'Summit', 'Summit 2026', 'event_attended'],
    ['Change Status in Progression', 'Registered', 'Q1 Webinar', 'webinar_registered'],
    ['Change Status in Progression', 'Attended', 'Q1 Webinar', 'webinar_attended'],
    ['Change Status in Progression', 'Attended', 'Berlin Trade Show', 'event_attended'],
    ['Change Status in Progression', 'Member', 'Q1 Webinar', 'other'],
    ['Add to List', 'Hot leads', '', 'list_added'],
    ['Change Score', '+10', '', 'score_change'],
    ['Sync Lead to Salesforce', 'synced', '', 'other'], // custom or unlisted types are kept
  ])('Marketo %s (%s, %s) → %s', (type, detail, campaign, kind) => {
    const mapped = mapRow(MARKETO_ACTIVITY, {
      'Email Address': 'a@b.example',
      'Activity Date': '2026-02-03 09:15:00',
      'Activity Type': type,
      Detail: detail,
      'Campaign Name': campaign,
    });
    expect(mapped).toHaveProperty(['touchpoints', 0, 'kind'], kind);
  });

  it('Marketo keeps the bot flag and its pattern, and makes a page URL from the detail', () => {
    const mapped = mapRow(MARKETO_ACTIVITY, {
      'Email Address': 'a@b.example',
      'Activity Date': '2026-02-03 09:15:00',
      'Activity Type': 'Visit Webpage',
      Detail: 'www.acme.example/pricing',
      'Bot Activity': 'TRUE',
      'Bot Activity Pattern': 'Proximity Pattern',
    });
    expect(mapped).toMatchObject({
      touchpoints: [
        {
          url: 'https://www.acme.example/pricing',
          machine: true,
          machineReason: 'Marketo flagged bot activity (Proximity Pattern)',
        },
      ],
    });
  });

  it('Loopline CSV: a row without occurred_at and kind is a lead only; half a touchpoint is an error', () => {
    const lead = Object.fromEntries(LOOPLINE_CSV_COLUMNS.map((c) => [c, ''])) as Record<string, string>;
    lead.email = 'x@y.example';
    lead.score = '1,250';
    expect(mapRow(LOOPLINE_CSV, lead)).toEqual({
      lead: expect.objectContaining({ email: 'x@y.example', score: 1250 }),
      touchpoints: [],
    });
    expect(rowError(LOOPLINE_CSV, { ...lead, kind: 'page_view' })).toBe(
      'occurred_at: missing (a touchpoint row needs occurred_at and kind)',
    );
    expect(
      rowError(LOOPLINE_CSV, {
        ...lead,
        occurred_at: '2026-01-01',
        kind: 'PAGE_VIEW',
        campaign_channel: 'tv',
      }),
    ).toMatch(/^campaign_channel: not a channel \("tv"\)/);
    expect(rowError(LOOPLINE_CSV, { ...lead, score: 'lots' })).toBe('score: not a number ("lots")');
    expect(
      rowError(LOOPLINE_CSV, { ...lead, occurred_at: '2026-01-01', kind: 'page_view', machine: 'maybe' }),
    ).toBe('machine: not true or false ("maybe")');
    expect(rowError(LOOPLINE_CSV, { ...lead, company: 'x'.repeat(501) })).toBe(
      'company: longer than 500 characters',
    );
  });
});

describe('guessChannel', () => {
  it.each([
    ['Q1 Product Webinar', 'webinar'],
    ['Webinar invite email', 'webinar'],
    ['March Newsletter', 'email'],
    ['Weekly Digest #41', 'email'],
    ['Google Ads – Brand', 'paid_search'],
    ['Paid Search: competitors', 'paid_search'],
    ['LinkedIn Retargeting – Q1', 'paid_social'],
    ['Pricing Guide eBook', 'content'],
    ['State of RevOps whitepaper', 'content'],
    ['SaaS Summit 2026', 'event'],
    ['Berlin Trade Show booth', 'event'],
    ['Onboarding Nurture', 'nurture'],
    ['Nurture email 3', 'nurture'],
    ['Product Update: March', 'product'],
    ['Product update newsletter', 'product'],
    ['Spring promo', 'other'],
  ])('%s → %s', (name, channel) => expect(guessChannel(name)).toBe(channel));

  it('falls back to what the export is about', () => {
    expect(guessChannel('Spring promo', 'email')).toBe('email');
  });
});

describe('campaign ids', () => {
  it('are stable, ignore case and spacing, and keep look-alike names apart', () => {
    expect(campaignIdFor('Q1  Webinar ')).toBe(campaignIdFor('q1 webinar'));
    expect(campaignIdFor('Q1 webinar!')).not.toBe(campaignIdFor('Q1 webinar?'));
    expect(campaignIdFor('Q1 Webinar')).toMatch(/^imp-q1-webinar-[0-9a-f]{8}$/);
    expect(normaliseCampaignName('  A \t B ')).toBe('a b');
  });
});

describe('helpers', () => {
  it.each([
    ['Pricing Guide eBook: Download', 'content_download'],
    ['State of RevOps 2026 report', 'content_download'],
    ['Request a demo', 'form_submit'],
    [undefined, 'form_submit'],
  ])('formKind(%s) → %s', (name, kind) => expect(formKind(name)).toBe(kind));

  it.each([
    ['https://acme.example/x', 'https://acme.example/x'],
    ['www.acme.example/pricing', 'https://www.acme.example/pricing'],
    ['acme.example', 'https://acme.example'],
    ['javascript:alert(1)', undefined],
    ['Webinar Registration Form', undefined],
    [undefined, undefined],
  ])('webUrl(%s) → %s', (text, url) => expect(webUrl(text)).toBe(url));

  it('hash64 is deterministic, 16 hex digits, and sensitive to every character', () => {
    expect(hash64('row 1')).toBe(hash64('row 1'));
    expect(hash64('row 1')).toMatch(/^[0-9a-f]{16}$/);
    const hashes = new Set(Array.from({ length: 20_000 }, (_, i) => hash64(`line ${i}\u0000a,b,c`)));
    expect(hashes.size).toBe(20_000);
    expect(hash64('ab')).not.toBe(hash64('ba'));
  });
});
