/**
 * What the controller asks of the site: the signed-in account (so that it is never the lead) and
 * who is under the pointer. A site without those hooks gets neither, whatever its markup.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Person } from '../sidebar/state';
import { gmailAdapter } from '../sites/gmail';
import type { SiteAdapter } from '../sites/types';
import { startContentController } from './controller';

const ADA = 'ada@acme.example';
const SAM = 'sam@tidemark.example';

/** A record page that shows Ada and Sam as its candidates. */
const recordSite = (hooks: Partial<SiteAdapter> = {}): SiteAdapter => ({
  id: 'generic',
  label: 'crm.example',
  matches: () => true,
  scope: (doc) => doc.body,
  detect: () => ({
    viewKey: 'record:1',
    candidates: [
      { email: SAM, role: 'record', order: 2 },
      { email: ADA, role: 'record', order: 1 },
    ],
  }),
  ...hooks,
});

const aborts: AbortController[] = [];
afterEach(() => {
  aborts.splice(0).forEach((abort) => abort.abort());
  document.body.replaceChildren();
});

function start(adapter: SiteAdapter) {
  const told: Person[][] = [];
  const abort = new AbortController();
  aborts.push(abort);
  const controller = startContentController({
    adapter,
    doc: document,
    getUrl: () => new URL('https://crm.example/records/1'),
    signal: abort.signal,
    sidebar: { setPeople: (people) => told.push(people), toggle: () => {} },
    report: async () => true,
    team: () => ({ ownAddresses: [], internalDomains: [], lookUpFreeMail: true }),
    hoverDwellMs: 0,
  });
  return { controller, told };
}

/** A Gmail-style person element on the page, hovered. */
async function hoverGmailMarkup(email: string) {
  const span = document.createElement('span');
  span.setAttribute('email', email);
  span.setAttribute('name', 'Someone');
  document.body.append(span);
  span.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('site hooks in the content controller', () => {
  it('leaves out the account the site names as the signed-in user', async () => {
    const { controller, told } = start(recordSite({ accountEmail: () => SAM }));
    controller.watcher.check();
    await controller.reported();
    expect(told.at(-1)?.map((person) => person.email)).toEqual([ADA]);
  });

  it('takes nobody for the account on a site without the hook, even with a Gmail-like title', async () => {
    document.title = `Inbox - ${SAM} - Gmail`;
    const { controller, told } = start(recordSite());
    controller.watcher.check();
    await controller.reported();
    expect(told.at(-1)?.map((person) => person.email)).toEqual([SAM, ADA]);
    document.title = '';
  });

  it('offers nobody on hover on a site without a hover hook, even over Gmail-style markup', async () => {
    const { controller, told } = start(recordSite());
    controller.watcher.check();
    await controller.reported();
    const before = told.length;
    await hoverGmailMarkup('chloe@lotus.example');
    await controller.reported();
    expect(told.length).toBe(before);
  });

  it('offers the hovered person on a site with a hover hook', async () => {
    const { controller, told } = start(recordSite({ hoverPerson: gmailAdapter.hoverPerson }));
    controller.watcher.check();
    await controller.reported();
    await hoverGmailMarkup('chloe@lotus.example');
    await vi.waitFor(() =>
      expect(told.at(-1)).toContainEqual({ email: 'chloe@lotus.example', name: 'Someone' }),
    );
  });
});
