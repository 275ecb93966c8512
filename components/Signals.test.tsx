import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Signal } from '../lib/insights/types';
import { Signals } from './Signals';

const SIGNALS: Signal[] = [
  { id: 'pricing', text: 'Visited pricing 3× this week', strength: 'high', touchpointIds: ['a', 'b', 'c'] },
  { id: 'webinar', text: 'Attended a webinar', strength: 'medium', touchpointIds: ['d'] },
];

describe('Signals', () => {
  it('lists each signal with its strength in words', () => {
    const { getByRole, getAllByRole } = render(
      <Signals signals={SIGNALS} active={null} onToggle={() => {}} />,
    );
    expect(getByRole('heading', { name: 'Why now' })).toBeTruthy();
    const buttons = getAllByRole('button');
    expect(buttons.map((button) => button.textContent)).toEqual([
      'Visited pricing 3× this weekStrong',
      'Attended a webinarMedium',
    ]);
    expect(buttons.every((button) => button.getAttribute('aria-pressed') === 'false')).toBe(true);
  });

  it('activating a signal asks to filter the timeline to it; the active one is pressed', () => {
    const onToggle = vi.fn();
    const { getByRole, rerender } = render(<Signals signals={SIGNALS} active={null} onToggle={onToggle} />);
    fireEvent.click(getByRole('button', { name: /Attended a webinar/ }));
    expect(onToggle).toHaveBeenCalledWith('webinar');
    rerender(<Signals signals={SIGNALS} active="webinar" onToggle={onToggle} />);
    expect(getByRole('button', { name: /Attended a webinar/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('says when there is nothing', () => {
    const { getByText } = render(<Signals signals={[]} active={null} onToggle={() => {}} />);
    expect(getByText('No buying signals in recent activity.')).toBeTruthy();
  });
});
