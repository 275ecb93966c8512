import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_OUTCOMES } from '../lib/settings/schema';
import { NOW, hoursAgo, outcome } from '../lib/sidebar/test-data';
import { EarlierOutcomes, type EarlierOutcomesProps } from './EarlierOutcomes';
import { format } from './test-utils';

const WON = outcome({
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  kind: 'won',
  amount: 12000,
  currency: 'EUR',
  note: 'Signed for 2 years.\nRenewal in Q3.',
  createdAt: hoursAgo(1),
  by: 'Sam Seller',
  supersedes: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  delivery: 'delivered',
});
const LOST = outcome({
  id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  kind: 'lost',
  reason: 'Went with a competitor',
  createdAt: hoursAgo(30),
  by: 'Ana Colleague',
  delivery: 'delivered',
});
const FAILED = outcome({
  id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
  kind: 'custom_thing',
  label: 'Custom thing',
  createdAt: hoursAgo(50),
  delivery: 'failed',
  lastError: 'Marketo error 1006: field not found',
});

function renderList(overrides: Partial<EarlierOutcomesProps> = {}) {
  const props: EarlierOutcomesProps = {
    outcomes: [WON, LOST, FAILED],
    types: DEFAULT_OUTCOMES,
    format,
    now: NOW,
    onRetry: vi.fn(),
    onDiscard: vi.fn(),
    onCorrect: vi.fn(),
    ...overrides,
  };
  return { props, ...render(<EarlierOutcomes {...props} />) };
}

describe('EarlierOutcomes', () => {
  it('lists outcomes with amount, reason, note, who and when, and their delivery', () => {
    const { getAllByRole } = renderList();
    const items = getAllByRole('listitem').map((item) => item.textContent);
    expect(items[0]).toBe(
      'Won · €12,000.00DeliveredSigned for 2 years.\nRenewal in Q3.1 hr. ago · by Sam Seller · corrects an earlier outcomeCorrect',
    );
    expect(items[1]).toBe('LostCorrectedReason: Went with a competitoryesterday · by Ana Colleague');
    expect(items[2]).toBe(
      'Custom thingDelivery failed2 days ago · by Sam SellerMarketo error 1006: field not foundRetryDiscard',
    );
  });

  it('wires retry, discard and correct to the right outcome', () => {
    const { getByRole, props } = renderList();
    fireEvent.click(getByRole('button', { name: 'Retry “Custom thing”' }));
    fireEvent.click(getByRole('button', { name: 'Discard “Custom thing”' }));
    fireEvent.click(getByRole('button', { name: 'Correct “Won”' }));
    expect(props.onRetry).toHaveBeenCalledWith(FAILED.id);
    expect(props.onDiscard).toHaveBeenCalledWith(FAILED.id);
    expect(props.onCorrect).toHaveBeenCalledWith(WON.id);
  });

  it('leaves out the outcome whose Undo is on offer', () => {
    expect(renderList({ hideId: WON.id }).getAllByRole('listitem')).toHaveLength(2);
  });

  it('says when there are none', () => {
    expect(renderList({ outcomes: [] }).getByText('No outcome recorded on this lead yet.')).toBeTruthy();
  });
});
