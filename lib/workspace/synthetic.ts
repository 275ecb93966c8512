/**
 * A large, deterministic Loopline CSV for benchmarks (import throughput, history queries over a
 * big workspace). The same (rows, seed) always gives the same text. It exercises what real files
 * have: quoted fields with commas, doubled quotes and newlines, non-ASCII names, lead columns
 * repeated on some rows and blank on others, and lead-only rows.
 */
import Papa from 'papaparse';
import type { Channel, TouchpointKind } from '../model';
import { createRng, mixSeed } from '../sample/prng';
import { LOOPLINE_CSV_COLUMNS } from './presets';

export interface SyntheticOptions {
  /** Touchpoints fall in the 180 days before this (default 2026-03-01, so output never drifts). */
  end?: Date;
  /** Rows per lead on average (default 20). */
  rowsPerLead?: number;
}

const FIRST = [
  'Ana',
  'Björn',
  'Chloé',
  'Dmitri',
  'Emeka',
  'Fatima',
  'Grace',
  'Hiroshi',
  'Ines',
  'José',
  'Kai',
  'Léa',
  'Mateo',
  'Nadia',
  'Oliver',
  'Priya',
  'Quinn',
  'Ravi',
  'Søren',
  'Thandiwe',
];
const LAST = [
  'Alvarez',
  'Brown',
  "O'Neill",
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hoang',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Müller',
  'Nakamura',
  'Okafor',
  'Patel',
];
const COMPANIES = [
  'Acme Analytics',
  'Brightside, Inc.',
  'Cobalt Logistics',
  'Delta "Data" Labs',
  'Evergreen Health',
  'Fjord Systems',
  'Granite & Co',
  'Helix Robotics',
];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity'];
const CAMPAIGNS: readonly (readonly [string, Channel])[] = [
  ['Q1 Product Webinar', 'webinar'],
  ['Monthly Newsletter', 'email'],
  ['Pricing Guide eBook', 'content'],
  ['Google Ads – Brand', 'paid_search'],
  ['LinkedIn Retargeting', 'paid_social'],
  ['Onboarding Nurture', 'nurture'],
  ['SaaS Summit 2026', 'event'],
  ['Product Update: March', 'product'],
];
const KINDS: readonly (readonly [TouchpointKind, number])[] = [
  ['email_sent', 6],
  ['email_open', 5],
  ['email_click', 2],
  ['page_view', 6],
  ['form_submit', 1],
  ['content_download', 1],
  ['webinar_registered', 0.5],
  ['webinar_attended', 0.3],
  ['ad_click', 0.5],
];
const PAGES = [
  '/pricing',
  '/product',
  '/blog/closing-the-loop',
  '/docs/getting-started',
  '/demo',
  '/customers',
];

const DAY = 86_400_000;

export function syntheticCsv(rows: number, seed: number, options: SyntheticOptions = {}): string {
  const end = (options.end ?? new Date('2026-03-01T00:00:00Z')).getTime();
  const perLead = options.rowsPerLead ?? 20;
  const leadCount = Math.max(1, Math.ceil(rows / perLead));
  const rng = createRng(mixSeed(seed, rows));
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const leadIndex = rng.int(0, leadCount - 1);
    // Each lead's own stream, so a lead is the same person on every row.
    const person = createRng(mixSeed(seed, leadIndex));
    const first = person.pick(FIRST);
    const last = person.pick(LAST);
    const email = `${first}.${last}.${leadIndex}@example${leadIndex % 97}.com`
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/'/g, '')
      .toLowerCase();
    const stage = person.pick(STAGES);
    const withLead = rng.chance(0.3);
    const leadOnly = rng.chance(0.01);
    const [campaign, channel] = rng.pick(CAMPAIGNS);
    const kind = rng.weighted(KINDS);
    const at = new Date(end - Math.floor(rng.next() * 180 * DAY)).toISOString();
    const page = rng.pick(PAGES);
    const detail = rng.chance(0.05) ? `Said: "call me next week",\nafter the demo` : '';
    const row: Record<(typeof LOOPLINE_CSV_COLUMNS)[number], string> = {
      email,
      name: withLead ? `${first} ${last}` : '',
      company: withLead ? person.pick(COMPANIES) : '',
      job_title: withLead ? person.pick(['VP Marketing', 'Head of Growth', 'CTO', 'Ops Manager']) : '',
      lifecycle_stage: withLead ? stage : '',
      lead_status: withLead ? person.pick(['NEW', 'OPEN', 'IN_PROGRESS', 'CONNECTED']) : '',
      score: withLead ? String(person.int(0, 100)) : '',
      owner: withLead ? person.pick(['Sam Rivera', 'Alex Chen', '']) : '',
      mql_at:
        withLead && stage !== 'subscriber' && stage !== 'lead'
          ? new Date(end - person.int(1, 60) * DAY).toISOString()
          : '',
      lead_source: withLead
        ? person.pick(['Organic Search', 'Paid Search', 'Email Marketing', 'Referrals'])
        : '',
      touchpoint_id: '',
      occurred_at: leadOnly ? '' : at,
      kind: leadOnly ? '' : kind,
      campaign: leadOnly || kind === 'page_view' ? '' : campaign,
      campaign_id: '',
      campaign_channel: leadOnly || kind === 'page_view' ? '' : channel,
      title: leadOnly
        ? ''
        : kind === 'page_view'
          ? `Visited ${page}`
          : `${kind.replace(/_/g, ' ')}: ${campaign}`,
      url:
        !leadOnly && (kind === 'page_view' || kind === 'email_click') ? `https://www.example.com${page}` : '',
      detail: leadOnly ? '' : detail,
      machine: !leadOnly && kind === 'email_open' && rng.chance(0.1) ? 'true' : '',
      machine_reason: '',
    };
    out.push(LOOPLINE_CSV_COLUMNS.map((column) => row[column]));
  }
  return Papa.unparse({ fields: [...LOOPLINE_CSV_COLUMNS], data: out }, { newline: '\r\n' });
}

/** The Marketo preset's header names, as Marketo's activity-log export spells them. */
export const MARKETO_ACTIVITY_COLUMNS = [
  'Activity ID',
  'Lead ID',
  'Email Address',
  'First Name',
  'Last Name',
  'Company Name',
  'Activity Date',
  'Activity Type',
  'Detail',
  'Campaign Name',
  'Webpage URL',
  'Bot Activity',
  'Bot Activity Pattern',
] as const;

const PROGRAMS = [
  '2026-02 Q1 Product Webinar',
  'Monthly Newsletter',
  'Pricing Guide eBook',
  'SaaS Summit 2026',
  'Onboarding Nurture',
  'Q2 Retargeting',
];

/** Lead number `lead` of syntheticMarketoCsv's export made with `seed`: the same person on every row. */
export function syntheticMarketoPerson(seed: number, lead: number) {
  const person = createRng(mixSeed(seed, lead));
  const first = person.pick(FIRST);
  const last = person.pick(LAST);
  const email = `${first}.${last}.${lead}@company${lead % 997}.example`
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/'/g, '')
    .toLowerCase();
  return { first, last, email, company: person.pick(COMPANIES) };
}

/**
 * A Marketo activity-log export for benchmarks, as text blocks of about `blockRows` rows (a
 * million rows are 200 MB: write them out, never join them). Rows are in time order with every
 * lead's activities spread over the file, as Marketo exports them; about one in ten is an
 * "Email Delivered" the preset skips, one open in five is flagged as bot activity.
 */
export function* syntheticMarketoCsv(
  rows: number,
  leads: number,
  seed: number,
  options: { end?: Date; blockRows?: number } = {},
): Generator<string> {
  const end = (options.end ?? new Date('2026-03-01T00:00:00Z')).getTime();
  const start = end - 180 * DAY;
  const blockRows = options.blockRows ?? 5_000;
  const rng = createRng(mixSeed(seed, rows, leads));
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = (ms: number) => {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  let block = `${MARKETO_ACTIVITY_COLUMNS.join(',')}\r\n`;
  let inBlock = 0;
  for (let i = 0; i < rows; i++) {
    const lead = rng.int(0, leads - 1);
    const { first, last, email, company } = syntheticMarketoPerson(seed, lead);
    const program = rng.pick(PROGRAMS);
    const page = rng.pick(PAGES);
    const roll = rng.next();
    let type: string;
    let detail: string;
    let campaign = `${program}.Send`;
    let url = '';
    if (roll < 0.2) [type, detail] = ['Send Email', `${program}.Email ${rng.int(1, 3)}`];
    else if (roll < 0.3) [type, detail] = ['Email Delivered', `${program}.Email ${rng.int(1, 3)}`];
    else if (roll < 0.5) [type, detail] = ['Open Email', `${program}.Email ${rng.int(1, 3)}`];
    else if (roll < 0.58) {
      [type, detail] = ['Click Email', `${program}.Email ${rng.int(1, 3)}`];
      url = `https://www.example.com${page}?utm_campaign=${encodeURIComponent(program)}`;
    } else if (roll < 0.85) {
      [type, detail, campaign] = ['Visit Webpage', `www.example.com${page}`, ''];
      url = `https://www.example.com${page}`;
    } else if (roll < 0.9) [type, detail] = ['Fill Out Form', `${program}.Registration Form`];
    else if (roll < 0.94)
      [type, detail] = ['Change Status in Progression', rng.pick(['Registered', 'Attended'])];
    else if (roll < 0.97) [type, detail] = ['Add to List', `${program}.Attendees`];
    else [type, detail] = ['Interesting Moment', `Web: Visited ${page}, "pricing" page`];
    const bot = type === 'Open Email' && rng.chance(0.2);
    const at = start + Math.floor(((i + rng.next()) / rows) * (end - start));
    block +=
      [
        String(90_000_000 + i),
        String(1_000_000 + lead),
        email,
        first,
        last,
        quote(company),
        date(at),
        type,
        quote(detail),
        quote(campaign),
        url,
        bot ? 'true' : 'false',
        bot ? 'Proximity Pattern' : '',
      ].join(',') + '\r\n';
    if (++inBlock === blockRows) {
      yield block;
      block = '';
      inBlock = 0;
    }
  }
  if (block) yield block;
}
