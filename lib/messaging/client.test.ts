import { describe, expect, it } from 'vitest';
import { createClient, createEnvelopeClient } from './client';
import { asResult } from './result';
import { ContentToBackground, PageToBackground, SidebarToBackground } from './protocol';
import { defaultSettings } from '../settings/schema';
import { maskedSettings } from '../settings/store';
import { leadView } from '../sidebar/test-data';

describe('createClient', () => {
  it('passes the result through', async () => {
    const client = createClient(SidebarToBackground, async () => ({
      ok: true,
      value: { undone: true },
    }));
    expect(await client.call('outcome.undo', { id: crypto.randomUUID() })).toEqual({
      ok: true,
      value: { undone: true },
    });
  });

  it('reports a vanished background as unavailable with advice', async () => {
    const client = createClient(SidebarToBackground, async () => {
      throw new Error('Extension context invalidated.');
    });
    const result = await client.call('lead.get', { email: 'a@b.co' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!result.ok) expect(result.error.message).toMatch(/Reload the page/);
  });

  it('rejects a reply that is not a result', async () => {
    const client = createClient(SidebarToBackground, async () => undefined);
    expect(await client.call('lead.get', { email: 'a@b.co' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('createClient: replies are parsed against the spec', () => {
  const replying = (value: unknown) => async () => ({ ok: true, value });

  it.each([
    { name: 'a field of the wrong type', value: { undone: 'yes' }, says: 'reply.undone' },
    { name: 'nothing', value: undefined, says: 'reply' },
    { name: 'a list instead of an object', value: [], says: 'reply' },
  ])('refuses a malformed "outcome.undo" reply ($name) with what was wrong', async ({ value, says }) => {
    const client = createClient(SidebarToBackground, replying(value));
    const result = await client.call('outcome.undo', { id: crypto.randomUUID() });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) {
      expect(result.error.message).toContain('"outcome.undo"');
      expect(result.error.message).toContain(says);
    }
  });

  it('refuses a lead whose address is not one, instead of showing it', async () => {
    const client = createClient(SidebarToBackground, replying(leadView({ email: 'not an address' })));
    const result = await client.call('lead.get', { email: 'a@b.co' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toMatch(/reply\.email/);
  });

  it.each([
    { name: 'a touchpoint without an id', broken: { id: undefined } },
    { name: 'a title that is not text', broken: { title: 42 } },
    { name: 'a campaign that is not one', broken: { campaign: 'Spring webinar' } },
    { name: 'a link that is not text', broken: { url: { href: 'javascript:alert(1)' } } },
  ])('refuses a lead whose history holds $name', async ({ broken }) => {
    const view = leadView();
    const touchpoints = view.touchpoints.map((touchpoint, i) =>
      i === 1 ? { ...touchpoint, ...broken } : touchpoint,
    );
    const client = createClient(SidebarToBackground, replying({ ...view, touchpoints }));
    const result = await client.call('lead.get', { email: 'a@b.co' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toContain('reply.touchpoints[1]');
  });

  it('passes a well-formed history through as it came', async () => {
    const view = leadView();
    const client = createClient(SidebarToBackground, replying(view));
    const result = await client.call('lead.get', { email: 'a@b.co' });
    expect(result.ok && result.value.touchpoints).toEqual(view.touchpoints);
    expect(view.touchpoints.length).toBeGreaterThan(1);
  });

  it('refuses sidebar settings without an outcome taxonomy', async () => {
    const client = createClient(SidebarToBackground, replying({ you: 'Sam', open: true }));
    expect(await client.call('sidebar.config')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('passes on the parsed reply: masked settings are settings', async () => {
    const masked = maskedSettings({
      ...defaultSettings(),
      sources: {
        ...defaultSettings().sources,
        hubspot: { ...defaultSettings().sources.hubspot, token: 'pat-secret' },
      },
    });
    const client = createClient(PageToBackground, replying({ settings: masked, notices: [] }));
    const result = await client.call('settings.get');
    expect(result).toEqual({ ok: true, value: { settings: masked, notices: [] } });
  });

  it('refuses settings that are not settings', async () => {
    const client = createClient(
      PageToBackground,
      replying({ settings: { ...defaultSettings(), historyDays: 'forever' }, notices: [] }),
    );
    const result = await client.call('settings.get');
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toContain('reply.settings.historyDays');
  });

  it('passes a refusal from the background through unchanged', async () => {
    const refusal = { ok: false, error: { code: 'forbidden', message: 'Not from a content script.' } };
    const client = createClient(PageToBackground, async () => refusal);
    expect(await client.call('settings.get')).toEqual(refusal);
  });
});

describe('createEnvelopeClient (the content script: no zod)', () => {
  it('checks the envelope only', async () => {
    const client = createEnvelopeClient<typeof ContentToBackground>(async () => ({ ok: true, value: {} }));
    expect(await client.call('page.people', { people: [] })).toEqual({ ok: true, value: {} });
    const broken = createEnvelopeClient<typeof ContentToBackground>(async () => 'ok');
    expect(await broken.call('content.config')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('asResult', () => {
  it.each([
    [
      { ok: true, value: 1 },
      { ok: true, value: 1 },
    ],
    [{ ok: true }, { ok: true, value: undefined }],
    [
      { ok: false, error: { code: 'forbidden', message: 'no' } },
      { ok: false, error: { code: 'forbidden', message: 'no' } },
    ],
    [{ ok: false, error: { code: 'teapot', message: 'no' } }, null],
    [{ ok: false, error: { code: 'forbidden' } }, null],
    [{ ok: 'yes' }, null],
    ['ok', null],
    [null, null],
  ])('reads %j as %j', (raw, expected) => {
    expect(asResult(raw)).toEqual(expected);
  });
});
