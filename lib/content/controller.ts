/**
 * The content script's logic, free of WXT so that it can be tested in happy-dom: follows the
 * page with the site adapter's watcher, picks the lead, reports who is on the page to the
 * background and then tells the sidebar (in its own frame, through a SidebarLink).
 */
import { chooseLeads } from '../detect/choose';
import { createTypedRecipients } from '../detect/typed-recipients';
import { normalizeEmail } from '../detect/emails';
import { MAX_NAME_LENGTH, personKey } from '../model/person-name';
import { createPageWatcher, type PageWatcher } from '../detect/watch';
import type { Person } from '../sidebar/state';
import type { Detection, LeadCandidate, SiteAdapter } from '../sites/types';
import type { SidebarLink } from './frame-link';
import { boundedPeople, createPeopleReporter, MAX_REPORTED_NAME, MAX_REPORTED_PEOPLE } from './people-report';

export interface TeamFilter {
  ownAddresses: readonly string[];
  internalDomains: readonly string[];
  lookUpFreeMail: boolean;
}

export interface ContentControllerOptions {
  adapter: SiteAdapter;
  doc: Document;
  getUrl: () => URL;
  signal: AbortSignal;
  sidebar: SidebarLink;
  /**
   * Sends the people on the page to the background (`page.people`); true once it has them. The
   * frame is told only after that, so that its lookups find them reported.
   */
  report(people: Person[]): Promise<boolean>;
  team: () => TeamFilter;
  /** How long the pointer rests on an address before that person is offered. */
  hoverDwellMs?: number;
}

export interface ContentController {
  watcher: PageWatcher;
  /** Choose again among the people last detected (the team's settings changed). */
  rechoose(): void;
  /** A message from the background (already checked to come from this extension). */
  onMessage(message: unknown): void;
  /** The view the sidebar shows, for tests and benchmarks. */
  lastDetection(): Detection | null;
  /** Resolves once the people found so far are reported and told (tests, benchmarks). */
  reported(): Promise<void>;
}

/** Page text is unbounded; the report is not. */
const nameOf = (name: string | null | undefined) => name?.slice(0, MAX_REPORTED_NAME) || undefined;

const toPerson = (candidate: LeadCandidate): Person => ({
  email: candidate.email,
  name: nameOf(candidate.name),
  role:
    candidate.role === 'sender' ||
    candidate.role === 'to' ||
    candidate.role === 'cc' ||
    candidate.role === 'record'
      ? candidate.role
      : undefined,
});

/**
 * The signed-in user as the page shows them, sent with the people: the background leaves them
 * and their colleagues out of name matches, and the welcome page suggests them as the user.
 */
export function pageAccount(
  adapter: SiteAdapter,
  doc: Document,
): { email?: string; name?: string } | undefined {
  const email = normalizeEmail(adapter.accountEmail?.(doc)) ?? undefined;
  const name = adapter.accountName?.(doc)?.trim().slice(0, MAX_NAME_LENGTH) || undefined;
  return email || name ? { email, name } : undefined;
}

export function startContentController(options: ContentControllerOptions): ContentController {
  const { adapter, doc, sidebar, signal } = options;
  let last: Detection | null = null;
  /** The people on the page as last found (reported, then told to the sidebar, in order). */
  let people: Person[] = [];
  const reporter = createPeopleReporter({
    report: options.report,
    tell: (list, preferred) => sidebar.setPeople(list, preferred),
    tellAhead: (list, preferred) => sidebar.setPeople(list, preferred, { ahead: true }),
    signal,
  });
  const tell = (list: Person[], preferred?: string) => {
    if (signal.aborted) return;
    people = list;
    reporter.update(list, preferred);
  };

  const choose = (candidates: readonly LeadCandidate[]) =>
    chooseLeads(candidates, {
      accountEmail: adapter.accountEmail?.(doc) ?? null,
      accountName: adapter.accountName?.(doc) ?? null,
      ...options.team(),
    });

  /** The person behind a hovered address, unless the team's settings leave them out. */
  const hoverPick = (email: string) =>
    choose([{ email, role: 'hover', order: Number.MAX_SAFE_INTEGER }]).primary;
  /** People offered by hovering in the current view: kept when its people are chosen again. */
  let hovered: Person[] = [];

  // A typed recipient that the page turns into a pill showing only a name keeps its address.
  const typedRecipients = createTypedRecipients();

  function onDetection(raw: Detection) {
    const detection = typedRecipients.apply(raw);
    const sameView = last?.viewKey === detection.viewKey;
    last = detection;
    if (!sameView) hovered = [];
    const choice = detection.viewKey === null ? null : choose(detection.candidates);
    const found = choice ? choice.people.map(toPerson) : [];
    // More people rendered, or the team's settings changed: whoever was hovered in this view
    // stays in the switcher, unless the settings now count them as the team's own.
    hovered = hovered.filter((person) => person.email !== undefined && hoverPick(person.email) !== null);
    const extra = hovered.filter((person) => !found.some((p) => p.email === person.email));
    // A new thread or record selects its best lead; within the same one (more recipients
    // rendered, a chip added) the person the user picked stays selected.
    const primary = choice?.primary;
    tell(boundedPeople([...found, ...extra], hovered), sameView || !primary ? undefined : personKey(primary));
  }

  const watcher = createPageWatcher({ adapter, doc, getUrl: options.getUrl, signal, onDetection });

  // Hovering a person the site marks up offers them in the switcher (and shows them when nothing
  // else is). Sites without a hover hook are not listened to at all.
  const hoverPerson = adapter.hoverPerson?.bind(adapter);
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  if (hoverPerson) {
    doc.addEventListener(
      'mouseover',
      (event) => {
        clearTimeout(hoverTimer);
        const target = event.target as Element | null;
        const found = target?.getAttribute ? hoverPerson(target) : null;
        if (!found) return;
        hoverTimer = setTimeout(() => {
          const picked = hoverPick(found.email);
          if (!picked || signal.aborted) return;
          if (people.some((p) => p.email === picked.email)) return;
          const person: Person = { email: picked.email ?? found.email, name: nameOf(found.name) };
          hovered = [...hovered.slice(1 - MAX_REPORTED_PEOPLE), person];
          tell(boundedPeople([...people, person], hovered), people.length === 0 ? picked.email : undefined);
        }, options.hoverDwellMs ?? 600);
      },
      { passive: true, signal },
    );
    signal.addEventListener('abort', () => clearTimeout(hoverTimer));
  }

  return {
    watcher,
    lastDetection: () => last,
    reported: () => reporter.idle(),
    rechoose() {
      // The same view: the person the user picked stays selected if still a candidate.
      if (last && !signal.aborted) onDetection(last);
    },
    onMessage(message) {
      if (!message || typeof message !== 'object' || signal.aborted) return;
      if ((message as { type?: unknown }).type === 'sidebar.toggle') sidebar.toggle();
    },
  };
}
