import { fireEvent, render, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { Sidebar } from './Sidebar';
import type { Theme } from './styles';

function Harness({
  initial = true,
  theme = 'light' as Theme,
  tabHint,
}: {
  initial?: boolean;
  theme?: Theme;
  tabHint?: string;
}) {
  const [open, setOpen] = useState(initial);
  return (
    <Sidebar open={open} theme={theme} onToggle={setOpen} tabHint={tabHint} footer={<p>footer</p>}>
      <p>body</p>
    </Sidebar>
  );
}

describe('Sidebar shell', () => {
  it('is a labelled complementary landmark carrying the theme', () => {
    const { getByRole } = render(<Harness theme="dark" />);
    const aside = getByRole('complementary', { name: 'Loopline' });
    expect(aside.getAttribute('data-theme')).toBe('dark');
    expect(aside.textContent).toContain('body');
    expect(aside.textContent).toContain('footer');
  });

  it('collapses to a slim named tab and back, moving focus with the user', async () => {
    const { getByRole, queryByText } = render(<Harness />);
    fireEvent.click(getByRole('button', { name: 'Collapse the Loopline sidebar' }));
    const tab = getByRole('button', { name: 'Open the Loopline sidebar' });
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    expect(queryByText('body')).toBeNull();
    await waitFor(() => expect(tab.ownerDocument.activeElement).toBe(tab));
    fireEvent.click(tab);
    const collapse = getByRole('button', { name: 'Collapse the Loopline sidebar' });
    expect(collapse.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(collapse.ownerDocument.activeElement).toBe(collapse));
  });

  it('does not take focus when opened by something other than its own buttons', async () => {
    const onToggle = vi.fn();
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    const { rerender } = render(<Sidebar open={false} theme="light" onToggle={onToggle} />);
    rerender(<Sidebar open theme="light" onToggle={onToggle} />);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('puts an urgent hint on the collapsed tab', () => {
    const { getByRole } = render(<Harness initial={false} tabHint="Overdue" />);
    const tab = getByRole('button', { name: /^Open the Loopline sidebar \( ?Overdue ?\)$/ });
    expect(tab.textContent).toBe('Open the Loopline sidebar (Overdue)');
  });
});
