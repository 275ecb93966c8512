/**
 * The Gmail look-alike's mailbox for the demo, the e2e suite and the benchmarks, built from the
 * sample workspace so that its senders are leads Loopline knows.
 */
import { generateSampleWorkspace, SAMPLE_LEADS } from '../../lib/sample/generate';
import type { GmailData, OutlookData, OutlookPerson, Person } from './sites';

export const ACCOUNT = 'sam.rivera@tidemark.example';
/** The signed-in salesperson of the Gmail look-alike. */
export const ACCOUNT_PERSON: Person = { name: 'Sam Rivera', email: ACCOUNT };
export const UNKNOWN_SENDER: Person = { name: 'Jordan Vale', email: 'jordan.vale@unlisted-prospect.example' };

/** Thread ids (Gmail's opaque form, 16+ characters). */
export const THREADS = {
  hot: 'FMfcgzQbfHotLead0000001',
  overdue: 'FMfcgzQbfOverdueLead0002',
  quiet: 'FMfcgzQbfQuietLead000003',
  unknown: 'FMfcgzQbfUnknownSender04',
  group: 'FMfcgzQbfGroupThread0005',
} as const;

export interface DemoMailbox extends GmailData {
  leads: { hot: Person; overdue: Person; quiet: Person };
}

export function demoMailbox(now = new Date()): DemoMailbox {
  const sample = generateSampleWorkspace({ now });
  const person = (email: string): Person => {
    const lead = sample.leads.find((l) => l.email === email);
    if (!lead) throw new Error(`sample lead ${email} missing`);
    return { name: lead.name ?? email, email };
  };
  const hot = person(SAMPLE_LEADS.hot);
  const overdue = person(SAMPLE_LEADS.overdue);
  const quiet = person(SAMPLE_LEADS.quiet);
  const me = ACCOUNT_PERSON;
  const colleague: Person = { name: 'Ines Navarro', email: 'ines.navarro@tidemark.example' };
  const hotColleague = sample.leads.find(
    (l) =>
      l.company &&
      l.company === sample.leads.find((x) => x.email === hot.email)?.company &&
      l.email !== hot.email,
  );

  return {
    account: ACCOUNT,
    leads: { hot, overdue, quiet },
    threads: [
      {
        id: THREADS.hot,
        subject: 'Re: Pricing for 40 seats',
        date: '10:42',
        messages: [
          {
            from: me,
            to: [hot],
            collapsed: true,
            snippet: 'Thanks for joining the webinar…',
            body: 'Thanks for joining the webinar.',
          },
          {
            from: hot,
            to: [me, colleague],
            body: `Hi Sam,\n\nWe looked at the pricing page again. Could you send a quote for 40 seats?\nAlso loop in billing@${hot.email.split('@')[1]}.\n\nThanks,\n${hot.name}`,
          },
        ],
      },
      {
        id: THREADS.overdue,
        subject: 'Question about the integration guide',
        date: 'Yesterday',
        messages: [{ from: overdue, to: [me], body: 'Hello, does the connector support single sign-on?' }],
      },
      {
        id: THREADS.quiet,
        subject: 'Checking in',
        date: 'Mar 3',
        messages: [{ from: me, to: [quiet], body: 'Just checking in on last quarter’s conversation.' }],
      },
      {
        id: THREADS.unknown,
        subject: 'Introduction',
        date: 'Mar 2',
        messages: [{ from: UNKNOWN_SENDER, to: [me], body: 'A colleague suggested I reach out.' }],
      },
      ...(hotColleague
        ? [
            {
              id: THREADS.group,
              subject: 'Evaluation next steps',
              date: 'Mar 1',
              messages: [
                {
                  from: hot,
                  to: [me, { name: hotColleague.name ?? '', email: hotColleague.email }],
                  body: 'Adding my colleague.',
                },
                {
                  from: { name: hotColleague.name ?? '', email: hotColleague.email },
                  to: [me, hot],
                  body: 'Happy to help evaluate.',
                },
              ],
            },
          ]
        : []),
    ],
  };
}

// ── Outlook ───────────────────────────────────────────────────────────────────────────────

/** The Outlook look-alike's signed-in account: a company domain, which colleagues share. */
export const OUTLOOK_ACCOUNT: Person = { name: 'Sam Rep', email: 'sam.rep@loopline-sales.example' };
/** A colleague at the account's domain, shown by address (no display name). */
export const OUTLOOK_COLLEAGUE: Person = { name: '', email: 'dana.ops@loopline-sales.example' };

/** Outlook's ItemIDs (in `/mail/id/<ItemID>`) and conversation ids, base64-like as Exchange's. */
export const OUTLOOK_ITEMS = {
  /** From the hot lead, whose persona has no display name: the chip shows the address. */
  hot: { itemId: 'AAMkAGHotLeadItem0001AAA', convId: 'AAQkAGHotLeadConv0001' },
  /** From the overdue lead, named only: no address anywhere on the page. */
  overdue: { itemId: 'AAMkAGOverdueItem0002AAA', convId: 'AAQkAGOverdueConv0002' },
  /** From the quiet lead: display name, with the address in the persona's title. */
  quiet: { itemId: 'AAMkAGQuietLeadItem003AAA', convId: 'AAQkAGQuietLeadConv003' },
  /** A sample lead writes; a colleague at the account's domain is in cc by address. */
  colleague: { itemId: 'AAMkAGColleagueItem04AAA', convId: 'AAQkAGColleagueConv04' },
} as const;

export interface DemoOutlookMailbox extends OutlookData {
  leads: { hot: Person; overdue: Person; quiet: Person; cced: Person; other: Person };
}

/**
 * The Outlook look-alike's mailbox: sample leads shown the ways Outlook shows people (address
 * only, name only, name with an address in a title), and a colleague in cc.
 */
export function demoOutlookMailbox(now = new Date()): DemoOutlookMailbox {
  const sample = generateSampleWorkspace({ now });
  const nameCount = new Map<string, number>();
  for (const lead of sample.leads) {
    const key = (lead.name ?? '').toLowerCase();
    nameCount.set(key, (nameCount.get(key) ?? 0) + 1);
  }
  const person = (email: string): Person => {
    const lead = sample.leads.find((l) => l.email === email);
    if (!lead?.name) throw new Error(`sample lead ${email} missing or unnamed`);
    return { name: lead.name, email };
  };
  const uniqueName = (p: Person) => nameCount.get(p.name.toLowerCase()) === 1;
  const hot = person(SAMPLE_LEADS.hot);
  // The name-only lead must be the only sample lead with its name: one match to confirm.
  let overdue = person(SAMPLE_LEADS.overdue);
  if (!uniqueName(overdue)) {
    const lead = sample.leads.find((l) => l.name && nameCount.get(l.name.toLowerCase()) === 1);
    if (!lead) throw new Error('no sample lead with a unique name');
    overdue = person(lead.email);
  }
  const quiet = person(SAMPLE_LEADS.quiet);
  // Two more sample leads with unique names for the colleague conversation.
  const used = new Set([hot.email, overdue.email, quiet.email]);
  const [other, cced] = sample.leads
    .filter((l) => l.name && !used.has(l.email) && nameCount.get(l.name.toLowerCase()) === 1)
    .slice(0, 2)
    .map((l) => person(l.email));
  if (!other || !cced) throw new Error('not enough sample leads with unique names');

  const me: OutlookPerson = { ...OUTLOOK_ACCOUNT };
  const addressOnly = (p: Person): OutlookPerson => ({ name: '', email: p.email });
  // Named only: the address is not in the page at all, not even in its data.
  const nameOnly = (p: Person): OutlookPerson => ({ name: p.name });
  const titled = (p: Person): OutlookPerson => ({ name: p.name, email: p.email, addressShown: true });
  const first = (p: Person) => p.name.split(' ')[0];

  return {
    account: { ...OUTLOOK_ACCOUNT },
    leads: { hot, overdue, quiet, cced, other },
    conversations: [
      {
        ...OUTLOOK_ITEMS.hot,
        subject: 'Quote for 40 seats',
        date: '10:42 AM',
        unread: true,
        messages: [
          {
            id: 'AAMkAGHotMsg0001',
            from: addressOnly(hot),
            to: [me],
            date: 'Wed 12/2/2026 10:42 AM',
            body: `Hi Sam,\n\nWe looked at the pricing page again. Could you send a quote for 40 seats?\n\nThanks,\n${hot.name}`,
          },
        ],
      },
      {
        ...OUTLOOK_ITEMS.overdue,
        subject: 'Question about the integration guide',
        date: 'Yesterday',
        unread: true,
        messages: [
          {
            id: 'AAMkAGOverdueMsg0002',
            from: nameOnly(overdue),
            to: [me],
            date: 'Tue 12/1/2026 3:15 PM',
            body: `Hello Sam,\n\nDoes the connector support single sign-on?\n\nBest regards,\n${overdue.name}`,
          },
        ],
      },
      {
        ...OUTLOOK_ITEMS.quiet,
        subject: 'Re: Checking in',
        date: 'Mon',
        messages: [
          {
            id: 'AAMkAGQuietMsg0003',
            from: titled(quiet),
            to: [me],
            date: 'Mon 11/30/2026 9:05 AM',
            body: `Hi Sam, thanks for checking in. Nothing new on our side this quarter.\n\n${first(quiet)}`,
          },
        ],
      },
      {
        ...OUTLOOK_ITEMS.colleague,
        subject: 'Evaluation next steps',
        date: 'Sun',
        messages: [
          {
            id: 'AAMkAGColleagueMsg04',
            from: titled(other),
            to: [me, titled(cced)],
            cc: [{ ...OUTLOOK_COLLEAGUE }],
            date: 'Sun 11/29/2026 4:40 PM',
            body: `Hi Sam,\n\nAdding ${cced.name} from our side. Could your operations team join the call?\n\n${other.name}`,
          },
        ],
      },
    ],
  };
}
