import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { PeopleSwitcher } from './PeopleSwitcher';

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
});
