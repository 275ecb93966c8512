import { describe, expect, it } from 'vitest';
import { createClient } from './client';
import { asResult } from './result';
import type { SidebarToBackground } from './protocol';

describe('createClient', () => {
  it('passes the result through', async () => {
    const client = createClient<typeof SidebarToBackground>(async () => ({
      ok: true,
      value: { undone: true },
    }));
    expect(await client.call('outcome.undo', { id: crypto.randomUUID() })).toEqual({
      ok: true,
      value: { undone: true },
    });
  });

  it('reports a vanished background as unavailable with advice', async () => {
    const client = createClient<typeof SidebarToBackground>(async () => {
      throw new Error('Extension context invalidated.');
    });
    const result = await client.call('lead.get', { email: 'a@b.co' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!result.ok) expect(result.error.message).toMatch(/Reload the page/);
  });

  it('rejects a reply that is not a result', async () => {
    const client = createClient<typeof SidebarToBackground>(async () => undefined);
    expect(await client.call('lead.get', { email: 'a@b.co' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
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
