import { render } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { pure } from './pure';

describe('pure', () => {
  it('renders again only when a prop changed, and keeps hooks working inside', () => {
    const seen = vi.fn();
    const Label = pure(function Label({ text, list }: { text: string; list: readonly number[] }) {
      const [count] = useState(list.length);
      seen(text);
      return (
        <p>
          {text} {count}
        </p>
      );
    });
    const list = [1, 2];
    const { container, rerender } = render(<Label text="a" list={list} />);
    expect(container.textContent).toBe('a 2');
    rerender(<Label text="a" list={list} />);
    expect(seen).toHaveBeenCalledTimes(1);
    rerender(<Label text="b" list={list} />);
    expect(container.textContent).toBe('b 2');
    // An equal but new array is a change: props are compared by identity.
    rerender(<Label text="b" list={[1, 2]} />);
    expect(seen.mock.calls.map(([text]) => text)).toEqual(['a', 'b', 'b']);
  });
});
