/**
 * axe-core's structural rules (names, roles, ARIA, labels, landmarks) on the rendered sidebar in
 * each state. Colour contrast needs real layout, so it is checked by the palette test here and by
 * axe in the end-to-end suite.
 */
import { act, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeadView } from '../lib/model/view';
import { EMAIL, leadView, ok, outcome, testGuard } from '../lib/sidebar/test-data';
import { axeViolations as violations, renderApp } from './test-utils';

afterEach(() => document.body.replaceChildren());

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));

const VIEWS: [string, LeadView][] = [
  [
    'found',
    leadView({
      outcomes: [outcome({ delivery: 'failed', lastError: 'HubSpot answered 500' })],
      sources: [
        { source: 'hubspot', label: 'HubSpot', state: 'error', error: { kind: 'http', message: '503' } },
      ],
    }),
  ],
  ['not found', leadView({ status: 'not_found', lead: undefined, touchpoints: [] })],
  ['no source', leadView({ status: 'no_source', lead: undefined, touchpoints: [], sources: [] })],
  ['error', leadView({ status: 'error', lead: undefined, touchpoints: [] })],
];

describe('axe (structure) on the sidebar', () => {
  it.each(VIEWS)('%s', async (_name, view) => {
    const { state, container } = renderApp({ requestLead: async () => ok(view) }, 'dark');
    act(() => state.setPeople([{ email: EMAIL, name: 'Dana' }, { email: 'lee@acme.example' }]));
    await settle();
    expect(await violations(container)).toEqual([]);
    state.dispose();
  });

  it('with a mailing list of people in the switcher', async () => {
    const { state, container } = renderApp();
    const list = Array.from({ length: 12 }, (_, i) => ({
      email: `member${i}@list.example`,
      role: 'to' as const,
    }));
    act(() => state.setPeople([{ email: EMAIL, name: 'Dana', role: 'sender' }, ...list]));
    await settle();
    expect(container.querySelector('select[aria-label^="More people"]')).not.toBeNull();
    expect(await violations(container)).toEqual([]);
    state.dispose();
  });

  it('with an outcome form open and after a click', async () => {
    const { state, container, getByRole } = renderApp();
    act(() => state.select(EMAIL));
    await settle();
    fireEvent.click(getByRole('button', { name: 'Won' }));
    fireEvent.click(getByRole('button', { name: 'Add note' }));
    await settle();
    expect(await violations(container)).toEqual([]);
    fireEvent.click(getByRole('button', { name: 'Meeting booked' }));
    await settle();
    expect(await violations(container)).toEqual([]);
    state.dispose();
  });

  it('with a click refused and with a confirmation asked for', async () => {
    const covered = renderApp({}, 'light', testGuard('covered'));
    act(() => covered.state.select(EMAIL));
    await settle();
    fireEvent.click(covered.getByRole('button', { name: 'Meeting booked' }));
    await settle();
    expect(await violations(covered.container)).toEqual([]);
    covered.state.dispose();
    covered.unmount();

    const asking = renderApp({}, 'dark', testGuard('confirm'));
    act(() => asking.state.select(EMAIL));
    await settle();
    fireEvent.click(asking.getByRole('button', { name: 'Meeting booked' }));
    await settle();
    expect(asking.getByRole('group', { name: 'Record “Meeting booked”?' })).toBeTruthy();
    expect(await violations(asking.container)).toEqual([]);
    asking.state.dispose();
  });

  it('idle, loading and collapsed', async () => {
    const { state, container } = renderApp({ requestLead: () => new Promise(() => {}) });
    expect(await violations(container)).toEqual([]);
    act(() => state.select(EMAIL));
    await settle();
    expect(await violations(container)).toEqual([]);
    act(() => state.setOpen(false));
    await settle();
    expect(await violations(container)).toEqual([]);
    state.dispose();
  });
});
