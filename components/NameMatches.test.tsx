/**
 * The sidebar for a person the page names without an address: what it says in each state, the
 * one-click confirmation by mouse and keyboard, "Not them", axe, and hostile text from a source.
 */
import { act, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NameSearchReply } from '../lib/messaging/protocol';
import { personKey } from '../lib/model/person-name';
import { leadView, ok } from '../lib/sidebar/test-data';
import { axeViolations, eventHandlerAttributes, renderApp } from './test-utils';

afterEach(() => document.body.replaceChildren());

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));
const KEY = 'name:doe jane';
const JANE = {
  email: 'jane@acme.example',
  name: 'Jane Doe',
  company: 'Acme',
  title: 'CFO',
  sources: ['HubSpot'],
};
const reply = (over: Partial<NameSearchReply> = {}) =>
  ok<NameSearchReply>({ matches: [JANE], searched: ['HubSpot', 'Local workspace'], failed: [], ...over });

describe('a name without an address in the sidebar', () => {
  it('offers the match and shows the lead after one keyboard-reachable click', async () => {
    const confirmName = vi.fn(async () => ok({}));
    const requestLead = vi.fn(async (email: string) =>
      ok(leadView({ email, lead: { ...leadView().lead!, email, name: 'Jane Doe' } })),
    );
    const { state, container, getByRole, findByRole } = renderApp({
      findByName: async () => reply(),
      confirmName,
      requestLead,
    });
    act(() => state.setPeople([{ name: 'Jane Doe', role: 'sender' }], KEY));
    expect(getByRole('heading', { name: 'Only a name on the page: Jane Doe' })).toBeTruthy();
    expect(getByRole('status').textContent).toContain('Looking for Jane Doe');
    await settle();
    const list = getByRole('list', { name: 'People named Jane Doe' });
    expect(within(list).getByText('jane@acme.example')).toBeTruthy();
    expect(within(list).getByText('CFO, Acme')).toBeTruthy();
    expect(await axeViolations(container)).toEqual([]);

    const button = getByRole('button', { name: 'This is them: Jane Doe, jane@acme.example' });
    button.focus();
    expect(document.activeElement).toBe(button);
    expect(requestLead).not.toHaveBeenCalled();
    fireEvent.click(button);
    await settle();
    expect(confirmName).toHaveBeenCalledWith('Jane Doe', 'jane@acme.example');
    expect(requestLead).toHaveBeenCalledWith('jane@acme.example', { refresh: false });
    expect(await findByRole('region', { name: 'Matched by name' })).toBeTruthy();
    expect(await axeViolations(container)).toEqual([]);
    state.dispose();
  });

  it('names the name and the sources when nobody matches, and says which source failed', async () => {
    const { state, container, getByRole } = renderApp({
      findByName: async () =>
        reply({
          matches: [],
          searched: ['Local workspace'],
          failed: [
            {
              source: 'HubSpot',
              message: 'HubSpot could not be searched: HubSpot is rate limiting Loopline',
            },
          ],
        }),
    });
    act(() => state.setPeople([{ name: 'Jane Doe' }], KEY));
    await settle();
    expect(container.textContent).toContain(
      'No one named Jane Doe in Local workspace. Open their contact card',
    );
    expect(container.textContent).not.toContain('no connected source');
    expect(container.textContent).toContain(
      'HubSpot could not be searched: HubSpot is rate limiting Loopline',
    );
    expect(getByRole('button', { name: 'Search again' })).toBeTruthy();
    expect(await axeViolations(container)).toEqual([]);
    state.dispose();
  });

  it('says when no connected source can search by name', async () => {
    const { state, container } = renderApp({ findByName: async () => reply({ matches: [], searched: [] }) });
    act(() => state.setPeople([{ name: 'Jane Doe' }], KEY));
    await settle();
    expect(container.textContent).toContain(
      'No one named Jane Doe in your marketing data (no connected source can search by name).',
    );
    state.dispose();
  });

  it('undoes a remembered match with "Not them"', async () => {
    const forgetName = vi.fn(async () => ok({ forgotten: true }));
    let remembered: typeof JANE | undefined = JANE;
    const { state, getByRole, findByRole } = renderApp({
      findByName: async () => reply({ remembered, matches: remembered ? [] : [JANE] }),
      forgetName,
    });
    act(() => state.setPeople([{ name: 'Jane Doe' }], KEY));
    await settle();
    remembered = undefined;
    fireEvent.click(getByRole('button', { name: 'Not them' }));
    await settle();
    expect(forgetName).toHaveBeenCalledWith('Jane Doe');
    expect(await findByRole('button', { name: 'This is them: Jane Doe, jane@acme.example' })).toBeTruthy();
    state.dispose();
  });

  it('shows hostile text from a source and from the page as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>"><script>alert(2)</script>';
    const { state, container, getByRole } = renderApp({
      findByName: async () =>
        reply({
          matches: [{ ...JANE, name: hostile, company: hostile, title: hostile, sources: [hostile] }],
        }),
    });
    act(() => state.setPeople([{ name: hostile }], personKey({ name: hostile })));
    await settle();
    expect(getByRole('list').textContent).toContain(hostile);
    expect(container.querySelector('img, script')).toBeNull();
    expect(eventHandlerAttributes(container)).toEqual([]);
    state.dispose();
  });
});
