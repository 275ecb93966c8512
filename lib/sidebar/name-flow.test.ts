/**
 * A person the page names without an address: the sidebar looks the name up, offers the matches,
 * shows the person only after the user confirms one, remembers the answer, and undoes it.
 */
import { describe, expect, it, vi } from 'vitest';
import type { NameSearchReply } from '../messaging/protocol';
import type { Result } from '../messaging/result';
import { deferred, fail, ok } from './test-data';
import { A, settle, stateMaker, viewFor } from './test-state';

const make = stateMaker();
const JANE = { email: 'jane@acme.example', name: 'Jane Doe', company: 'Acme', sources: ['HubSpot'] };
const JANE_TOO = { email: 'jane.doe@globex.example', name: 'Jane Doe', sources: ['Local workspace'] };
const KEY = 'name:doe jane';
const found = (over: Partial<NameSearchReply> = {}): Result<NameSearchReply> =>
  ok({ matches: [JANE, JANE_TOO], searched: ['HubSpot', 'Local workspace'], failed: [], ...over });

function setup(reply: () => Result<NameSearchReply> = () => found()) {
  const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
  const findByName = vi.fn(async () => reply());
  const confirmName = vi.fn(async () => ok({}));
  const forgetName = vi.fn(async () => ok({ forgotten: true }));
  const state = make({ requestLead, findByName, confirmName, forgetName });
  return { state, requestLead, findByName, confirmName, forgetName };
}

describe('a person the page names without an address', () => {
  it('offers the matches and looks nobody up until the user confirms one', async () => {
    const { state, requestLead, findByName, confirmName } = setup();
    state.setPeople([{ name: 'Jane Doe', role: 'sender' }], KEY);
    expect(state.status.value).toBe('naming');
    expect(state.naming.value).toMatchObject({ name: 'Jane Doe', state: 'searching' });
    expect(state.selected.value).toBeNull();
    await settle();
    expect(findByName).toHaveBeenCalledWith('Jane Doe');
    expect(state.naming.value).toMatchObject({ state: 'choose', matches: [JANE, JANE_TOO] });
    expect(requestLead).not.toHaveBeenCalled();

    await state.confirmMatch(JANE.email);
    expect(confirmName).toHaveBeenCalledWith('Jane Doe', JANE.email);
    expect(state.selected.value).toBe(JANE.email);
    expect(state.selectedKey.value).toBe(KEY);
    expect(state.shownByName.value).toEqual({ name: 'Jane Doe', key: KEY });
    await settle();
    expect(requestLead).toHaveBeenCalledWith(JANE.email, { refresh: false });
    expect(state.status.value).toBe('ready');
  });

  it('shows a name the user confirmed before at once, and again in this frame without asking', async () => {
    const { state, findByName, requestLead } = setup(() => found({ remembered: JANE, matches: [] }));
    state.setPeople([{ name: 'Jane Doe', role: 'sender' }], KEY);
    await settle();
    expect(state.selected.value).toBe(JANE.email);
    expect(state.shownByName.value?.name).toBe('Jane Doe');

    state.setPeople([{ email: A, role: 'sender' }], A);
    await settle();
    state.setPeople([{ name: 'Doe, Jane', role: 'to' }], KEY);
    expect(state.selected.value).toBe(JANE.email);
    expect(findByName).toHaveBeenCalledTimes(1);
    expect(requestLead).toHaveBeenCalledWith(JANE.email, { refresh: false });
  });

  it('says whom it looked for when no source has the name', async () => {
    const { state } = setup(() =>
      found({ matches: [], failed: [{ source: 'HubSpot', message: 'rate limited' }] }),
    );
    state.setPeople([{ name: 'Jane Doe' }], KEY);
    await settle();
    expect(state.naming.value).toMatchObject({
      state: 'none',
      name: 'Jane Doe',
      searched: ['HubSpot', 'Local workspace'],
      failed: [{ source: 'HubSpot', message: 'rate limited' }],
    });
  });

  it('keeps the matches on screen when a confirmation fails, with the reason', async () => {
    const { state, confirmName, requestLead } = setup();
    confirmName.mockResolvedValueOnce(fail('Loopline was updated. Reload the page.'));
    state.setPeople([{ name: 'Jane Doe' }], KEY);
    await settle();
    await state.confirmMatch(JANE.email);
    expect(state.status.value).toBe('naming');
    expect(state.naming.value).toMatchObject({
      state: 'choose',
      error: 'Loopline was updated. Reload the page.',
    });
    expect(requestLead).not.toHaveBeenCalled();
  });

  it('drops a late search answer once the page shows someone else', async () => {
    const answer = deferred<Result<NameSearchReply>>();
    const { state, requestLead, findByName } = setup();
    findByName.mockImplementationOnce(() => answer.promise);
    state.setPeople([{ name: 'Jane Doe' }], KEY);
    expect(state.status.value).toBe('naming');
    state.setPeople([{ email: A, role: 'sender' }], A);
    await settle();
    answer.resolve(found({ remembered: JANE }));
    await settle();
    expect(state.selected.value).toBe(A);
    expect(state.naming.value).toBeNull();
    expect(requestLead).toHaveBeenCalledTimes(1);
    expect(requestLead).toHaveBeenCalledWith(A, { refresh: false });
  });

  it('forgets a wrong match on "Not them" and offers the matches again', async () => {
    let remembered: typeof JANE | undefined = JANE;
    const { state, forgetName, findByName } = setup(() =>
      found({ remembered, matches: remembered ? [] : [JANE, JANE_TOO] }),
    );
    state.setPeople([{ name: 'Jane Doe' }], KEY);
    await settle();
    expect(state.selected.value).toBe(JANE.email);

    remembered = undefined;
    await state.rejectMatch();
    expect(forgetName).toHaveBeenCalledWith('Jane Doe');
    expect(state.status.value).toBe('naming');
    await settle();
    expect(findByName).toHaveBeenCalledTimes(2);
    expect(state.naming.value).toMatchObject({ state: 'choose' });
    expect(state.selected.value).toBeNull();
  });

  it('switches between a named person and one with an address in the people list', async () => {
    const { state } = setup();
    state.setPeople(
      [
        { email: A, role: 'to' },
        { name: 'Jane Doe', role: 'sender' },
      ],
      A,
    );
    await settle();
    expect(state.selectedKey.value).toBe(A);
    state.select(KEY);
    expect(state.status.value).toBe('naming');
    await settle();
    state.select(A);
    expect(state.selected.value).toBe(A);
    expect(state.naming.value).toBeNull();
    // A key for a name no longer on the page selects no one.
    state.select('name:john smith');
    expect(state.selected.value).toBe(A);
  });
});
