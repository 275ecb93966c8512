import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEFINITIONS } from '../lib/settings/schema';
import { EMAIL, NOW, hoursAgo, iso, leadView } from '../lib/sidebar/test-data';
import { LeadHeader } from './LeadHeader';
import { format } from './test-utils';

function renderHeader(overrides: Parameters<typeof leadView>[0] = {}, refreshing = false) {
  const onRefresh = vi.fn();
  const view = leadView(overrides);
  const result = render(
    <LeadHeader
      view={view}
      definitions={DEFAULT_DEFINITIONS}
      format={format}
      now={NOW}
      fetchedAt={iso(NOW - 3 * 60_000)}
      refreshing={refreshing}
      onRefresh={onRefresh}
    />,
  );
  return { ...result, onRefresh };
}

describe('LeadHeader', () => {
  it('answers "who is this" in one block', () => {
    const { getByRole, getByText, container } = renderHeader();
    expect(getByRole('heading', { level: 2, name: 'Dana Whitfield' })).toBeTruthy();
    expect(getByText(EMAIL)).toBeTruthy();
    expect(container.textContent).toContain('VP Revenue Operations · Acme Analytics');
    expect(container.textContent).toContain('72 +12 in 30 days');
    expect(getByText('Sam Seller')).toBeTruthy();
    expect(getByText('Updated 3 min. ago')).toBeTruthy();
  });

  it('explains stage and status with the team definitions', () => {
    const { getByRole } = renderHeader();
    const stage = getByRole('button', { name: 'Stage MQL' });
    const tipId = stage.getAttribute('aria-describedby')!;
    const tip = stage.parentElement!.querySelector(`[id="${tipId}"]`)!;
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.textContent).toBe(DEFAULT_DEFINITIONS.marketingqualifiedlead);
    // "Open" has no definition: plain text, nothing to focus.
    expect(() => getByRole('button', { name: /Status/ })).toThrow();
  });

  it('hides the tooltip on Escape and shows it again after leaving', () => {
    const { getByRole } = renderHeader();
    const stage = getByRole('button', { name: 'Stage MQL' });
    const wrapper = stage.parentElement!;
    fireEvent.keyDown(stage, { key: 'Escape' });
    expect(wrapper.hasAttribute('data-dismissed')).toBe(true);
    fireEvent.blur(stage);
    expect(wrapper.hasAttribute('data-dismissed')).toBe(false);
  });

  it('links to each platform record, and shows source trouble in words', () => {
    const { getByRole, getByText } = renderHeader({
      sources: [
        { source: 'hubspot', label: 'HubSpot', state: 'stale', fetchedAt: hoursAgo(3) },
        { source: 'local', label: 'Sample workspace', state: 'error', error: { kind: 'x', message: 'y' } },
      ],
    });
    const link = getByRole('link', { name: 'HubSpot: open the record (new tab)' });
    expect(link.getAttribute('href')).toBe('https://app.hubspot.com/contacts/1/record/0-1/501');
    expect(getByText('Stale')).toBeTruthy();
    expect(getByText('Sample workspace').tagName).not.toBe('A');
    expect(getByText('Error')).toBeTruthy();
  });

  it('says in a muted line what a source could not deliver, without an error', () => {
    const { container, getByText, queryByText } = renderHeader({
      sources: [
        {
          source: 'hubspot',
          label: 'HubSpot',
          state: 'fresh',
          fetchedAt: hoursAgo(1),
          unavailable: ['list memberships'],
        },
        { source: 'marketo', label: 'Marketo', state: 'fresh', fetchedAt: hoursAgo(1) },
      ],
    });
    const line = getByText(/list memberships unavailable/);
    expect(line.textContent).toBe('HubSpot: list memberships unavailable');
    expect(line.classList.contains('ll-muted')).toBe(true);
    expect(queryByText('Error')).toBeNull();
    expect(container.textContent).not.toContain('Marketo:');
  });

  it('names several missing parts of one source together', () => {
    const { getByText } = renderHeader({
      sources: [
        {
          source: 'marketo',
          label: 'Marketo',
          state: 'stale',
          fetchedAt: hoursAgo(3),
          unavailable: ['program memberships', 'program names'],
        },
      ],
    });
    expect(getByText(/unavailable/).textContent).toBe(
      'Marketo: program memberships, program names unavailable',
    );
  });

  it('shows a falling score and a missing name', () => {
    const base = leadView().lead!;
    const { getByRole, container } = renderHeader({
      lead: { ...base, name: '  ', score: 40, score30dAgo: 55 },
    });
    expect(getByRole('heading', { level: 2, name: EMAIL })).toBeTruthy();
    expect(container.querySelector('.ll-delta-down')?.textContent).toBe(' -15 in 30 days');
  });

  it('refreshes on click, but not twice while refreshing', () => {
    const idle = renderHeader();
    fireEvent.click(idle.getByRole('button', { name: 'Refresh lead data' }));
    expect(idle.onRefresh).toHaveBeenCalledTimes(1);
    idle.unmount();
    const busy = renderHeader({}, true);
    const button = busy.getByRole('button', { name: 'Refresh lead data' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(button);
    expect(busy.onRefresh).not.toHaveBeenCalled();
    expect(busy.getByText('Refreshing…')).toBeTruthy();
  });

  it('marks sample data', () => {
    expect(renderHeader({ sample: true }).getByText('Sample data')).toBeTruthy();
  });
});
