/**
 * The sample workspace: a believable, fictional marketing database that Loopline ships with so
 * that a new user sees a working sidebar and report before connecting anything. It is generated,
 * not stored: the same (seed, now) always gives the same data, and all times are placed relative
 * to `now` so the sample never goes stale (MQL clocks running, pricing visits "this week").
 *
 * Two stages keep the named demo leads stable: who the people are (names, companies, stages,
 * personas) depends on the seed alone; what they did and when depends on the seed and `now`.
 * Each lead draws from its own random stream, so tuning one persona never reshuffles the others.
 *
 * Nothing is marked as machine activity here; the scanner-like opens and clicks are left for
 * lib/insights/machine.ts to find, as it must with real platform data.
 */
import type { Campaign, Lead, Touchpoint } from '../model';
import {
  BROWSING,
  CAMPAIGNS,
  COMPANIES,
  FIRST_NAMES,
  LAST_NAMES,
  LEAD_SOURCES,
  NEWSLETTER_TOPICS,
  NURTURE_EMAILS,
  OWNERS,
  PAGES,
  pageUrl,
  TITLES,
  type CampaignId,
  type Company,
  type PageId,
} from './data';
import { createRng, mixSeed, type Rng } from './prng';

export const SAMPLE_SOURCE_LABEL = 'Sample workspace';
export const SAMPLE_SEED = 42;

const LEAD_COUNT = 300;
const HISTORY_DAYS = 180;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SampleWorkspace {
  leads: Lead[];
  touchpoints: Touchpoint[];
  campaigns: Campaign[];
}

export interface SampleOptions {
  seed?: number;
  now: Date;
}

type Persona = 'hot' | 'warm' | 'casual' | 'quiet' | 'reengaged' | 'customer';
type Named = 'hot' | 'overdue' | 'quiet';
type Stage =
  'subscriber' | 'lead' | 'marketingqualifiedlead' | 'salesqualifiedlead' | 'opportunity' | 'customer';

interface Person {
  index: number;
  email: string;
  name: string;
  company: Company;
  title: string;
  owner?: string;
  persona: Persona;
  named?: Named;
  /** The company's mail gateway opens and clicks messages before the person sees them. */
  scanner: boolean;
  createdDaysAgo: number;
  subscribed: boolean;
  stage: Stage;
  status?: string;
  mqlHoursAgo?: number;
  score: number;
  score30dAgo: number;
  source: string;
}

export function generateSampleWorkspace({ seed = SAMPLE_SEED, now }: SampleOptions): SampleWorkspace {
  const persons = createPeople(seed);
  const nowMs = now.getTime();
  const touchpoints: Touchpoint[] = [];
  for (const person of persons) {
    touchpoints.push(...activityOf(person, seed, nowMs));
  }
  touchpoints.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
  return {
    leads: persons.map((person) => leadOf(person, nowMs)),
    touchpoints,
    campaigns: Object.values(CAMPAIGNS).map((campaign) => ({ ...campaign })),
  };
}

/**
 * Emails of three leads for tests and demos, the same for a seed whatever `now` is (SAMPLE_LEADS,
 * at the end of the file, has them for the default seed). `hot` visited pricing several times in
 * the last days and asked for a demo; `overdue` became an MQL a week ago and nobody followed up
 * (overdue against a 24 h SLA, business hours or not); `quiet` has done nothing for months.
 */
export function sampleLeadsFor(seed: number): Record<Named, string> {
  const persons = createPeople(seed);
  const find = (named: Named) => {
    const person = persons.find((p) => p.named === named);
    if (!person) throw new Error(`sample workspace has no ${named} lead`);
    return person.email;
  };
  return { hot: find('hot'), overdue: find('overdue'), quiet: find('quiet') };
}

// ---------------------------------------------------------------------------------------------
// Who: depends on the seed only.

const PERSONAS: readonly (readonly [Persona, number])[] = [
  ['hot', 8],
  ['warm', 25],
  ['casual', 33],
  ['quiet', 20],
  ['reengaged', 6],
  ['customer', 8],
];

function createPeople(seed: number): Person[] {
  const rng = createRng(mixSeed(seed, 1));
  // Every company gets a few people; the rest go to the bigger ones.
  const counts = COMPANIES.map(() => 3);
  const sizes = COMPANIES.map((company, i) => [i, company.size] as const);
  for (let i = counts.reduce((a, b) => a + b, 0); i < LEAD_COUNT; i++) {
    const company = rng.weighted(sizes);
    counts[company] = (counts[company] ?? 0) + 1;
  }
  const bigEnough = COMPANIES.map((company, i) => [i, company.size >= 2 ? 1 : 0] as const);
  const scanners = new Set<number>();
  while (scanners.size < 2) scanners.add(rng.weighted(bigEnough));
  const patterns = COMPANIES.map(() =>
    rng.weighted<EmailPattern>([
      ['first.last', 6],
      ['flast', 3],
      ['first', 1],
      ['first_last', 1],
    ]),
  );

  const emails = new Set<string>();
  const persons: Person[] = [];
  COMPANIES.forEach((company, companyIndex) => {
    const owner = OWNERS[companyIndex % OWNERS.length];
    for (let k = 0; k < (counts[companyIndex] ?? 0); k++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const email = uniqueEmail(emails, first, last, patterns[companyIndex] ?? 'first.last', company.domain);
      const persona = rng.weighted(PERSONAS);
      persons.push({
        index: persons.length,
        email,
        name: `${first} ${last}`,
        company,
        title: rng.weighted(TITLES),
        owner: rng.chance(0.1) ? rng.pick(OWNERS) : owner,
        persona,
        scanner: scanners.has(companyIndex),
        createdDaysAgo: 0,
        subscribed: rng.chance(persona === 'customer' ? 0.7 : 0.88),
        stage: 'lead',
        score: 0,
        score30dAgo: 0,
        source: rng.pick(LEAD_SOURCES),
      });
    }
  });

  nameDemoLeads(persons);
  for (const person of persons) profile(person, createRng(mixSeed(seed, 2, person.index)));
  return persons;
}

function nameDemoLeads(persons: Person[]): void {
  const pick = (persona: Persona, named: Named) => {
    const person = persons.find((p) => p.persona === persona && !p.scanner && !p.named);
    if (person) person.named = named;
  };
  pick('hot', 'hot');
  pick('warm', 'overdue');
  pick('quiet', 'quiet');
}

/** Stage, MQL date, scores and age of the record, by persona. */
function profile(person: Person, rng: Rng): void {
  const { persona } = person;
  const created = {
    hot: [20, 400],
    warm: [10, 600],
    casual: [10, 700],
    quiet: [200, 700],
    reengaged: [150, 500],
    customer: [250, 700],
  } satisfies Record<Persona, [number, number]>;
  person.createdDaysAgo = rng.int(...created[persona]);

  const stageWeights: Record<Persona, readonly (readonly [Stage, number])[]> = {
    hot: [
      ['marketingqualifiedlead', 6],
      ['salesqualifiedlead', 3],
      ['opportunity', 1],
    ],
    warm: [
      ['lead', 6],
      ['marketingqualifiedlead', 3],
      ['salesqualifiedlead', 1],
    ],
    casual: [
      ['lead', 6],
      ['subscriber', 3],
      ['marketingqualifiedlead', 1],
    ],
    quiet: [
      ['subscriber', 7],
      ['lead', 3],
    ],
    reengaged: [
      ['lead', 5],
      ['marketingqualifiedlead', 3],
    ],
    customer: [['customer', 1]],
  };
  person.stage = rng.weighted(stageWeights[persona]);

  // Hours since the lead became an MQL: some clocks are running (under 24 h), many are overdue
  // (no outcomes ship with the sample), and later stages became MQLs long ago.
  switch (person.stage) {
    case 'marketingqualifiedlead':
      person.mqlHoursAgo =
        persona === 'reengaged'
          ? rng.between(2, 30)
          : persona === 'hot' && rng.chance(0.5)
            ? rng.between(1, 20)
            : persona === 'casual'
              ? rng.between(400, 3000)
              : rng.between(26, 700);
      break;
    case 'salesqualifiedlead':
    case 'opportunity':
      person.mqlHoursAgo = rng.between(200, 2500);
      break;
    case 'customer':
      person.mqlHoursAgo = rng.between(3000, 9000);
      break;
    default:
      break;
  }

  if (person.named === 'hot') {
    person.stage = 'marketingqualifiedlead';
    person.mqlHoursAgo = 5.5;
    person.createdDaysAgo = Math.max(person.createdDaysAgo, 60);
  } else if (person.named === 'overdue') {
    person.stage = 'marketingqualifiedlead';
    person.mqlHoursAgo = 7 * 24 + 3;
  } else if (person.named === 'quiet') {
    person.stage = 'subscriber';
    person.subscribed = true;
  }
  if (person.mqlHoursAgo !== undefined) {
    person.createdDaysAgo = Math.max(
      person.createdDaysAgo,
      Math.ceil(person.mqlHoursAgo / 24) + rng.int(1, 30),
    );
  }

  person.status = {
    subscriber: undefined,
    lead: rng.chance(0.7) ? 'New' : 'Open',
    marketingqualifiedlead: person.named === 'overdue' || rng.chance(0.7) ? 'New' : 'Attempted to contact',
    salesqualifiedlead: 'Connected',
    opportunity: 'Open deal',
    customer: 'Customer',
  }[person.stage];
  if (person.stage === 'subscriber' && rng.chance(0.3)) person.owner = undefined;

  const [low, high, change] = {
    hot: [85, 140, [30, 60]],
    warm: [45, 85, [-5, 15]],
    casual: [15, 45, [-5, 5]],
    quiet: [0, 12, [-5, 0]],
    reengaged: [30, 60, [20, 35]],
    customer: [40, 90, [-10, 10]],
  }[persona] as [number, number, [number, number]];
  person.score = rng.int(low, high);
  person.score30dAgo = Math.max(0, person.score - rng.int(...change));
}

type EmailPattern = 'first.last' | 'flast' | 'first' | 'first_last';

function uniqueEmail(
  taken: Set<string>,
  first: string,
  last: string,
  pattern: EmailPattern,
  domain: string,
): string {
  const f = slug(first);
  const l = slug(last);
  const local = {
    'first.last': `${f}.${l}`,
    flast: `${f.slice(0, 1)}${l}`,
    first: f,
    first_last: `${f}_${l}`,
  }[pattern];
  for (let n = 1; ; n++) {
    const email = `${n === 1 ? local : `${local}${n}`}@${domain}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}

/** ASCII for the local part of an address: "Sørensen" → "sorensen", "O'Neill" → "oneill". */
function slug(name: string): string {
  return name
    .replace(/ø/gi, 'o')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();
}

function leadOf(person: Person, now: number): Lead {
  const lead: Lead = {
    email: person.email,
    name: person.name,
    company: person.company.name,
    title: person.title,
    lifecycleStage: person.stage,
    score: person.score,
    score30dAgo: person.score30dAgo,
    source: person.source,
    refs: [{ source: 'local', id: `sample-lead-${person.index + 1}`, url: undefined }],
  };
  if (person.status) lead.leadStatus = person.status;
  if (person.owner) lead.owner = person.owner;
  if (person.mqlHoursAgo !== undefined) {
    // Whole minutes, so the clock reads cleanly in the demo.
    lead.mqlAt = new Date(Math.floor((now - person.mqlHoursAgo * HOUR) / MINUTE) * MINUTE).toISOString();
  }
  return lead;
}

// ---------------------------------------------------------------------------------------------
// What they did: depends on the seed and `now`.

interface Link {
  label: string;
  page: PageId;
}

interface Send {
  campaign: CampaignId;
  subject: string;
  at: number;
  links: Link[];
}

interface Context {
  person: Person;
  rng: Rng;
  now: number;
  /** Midnight UTC of `now`'s day, so that scheduled sends land at plausible hours. */
  today: number;
  out: Touchpoint[];
}

/** Days after the lead was created on which each nurture email goes out. */
const NURTURE_DAYS = [0, 2, 5, 9, 14] as const;

/** The campaign calendar: days before `now`'s day and the UTC hour. */
const SCHEDULE = {
  webinarLoop: { invites: [60, 52], day: 46, hour: 16 },
  webinarPipeline: { invites: [23, 15], day: 9, hour: 16 },
  whitepaper: { day: 75, hour: 13 },
  productUpdate: { day: 28, hour: 16 },
  tradeShow: { day: 75 },
} as const;

function activityOf(person: Person, seed: number, now: number): Touchpoint[] {
  const today = Math.floor(now / DAY) * DAY;
  const context: Context = { person, rng: createRng(mixSeed(seed, 3, person.index)), now, today, out: [] };
  const created = now - person.createdDaysAgo * DAY;

  lifecycle(context, created);
  for (const send of sendsTo(context, created)) email(context, send);
  sessions(context);
  forms(context);
  webinars(context);
  tradeShow(context);
  if (person.named === 'hot') hotThisWeek(context);

  const oldest = Math.max(now - HISTORY_DAYS * DAY, created);
  return context.out.filter((touchpoint) => {
    const at = Date.parse(touchpoint.occurredAt);
    return at <= now && at >= oldest;
  });
}

function add(
  { person, out }: Context,
  kind: Touchpoint['kind'],
  at: number,
  fields: { campaign?: CampaignId; title: string; url?: string; detail?: string },
): void {
  const campaign = fields.campaign ? CAMPAIGNS[fields.campaign] : undefined;
  const touchpoint: Touchpoint = {
    id: `smp-${person.index + 1}-${out.length + 1}`,
    leadEmail: person.email,
    occurredAt: new Date(Math.round(at / SECOND) * SECOND).toISOString(),
    kind,
    title: fields.title,
    url: fields.url,
    source: 'local',
  };
  if (campaign) touchpoint.campaign = { id: campaign.id, name: campaign.name, channel: campaign.channel };
  if (fields.detail) touchpoint.detail = fields.detail;
  out.push(touchpoint);
}

function lifecycle(context: Context, created: number): void {
  const { person, now } = context;
  add(context, person.subscribed ? 'list_added' : 'stage_change', created, {
    title: person.subscribed ? 'Added to list: Newsletter subscribers' : 'Became a lead',
  });
  if (person.mqlHoursAgo !== undefined) {
    add(context, 'stage_change', now - person.mqlHoursAgo * HOUR, {
      title: 'Became a Marketing Qualified Lead',
      detail: 'Lifecycle stage: lead → marketingqualifiedlead',
    });
  }
}

/** Every email the lead was sent, in no particular order. */
function sendsTo(context: Context, created: number): Send[] {
  const { person, rng, today } = context;
  const sends: Send[] = [];
  // Batch sends go out over an hour; where in the batch depends on the person.
  const batch = (person.index % 60) * MINUTE;
  const at = (daysAgo: number, hour: number) => today - daysAgo * DAY + hour * HOUR + batch;

  if (person.subscribed) {
    for (let k = 0; k < 26; k++) {
      const topic = NEWSLETTER_TOPICS[k % NEWSLETTER_TOPICS.length] ?? '';
      sends.push({
        campaign: 'newsletter',
        subject: `The Revenue Brief: ${topic}`,
        at: at(3 + 7 * k, 14),
        links: [
          { label: 'Read the article', page: rng.pick<PageId>(['blogSla', 'blogScoring', 'blogLoop']) },
          { label: 'Customer story', page: 'story' },
          { label: 'See plans', page: 'pricing' },
        ],
      });
    }
  }
  if (person.createdDaysAgo <= HISTORY_DAYS + 20) {
    NURTURE_EMAILS.forEach((subject, j) => {
      sends.push({
        campaign: 'nurture',
        subject,
        at: created + (NURTURE_DAYS[j] ?? 0) * DAY + HOUR,
        links:
          j === 4
            ? [
                { label: 'Book a demo', page: 'demo' },
                { label: 'See pricing', page: 'pricing' },
              ]
            : [
                { label: 'Learn more', page: rng.pick<PageId>(['product', 'sidebar', 'reporting']) },
                { label: 'Read the guide', page: 'blogLoop' },
              ],
      });
    });
  }
  const invited = person.persona !== 'customer' && rng.chance(0.85);
  if (invited) {
    for (const [id, page] of [
      ['webinarLoop', 'webinarLoop'],
      ['webinarPipeline', 'webinarPipeline'],
    ] as const) {
      for (const daysAgo of SCHEDULE[id].invites) {
        sends.push({
          campaign: id,
          subject: `You're invited: ${CAMPAIGNS[id].name.replace('Webinar: ', '')}`,
          at: at(daysAgo, 15),
          links: [
            { label: 'Save your seat', page },
            { label: 'Agenda', page },
          ],
        });
      }
    }
  }
  if (rng.chance(0.7)) {
    sends.push({
      campaign: 'whitepaper',
      subject: 'New: the 2026 Revenue Operations Benchmark',
      at: at(SCHEDULE.whitepaper.day, SCHEDULE.whitepaper.hour),
      links: [
        { label: 'Get the report', page: 'benchmark' },
        { label: 'Read the summary', page: 'blogLoop' },
      ],
    });
  }
  if (person.persona === 'customer' || rng.chance(0.5)) {
    sends.push({
      campaign: 'productUpdate',
      subject: 'Release 4.2: SLA clock, faster reports, new CRM sync',
      at: at(SCHEDULE.productUpdate.day, SCHEDULE.productUpdate.hour),
      links: [
        { label: 'Release notes', page: 'releaseNotes' },
        { label: 'Set up CRM sync', page: 'docsCrm' },
        { label: 'Watch the overview', page: 'reporting' },
      ],
    });
  }
  return sends;
}

/** How likely the person opens an email sent `daysAgo` days ago, by persona. */
function openChance(person: Person, daysAgo: number): number {
  switch (person.persona) {
    case 'hot':
      return daysAgo < 30 ? 0.55 : 0.35;
    case 'warm':
      return 0.35;
    case 'casual':
      return 0.16;
    case 'quiet':
      return daysAgo > 100 ? 0.08 : 0;
    case 'reengaged':
      return daysAgo < 6 ? 0.7 : daysAgo < 55 ? 0 : 0.35;
    case 'customer':
      return 0.3;
  }
}

const CLICK_CHANCE: Record<Persona, number> = {
  hot: 0.35,
  warm: 0.2,
  casual: 0.08,
  quiet: 0.03,
  reengaged: 0.3,
  customer: 0.2,
};

function email(context: Context, send: Send): void {
  const { person, rng, now } = context;
  const { campaign, subject } = send;
  const link = (l: Link) =>
    `${pageUrl(l.page)}?utm_source=tidemark&utm_medium=email&utm_campaign=${CAMPAIGNS[campaign].id}`;
  add(context, 'email_sent', send.at, { campaign, title: subject });

  if (person.scanner && rng.chance(0.3)) {
    // The mail gateway fetches the tracking pixel and, often, every link, seconds after delivery.
    let at = send.at + rng.between(1, 5) * SECOND;
    add(context, 'email_open', at, { campaign, title: subject });
    if (rng.chance(0.6)) {
      for (const l of send.links) {
        at += rng.between(0.3, 2) * SECOND;
        add(context, 'email_click', at, { campaign, title: subject, url: link(l), detail: l.label });
      }
    }
  }

  const daysAgo = (now - send.at) / DAY;
  if (!rng.chance(openChance(person, daysAgo))) return;
  // People open minutes to days later.
  const openAt = send.at + Math.exp(rng.between(Math.log(3), Math.log(3000))) * MINUTE;
  add(context, 'email_open', openAt, { campaign, title: subject });
  if (!rng.chance(CLICK_CHANCE[person.persona])) return;
  let clickAt = openAt + rng.between(15, 360) * SECOND;
  const clicks = rng.chance(0.2) ? 2 : 1;
  for (let c = 0; c < clicks; c++) {
    const l = rng.pick(send.links);
    add(context, 'email_click', clickAt, { campaign, title: subject, url: link(l), detail: l.label });
    add(context, 'page_view', clickAt + rng.between(2, 8) * SECOND, {
      title: PAGES[l.page].title,
      url: link(l),
    });
    clickAt += rng.between(1, 6) * MINUTE;
  }
}

type Mode = keyof typeof BROWSING;

/** Website visits: when, how many, and in which frame of mind, by persona. */
function sessions(context: Context): void {
  const { person, rng, now } = context;
  const plan: { daysAgo: () => number; mode: () => Mode; count: number }[] = [];
  const uniform = (from: number, to: number) => () => rng.between(from, to);
  const mostly = (mode: Mode, other: Mode, share: number) => () => (rng.chance(share) ? mode : other);
  switch (person.persona) {
    case 'hot':
      plan.push({ count: rng.int(5, 9), daysAgo: uniform(0, 14), mode: mostly('evaluate', 'browse', 0.6) });
      plan.push({ count: rng.int(3, 6), daysAgo: uniform(14, 120), mode: mostly('browse', 'evaluate', 0.7) });
      break;
    case 'warm':
      plan.push({
        count: rng.int(3, 8),
        daysAgo: uniform(0, HISTORY_DAYS),
        mode: mostly('browse', 'evaluate', 0.75),
      });
      break;
    case 'casual':
      plan.push({ count: rng.int(0, 3), daysAgo: uniform(0, HISTORY_DAYS), mode: () => 'browse' });
      break;
    case 'quiet':
      plan.push({ count: rng.int(0, 2), daysAgo: uniform(105, HISTORY_DAYS), mode: () => 'browse' });
      break;
    case 'reengaged':
      plan.push({ count: rng.int(3, 6), daysAgo: uniform(60, HISTORY_DAYS), mode: () => 'browse' });
      plan.push({ count: rng.int(2, 3), daysAgo: uniform(0.1, 5), mode: mostly('evaluate', 'browse', 0.7) });
      break;
    case 'customer':
      plan.push({
        count: rng.int(4, 10),
        daysAgo: uniform(0, HISTORY_DAYS),
        mode: mostly('customer', 'browse', 0.8),
      });
      break;
  }
  for (const { count, daysAgo, mode } of plan) {
    for (let s = 0; s < count; s++) visit(context, now - daysAgo() * DAY, mode());
  }
}

function visit(context: Context, start: number, mode: Mode, pages = context.rng.int(1, 5)): void {
  const { person, rng } = context;
  let at = start;
  // Some visits start from an ad.
  if (person.persona !== 'customer' && rng.chance(0.12)) {
    const paid = rng.chance(0.6) ? 'paidSearch' : 'paidSocial';
    const landing: PageId = paid === 'paidSearch' ? 'lpReporting' : 'lpSla';
    const medium = paid === 'paidSearch' ? 'cpc' : 'social';
    const url = pageUrl(landing, `?utm_source=ads&utm_medium=${medium}&utm_campaign=${CAMPAIGNS[paid].id}`);
    add(context, 'ad_click', at, {
      campaign: paid,
      title: `Ad: ${PAGES[landing].title.replace(' | Tidemark', '')}`,
      url,
    });
    add(context, 'page_view', at + rng.between(2, 6) * SECOND, { title: PAGES[landing].title, url });
    at += rng.between(20, 240) * SECOND;
    pages--;
  }
  for (let p = 0; p < pages; p++) {
    const id = rng.weighted(BROWSING[mode]);
    add(context, 'page_view', at, { title: PAGES[id].title, url: pageUrl(id) });
    at += rng.between(20, 240) * SECOND;
  }
}

function forms(context: Context): void {
  const { person, rng, now, today } = context;
  const form = (at: number, title: string, page: PageId, campaign?: CampaignId) => {
    add(context, 'page_view', at - rng.between(30, 180) * SECOND, {
      title: PAGES[page].title,
      url: pageUrl(page),
    });
    add(context, 'form_submit', at, { title, url: pageUrl(page), campaign });
  };
  const { persona } = person;
  if (persona === 'hot' && rng.chance(0.6)) {
    const [title, page] = rng.pick([
      ['Request a demo', 'demo'],
      ['Get a custom quote', 'enterprise'],
    ] as const);
    form(now - rng.between(0.2, 12) * DAY, title, page);
  }
  if ((persona === 'warm' || persona === 'customer') && rng.chance(0.12)) {
    form(now - rng.between(1, HISTORY_DAYS) * DAY, 'Contact sales', 'pricing');
  }
  if (persona === 'reengaged' && rng.chance(0.4)) {
    form(now - rng.between(0.1, 4) * DAY, 'Request a demo', 'demo');
  }
  const downloads: Partial<Record<Persona, number>> = { hot: 0.45, warm: 0.35, casual: 0.12, customer: 0.1 };
  if (rng.chance(downloads[persona] ?? 0)) {
    const at = today - rng.between(SCHEDULE.whitepaper.day - 35, SCHEDULE.whitepaper.day - 0.5) * DAY;
    form(at, 'Download the benchmark', 'benchmark', 'whitepaper');
    add(context, 'content_download', at + rng.between(3, 20) * SECOND, {
      campaign: 'whitepaper',
      title: 'The 2026 Revenue Operations Benchmark (PDF)',
      url: `${pageUrl('benchmark')}/report.pdf`,
    });
  }
}

function webinars(context: Context): void {
  const { person, rng, today } = context;
  const registers: Partial<Record<Persona, number>> = { hot: 0.45, warm: 0.3, casual: 0.08, customer: 0.15 };
  for (const id of ['webinarLoop', 'webinarPipeline'] as const) {
    const forced = person.named === 'hot' && id === 'webinarPipeline';
    if (!forced && !rng.chance(registers[person.persona] ?? 0)) continue;
    const { invites, day, hour } = SCHEDULE[id];
    const startsAt = today - day * DAY + hour * HOUR;
    const registeredAt = today - rng.between(day + 1, invites[0] - 1) * DAY + rng.between(8, 18) * HOUR;
    const title = CAMPAIGNS[id].name.replace('Webinar: ', '');
    add(context, 'page_view', registeredAt - rng.between(30, 120) * SECOND, {
      title: PAGES[id].title,
      url: pageUrl(id),
    });
    add(context, 'form_submit', registeredAt, {
      campaign: id,
      title: 'Webinar registration',
      url: pageUrl(id),
    });
    add(context, 'webinar_registered', registeredAt + SECOND, { campaign: id, title });
    email(context, {
      campaign: id,
      subject: `Tomorrow: ${title}`,
      at: startsAt - DAY,
      links: [{ label: 'Add to calendar', page: id }],
    });
    if (forced || rng.chance(0.55)) {
      const minutes = rng.int(20, 60);
      add(context, 'webinar_attended', startsAt + rng.between(0, 8) * MINUTE, {
        campaign: id,
        title,
        detail: `Watched ${minutes} of 60 minutes`,
      });
    }
  }
}

function tradeShow(context: Context): void {
  const { person, rng, today } = context;
  if (!['hot', 'warm', 'casual', 'reengaged'].includes(person.persona) || !rng.chance(0.12)) return;
  const at = today - (SCHEDULE.tradeShow.day - rng.int(0, 1)) * DAY + rng.between(9, 17) * HOUR;
  add(context, 'event_attended', at, { campaign: 'tradeShow', title: 'Booth visit: SaaS Growth Summit' });
  add(context, 'list_added', at + HOUR, {
    campaign: 'tradeShow',
    title: 'Added to list: Summit booth scans',
  });
  email(context, {
    campaign: 'tradeShow',
    subject: 'Great to meet you at SaaS Growth Summit',
    at: at + DAY,
    links: [
      { label: 'Book a follow-up', page: 'demo' },
      { label: 'The benchmark we mentioned', page: 'benchmark' },
    ],
  });
}

/** The named hot lead is hot whatever `now` is: pricing this week and a demo request. */
function hotThisWeek(context: Context): void {
  const { now } = context;
  for (const [hoursAgo, page] of [
    [3, 'pricing'],
    [26, 'pricing'],
    [26.1, 'enterprise'],
    [50, 'compare'],
    [75, 'pricing'],
  ] as const) {
    add(context, 'page_view', now - hoursAgo * HOUR, { title: PAGES[page].title, url: pageUrl(page) });
  }
  add(context, 'page_view', now - 20 * HOUR - 2 * MINUTE, { title: PAGES.demo.title, url: pageUrl('demo') });
  add(context, 'form_submit', now - 20 * HOUR, { title: 'Request a demo', url: pageUrl('demo') });
}

// Last, because it runs the people stage at import and needs every table above.
export const SAMPLE_LEADS: Readonly<Record<Named, string>> = Object.freeze(sampleLeadsFor(SAMPLE_SEED));
