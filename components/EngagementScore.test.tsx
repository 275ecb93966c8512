import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { EngagementScore as Score } from '../lib/insights/types';
import { EngagementScore } from './EngagementScore';
import { format } from './test-utils';

const SCORE: Score = {
  value: 68,
  label: 'warm',
  parts: [],
  machineDiscounted: 3,
  explanation: [
    '2 form submissions: +30',
    '5 page visits: +25 (recent)',
    '3 likely automated opens left out',
  ],
};

describe('EngagementScore', () => {
  it('shows the value and the label in words', () => {
    const { getByText, container } = render(<EngagementScore score={SCORE} format={format} />);
    expect(container.querySelector('.ll-score-value')?.textContent).toBe('68');
    expect(getByText('Warm')).toBeTruthy();
    expect(getByText('3 likely automated touches left out')).toBeTruthy();
  });

  it('explains itself to hover and to keyboard focus through a focusable trigger', () => {
    const { getByRole } = render(<EngagementScore score={SCORE} format={format} />);
    const trigger = getByRole('button', { name: 'Engagement score 68 / 100 Warm' });
    const tip = trigger.parentElement!.querySelector(`[id="${trigger.getAttribute('aria-describedby')}"]`)!;
    expect([...tip.querySelectorAll('li')].map((li) => li.textContent)).toEqual(SCORE.explanation);
    trigger.focus();
    expect(trigger.ownerDocument.activeElement).toBe(trigger);
    fireEvent.click(trigger);
    expect(trigger.parentElement!.hasAttribute('data-pinned')).toBe(true);
  });

  it('says when there is no score', () => {
    const { getByText } = render(<EngagementScore score={null} format={format} />);
    expect(getByText('No score: no engagement data.')).toBeTruthy();
  });
});
