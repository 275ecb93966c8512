/**
 * axe-core's structural rules on the report page in the states that add controls: every table
 * view open, a range error, the clipboard fallback, the empty states. Colour contrast needs real
 * layout; the end-to-end run (test/e2e/report.e2e.ts) checks it in Chromium.
 */
import { act, fireEvent, render, screen } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportApp } from './ReportApp';
import { fakeDeps, reportData } from './test-data';

afterEach(() => document.body.replaceChildren());

async function violations(root: Element) {
  const result = await axe.run(root, {
    rules: {
      'color-contrast': { enabled: false },
      // The test document has no <title> or lang; entrypoints/report/index.html has both.
      'document-title': { enabled: false },
      'html-has-lang': { enabled: false },
    },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('axe (structure) on the report page', () => {
  it('with data, every table view open, a sorted column and the clipboard fallback', async () => {
    const copyText = vi.fn(async () => Promise.reject(new Error('denied')));
    render(<ReportApp deps={fakeDeps({ copyText })} />);
    await screen.findByRole('heading', { level: 2, name: 'Campaigns' });
    for (const button of screen.getAllByRole('button', { name: 'Show as table' })) fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: /^Revenue/ }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    });
    await screen.findByLabelText('The report as Markdown');
    expect(await violations(document.body)).toEqual([]);
  }, 30_000);

  it('with a custom range that does not parse', async () => {
    render(<ReportApp deps={fakeDeps()} />);
    await screen.findByRole('heading', { level: 2, name: 'Campaigns' });
    fireEvent.change(screen.getByLabelText('Time range'), { target: { value: 'custom' } });
    await screen.findByText('Enter a start and an end date.');
    expect(await violations(document.body)).toEqual([]);
  }, 30_000);

  it('with no outcomes yet', async () => {
    render(<ReportApp deps={fakeDeps({ data: { ...reportData(), outcomes: [], outcomesEver: 0 } })} />);
    await screen.findByRole('heading', { name: 'No outcomes recorded yet' });
    expect(await violations(document.body)).toEqual([]);
  }, 30_000);
});
