import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { CampaignEngagement } from '../lib/insights/types';
import { NOW } from '../lib/sidebar/test-data';
import { Campaigns } from './Campaigns';
import { format } from './test-utils';

const campaign = (overrides: Partial<CampaignEngagement>): CampaignEngagement => ({
  campaignId: 'c1',
  name: 'Q1 Webinar',
  channel: 'webinar',
  touches: 4,
  firstAt: '2025-12-01T10:00:00.000Z',
  lastAt: '2026-01-14T10:00:00.000Z',
  isFirstTouch: false,
  isLastTouch: false,
  ...overrides,
});

describe('Campaigns', () => {
  it('shows name, channel, touches, first and last touch, and attribution badges', () => {
    const { getAllByRole, getByText } = render(
      <Campaigns
        campaigns={[
          campaign({ isLastTouch: true }),
          campaign({
            campaignId: 'c2',
            name: 'Paid search: analytics',
            channel: 'paid_search',
            touches: 1,
            firstAt: '2025-11-02T10:00:00.000Z',
            lastAt: '2025-11-02T10:00:00.000Z',
            isFirstTouch: true,
          }),
        ]}
        format={format}
        now={NOW}
      />,
    );
    const items = getAllByRole('listitem');
    expect(items[0]?.textContent).toBe(
      'Q1 WebinarLast touchWebinar · 4 touches · first Dec 1, 2025 · last 2 days ago',
    );
    expect(items[1]?.textContent).toBe(
      'Paid search: analyticsFirst touchPaid search · 1 touch · first Nov 2, 2025',
    );
    expect(getByText('First touch')).toBeTruthy();
  });

  it('says a campaign that only reached the lead had no engagement, and dates its sends', () => {
    const { getAllByRole } = render(
      <Campaigns
        campaigns={[
          campaign({ campaignId: 'n1', name: 'Newsletter', channel: 'email', touches: 0, sent: 3 }),
          campaign({
            campaignId: 'n2',
            name: 'Nurture: onboarding',
            channel: 'nurture',
            touches: 0,
            firstAt: '2025-11-02T10:00:00.000Z',
            lastAt: '2025-11-02T10:00:00.000Z',
          }),
        ]}
        format={format}
        now={NOW}
      />,
    );
    const items = getAllByRole('listitem');
    expect(items[0]?.textContent).toBe(
      'NewsletterEmail · 3 sent, no engagement · first sent Dec 1, 2025 · last sent 2 days ago',
    );
    expect(items[1]?.textContent).toBe('Nurture: onboardingNurture · no engagement · reached Nov 2, 2025');
  });

  it('shows the first few and the rest on request', () => {
    const many = Array.from({ length: 9 }, (_, i) =>
      campaign({ campaignId: `c${i}`, name: `Campaign ${i}` }),
    );
    const { getAllByRole, getByRole } = render(<Campaigns campaigns={many} format={format} now={NOW} />);
    expect(getAllByRole('listitem')).toHaveLength(6);
    const more = getByRole('button', { name: 'Show all 9 campaigns' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(getAllByRole('listitem')).toHaveLength(9);
  });

  it('says when no campaign touched the lead', () => {
    const { getByText } = render(<Campaigns campaigns={[]} format={format} now={NOW} />);
    expect(getByText('No campaign touched this lead.')).toBeTruthy();
  });
});
