/**
 * The background's side of the trust boundary, run against WXT's fake browser and an in-memory
 * IndexedDB: what a content script and the sidebar frame may each do (Loopline's pages:
 * app.settings.test.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings } from '../settings/schema';
import { generateSampleWorkspace } from '../sample/generate';
import { allLeads } from '../store/lead-blocks';
import {
  appWithSample,
  content,
  frame,
  page,
  sampleLead,
  startBackground,
  useFakeBrowser,
} from './app-test-setup';

useFakeBrowser();

describe('a content script', () => {
  it('is told its site and team, with no secret and no other site', async () => {
    const app = startBackground();
    const s = defaultSettings();
    s.sources.hubspot = { ...s.sources.hubspot, enabled: true, token: 'pat-na1-very-secret' };
    s.you.internalDomains = ['acme.example'];
    s.sites.custom = [
      { id: 'crm', pattern: 'https://crm.example.com/*', selector: '.email', reader: 'page' },
    ];
    expect((await app.router({ type: 'settings.save', payload: { settings: s } }, page)).ok).toBe(true);

    const gmail = await app.router({ type: 'content.config' }, content());
    expect(gmail).toEqual({
      ok: true,
      value: {
        site: { id: 'gmail' },
        team: { ownAddresses: [], internalDomains: ['acme.example'], lookUpFreeMail: true },
        open: true,
      },
    });
    expect(JSON.stringify(gmail)).not.toContain('pat-na1');
    expect(JSON.stringify(gmail)).not.toContain('crm.example.com');

    const crm = await app.router(
      { type: 'content.config' },
      {
        ...content(),
        url: 'https://crm.example.com/lead/1',
        tab: { id: 3, url: 'https://crm.example.com/lead/1' },
      },
    );
    expect(crm).toMatchObject({
      ok: true,
      value: { site: { id: 'generic', custom: { selector: '.email', reader: 'page' } } },
    });

    const elsewhere = await app.router(
      { type: 'content.config' },
      { ...content(), url: 'https://elsewhere.example/', tab: { id: 3 } },
    );
    expect(elsewhere).toMatchObject({ ok: true, value: { site: null } });
  });

  it('cannot read a lead, record an outcome or change settings, even for the person it reported', async () => {
    const app = await appWithSample();
    const email = await sampleLead(app);
    await app.router({ type: 'page.people', payload: { people: [{ email }] } }, content());
    for (const message of [
      { type: 'lead.get', payload: { email, refresh: true } },
      { type: 'outcome.record', payload: { leadEmail: email, kind: 'meeting_booked' } },
      { type: 'settings.get' },
      { type: 'settings.save', payload: { settings: defaultSettings() } },
      { type: 'sidebar.setOpen', payload: { open: false } },
      { type: 'workspace.useSample' },
    ]) {
      expect(await app.router(message, content())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await (await app.db()).count('outcomes')).toBe(0);
  });
});

describe('the sidebar frame', () => {
  it('reads and records for the people its own tab reported, and no one else', async () => {
    const app = await appWithSample();
    const onPage = await sampleLead(app, 0);
    const elsewhere = await sampleLead(app, 1);
    await app.router({ type: 'page.people', payload: { people: [{ email: onPage }] } }, content(3));

    const shown = await app.router({ type: 'lead.get', payload: { email: onPage } }, frame(3));
    expect(shown).toMatchObject({ ok: true, value: { email: onPage, status: 'found' } });

    for (const [email, sender] of [
      [elsewhere, frame(3)],
      // The same person asked for from another tab's frame: that tab did not report them.
      [onPage, frame(4)],
    ] as const) {
      const refused = await app.router({ type: 'lead.get', payload: { email, refresh: true } }, sender);
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (!refused.ok) expect(refused.error.message).toMatch(/not among the people on this page/);
      const record = await app.router(
        { type: 'outcome.record', payload: { leadEmail: email, kind: 'meeting_booked' } },
        sender,
      );
      expect(record).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await (await app.db()).count('outcomes')).toBe(0);

    const recorded = await app.router(
      { type: 'outcome.record', payload: { leadEmail: onPage, kind: 'meeting_booked' } },
      frame(3),
    );
    expect(recorded).toMatchObject({ ok: true, value: { leadEmail: onPage } });
    const id = recorded.ok ? (recorded.value as { id: string }).id : '';

    // Undo, retry and discard by id: only from the tab that shows that lead.
    for (const type of ['outcome.undo', 'outcome.retry', 'outcome.discard']) {
      expect(await app.router({ type, payload: { id } }, frame(4))).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(await app.router({ type: 'outcome.undo', payload: { id } }, frame(3))).toMatchObject({ ok: true });
  });

  it('finds a name its tab shows without an address in the workspace, and acts for that person only once confirmed', async () => {
    const app = await appWithSample();
    const d = await app.db();
    const lead = (await allLeads(d)).find(
      (candidate, _i, all) =>
        candidate.name && all.filter((other) => other.name === candidate.name).length === 1,
    )!;
    await app.router(
      { type: 'page.people', payload: { people: [{ name: lead.name!, role: 'sender' }] } },
      content(3),
    );

    // Before the user confirms, the sidebar may not read or record for the match.
    const early = await app.router({ type: 'lead.get', payload: { email: lead.email } }, frame(3));
    expect(early).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const found = await app.router({ type: 'lead.findByName', payload: { name: lead.name } }, frame(3));
    expect(found).toMatchObject({
      ok: true,
      value: { matches: [{ email: lead.email, sources: ['Local workspace'] }] },
    });
    // Another tab's frame may not even search that name.
    expect(
      await app.router({ type: 'lead.findByName', payload: { name: lead.name } }, frame(4)),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const confirmed = await app.router(
      { type: 'lead.confirmName', payload: { name: lead.name, email: lead.email } },
      frame(3),
    );
    expect(confirmed).toMatchObject({ ok: true });
    expect(await app.router({ type: 'lead.get', payload: { email: lead.email } }, frame(3))).toMatchObject({
      ok: true,
      value: { email: lead.email, status: 'found' },
    });
    expect(await app.router({ type: 'lead.get', payload: { email: lead.email } }, frame(4))).toMatchObject({
      ok: false,
    });
  });

  it('looks a name up in the sample on a brand-new install, as it would an address', async () => {
    const app = startBackground();
    const { leads } = generateSampleWorkspace({ now: new Date() });
    const lead = leads.find(
      (candidate) => candidate.name && leads.filter((other) => other.name === candidate.name).length === 1,
    )!;
    await app.router({ type: 'page.people', payload: { people: [{ name: lead.name! }] } }, content(3));
    const found = await app.router({ type: 'lead.findByName', payload: { name: lead.name } }, frame(3));
    expect(found).toMatchObject({ ok: true, value: { matches: [{ email: lead.email }] } });
  });

  it('loses the people of a tab when its content script reports others, or the tab closes', async () => {
    const app = await appWithSample();
    const first = await sampleLead(app, 0);
    const second = await sampleLead(app, 1);
    await app.router({ type: 'page.people', payload: { people: [{ email: first }] } }, content(3));
    await app.router({ type: 'page.people', payload: { people: [{ email: second }] } }, content(3));
    expect(await app.router({ type: 'lead.get', payload: { email: first } }, frame(3))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.router({ type: 'lead.get', payload: { email: second } }, frame(3))).toMatchObject({
      ok: true,
    });
    await fakeBrowser.tabs.onRemoved.trigger(3, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(async () =>
      expect(await app.router({ type: 'lead.get', payload: { email: second } }, frame(3))).toMatchObject({
        ok: false,
      }),
    );
  });

  it('still knows the people on a tab after the service worker restarts', async () => {
    const app = await appWithSample();
    const email = await sampleLead(app);
    await app.router({ type: 'page.people', payload: { people: [{ email }] } }, content(3));
    const restarted = startBackground();
    expect(await restarted.router({ type: 'lead.get', payload: { email } }, frame(3))).toMatchObject({
      ok: true,
    });
  });

  it('ignores people reported by a sub-frame of the page', async () => {
    const app = await appWithSample();
    const email = await sampleLead(app);
    await app.router(
      { type: 'page.people', payload: { people: [{ email }] } },
      { ...content(3), frameId: 2 },
    );
    expect(await app.router({ type: 'lead.get', payload: { email } }, frame(3))).toMatchObject({ ok: false });
  });

  it('is told the settings it shows and the origin of the page it is docked in, no secret', async () => {
    const app = startBackground();
    const s = defaultSettings();
    s.sources.rest = {
      ...s.sources.rest,
      baseUrl: 'https://rest.example.com',
      authValue: 'Bearer rest-secret',
    };
    s.you.name = 'Sam';
    await app.router({ type: 'settings.save', payload: { settings: s } }, page);
    const reply = await app.router({ type: 'sidebar.config' }, frame());
    expect(reply).toMatchObject({
      ok: true,
      value: { you: 'Sam', site: 'gmail', pageOrigin: 'https://mail.google.com', open: true },
    });
    expect(JSON.stringify(reply)).not.toMatch(/rest-secret|rest\.example\.com/);
  });

  it('a frame that hears only tab messages (Firefox) gets changed settings by tabs.sendMessage to its frame', async () => {
    const app = startBackground();
    const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    expect(
      await app.router({ type: 'sidebar.config', payload: { tabMessages: true } }, frame(3)),
    ).toMatchObject({
      ok: true,
    });
    // A frame that hears broadcasts (Chrome) is not addressed one by one.
    await app.router({ type: 'sidebar.config', payload: {} }, { ...frame(4), frameId: 6 });
    await app.router({ type: 'settings.save', payload: { settings: defaultSettings() } }, page);
    await vi.waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith(
        3,
        { type: 'sidebar.configChanged', payload: {} },
        { frameId: 5 },
      ),
    );
    expect(sendMessage.mock.calls.map(([tab]) => tab)).toEqual([3]);
    // Only the frame says how it hears: a content script cannot ask for it.
    expect(
      await app.router({ type: 'sidebar.config', payload: { tabMessages: true } }, content()),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('remembers open or collapsed per site of its tab, and nothing else', async () => {
    const app = startBackground();
    expect(await app.router({ type: 'sidebar.setOpen', payload: { open: false } }, frame())).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(await app.router({ type: 'sidebar.config' }, frame())).toMatchObject({ value: { open: false } });
    // A frame in a tab Loopline does not run on stores nothing.
    const stray = { ...frame(), tab: { id: 9, url: 'https://elsewhere.example/' } };
    expect(await app.router({ type: 'sidebar.setOpen', payload: { open: false } }, stray)).toEqual({
      ok: true,
      value: { saved: false },
    });
    // A site name in the payload is refused (the site comes from the tab).
    expect(
      await app.router({ type: 'sidebar.setOpen', payload: { open: false, site: 'x'.repeat(40) } }, frame()),
    ).toMatchObject({ ok: true });
    const saved = await app.router({ type: 'settings.get' }, page);
    const stored = saved.ok ? (saved.value as { settings: { sidebar: { openBySite: object } } }) : null;
    expect(Object.keys(stored?.settings.sidebar.openBySite ?? {})).toEqual(['gmail']);
  });
});
