import { describe, expect, it, vi } from 'vitest';
import { BackgroundToSidebar, ContentToBackground, PageToBackground, SidebarToBackground } from './protocol';
import {
  classifySender,
  createReceiver,
  createRouter,
  isSidebarFrame,
  MessageError,
  type RouterOptions,
  type SenderKind,
} from './router';
import { leadView } from '../sidebar/test-data';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/FMfcg';
const contentSender = { id: ID, url: GMAIL, tab: { id: 3, url: GMAIL }, frameId: 0 };
const pageSender = { id: ID, url: `${ORIGIN}options.html` };
/** The sidebar's frame inside a Gmail tab: an extension page whose sender has the page's tab. */
const frameSender = {
  id: ID,
  url: `${ORIGIN}sidebar.html?site=gmail&theme=light&instance=x`,
  tab: { id: 3, url: GMAIL },
  frameId: 7,
};
const SENDERS = { content: contentSender, sidebar: frameSender, page: pageSender } as const;

/** A payload each message accepts, so that only the sender decides the answer. */
const VALID: Record<string, unknown> = {
  'page.people': { people: [{ email: 'ada@example.com' }] },
  'lead.get': { email: 'ada@example.com' },
  'lead.findByName': { name: 'Ada Lovelace' },
  'lead.confirmName': { name: 'Ada Lovelace', email: 'ada@example.com' },
  'lead.forgetName': { name: 'Ada Lovelace' },
  'outcome.record': { leadEmail: 'ada@example.com', kind: 'meeting_booked' },
  'outcome.undo': { id: crypto.randomUUID() },
  'outcome.retry': { id: crypto.randomUUID() },
  'outcome.discard': { id: crypto.randomUUID() },
  'sidebar.setOpen': { open: false },
  'page.openOptions': {},
  'settings.save': { settings: {} },
  'settings.import': { json: '{}' },
  'source.test': { source: 'hubspot' },
  'outcomes.list': {},
  'report.teamOutcomes': { source: 'rest', since: '2026-01-01T00:00:00.000Z' },
};

type AnyHandlers = Record<string, ReturnType<typeof vi.fn>>;
const handlersFor = (spec: object): AnyHandlers =>
  Object.fromEntries(Object.keys(spec).map((name) => [name, vi.fn(async () => ({ handled: name }))]));

function setup(overrides: Partial<Record<'content' | 'sidebar' | 'page', AnyHandlers>> = {}) {
  const handlers = {
    content: { ...handlersFor(ContentToBackground), ...overrides.content },
    sidebar: { ...handlersFor(SidebarToBackground), ...overrides.sidebar },
    page: { ...handlersFor(PageToBackground), ...overrides.page },
  };
  const router = createRouter({
    extensionId: ID,
    extensionOrigin: ORIGIN,
    ...(handlers as unknown as Pick<RouterOptions, 'content' | 'sidebar' | 'page'>),
  });
  const calls = () =>
    Object.values(handlers).reduce(
      (sum, map) => sum + Object.values(map).reduce((n, fn) => n + fn.mock.calls.length, 0),
      0,
    );
  return { router, handlers, calls };
}

describe('classifySender', () => {
  it.each([
    [contentSender, 'content'],
    [pageSender, 'page'],
    [frameSender, 'sidebar'],
    [{ ...pageSender, id: 'someone-else' }, 'foreign'],
    [{ ...frameSender, id: 'someone-else' }, 'foreign'],
    [{ id: ID, url: 'https://evil.example/chrome-extension://' }, 'content'],
    [{ id: ID, url: 'https://evil.example/sidebar.html', tab: { id: 4 } }, 'content'],
    [{ id: ID }, 'content'],
    [{ id: ID, url: 'moz-extension://0b6e5c3d-1111-4222-8333-944445555666/sidebar.html' }, 'sidebar'],
  ] as const)('%j is %s', (sender, kind) => {
    expect(classifySender(sender, ID, ORIGIN)).toBe(kind);
  });

  it.each([
    [frameSender, true],
    [pageSender, false],
    [contentSender, false],
    [{ id: ID }, false],
    [{ id: ID, url: 'not a url' }, false],
    [{ id: ID, url: 'https://evil.example/sidebar.html', tab: { id: 4 } }, false],
  ] as const)('isSidebarFrame(%j) is %s', (sender, expected) => {
    expect(isSidebarFrame(sender)).toBe(expected);
  });
});

describe('what each sender may send', () => {
  const names = [
    ...new Set([
      ...Object.keys(ContentToBackground),
      ...Object.keys(SidebarToBackground),
      ...Object.keys(PageToBackground),
    ]),
  ];
  const surfaces: Record<Exclude<SenderKind, 'foreign'>, object> = {
    content: ContentToBackground,
    sidebar: SidebarToBackground,
    page: PageToBackground,
  };
  const cases = (Object.keys(SENDERS) as (keyof typeof SENDERS)[]).flatMap((kind) =>
    names.map((name) => [kind, name, Object.hasOwn(surfaces[kind], name)] as const),
  );

  it.each(cases)('from %s, "%s" is accepted: %s', async (kind, name, accepted) => {
    const { router, handlers, calls } = setup();
    const result = await router({ type: name, payload: VALID[name] }, SENDERS[kind]);
    if (accepted) {
      expect(result).toEqual({ ok: true, value: { handled: name } });
      expect(handlers[kind][name]).toHaveBeenCalledOnce();
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (!result.ok) expect(result.error.message).toContain(`"${name}" is not accepted from`);
      expect(calls()).toBe(0);
    }
  });

  it('a content script may not read a lead, record an outcome or touch settings', () => {
    expect(Object.keys(ContentToBackground).sort()).toEqual(['content.config', 'page.people']);
  });

  it('hands the handler the attested sender: kind, tab, page address and frame', async () => {
    const { router, handlers } = setup();
    await router({ type: 'lead.get', payload: { email: 'ada@example.com' } }, frameSender);
    expect(handlers.sidebar['lead.get']).toHaveBeenCalledWith(
      { email: 'ada@example.com', refresh: false },
      { kind: 'sidebar', tabId: 3, tabUrl: GMAIL, url: frameSender.url, frameId: 7 },
    );
  });

  it('refuses every message from another extension', async () => {
    const { router, calls } = setup();
    for (const name of names) {
      const result = await router({ type: name, payload: VALID[name] }, { ...pageSender, id: 'other' });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls()).toBe(0);
  });
});

describe('router', () => {
  it('answers a valid lead.get with a normalised email', async () => {
    const { router, handlers } = setup();
    const result = await router({ type: 'lead.get', payload: { email: ' Ada@Example.COM' } }, frameSender);
    expect(result.ok).toBe(true);
    expect(handlers.sidebar['lead.get']).toHaveBeenCalledWith(
      { email: 'ada@example.com', refresh: false },
      expect.objectContaining({ kind: 'sidebar' }),
    );
  });

  it.each([
    [null, 'Malformed message'],
    ['lead.get', 'Malformed message'],
    [{ payload: {} }, 'Malformed message'],
    [{ type: 'lead.get', payload: { email: 'not-an-address' } }, 'payload.email: not an email address'],
    [{ type: 'lead.get', payload: {} }, 'payload.email'],
    [{ type: 'lead.findByName', payload: { name: 'ada@example.com' } }, 'payload.name: not a name'],
    [{ type: 'lead.get', payload: { email: 'a@b.co', refresh: 'yes' } }, 'payload.refresh'],
    [{ type: 'nope', payload: {} }, 'Unknown message type "nope"'],
  ])('rejects malformed message %j with a clear error', async (message, text) => {
    const { router, calls } = setup();
    const result = await router(message, frameSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!result.ok) expect(result.error.message).toContain(text);
    expect(calls()).toBe(0);
  });

  it('bounds what a content script may report', async () => {
    const { router, calls } = setup();
    const people = Array.from({ length: 201 }, (_, i) => ({ email: `p${i}@example.com` }));
    const result = await router({ type: 'page.people', payload: { people } }, contentSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(calls()).toBe(0);
  });

  it('takes a person with only a name from a page, never one with neither an address nor a name', async () => {
    const { router, handlers } = setup();
    const named = await router(
      {
        type: 'page.people',
        payload: {
          people: [{ name: 'Jane Doe', role: 'sender' }],
          account: { email: 'sam@northwind.example' },
        },
      },
      contentSender,
    );
    expect(named).toMatchObject({ ok: true });
    expect(handlers.content['page.people']).toHaveBeenCalledTimes(1);
    for (const person of [{}, { name: '   ' }, { name: 'jane@acme.example' }, { role: 'sender' }]) {
      const refused = await router({ type: 'page.people', payload: { people: [person] } }, contentSender);
      expect(refused, JSON.stringify(person)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(handlers.content['page.people']).toHaveBeenCalledTimes(1);
  });

  it('accepts a message without a payload when the message takes none', async () => {
    const { router } = setup();
    expect(await router({ type: 'content.config' }, contentSender)).toEqual({
      ok: true,
      value: { handled: 'content.config' },
    });
  });

  it('turns a thrown handler error into a result, keeping MessageError codes', async () => {
    const { router } = setup({
      sidebar: {
        'lead.get': vi.fn(async () => {
          throw new MessageError('unavailable', 'HubSpot is unreachable');
        }),
      },
    });
    const result = await router({ type: 'lead.get', payload: { email: 'a@b.co' } }, frameSender);
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: 'HubSpot is unreachable' } });
  });

  it('does not let a prototype key pose as a message type', async () => {
    const { router } = setup();
    for (const sender of Object.values(SENDERS)) {
      const result = await router({ type: 'constructor', payload: {} }, sender);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });
});

describe('createReceiver (what the background pushes to the sidebar frame)', () => {
  function receiver() {
    const updated = vi.fn();
    const configChanged = vi.fn();
    const receive = createReceiver(BackgroundToSidebar, {
      'lead.updated': updated,
      'sidebar.configChanged': configChanged,
    });
    return { receive, updated, configChanged };
  }

  it('hands a well-formed push to its handler, parsed', () => {
    const { receive, updated, configChanged } = receiver();
    const view = leadView({ email: 'ada@example.com' });
    expect(receive({ type: 'lead.updated', payload: view })).toEqual({ ok: true, value: 'lead.updated' });
    expect(updated).toHaveBeenCalledWith(view);
    expect(receive({ type: 'sidebar.configChanged', payload: {} })).toMatchObject({ ok: true });
    expect(receive({ type: 'sidebar.configChanged' })).toMatchObject({ ok: true });
    expect(configChanged).toHaveBeenCalledTimes(2);
  });

  it.each([
    { name: 'not an envelope', message: 'lead.updated', says: 'Malformed message' },
    {
      name: 'no payload',
      message: { type: 'lead.updated' },
      says: 'Invalid "lead.updated" message: payload',
    },
    {
      name: 'an address that is not one',
      message: { type: 'lead.updated', payload: leadView({ email: 'not an address' }) },
      says: 'payload.email',
    },
    {
      name: 'a payload where none is taken',
      message: { type: 'sidebar.configChanged', payload: { settings: { you: 'x' } } },
      says: 'Invalid "sidebar.configChanged" message',
    },
    {
      name: 'a message sent the other way',
      message: { type: 'settings.save', payload: {} },
      says: 'Unknown message type "settings.save"',
    },
    { name: 'a prototype key', message: { type: 'constructor', payload: {} }, says: 'Unknown message type' },
  ])('refuses a malformed push ($name) and calls no handler', ({ message, says }) => {
    const { receive, updated, configChanged } = receiver();
    const result = receive(message);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!result.ok) expect(result.error.message).toContain(says);
    expect(updated).not.toHaveBeenCalled();
    expect(configChanged).not.toHaveBeenCalled();
  });

  it('turns a handler that throws into a refusal, not an exception', () => {
    const receive = createReceiver(BackgroundToSidebar, {
      'lead.updated': () => {
        throw new Error('render failed');
      },
      'sidebar.configChanged': () => {},
    });
    expect(receive({ type: 'lead.updated', payload: leadView() })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'render failed' },
    });
  });
});
