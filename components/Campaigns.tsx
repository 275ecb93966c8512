/**
 * Every campaign that touched the lead: what it was, how often, when first and last, and
 * which one gets first- and last-touch credit.
 */
import { useId, useState } from 'preact/hooks';
import type { CampaignEngagement } from '../lib/insights/types';
import type { Formatter } from '../lib/sidebar/format';
import { channelLabel } from '../lib/sidebar/labels';
import { pure } from './pure';

export interface CampaignsProps {
  campaigns: CampaignEngagement[];
  format: Formatter;
  now: number;
  /** How many to show before "show all"; the rest are one click away. */
  limit?: number;
}

// Renders again only when its data changed, not with every change elsewhere in the sidebar.
export const Campaigns = pure(function Campaigns({ campaigns, format, now, limit = 6 }: CampaignsProps) {
  const headingId = useId();
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? campaigns : campaigns.slice(0, limit);
  return (
    <section class="ll-section" aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        <span class="ll-grow">By campaign</span>
        {campaigns.length > 0 && <span>{format.number(campaigns.length)}</span>}
      </h3>
      {campaigns.length === 0 ? (
        <p class="ll-muted ll-small">No campaign touched this lead.</p>
      ) : (
        <ul class="ll-campaigns">
          {shown.map((campaign, index) => (
            <li class="ll-campaign" key={`${index}:${campaign.campaignId}`}>
              <div class="ll-spread">
                <bdi class="ll-campaign-name ll-clamp ll-grow">{campaign.name || campaign.campaignId}</bdi>
                <span class="ll-row">
                  {campaign.isFirstTouch && <span class="ll-badge ll-badge--info">First touch</span>}
                  {campaign.isLastTouch && <span class="ll-badge ll-badge--ok">Last touch</span>}
                </span>
              </div>
              <div class="ll-small ll-muted">
                {channelLabel(campaign.channel)} ·{' '}
                {campaign.touches > 0 ? (
                  <ActivitySpan
                    format={format}
                    now={now}
                    campaign={campaign}
                    count={`${format.number(campaign.touches)} ${campaign.touches === 1 ? 'touch' : 'touches'}`}
                    first="first"
                    last="last"
                  />
                ) : (
                  // Reached but never engaged: the dates are of sends or list additions, not touches.
                  <ActivitySpan
                    format={format}
                    now={now}
                    campaign={campaign}
                    count={
                      campaign.sent ? `${format.number(campaign.sent)} sent, no engagement` : 'no engagement'
                    }
                    first={campaign.sent ? 'first sent' : 'reached'}
                    last={campaign.sent ? 'last sent' : 'last reached'}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {campaigns.length > limit && (
        <button
          type="button"
          class="ll-btn ll-btn--quiet ll-more"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer campaigns' : `Show all ${format.number(campaigns.length)} campaigns`}
        </button>
      )}
    </section>
  );
});

/** "4 touches · first Dec 1, 2025 · last 2 days ago": how many, and over what span. */
function ActivitySpan({
  campaign,
  format,
  now,
  count,
  first,
  last,
}: {
  campaign: CampaignEngagement;
  format: Formatter;
  now: number;
  count: string;
  first: string;
  last: string;
}) {
  return (
    <>
      {count} ·{' '}
      <span title={format.dateTime(campaign.firstAt)}>
        {first} {format.date(campaign.firstAt)}
      </span>
      {campaign.lastAt !== campaign.firstAt && (
        <>
          {' '}
          ·{' '}
          <span title={format.dateTime(campaign.lastAt)}>
            {last} {format.relative(campaign.lastAt, now)}
          </span>
        </>
      )}
    </>
  );
}
