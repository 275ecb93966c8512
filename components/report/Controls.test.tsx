import { fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttributionModel } from '../../lib/report/compute';
import { ModelSwitch, RangeControl, SourceControl } from './Controls';
import type { RangeChoice } from './range';

afterEach(() => document.body.replaceChildren());

function StatefulSwitch({ onChange }: { onChange: (model: AttributionModel) => void }) {
  const [model, setModel] = useState<AttributionModel>('first');
  return (
    <ModelSwitch
      value={model}
      onChange={(next) => {
        setModel(next);
        onChange(next);
      }}
    />
  );
}

describe('ModelSwitch', () => {
  it('is one labelled radio group of three, one checked', () => {
    render(<ModelSwitch value="last" onChange={() => {}} />);
    const group = screen.getByRole('group', { name: 'Credit outcomes to' });
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((radio) => radio.labels?.[0]?.textContent)).toEqual([
      'First touch',
      'Last touch',
      'Linear',
    ]);
    expect(radios.map((radio) => radio.checked)).toEqual([false, true, false]);
    // One name: the browser moves between them with the arrow keys, and Tab stops once.
    expect(new Set(radios.map((radio) => radio.name)).size).toBe(1);
    expect(group.getAttribute('aria-describedby')).toBe('report-model-hint');
    expect(document.getElementById('report-model-hint')?.textContent).toBe(
      'Last touch: credit goes to the last campaign before the outcome.',
    );
  });

  it.each<[string, AttributionModel]>([
    ['Linear', 'linear'],
    ['Last touch', 'last'],
  ])('choosing %s reports %s and explains it', (label, model) => {
    const onChange = vi.fn();
    render(<StatefulSwitch onChange={onChange} />);
    fireEvent.click(screen.getByRole('radio', { name: label }));
    expect(onChange).toHaveBeenCalledWith(model);
    expect((screen.getByRole('radio', { name: label }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'First touch' }) as HTMLInputElement).checked).toBe(false);
    expect(document.getElementById('report-model-hint')?.textContent).toMatch(new RegExp(`^${label}: `));
  });
});

describe('RangeControl', () => {
  it('offers the presets, and two dates only for a custom range', () => {
    const onChange = vi.fn();
    const { rerender } = render(<RangeControl choice={{ preset: 'last30' }} onChange={onChange} />);
    const select = screen.getByLabelText('Time range');
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual([
      'Last 7 days',
      'Last 30 days',
      'Last 90 days',
      'This quarter',
      'Last quarter',
      'Custom dates',
    ]);
    expect(screen.queryByLabelText('From')).toBeNull();
    fireEvent.change(select, { target: { value: 'custom' } });
    expect(onChange).toHaveBeenCalledWith({ preset: 'custom' });

    const custom: RangeChoice = { preset: 'custom', fromDay: '2026-02-01', toDay: '2026-01-01' };
    rerender(
      <RangeControl choice={custom} error="The start date is after the end date." onChange={onChange} />,
    );
    const from = screen.getByLabelText('From') as HTMLInputElement;
    expect(from.type).toBe('date');
    expect(from.value).toBe('2026-02-01');
    expect(from.getAttribute('aria-describedby')).toBe('report-range-error');
    expect(document.getElementById('report-range-error')?.textContent).toContain(
      'The start date is after the end date.',
    );
    fireEvent.change(screen.getByLabelText('To (included)'), { target: { value: '2026-03-01' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...custom, toDay: '2026-03-01' });
  });
});

describe('SourceControl', () => {
  it('lists all sources, then each enabled one by name', () => {
    const onChange = vi.fn();
    render(<SourceControl sources={['local', 'rest']} value="all" onChange={onChange} />);
    const select = screen.getByLabelText('Source');
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => [option.getAttribute('value'), option.textContent]),
    ).toEqual([
      ['all', 'All sources'],
      ['local', 'Local workspace'],
      ['rest', 'REST'],
    ]);
    fireEvent.change(select, { target: { value: 'rest' } });
    expect(onChange).toHaveBeenCalledWith('rest');
  });
});
