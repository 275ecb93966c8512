/**
 * From everyone on screen to the one lead the sidebar shows (and the few the switcher offers):
 * drop the user and their colleagues, merge duplicates, rank by how the person relates to what
 * is open.
 */
import type { LeadCandidate, LeadRole } from '../sites/types';
import { domainOf, normalizeEmail } from './emails';

/** Common consumer mailbox domains, skipped when the user turns free-mail look-ups off. */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'web.de',
  'mail.com',
  'yandex.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'qq.com',
  '163.com',
];

/** How many people the switcher offers. */
export const MAX_PEOPLE = 25;
/** A mailing list can put thousands of candidates on screen; more than this are not read. */
export const MAX_CANDIDATES_CONSIDERED = 5000;

/**
 * Lower ranks first. Hovering is the user pointing at someone, so it wins; then whoever wrote
 * to us, then whoever we wrote to, then a record's own address, then text found on a page.
 */
const ROLE_RANK: Record<LeadRole, number> = {
  hover: 0,
  sender: 1,
  to: 2,
  cc: 3,
  compose: 4,
  record: 5,
  page: 6,
};

export interface ChooseOptions {
  /** The signed-in account (Gmail's window title), never a lead. */
  accountEmail?: string | null;
  /** The user's other addresses (settings). */
  ownAddresses: readonly string[];
  /** The user's company domains (settings); subdomains count as internal too. */
  internalDomains: readonly string[];
  lookUpFreeMail: boolean;
  freeMailDomains?: readonly string[];
  maxPeople?: number;
}

export interface LeadChoice {
  primary: LeadCandidate | null;
  /** Everyone worth offering, best first (the primary is the first). */
  people: LeadCandidate[];
}

export function chooseLeads(candidates: readonly LeadCandidate[], options: ChooseOptions): LeadChoice {
  const own = new Set<string>();
  for (const address of [options.accountEmail, ...options.ownAddresses]) {
    const normalized = normalizeEmail(address);
    if (normalized) own.add(normalized);
  }
  const internal = options.internalDomains.map((domain) => domain.trim().toLowerCase()).filter(Boolean);
  const freeMail = options.lookUpFreeMail ? null : new Set(options.freeMailDomains ?? FREE_MAIL_DOMAINS);

  const best = new Map<string, LeadCandidate>();
  const considered = Math.min(candidates.length, MAX_CANDIDATES_CONSIDERED);
  for (let index = 0; index < considered; index++) {
    const candidate = candidates[index];
    if (!candidate) continue;
    const email = normalizeEmail(candidate.email);
    if (!email || own.has(email)) continue;
    const domain = domainOf(email);
    if (internal.some((internalDomain) => domain === internalDomain || domain.endsWith(`.${internalDomain}`)))
      continue;
    if (freeMail?.has(domain)) continue;

    const current = best.get(email);
    const next: LeadCandidate = { ...candidate, email };
    if (!current) {
      best.set(email, next);
    } else if (compareCandidates(next, current) < 0) {
      best.set(email, { ...next, name: next.name ?? current.name });
    } else if (!current.name && next.name) {
      best.set(email, { ...current, name: next.name });
    }
  }

  const people = [...best.values()].sort(compareCandidates).slice(0, options.maxPeople ?? MAX_PEOPLE);
  return { primary: people[0] ?? null, people };
}

/** Better role first, then the more recent (larger order), then by address for a stable result. */
function compareCandidates(a: LeadCandidate, b: LeadCandidate): number {
  return (
    ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
    b.order - a.order ||
    ((a.email ?? '') < (b.email ?? '') ? -1 : (a.email ?? '') > (b.email ?? '') ? 1 : 0)
  );
}
