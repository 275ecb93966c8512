/**
 * The Gmail look-alike's mailbox for the demo, the e2e suite and the benchmarks, built from the
 * sample workspace so that its senders are leads Loopline knows.
 */
import { generateSampleWorkspace, SAMPLE_LEADS } from '../../lib/sample/generate';
import type { GmailData, Person } from './sites';

export const ACCOUNT = 'sam.rivera@tidemark.example';
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
  const me: Person = { name: 'Sam Rivera', email: ACCOUNT };
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
