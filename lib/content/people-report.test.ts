import { describe, expect, it, vi } from 'vitest';
import { MAX_PAGE_PEOPLE, PagePerson } from '../messaging/protocol';
import type { Person } from '../sidebar/state';
import { boundedPeople, createPeopleReporter, MAX_REPORTED_NAME, MAX_REPORTED_PEOPLE } from './people-report';

const ADA: Person = { email: 'ada@kelp-energy.example', name: 'Ada', role: 'sender' };
const BEN: Person = { email: 'ben@brightwater.example', name: 'Ben', role: 'to' };
const CHLOE: Person = { email: 'chloe@lotus-pharma.example' };

/** A reporter whose reports wait for the test, with everything that happened in one list. */
function setup() {
  const events: string[] = [];
  const pending: { people: Person[]; answer(ok: boolean | Error): Promise<void> }[] = [];
  const abort = new AbortController();
  const emails = (people: Person[]) =>
    people.map((p) => (p.email ?? `~${p.name}`).split('@')[0]).join(',') || 'nobody';
  const reporter = createPeopleReporter({
    report: (people) =>
      new Promise<boolean>((resolve, reject) => {
        events.push(`report ${emails(people)}`);
        pending.push({
          people,
          async answer(ok) {
            if (ok instanceof Error) reject(ok);
            else resolve(ok);
            await new Promise((done) => setTimeout(done, 0));
          },
        });
      }),
    tell: (people, preferred) => events.push(`tell ${emails(people)}${preferred ? ` (${preferred})` : ''}`),
    signal: abort.signal,
  });
  return { reporter, events, pending, abort };
}

describe('people reporter', () => {
  it('tells the frame only once the background answered the report', async () => {
    const { reporter, events, pending } = setup();
    reporter.update([ADA, BEN], ADA.email);
    expect(events).toEqual(['report ada,ben']);
    await pending[0]!.answer(true);
    expect(events).toEqual(['report ada,ben', `tell ada,ben (${ADA.email})`]);
  });

  it('tells the frame ahead of a report, and again once the background has the people', async () => {
    const events: string[] = [];
    const answers: ((ok: boolean) => void)[] = [];
    const reporter = createPeopleReporter({
      report: (people) =>
        new Promise<boolean>((resolve) => {
          events.push(`report ${people.length}`);
          answers.push(resolve);
        }),
      tell: (people, preferred) => events.push(`tell ${people.length} ${preferred}`),
      tellAhead: (people, preferred) => events.push(`ahead ${people.length} ${preferred}`),
      signal: new AbortController().signal,
    });
    reporter.update([ADA, BEN], ADA.email);
    // Ahead: the person the list selects, alone.
    expect(events).toEqual([`ahead 1 ${ADA.email}`, 'report 2']);
    answers[0]!(true);
    await reporter.idle();
    expect(events).toEqual([`ahead 1 ${ADA.email}`, 'report 2', `tell 2 ${ADA.email}`]);
    // The people the background has already: nothing to tell ahead of, nothing to report.
    reporter.update([ADA, BEN], BEN.email);
    await reporter.idle();
    expect(events.slice(3)).toEqual([`tell 2 ${BEN.email}`]);
    // A list that selects nobody (more recipients in the same thread) is not told ahead.
    reporter.update([ADA, BEN, CHLOE]);
    answers[1]!(true);
    await reporter.idle();
    expect(events.slice(4)).toEqual(['report 3', 'tell 3 undefined']);
  });

  it('never lets an earlier report land after a newer one; only the newest waiting list goes', async () => {
    const { reporter, events, pending } = setup();
    reporter.update([ADA], ADA.email);
    reporter.update([BEN], BEN.email);
    reporter.update([BEN, CHLOE]);
    expect(events).toEqual(['report ada']);
    await pending[0]!.answer(true);
    expect(events).toEqual(['report ada', `tell ada (${ADA.email})`, 'report ben,chloe']);
    await pending[1]!.answer(true);
    // The skipped update asked the frame to select Ben: the newer one, which did not say, keeps it.
    expect(events.at(-1)).toBe(`tell ben,chloe (${BEN.email})`);
    await reporter.idle();
    expect(pending).toHaveLength(2);
  });

  it('does not report the list the background has, but still tells the frame (a new selection)', async () => {
    const { reporter, events, pending } = setup();
    reporter.update([ADA, BEN]);
    await pending[0]!.answer(true);
    reporter.update([{ ...ADA }, { ...BEN }], BEN.email);
    reporter.update([ADA, BEN]);
    await reporter.idle();
    expect(events).toEqual(['report ada,ben', 'tell ada,ben', `tell ada,ben (${BEN.email})`, 'tell ada,ben']);
    // Nobody is a list too, and a change from anyone.
    reporter.update([]);
    expect(events.at(-1)).toBe('report nobody');
  });

  it.each([
    ['refused', false],
    ['lost (the background went away)', new Error('Receiving end does not exist')],
  ] as const)('reports the same people again after a report that was %s', async (_name, answer) => {
    const { reporter, events, pending } = setup();
    reporter.update([ADA]);
    await pending[0]!.answer(answer);
    // The frame hears of them anyway; the background refuses their lookups if it must.
    expect(events).toEqual(['report ada', 'tell ada']);
    reporter.update([ADA]);
    expect(events.at(-1)).toBe('report ada');
    await pending[1]!.answer(true);
    reporter.update([ADA]);
    await reporter.idle();
    expect(events).toEqual(['report ada', 'tell ada', 'report ada', 'tell ada', 'tell ada']);
  });

  it('after the page goes, tells the frame nothing and reports nothing more', async () => {
    const { reporter, events, pending, abort } = setup();
    reporter.update([ADA]);
    reporter.update([BEN]);
    abort.abort();
    await pending[0]!.answer(true);
    reporter.update([CHLOE]);
    await reporter.idle();
    expect(events).toEqual(['report ada']);
  });
});

describe('boundedPeople', () => {
  const people = (n: number, prefix = 'p') =>
    Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@list.example` }));

  it('leaves a list that fits alone', () => {
    const list = people(MAX_REPORTED_PEOPLE);
    expect(boundedPeople(list, [])).toBe(list);
  });

  it('drops the last people found, never a hovered one, keeping the order', () => {
    const found = people(MAX_REPORTED_PEOPLE + 10);
    const hovered = people(3, 'h');
    const list = boundedPeople([...found, ...hovered], hovered);
    expect(list).toHaveLength(MAX_REPORTED_PEOPLE);
    expect(list.slice(-3)).toEqual(hovered);
    expect(list.slice(0, -3)).toEqual(found.slice(0, MAX_REPORTED_PEOPLE - 3));
  });

  it('keeps a hovered person where the page lists them too', () => {
    const found = people(MAX_REPORTED_PEOPLE + 1);
    const hovered = [found.at(-1)!];
    const list = boundedPeople(found, hovered);
    expect(list).toHaveLength(MAX_REPORTED_PEOPLE);
    expect(list.at(-1)).toBe(found.at(-1));
  });

  it('keeps the latest hovered people when they alone are too many', () => {
    const hovered = people(MAX_REPORTED_PEOPLE + 5, 'h');
    const list = boundedPeople([ADA, ...hovered], hovered);
    expect(list).toEqual(hovered.slice(5));
  });
});

describe('limits', () => {
  it('are the protocol’s: as many people, names as long', () => {
    expect(MAX_REPORTED_PEOPLE).toBe(MAX_PAGE_PEOPLE);
    expect(PagePerson.safeParse({ email: ADA.email, name: 'x'.repeat(MAX_REPORTED_NAME) }).success).toBe(
      true,
    );
    expect(PagePerson.safeParse({ email: ADA.email, name: 'x'.repeat(MAX_REPORTED_NAME + 1) }).success).toBe(
      false,
    );
  });
});

describe('the reporter in use', () => {
  it('idle() resolves at once with nothing to report', async () => {
    const { reporter } = setup();
    const done = vi.fn();
    await reporter.idle().then(done);
    expect(done).toHaveBeenCalled();
  });
});
