import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { PeopleSwitcher, SHOWN_PEOPLE } from './PeopleSwitcher';

const PEOPLE = [
  { email: 'dana@acme.example', name: 'Dana Whitfield', role: 'sender' as const },
  { email: 'lee@acme.example', role: 'cc' as const },
];

describe('PeopleSwitcher', () => {
  it('lists the people of the thread and marks the selected one', () => {
    const onSelect = vi.fn();
    const { getByRole } = render(
      <PeopleSwitcher people={PEOPLE} selected="dana@acme.example" onSelect={onSelect} />,
    );
    expect(getByRole('navigation', { name: 'People in this thread (2)' })).toBeTruthy();
    expect(getByRole('button', { name: 'Dana Whitfield from' }).getAttribute('aria-pressed')).toBe('true');
    const lee = getByRole('button', { name: 'lee@acme.example cc' });
    expect(lee.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(lee);
    expect(onSelect).toHaveBeenCalledWith('lee@acme.example');
  });

  it('stays out of the way for one person', () => {
    const { container } = render(
      <PeopleSwitcher people={PEOPLE.slice(0, 1)} selected={null} onSelect={() => {}} />,
    );
    expect(container.innerHTML).toBe('');
  });

  it('puts everyone past the first few of a mailing list in a "more" list', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      email: `member${i}@list.example`,
      name: i === 7 ? `Member ${i}` : undefined,
      role: 'to' as const,
    }));
    const onSelect = vi.fn();
    const { getAllByRole, getByRole, rerender } = render(
      <PeopleSwitcher people={many} selected="member0@list.example" onSelect={onSelect} />,
    );
    expect(getAllByRole('button')).toHaveLength(SHOWN_PEOPLE);
    const more = getByRole('combobox', { name: 'More people in this thread (6)' }) as HTMLSelectElement;
    expect([...more.options].map((option) => option.textContent)).toEqual([
      '6 more…',
      'member4@list.example (to)',
      'member5@list.example (to)',
      'member6@list.example (to)',
      'Member 7 (to)',
      'member8@list.example (to)',
      'member9@list.example (to)',
    ]);
    expect(more.value).toBe('');
    fireEvent.change(more, { target: { value: 'member7@list.example' } });
    expect(onSelect).toHaveBeenCalledWith('member7@list.example');
    rerender(<PeopleSwitcher people={many} selected="member7@list.example" onSelect={onSelect} />);
    expect(more.value).toBe('member7@list.example');
    expect(getAllByRole('button').every((button) => button.getAttribute('aria-pressed') === 'false')).toBe(
      true,
    );
  });

  it('shows five people as buttons rather than a list of one', () => {
    const five = Array.from({ length: SHOWN_PEOPLE + 1 }, (_, i) => ({ email: `p${i}@x.example` }));
    const { getAllByRole, queryByRole } = render(
      <PeopleSwitcher people={five} selected={null} onSelect={() => {}} />,
    );
    expect(getAllByRole('button')).toHaveLength(SHOWN_PEOPLE + 1);
    expect(queryByRole('combobox')).toBeNull();
  });
});
