import { describe, expect, it, vi } from 'vitest';
import { classifySender, createRouter, isSidebarFrame, MessageError, type RouterOptions } from './router';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const contentSender = {
  id: ID,
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcg',
  tab: { id: 3 },
  frameId: 0,
};
const pageSender = { id: ID, url: `${ORIGIN}options.html` };
/** The sidebar's frame inside a Gmail tab: an extension page without a tab in its sender. */
const frameSender = { id: ID, url: `${ORIGIN}sidebar.html?site=gmail&theme=light&instance=x` };

function setup(overrides: Partial<RouterOptions['content']> = {}) {
  const leadGet = vi.fn(async ({ email }: { email: string }) => ({
    email,
    status: 'not_found' as const,
    touchpoints: [],
    sources: [],
    outcomes: [],
    sample: false,
    colleaguesEngaged: 0,
  }));
  const settingsSave = vi.fn(async () => ({}));
  const unused = async () => {
    throw new Error('not under test');
  };
  const router = createRouter({
    extensionId: ID,
    extensionOrigin: ORIGIN,
    content: {
      'lead.get': leadGet,
      'outcome.record': unused,
      'outcome.undo': unused,
      'outcome.retry': unused,
      'outcome.discard': unused,
      'sidebar.config': unused,
      'sidebar.setOpen': unused,
      'page.openOptions': unused,
      'workspace.useSample': unused,
      ...overrides,
    },
    page: {
      'settings.get': unused,
      'settings.save': settingsSave,
      'settings.export': unused,
      'settings.import': unused,
      'source.test': unused,
      'cache.clear': unused,
      'data.deleteAll': unused,
      'workspace.stats': unused,
      'workspace.removeSample': unused,
      'outcomes.list': unused,
      'followups.list': unused,
      'sources.status': unused,
      'workspace.changed': unused,
      'report.teamOutcomes': unused,
    },
  });
  return { router, leadGet, settingsSave };
}

describe('classifySender', () => {
  it.each([
    [contentSender, 'content'],
    [pageSender, 'page'],
    [{ ...pageSender, id: 'someone-else' }, 'foreign'],
    [{ id: ID, url: 'https://evil.example/chrome-extension://' }, 'content'],
    [{ id: ID }, 'content'],
    [frameSender, 'content'],
    [{ ...frameSender, id: 'someone-else' }, 'foreign'],
  ] as const)('%j is %s', (sender, kind) => {
    expect(classifySender(sender, ID, ORIGIN)).toBe(kind);
  });

  it.each([
    [frameSender, true],
    [{ id: ID, url: 'moz-extension://0b6e5c3d-1111-4222-8333-944445555666/sidebar.html' }, true],
    [pageSender, false],
    [contentSender, false],
    [{ id: ID }, false],
    [{ id: ID, url: 'not a url' }, false],
    [{ id: ID, url: 'https://evil.example/sidebar.html', tab: { id: 4 } }, false],
  ] as const)('isSidebarFrame(%j) is %s', (sender, expected) => {
    expect(isSidebarFrame(sender)).toBe(expected);
  });

  it('the sidebar frame may ask for leads but not change settings', async () => {
    const { router, leadGet } = setup();
    const asked = await router({ type: 'lead.get', payload: { email: 'ada@example.com' } }, frameSender);
    expect(asked.ok).toBe(true);
    expect(leadGet).toHaveBeenCalledTimes(1);
    const refused = await router({ type: 'settings.get' }, frameSender);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('router', () => {
  it('answers a valid lead.get with a normalised email', async () => {
    const { router, leadGet } = setup();
    const result = await router({ type: 'lead.get', payload: { email: ' Ada@Example.COM' } }, contentSender);
    expect(result.ok).toBe(true);
    expect(leadGet).toHaveBeenCalledWith({ email: 'ada@example.com', refresh: false }, contentSender);
  });

  it.each([
    [null, 'Malformed message'],
    ['lead.get', 'Malformed message'],
    [{ payload: {} }, 'Malformed message'],
    [{ type: 'lead.get', payload: { email: 'not-an-address' } }, 'payload.email: not an email address'],
    [{ type: 'lead.get', payload: {} }, 'payload.email'],
    [{ type: 'lead.get', payload: { email: 'a@b.co', refresh: 'yes' } }, 'payload.refresh'],
    [{ type: 'nope', payload: {} }, 'Unknown message type "nope"'],
  ])('rejects malformed message %j with a clear error', async (message, text) => {
    const { router, leadGet } = setup();
    const result = await router(message, contentSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!result.ok) expect(result.error.message).toContain(text);
    expect(leadGet).not.toHaveBeenCalled();
  });

  it('accepts a message without a payload when the message takes none', async () => {
    const { router } = setup({ 'sidebar.config': async () => ({ fine: true }) });
    expect(await router({ type: 'sidebar.config' }, contentSender)).toEqual({
      ok: true,
      value: { fine: true },
    });
  });

  it('refuses a settings change from a content script', async () => {
    const { router, settingsSave } = setup();
    const result = await router({ type: 'settings.save', payload: { settings: {} } }, contentSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(settingsSave).not.toHaveBeenCalled();
  });

  it('accepts a settings change from an extension page', async () => {
    const { router, settingsSave } = setup();
    const result = await router({ type: 'settings.save', payload: { settings: {} } }, pageSender);
    expect(result.ok).toBe(true);
    expect(settingsSave).toHaveBeenCalledOnce();
  });

  it('refuses messages from another extension', async () => {
    const { router, leadGet } = setup();
    const result = await router({ type: 'lead.get', payload: { email: 'a@b.co' } }, { id: 'other' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(leadGet).not.toHaveBeenCalled();
  });

  it('turns a thrown handler error into a result, keeping MessageError codes', async () => {
    const { router } = setup({
      'lead.get': async () => {
        throw new MessageError('unavailable', 'HubSpot is unreachable');
      },
    });
    const result = await router({ type: 'lead.get', payload: { email: 'a@b.co' } }, contentSender);
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: 'HubSpot is unreachable' } });
  });

  it('does not let a prototype key pose as a message type', async () => {
    const { router } = setup();
    const result = await router({ type: 'constructor', payload: {} }, pageSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
