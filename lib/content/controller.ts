/**
 * The content script's logic, free of WXT so that it can be tested in happy-dom: follows the
 * page with the site adapter's watcher, picks the lead, and drives the sidebar state.
 */
import { chooseLeads } from '../detect/choose';
import { hoverCandidate } from '../detect/hover';
import { createPageWatcher, type PageWatcher } from '../detect/watch';
import { LeadView } from '../model/view';
import type { Person, SidebarState } from '../sidebar/state';
import { gmailAccountEmail } from '../sites/gmail';
import type { Detection, LeadCandidate, SiteAdapter } from '../sites/types';

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
  state: SidebarState;
  team: () => TeamFilter;
  /** How long the pointer rests on an address before that person is offered. */
  hoverDwellMs?: number;
}

export interface ContentController {
  watcher: PageWatcher;
  /** A message from the background (already checked to come from this extension). */
  onMessage(message: unknown): void;
  /** The view the sidebar shows, for tests and benchmarks. */
  lastDetection(): Detection | null;
}

const toPerson = (candidate: LeadCandidate): Person => ({
  email: candidate.email,
  name: candidate.name,
  role:
    candidate.role === 'sender' ||
    candidate.role === 'to' ||
    candidate.role === 'cc' ||
    candidate.role === 'record'
      ? candidate.role
      : undefined,
});

export function startContentController(options: ContentControllerOptions): ContentController {
  const { adapter, doc, state, signal } = options;
  let last: Detection | null = null;

  const choose = (candidates: readonly LeadCandidate[]) =>
    chooseLeads(candidates, {
      accountEmail: adapter.id === 'gmail' ? gmailAccountEmail(doc.title) : null,
      ...options.team(),
    });

  function onDetection(detection: Detection) {
    const sameView = last?.viewKey === detection.viewKey;
    last = detection;
    if (detection.viewKey === null) {
      state.setPeople([]);
      return;
    }
    const choice = choose(detection.candidates);
    const people = choice.people.map(toPerson);
    // A new thread or record selects its best lead; within the same one (more recipients
    // rendered, a chip added) the person the user picked stays selected.
    state.setPeople(people, sameView ? undefined : choice.primary?.email);
  }

  const watcher = createPageWatcher({ adapter, doc, getUrl: options.getUrl, signal, onDetection });

  // Hovering an address offers that person in the switcher (and shows them when nothing else is).
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  doc.addEventListener(
    'mouseover',
    (event) => {
      clearTimeout(hoverTimer);
      const email = hoverCandidate(event.target as Element | null);
      if (!email) return;
      hoverTimer = setTimeout(() => {
        const picked = choose([{ email, role: 'hover', order: Number.MAX_SAFE_INTEGER }]).primary;
        if (!picked || signal.aborted) return;
        const current = state.people.value;
        if (current.some((p) => p.email === picked.email)) return;
        const name = (event.target as Element | null)?.getAttribute?.('name') ?? undefined;
        state.setPeople(
          [...current, { email: picked.email, name }],
          current.length === 0 ? picked.email : undefined,
        );
      }, options.hoverDwellMs ?? 600);
    },
    { passive: true, signal },
  );
  signal.addEventListener('abort', () => {
    clearTimeout(hoverTimer);
    state.dispose();
  });

  return {
    watcher,
    lastDetection: () => last,
    onMessage(message) {
      if (!message || typeof message !== 'object') return;
      const { type, payload } = message as { type?: unknown; payload?: unknown };
      if (type === 'sidebar.toggle') state.toggle();
      if (type === 'lead.updated') {
        const parsed = LeadView.safeParse(payload);
        if (parsed.success) state.receiveUpdate(parsed.data);
      }
    },
  };
}
