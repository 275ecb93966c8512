/**
 * From everyone on screen to the one lead the sidebar shows (and the few the switcher offers):
 * drop the user and their colleagues, merge duplicates, rank by how the person relates to what
 * is open.
 */
import { nameKey } from '../model/person-name';
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
  /**
   * The signed-in account (Gmail's window title, Outlook's account manager), never a lead. Its
   * domain counts as internal too, unless it is a free-mail domain: a colleague in cc is not a
   * lead even before the team's domains are set.
   */
  accountEmail?: string | null;
  /** The signed-in user's display name: a persona showing only this name is them. */
  accountName?: string | null;
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
  const isTeam = teamMatcher(options);
  const freeMail = options.lookUpFreeMail ? null : new Set(options.freeMailDomains ?? FREE_MAIL_DOMAINS);
  const ownName = nameKey(options.accountName);

  /** People with an address, by address; people the page named without one, by name. */
  const best = new Map<string, LeadCandidate>();
  const named = new Map<string, LeadCandidate>();
  /** Names shown with an address that was left out: the same person, by name, goes too. */
  const droppedNames = new Set<string>();
  const keep = (map: Map<string, LeadCandidate>, key: string, next: LeadCandidate) => {
    const current = map.get(key);
    if (!current) map.set(key, next);
    else if (compareCandidates(next, current) < 0) map.set(key, { ...next, name: next.name ?? current.name });
    else if (!current.name && next.name) map.set(key, { ...current, name: next.name });
  };
  const considered = Math.min(candidates.length, MAX_CANDIDATES_CONSIDERED);
  for (let index = 0; index < considered; index++) {
    const candidate = candidates[index];
    if (!candidate) continue;
    if (candidate.email === undefined) {
      const key = nameKey(candidate.name);
      if (key && key !== ownName) keep(named, key, candidate);
      continue;
    }
    const email = normalizeEmail(candidate.email);
    if (!email) continue;
    if (isTeam(email) || freeMail?.has(domainOf(email))) {
      droppedNames.add(nameKey(candidate.name));
      continue;
    }
    keep(best, email, { ...candidate, email });
  }

  // A name the page also shows with an address (a mailto link, an opened contact card) is that
  // address; the person keeps the better of the two places they were seen in.
  const byName = new Map<string, string>();
  for (const [email, candidate] of best) {
    const key = nameKey(candidate.name);
    if (key && !byName.has(key)) byName.set(key, email);
  }
  for (const [key, candidate] of named) {
    const email = byName.get(key);
    if (email === undefined) continue;
    named.delete(key);
    const known = best.get(email)!;
    if (compareCandidates({ ...candidate, email }, known) < 0)
      best.set(email, { ...candidate, email, name: known.name });
  }
  for (const key of droppedNames) named.delete(key);

  const people = [...best.values(), ...named.values()]
    .sort(compareCandidates)
    .slice(0, options.maxPeople ?? MAX_PEOPLE);
  return { primary: people[0] ?? null, people };
}

/**
 * The company domain of an address: its domain, or null for a free-mail one (a Gmail user's
 * colleagues are not everyone at gmail.com).
 */
export function companyDomainOf(email: string): string | null {
  const domain = domainOf(email);
  return FREE_MAIL_DOMAINS.includes(domain) ? null : domain;
}

/**
 * Whether a (canonical) address is the user's or their team's: the signed-in account and the
 * user's other addresses, the team's domains and their subdomains, and the account's company
 * domain. The one rule for the people on a page and for the matches of a name.
 */
export function teamMatcher(
  team: Pick<ChooseOptions, 'accountEmail' | 'ownAddresses' | 'internalDomains'>,
): (email: string) => boolean {
  const own = new Set<string>();
  for (const address of [team.accountEmail, ...team.ownAddresses]) {
    const normalized = normalizeEmail(address);
    if (normalized) own.add(normalized);
  }
  const internal = team.internalDomains.map((domain) => domain.trim().toLowerCase()).filter(Boolean);
  const account = normalizeEmail(team.accountEmail);
  const company = account ? companyDomainOf(account) : null;
  if (company && !internal.includes(company)) internal.push(company);
  return (email) => {
    if (own.has(email)) return true;
    const domain = domainOf(email);
    return internal.some(
      (internalDomain) => domain === internalDomain || domain.endsWith(`.${internalDomain}`),
    );
  };
}

/**
 * Better role first, then the more recent (larger order), then someone with an address before
 * someone with only a name, then by address or name for a stable result.
 */
function compareCandidates(a: LeadCandidate, b: LeadCandidate): number {
  const aKey = a.email ?? `~${nameKey(a.name)}`;
  const bKey = b.email ?? `~${nameKey(b.name)}`;
  return (
    ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
    b.order - a.order ||
    Number(a.email === undefined) - Number(b.email === undefined) ||
    (aKey < bKey ? -1 : aKey > bKey ? 1 : 0)
  );
}
