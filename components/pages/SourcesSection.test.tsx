import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../lib/connectors/registry';
import { OptionsApp } from './OptionsApp';
import { optionsDeps, settingsBackground } from './test-helpers';

describe('SourcesSection', () => {
  it('shows one card per registered platform, in the registry’s order, with its summary and fields', async () => {
    render(<OptionsApp deps={optionsDeps(settingsBackground().client)} />);
    const section = (await screen.findByRole('heading', { level: 2, name: 'Sources' })).closest(
      'section',
    ) as HTMLElement;
    const cards = within(section).getAllByRole('heading', { level: 3 });
    expect(cards.map((heading) => heading.textContent)).toEqual(PLATFORMS.map((p) => p.name));
    for (const p of PLATFORMS) {
      const card = within(section).getByRole('heading', { level: 3, name: p.name }).closest('section')!;
      expect(within(card as HTMLElement).getByText(p.summary)).toBeTruthy();
      for (const field of p.fields) {
        expect(
          within(card as HTMLElement).getByLabelText(field.label),
          `${p.id}.${field.field}`,
        ).toBeTruthy();
      }
    }
  });
});
