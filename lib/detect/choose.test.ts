import { describe, expect, it } from 'vitest';
import type { LeadCandidate } from '../sites/types';
import { chooseLeads, MAX_PEOPLE, type ChooseOptions } from './choose';

const BASE: ChooseOptions = {
  accountEmail: 'sam@northwind.io',
  ownAddresses: ['sam.rivera@gmail.com'],
  internalDomains: ['northwind.io'],
  lookUpFreeMail: true,
};

const c = (email: string, role: LeadCandidate['role'], order: number, name?: string): LeadCandidate =>
  name ? { email, role, order, name } : { email, role, order };

describe('chooseLeads', () => {
  it.each<{
    name: string;
    candidates: LeadCandidate[];
    options?: Partial<ChooseOptions>;
    primary: string | null;
    people: string[];
  }>([
    {
      name: 'prefers the most recent external sender',
      candidates: [
        c('ada@acme.com', 'sender', 0),
        c('grace@hopper.io', 'sender', 2),
        c('sam@northwind.io', 'sender', 1),
      ],
      primary: 'grace@hopper.io',
      people: ['grace@hopper.io', 'ada@acme.com'],
    },
    {
      name: 'a sender beats recipients, recipients beat compose chips and records',
      candidates: [
        c('bob@b.com', 'record', 9),
        c('cat@c.com', 'compose', 9),
        c('dan@d.com', 'cc', 9),
        c('eve@e.com', 'to', 0),
        c('ada@acme.com', 'sender', 0),
      ],
      primary: 'ada@acme.com',
      people: ['ada@acme.com', 'eve@e.com', 'dan@d.com', 'cat@c.com', 'bob@b.com'],
    },
    {
      name: 'the user pointing at someone wins',
      candidates: [c('ada@acme.com', 'sender', 5), c('zed@z.com', 'hover', 0)],
      primary: 'zed@z.com',
      people: ['zed@z.com', 'ada@acme.com'],
    },
    {
      name: 'drops the account, other own addresses, internal domains and their subdomains',
      candidates: [
        c('SAM@northwind.io', 'sender', 3),
        c('sam.rivera@gmail.com', 'to', 3),
        c('priya@northwind.io', 'sender', 2),
        c('ops@eu.northwind.io', 'sender', 2),
        c('ada@notnorthwind.io', 'to', 1),
      ],
      primary: 'ada@notnorthwind.io',
      people: ['ada@notnorthwind.io'],
    },
    {
      name: 'drops free mail when look-ups of it are off',
      candidates: [c('charlie@gmail.com', 'sender', 2), c('ada@acme.com', 'to', 1)],
      options: { lookUpFreeMail: false },
      primary: 'ada@acme.com',
      people: ['ada@acme.com'],
    },
    {
      name: 'keeps free mail by default',
      candidates: [c('charlie@gmail.com', 'sender', 2), c('ada@acme.com', 'to', 1)],
      primary: 'charlie@gmail.com',
      people: ['charlie@gmail.com', 'ada@acme.com'],
    },
    {
      name: 'uses a custom free-mail list',
      candidates: [c('a@mybox.example', 'sender', 2), c('b@gmail.com', 'sender', 1)],
      options: { lookUpFreeMail: false, freeMailDomains: ['mybox.example'] },
      primary: 'b@gmail.com',
      people: ['b@gmail.com'],
    },
    {
      name: 'merges duplicates, keeping the best role and the latest order',
      // Ada's first message alone (order 1) would lose to Bob's (order 2); her latest (3) wins.
      candidates: [
        c('ada@acme.com', 'to', 7),
        c('Ada@Acme.com', 'sender', 1),
        c('bob@b.com', 'sender', 2),
        c('ada@acme.com', 'sender', 3),
      ],
      primary: 'ada@acme.com',
      people: ['ada@acme.com', 'bob@b.com'],
    },
    {
      name: 'skips invalid addresses',
      candidates: [c('not an address', 'sender', 9), c('ada@acme.com', 'to', 0)],
      primary: 'ada@acme.com',
      people: ['ada@acme.com'],
    },
    {
      name: 'nothing left means no lead',
      candidates: [c('sam@northwind.io', 'sender', 0)],
      primary: null,
      people: [],
    },
    { name: 'no candidates', candidates: [], primary: null, people: [] },
  ])('$name', ({ candidates, options, primary, people }) => {
    const choice = chooseLeads(candidates, { ...BASE, ...options });
    expect(choice.primary?.email ?? null).toBe(primary);
    expect(choice.people.map((p) => p.email)).toEqual(people);
  });

  it('keeps a display name from any duplicate', () => {
    const choice = chooseLeads(
      [c('ada@acme.com', 'sender', 3), c('ada@acme.com', 'to', 1, 'Ada Lovelace')],
      BASE,
    );
    expect(choice.primary).toEqual({ email: 'ada@acme.com', role: 'sender', order: 3, name: 'Ada Lovelace' });
  });

  it('caps the switcher for a mailing list and stays bounded on huge input', () => {
    const candidates = Array.from({ length: 20_000 }, (_, i) =>
      c(`person${i}@list-${i % 7}.example`, 'to', i % 3),
    );
    candidates.push(c('poster@list.example', 'sender', 5));
    const choice = chooseLeads(candidates, BASE);
    expect(choice.people).toHaveLength(MAX_PEOPLE);
    // Beyond the considered window (adapters send far fewer), later candidates are not read.
    expect(choice.primary?.role).toBe('to');
    expect(chooseLeads(candidates.slice(-10), BASE).primary?.email).toBe('poster@list.example');
  });

  it('honours a smaller switcher', () => {
    const candidates = [c('a@a.com', 'to', 0), c('b@b.com', 'to', 1), c('c@c.com', 'to', 2)];
    expect(chooseLeads(candidates, { ...BASE, maxPeople: 2 }).people.map((p) => p.email)).toEqual([
      'c@c.com',
      'b@b.com',
    ]);
  });

  it('does not mutate its input', () => {
    const candidates = [c('Ada@Acme.com', 'to', 1), c('ada@acme.com', 'sender', 2)];
    const copy = structuredClone(candidates);
    chooseLeads(candidates, BASE);
    expect(candidates).toEqual(copy);
  });

  describe('people the page names without an address', () => {
    const named = (name: string, role: LeadCandidate['role'], order: number): LeadCandidate => ({
      name,
      role,
      order,
    });
    const keys = (choice: ReturnType<typeof chooseLeads>) =>
      choice.people.map((p) => p.email ?? `~${p.name}`);

    it('ranks a name-only sender above a recipient with an address', () => {
      const choice = chooseLeads([c('eve@e.com', 'cc', 1), named('Jane Doe', 'sender', 0)], BASE);
      expect(choice.primary).toEqual({ name: 'Jane Doe', role: 'sender', order: 0 });
      expect(keys(choice)).toEqual(['~Jane Doe', 'eve@e.com']);
    });

    it('puts someone with an address before a name alone in the same place', () => {
      const choice = chooseLeads([named('Jane Doe', 'to', 1), c('eve@e.com', 'to', 1)], BASE);
      expect(keys(choice)).toEqual(['eve@e.com', '~Jane Doe']);
    });

    it('merges one name seen twice, however it is spelled', () => {
      const choice = chooseLeads(
        [named('Jane Doe', 'cc', 0), named('Doe, Jane', 'sender', 2), named('JANE  DOE', 'to', 1)],
        BASE,
      );
      expect(choice.people).toEqual([{ name: 'Doe, Jane', role: 'sender', order: 2 }]);
    });

    it('takes the address for a name the page also shows with one, in the better place', () => {
      const choice = chooseLeads(
        [named('Jane Doe', 'sender', 2), c('jane@acme.example', 'page', 0, 'Jane Doe')],
        BASE,
      );
      expect(choice.people).toEqual([
        { email: 'jane@acme.example', name: 'Jane Doe', role: 'sender', order: 2 },
      ]);
    });

    it('never offers the signed-in user by their name', () => {
      const choice = chooseLeads([named('Sam Rep', 'sender', 3), named('Jane Doe', 'to', 1)], {
        ...BASE,
        accountName: 'Rep, Sam',
      });
      expect(keys(choice)).toEqual(['~Jane Doe']);
    });

    it('drops a name whose address the team counts as its own', () => {
      const choice = chooseLeads(
        [named('Kim Colleague', 'sender', 2), c('kim@northwind.io', 'page', 0, 'Kim Colleague')],
        BASE,
      );
      expect(choice.people).toEqual([]);
    });

    it('ignores a "name" with no letters in it', () => {
      expect(chooseLeads([named(' 42 ', 'sender', 1), named('', 'to', 1)], BASE).people).toEqual([]);
    });
  });

  describe("the signed-in account's domain", () => {
    const noTeam = { ...BASE, accountEmail: 'sam@northwind.example', ownAddresses: [], internalDomains: [] };

    it('counts as internal even before the team sets its domains', () => {
      const choice = chooseLeads(
        [
          c('kim@northwind.example', 'cc', 1),
          c('kim@eu.northwind.example', 'cc', 1),
          c('jane@acme.example', 'to', 0),
        ],
        noTeam,
      );
      expect(choice.people.map((p) => p.email)).toEqual(['jane@acme.example']);
    });

    it('does not make everyone at a free-mail domain a colleague', () => {
      const choice = chooseLeads([c('friend@gmail.com', 'sender', 1)], {
        ...noTeam,
        accountEmail: 'sam@gmail.com',
      });
      expect(choice.primary?.email).toBe('friend@gmail.com');
    });
  });
});
