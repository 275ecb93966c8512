/**
 * A page that names people without their addresses (Outlook's personas): the content script
 * reports them by name, selects the sender by name, leaves the signed-in user out by their name,
 * and sends the account it saw along with the people. A fake adapter stands for the site.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Person } from '../sidebar/state';
import type { Detection, LeadCandidate, SiteAdapter } from '../sites/types';
import { pageAccount, startContentController } from './controller';

const aborts: AbortController[] = [];
afterEach(() => {
  for (const abort of aborts.splice(0)) abort.abort();
  document.body.replaceChildren();
});

function adapterShowing(
  candidates: LeadCandidate[],
  account: { email?: string; name?: string } = {},
): SiteAdapter {
  return {
    id: 'gmail',
    label: 'Test mail',
    matches: () => true,
    scope: (doc) => doc.body,
    detect: (): Detection => ({ viewKey: 'message-1', candidates }),
    accountEmail: () => account.email ?? null,
    accountName: () => account.name ?? null,
  };
}

async function run(adapter: SiteAdapter) {
  const told: { people: Person[]; preferred?: string }[] = [];
  const reports: Person[][] = [];
  const abort = new AbortController();
  aborts.push(abort);
  const controller = startContentController({
    adapter,
    doc: document,
    getUrl: () => new URL('https://outlook.office.com/mail/id/AAMk'),
    signal: abort.signal,
    sidebar: { setPeople: (people, preferred) => told.push({ people, preferred }), toggle: vi.fn() },
    report: async (people) => {
      reports.push(people);
      return true;
    },
    team: () => ({ ownAddresses: [], internalDomains: [], lookUpFreeMail: true }),
  });
  controller.watcher.check();
  await controller.reported();
  return { told, reports };
}

describe('people named without an address', () => {
  it('are reported by name and the sender is selected by name', async () => {
    const { told, reports } = await run(
      adapterShowing(
        [
          { name: 'Sam Rep', role: 'to', order: 0 },
          { name: 'Jane Doe', role: 'sender', order: 0 },
          { email: 'bob@acme.example', role: 'cc', order: 0 },
          { email: 'kim@loopline-sales.example', role: 'cc', order: 0 },
        ],
        { email: 'sam@loopline-sales.example', name: 'Sam Rep' },
      ),
    );
    expect(reports).toEqual([
      [
        { name: 'Jane Doe', role: 'sender', email: undefined },
        { email: 'bob@acme.example', name: undefined, role: 'cc' },
      ],
    ]);
    expect(told.at(-1)?.preferred).toBe('name:doe jane');
  });

  it("send the page's account with the people, bounded and validated", () => {
    const doc = document;
    expect(
      pageAccount(adapterShowing([], { email: ' Sam@Loopline-Sales.example ', name: ' Sam Rep ' }), doc),
    ).toEqual({
      email: 'sam@loopline-sales.example',
      name: 'Sam Rep',
    });
    expect(
      pageAccount(adapterShowing([], { email: 'not an address', name: 'x'.repeat(1000) }), doc)?.name,
    ).toHaveLength(200);
    expect(pageAccount(adapterShowing([], { email: 'not an address' }), doc)).toBeUndefined();
  });
});
