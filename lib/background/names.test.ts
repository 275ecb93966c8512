/**
 * People a page names without an address, as the background serves them to the sidebar: only
 * names the frame's own tab reported, a confirmation only for an address that was offered for
 * that name, the pair remembered across worker lives, and the team never offered.
 */
import { describe, expect, it, vi } from 'vitest';
import type { NameMatch } from '../connectors/types';
import { MessageError, type Sender } from '../messaging/router';
import { nameKey } from '../model/person-name';
import { defaultSettings } from '../settings/schema';
import { openLooplineDB, type DB } from '../store/db';
import { nameLink } from '../store/people-memory';
import { createNameHandlers, type NameSearch } from './names';
import { createPagePeople, type SessionArea } from './page-people';

const TAB = 7;
const frame: Sender = { kind: 'sidebar', tabId: TAB, frameId: 3 };
const otherTab: Sender = { kind: 'sidebar', tabId: 8, frameId: 3 };
const JANE: NameMatch = { email: 'jane@acme.example', name: 'Jane Doe', company: 'Acme', source: 'hubspot' };
const JANE_TOO: NameMatch = { email: 'jane.doe@globex.example', name: 'Jane Doe', source: 'local' };
let n = 0;

function memorySession(): SessionArea {
  const items: Record<string, unknown> = {};
  return {
    get: async (key) => (key in items ? { [key]: structuredClone(items[key]) } : {}),
    set: async (next) => void Object.assign(items, structuredClone(next)),
    remove: async (key) => void delete items[key],
  };
}

function setup(matches: NameMatch[] = [JANE, JANE_TOO]) {
  const dbName = `names-${++n}-${Math.random()}`;
  let db: Promise<DB> | undefined;
  const dbOf = () => (db ??= openLooplineDB(dbName));
  const session = memorySession();
  const settings = defaultSettings();
  settings.you.internalDomains = ['northwind.example'];
  const search = vi.fn<NameSearch>(async (_name, isTeam) => ({
    matches: matches.filter((match) => !isTeam(match.email)),
    searched: ['hubspot', 'local'],
    failed: [],
  }));
  /** A new worker life: memory gone, database and session storage kept. */
  const life = () => {
    const pagePeople = createPagePeople(session);
    return {
      pagePeople,
      names: createNameHandlers({ db: dbOf, settings: async () => settings, pagePeople, search }),
    };
  };
  return { life, search, settings, db: dbOf };
}

const forbidden = expect.objectContaining({ code: 'forbidden' }) as unknown as MessageError;

describe('name look-ups for the sidebar', () => {
  it("searches only a name the frame's own tab reported", async () => {
    const { life, search } = setup();
    const { pagePeople, names } = life();
    await pagePeople.report(TAB, [], [nameKey('Jane Doe')]);

    const reply = await names.findByName({ name: 'DOE, Jane' }, frame);
    expect(reply.matches.map((match) => match.email)).toEqual([JANE.email, JANE_TOO.email]);
    expect(reply.matches[0]).toMatchObject({ name: 'Jane Doe', company: 'Acme', sources: ['HubSpot'] });
    expect(reply.searched).toEqual(['HubSpot', 'Local workspace']);

    await expect(names.findByName({ name: 'Jane Doe' }, otherTab)).rejects.toEqual(forbidden);
    await expect(names.findByName({ name: 'John Smith' }, frame)).rejects.toEqual(forbidden);
    expect(search).toHaveBeenCalledTimes(1);
  });

  it('links a name to an offered match only, and lets the sidebar show that person on that page', async () => {
    const { life, db } = setup();
    const { pagePeople, names } = life();
    await pagePeople.report(TAB, [], [nameKey('Jane Doe')]);
    await names.findByName({ name: 'Jane Doe' }, frame);

    await expect(names.confirmName({ name: 'Jane Doe', email: 'ceo@victim.example' }, frame)).rejects.toEqual(
      forbidden,
    );
    expect(await names.linkedOnPage(TAB, 'ceo@victim.example')).toBe(false);
    expect(await names.linkedOnPage(TAB, JANE.email)).toBe(false);

    await names.confirmName({ name: 'Jane Doe', email: JANE.email }, frame);
    expect(await nameLink(await db(), 'doe jane')).toMatchObject({ name: 'Jane Doe', email: JANE.email });
    expect(await names.linkedOnPage(TAB, JANE.email)).toBe(true);
    // Another tab that does not show the name may not act for her through it.
    expect(await names.linkedOnPage(8, JANE.email)).toBe(false);
    // The page moves on: the name is gone, so is the sidebar's right to her.
    await pagePeople.report(TAB, ['someone@else.example'], []);
    expect(await names.linkedOnPage(TAB, JANE.email)).toBe(false);
  });

  it('answers a remembered name at once, in a later worker life, without searching', async () => {
    const { life, search } = setup();
    const first = life();
    await first.pagePeople.report(TAB, [], [nameKey('Jane Doe')]);
    await first.names.findByName({ name: 'Jane Doe' }, frame);
    await first.names.confirmName({ name: 'Jane Doe', email: JANE.email }, frame);

    const second = life();
    const reply = await second.names.findByName({ name: 'jane doe' }, frame);
    expect(reply.remembered).toMatchObject({ email: JANE.email, name: 'Jane Doe' });
    expect(reply.matches).toEqual([]);
    expect(search).toHaveBeenCalledTimes(1);
    expect(await second.names.linkedOnPage(TAB, JANE.email)).toBe(true);
  });

  it('checks a confirmation against the sources again when the offer died with the worker', async () => {
    const { life, search } = setup();
    const first = life();
    await first.pagePeople.report(TAB, [], [nameKey('Jane Doe')]);
    await first.names.findByName({ name: 'Jane Doe' }, frame);

    const second = life();
    await second.names.confirmName({ name: 'Jane Doe', email: JANE_TOO.email }, frame);
    expect(search).toHaveBeenCalledTimes(2);
    await expect(
      second.names.confirmName({ name: 'Jane Doe', email: 'x@attacker.example' }, frame),
    ).rejects.toEqual(forbidden);
  });

  it('forgets a pair the user says is wrong, and offers the matches again', async () => {
    const { life } = setup();
    const { pagePeople, names } = life();
    await pagePeople.report(TAB, [], [nameKey('Jane Doe')]);
    await names.findByName({ name: 'Jane Doe' }, frame);
    await names.confirmName({ name: 'Jane Doe', email: JANE.email }, frame);

    expect(await names.forgetName({ name: 'Jane Doe' }, frame)).toEqual({ forgotten: true });
    expect(await names.linkedOnPage(TAB, JANE.email)).toBe(false);
    const again = await names.findByName({ name: 'Jane Doe' }, frame);
    expect(again.remembered).toBeUndefined();
    expect(again.matches).toHaveLength(2);
    expect(await names.forgetName({ name: 'Jane Doe' }, frame)).toEqual({ forgotten: false });
  });

  it("never offers the team: the settings' domains and the page's own account's domain", async () => {
    const colleague: NameMatch = { email: 'jane@northwind.example', name: 'Jane Doe', source: 'local' };
    const accountMate: NameMatch = {
      email: 'jane@loopline-sales.example',
      name: 'Jane Doe',
      source: 'local',
    };
    const { life } = setup([colleague, accountMate, JANE]);
    const { pagePeople, names } = life();
    await pagePeople.report(TAB, [], [nameKey('Jane Doe')]);
    await names.noteAccount(TAB, { email: 'sam@loopline-sales.example' });
    const reply = await names.findByName({ name: 'Jane Doe' }, frame);
    expect(reply.matches.map((match) => match.email)).toEqual([JANE.email]);
  });

  it('keeps the first signed-in account seen for the welcome page, with its company domain unless free mail', async () => {
    const { life } = setup();
    const { names } = life();
    expect(await names.accountSeen()).toBeNull();
    await names.noteAccount(TAB, { email: 'sam@loopline-sales.example', name: 'Sam Rep' });
    await names.noteAccount(9, { email: 'other@elsewhere.example' });
    expect(await names.accountSeen()).toEqual({
      email: 'sam@loopline-sales.example',
      name: 'Sam Rep',
      domain: 'loopline-sales.example',
    });

    const gmail = setup().life().names;
    await gmail.noteAccount(TAB, { email: 'sam.rep@gmail.com' });
    expect(await gmail.accountSeen()).toMatchObject({ email: 'sam.rep@gmail.com', domain: null });
  });
});

describe('the people a tab reported', () => {
  it('keeps names apart from addresses, across a worker restart, and reads what an earlier Loopline stored', async () => {
    const session = memorySession();
    const first = createPagePeople(session);
    await first.report(TAB, ['ada@acme.example'], ['jane doe']);
    const second = createPagePeople(session);
    expect(await second.has(TAB, 'ada@acme.example')).toBe(true);
    expect(await second.hasName(TAB, 'jane doe')).toBe(true);
    expect(await second.has(TAB, 'jane doe')).toBe(false);
    expect(await second.hasName(TAB, 'ada@acme.example')).toBe(false);

    await session.set({ pagePeople: { [TAB]: ['old@acme.example'] } });
    const third = createPagePeople(session);
    expect(await third.has(TAB, 'old@acme.example')).toBe(true);
    expect(await third.names(TAB)).toEqual([]);
  });
});
