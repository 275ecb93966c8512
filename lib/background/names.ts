/**
 * People a page names without an address (Outlook's personas). The sidebar may ask who the
 * sources have under a name its own tab reported, and the user confirms one of the matches; the
 * pair is remembered in this browser, and from then on the sidebar may show that person for that
 * name. Nothing is looked up about a match (history, outcomes) until it is confirmed, and nothing
 * is ever written back for a name alone.
 *
 * The trust rule is the one for addresses: the sidebar acts only for people its tab's content
 * script reported. A name lets it see the matches' names and addresses, which the sources would
 * show the user anyway; a confirmation is accepted only for an address that was offered for that
 * name, so a compromised frame cannot link a name on its page to a lead of its choosing.
 */
import { companyDomainOf, teamMatcher } from '../detect/choose';
import type { Connector, NameMatch } from '../connectors/types';
import { findPeopleByName, InvalidNameError } from '../leads/name-lookup';
import { sourcePermitted } from '../leads/sources';
import type { NameMatchView, NameSearchReply, PageAccount } from '../messaging/protocol';
import { MessageError, type Sender } from '../messaging/router';
import { SOURCE_NAMES, type SourceId } from '../model';
import { nameKey } from '../model/person-name';
import type { Settings } from '../settings/schema';
import type { DB } from '../store/db';
import {
  deleteNameLink,
  nameLink,
  nameLinksFor,
  noteSeenAccount,
  putNameLink,
  seenAccount,
} from '../store/people-memory';
import type { PagePeople } from './page-people';

/** What the sources have under a name; the team's own people already left out. */
export interface NameSearchResult {
  matches: (NameMatch & { sources?: SourceId[] })[];
  /** The sources asked. */
  searched: SourceId[];
  /** Sources that could not be searched; `message` says so in full ("HubSpot could not be searched: …"). */
  failed: { source: SourceId; message: string }[];
}

export type NameSearch = (name: string, isTeam: (email: string) => boolean) => Promise<NameSearchResult>;

export interface NameHandlersDeps {
  db: () => Promise<DB>;
  settings: () => Promise<Settings>;
  pagePeople: PagePeople;
  search: NameSearch;
  now?: () => Date;
}

/**
 * Searching the sources that can search names (lib/leads/name-lookup.ts) for the handlers: the
 * enabled, configured sources whose hosts the browser grants (`contains`).
 */
export function searchSources(deps: {
  settings: () => Promise<Settings>;
  connectorFor: (source: SourceId, settings: Settings) => Promise<Connector>;
  contains: (origins: string[]) => Promise<boolean>;
}): NameSearch {
  return async (name, isTeam) => {
    try {
      return await findPeopleByName(name, {
        settings: deps.settings,
        connectorFor: deps.connectorFor,
        permitted: (source, settings) => sourcePermitted(source, settings, deps.contains),
        isTeam,
      });
    } catch (error) {
      if (error instanceof InvalidNameError) throw new MessageError('bad_request', error.message);
      throw error;
    }
  };
}

/** Tabs whose offers are kept in memory; an offer lost with the worker is searched again. */
const MAX_OFFER_TABS = 50;

export function createNameHandlers({
  db,
  settings,
  pagePeople,
  search,
  now = () => new Date(),
}: NameHandlersDeps) {
  /** The addresses last offered per tab and name key: what a confirmation may pick from. */
  const offered = new Map<number, Map<string, Set<string>>>();
  /** The signed-in account each tab's page showed (memory only: the page reports it again). */
  const accounts = new Map<number, string>();
  /** The first account seen is stored (or was already) in this worker's life. */
  let accountNoted: Promise<void> | undefined;

  function remember(tabId: number, key: string, emails: Iterable<string>) {
    // Map order is insertion order: the tab moves to the end, the least recent goes first.
    const byName = offered.get(tabId) ?? new Map<string, Set<string>>();
    offered.delete(tabId);
    offered.set(tabId, byName.set(key, new Set(emails)));
    while (offered.size > MAX_OFFER_TABS) offered.delete(offered.keys().next().value!);
  }

  /** The team as the page's chooser counts it, with the account the tab (or the first page) showed. */
  async function teamFilter(tabId: number | undefined): Promise<(email: string) => boolean> {
    const { you } = await settings();
    const account =
      (tabId !== undefined ? accounts.get(tabId) : undefined) ?? (await seenAccount(await db()))?.email;
    return teamMatcher({
      accountEmail: account,
      ownAddresses: you.ownAddresses,
      internalDomains: you.internalDomains,
    });
  }

  /** The name's key, when the sender's tab reported someone by that name; refused otherwise. */
  async function reportedName(sender: Sender, name: string): Promise<{ tabId: number; key: string }> {
    const key = nameKey(name);
    if (sender.tabId !== undefined && key && (await pagePeople.hasName(sender.tabId, key)))
      return { tabId: sender.tabId, key };
    throw new MessageError(
      'forbidden',
      "That name is not among the people on this page; Loopline's sidebar looks up only them.",
    );
  }

  async function searchName(tabId: number, key: string, name: string): Promise<NameSearchResult> {
    const result = await search(name, await teamFilter(tabId));
    remember(
      tabId,
      key,
      result.matches.map((match) => match.email),
    );
    return result;
  }

  return {
    /**
     * The page's people arrived: note its account, for the team filter and the welcome page.
     * The first account seen is written once; later reports cost no database work.
     */
    async noteAccount(tabId: number, account: PageAccount | undefined): Promise<void> {
      if (!account?.email) return;
      accounts.delete(tabId);
      accounts.set(tabId, account.email);
      while (accounts.size > MAX_OFFER_TABS) accounts.delete(accounts.keys().next().value!);
      accountNoted ??= noteSeenAccount(await db(), {
        email: account.email,
        name: account.name,
        seenAt: now().toISOString(),
      }).catch(() => {
        // Not written this time: the next report tries again.
        accountNoted = undefined;
      });
      await accountNoted;
    },

    forgetTab(tabId: number): void {
      offered.delete(tabId);
      accounts.delete(tabId);
    },

    /**
     * Whether the sender's page names someone without an address whom the user confirmed as
     * `email`: the sidebar may then show and act for them as for an address on the page.
     */
    async linkedOnPage(tabId: number, email: string): Promise<boolean> {
      const names = await pagePeople.names(tabId);
      if (names.length === 0) return false;
      for (const link of (await nameLinksFor(await db(), names)).values())
        if (link.email === email) return true;
      return false;
    },

    async findByName({ name }: { name: string }, sender: Sender): Promise<NameSearchReply> {
      const { tabId, key } = await reportedName(sender, name);
      const link = await nameLink(await db(), key);
      if (link) {
        remember(tabId, key, [link.email]);
        return {
          remembered: { email: link.email, name: link.name, sources: [] },
          matches: [],
          searched: [],
          failed: [],
        };
      }
      const result = await searchName(tabId, key, name);
      return {
        matches: result.matches.map(toView),
        searched: result.searched.map((source) => SOURCE_NAMES[source]),
        failed: result.failed.map((failure) => ({
          source: SOURCE_NAMES[failure.source],
          message: failure.message,
        })),
      };
    },

    async confirmName(
      { name, email }: { name: string; email: string },
      sender: Sender,
    ): Promise<Record<string, never>> {
      const { tabId, key } = await reportedName(sender, name);
      let choices = offered.get(tabId)?.get(key);
      // The worker stopped since the offer: ask the sources again rather than trust the frame.
      if (!choices?.has(email)) {
        await searchName(tabId, key, name);
        choices = offered.get(tabId)?.get(key);
      }
      if (!choices?.has(email))
        throw new MessageError(
          'forbidden',
          `${email} was not offered for that name; Loopline links a name only to a match.`,
        );
      await putNameLink(await db(), key, { name: name.trim(), email, confirmedAt: now().toISOString() });
      return {};
    },

    async forgetName({ name }: { name: string }, sender: Sender): Promise<{ forgotten: boolean }> {
      const { tabId, key } = await reportedName(sender, name);
      offered.get(tabId)?.delete(key);
      return { forgotten: await deleteNameLink(await db(), key) };
    },

    /** The welcome page's suggestion: the first account a mail page showed. */
    async accountSeen(): Promise<{ email: string; domain: string | null; name?: string } | null> {
      const account = await seenAccount(await db());
      if (!account) return null;
      return { email: account.email, name: account.name, domain: companyDomainOf(account.email) };
    },
  };
}

/** One match as the sidebar shows it: where it was found by name. */
function toView(match: NameSearchResult['matches'][number]): NameMatchView {
  return {
    email: match.email,
    name: match.name.slice(0, 200),
    company: match.company?.slice(0, 200),
    title: match.title?.slice(0, 200),
    sources: (match.sources ?? [match.source]).map((source) => SOURCE_NAMES[source]),
  };
}

export type NameHandlers = ReturnType<typeof createNameHandlers>;
