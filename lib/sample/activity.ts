/**
 * What each lead did, from the seed and `now`: its lifecycle, the emails it was sent, visits,
 * forms, webinars and trade shows, each lead from its own random stream.
 */
import type { Touchpoint } from '../model';
import { BROWSING, CAMPAIGNS, PAGES, pageUrl, type CampaignId, type PageId } from './data';
import { createRng, mixSeed } from './prng';
import { DAY, HOUR, MINUTE, SECOND } from './time';
import { email, sendsTo } from './emails';
import type { Person, Persona } from './people';
import { add, HISTORY_DAYS, SCHEDULE, type Context } from './touchpoints';

export function activityOf(person: Person, seed: number, now: number): Touchpoint[] {
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
