/**
 * Who is on the page goes to the background (`page.people`) before the sidebar frame may ask
 * about them: the background answers the frame's `lead.get` only for people this tab reported.
 * The frame hears of them twice: ahead of the report (`tellAhead`), when it may show someone it
 * holds the background's last answer for and asks nothing, and once the background has them
 * (`tell`), when it asks. Opening a thread of a lead seen before thus waits for no round trip
 * through the background, nor for the page's own work that delays the answer reaching here.
 *
 * Reports go one at a time, in order: a slow earlier one never lands after a newer one. While one
 * is on its way only the newest list waits (the ones in between are stale before they are
 * sent), keeping a person a skipped update asked the frame to select. The list the background
 * already has is not sent again.
 */
import { personKey } from '../model/person-name';
import type { Person } from '../sidebar/state';

/**
 * Most people one report may carry: `MAX_PAGE_PEOPLE` of lib/messaging/protocol.ts, which is not
 * imported here (it would bring the whole protocol into the content script); a test pins the two.
 */
export const MAX_REPORTED_PEOPLE = 200;
/** Longest display name a report may carry (`PagePerson.name` in the protocol). */
export const MAX_REPORTED_NAME = 500;

export interface PeopleReporterOptions {
  /** Sends `page.people`; resolves true once the background has the list. */
  report(people: Person[]): Promise<boolean>;
  /** Tells the sidebar frame (called only after the background answered the report). */
  tell(people: Person[], preferred?: string): void;
  /**
   * Tells the sidebar frame, before the report is sent, whom the list selects (see above): the
   * `preferred` person alone, and only for a list that names one.
   */
  tellAhead?(people: Person[], preferred: string): void;
  signal: AbortSignal;
}

export interface PeopleReporter {
  /**
   * The people on the page now; `preferred` (a `personKey`) selects one in the frame (a new
   * thread or record).
   */
  update(people: Person[], preferred?: string): void;
  /** Resolves once every update so far has been reported and told (tests, benchmarks). */
  idle(): Promise<void>;
}

export function createPeopleReporter({
  report,
  tell,
  tellAhead,
  signal,
}: PeopleReporterOptions): PeopleReporter {
  /** What the background last accepted; null before the first report and after a failed one. */
  let reported: Person[] | null = null;
  let busy: Promise<void> | null = null;
  let waiting: { people: Person[]; preferred?: string } | null = null;

  async function deliver(people: Person[], preferred: string | undefined) {
    if (!reported || !samePeople(reported, people)) {
      reported = null;
      // Only a list that selects someone (a new thread or record) can show anyone sooner, and
      // only that person is needed for it: a long thread's whole list crosses once, below.
      const chosen = preferred ? people.filter((person) => personKey(person) === preferred) : [];
      if (tellAhead && preferred && chosen.length > 0 && !signal.aborted) tellAhead(chosen, preferred);
      const accepted = await report(people).catch(() => false);
      // A refused or lost report is sent again next time, even with the same people.
      reported = accepted ? people : null;
    }
    // The frame hears of them either way: if the background refused the list, its lookups for
    // these people fail there, which is where the decision belongs.
    if (!signal.aborted) tell(people, preferred);
  }

  function start(people: Person[], preferred: string | undefined) {
    busy = deliver(people, preferred).then(() => {
      const next = waiting;
      waiting = null;
      if (next && !signal.aborted) start(next.people, next.preferred);
      else busy = null;
    });
  }

  return {
    update(people, preferred) {
      if (signal.aborted) return;
      if (busy) {
        waiting = { people, preferred: preferred ?? waiting?.preferred };
        return;
      }
      start(people, preferred);
    },
    async idle() {
      while (busy) await busy;
    },
  };
}

/**
 * At most as many people as one report may carry, in order: a list longer than that loses its
 * last people, never one the user hovered (the latest of those, if it must).
 */
export function boundedPeople(list: Person[], hovered: readonly Person[]): Person[] {
  if (list.length <= MAX_REPORTED_PEOPLE) return list;
  const isHovered = (person: Person) => hovered.some((h) => personKey(h) === personKey(person));
  const keep = new Set(list.filter(isHovered).slice(-MAX_REPORTED_PEOPLE));
  let room = MAX_REPORTED_PEOPLE - keep.size;
  return list.filter((person) => (isHovered(person) ? keep.has(person) : room-- > 0));
}

export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.email === b[i]?.email && p.name === b[i]?.name && p.role === b[i]?.role)
  );
}
