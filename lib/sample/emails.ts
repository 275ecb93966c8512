/** The emails each lead was sent (campaigns, nurture, newsletters) and what the person did with them. */
import { CAMPAIGNS, NEWSLETTER_TOPICS, NURTURE_EMAILS, PAGES, pageUrl, type PageId } from './data';
import type { Person, Persona } from './people';
import { DAY, HOUR, MINUTE, SECOND } from './time';
import { add, HISTORY_DAYS, NURTURE_DAYS, SCHEDULE, type Context, type Link, type Send } from './touchpoints';

/** Every email the lead was sent, in no particular order. */
export function sendsTo(context: Context, created: number): Send[] {
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

export function email(context: Context, send: Send): void {
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
