/**
 * Loopline's own engagement score (recency-weighted, machine activity discounted) with its
 * explanation on hover and on keyboard focus, so nobody has to trust a bare number.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { EngagementScore as Score } from '../lib/insights/types';
import type { Formatter } from '../lib/sidebar/format';
import { Tip } from './Tip';

export interface EngagementScoreProps {
  score: Score | null;
  format: Formatter;
  /** Rendered under the score (the activity sparkline). */
  children?: ComponentChildren;
}

const LABEL_TEXT: Record<string, string> = { hot: 'Hot', warm: 'Warm', cold: 'Cold' };

export function EngagementScore({ score, format, children }: EngagementScoreProps) {
  const headingId = useId();
  return (
    <section class="ll-section" aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        Engagement
      </h3>
      {score ? (
        <div class="ll-tiprow">
          <Tip
            tip={
              <>
                <ul>
                  {score.explanation.map((line, index) => (
                    <li key={index} class="ll-text">
                      {line}
                    </li>
                  ))}
                </ul>
                {score.explanation.length === 0 && <span>No engagement counted yet.</span>}
              </>
            }
          >
            <span class="ll-score" data-label={score.label}>
              <span class="ll-sr">Engagement score </span>
              <span class="ll-score-value">{format.number(score.value)}</span>
              <span class="ll-muted ll-small">/ 100</span>
              <span class="ll-score-label">{LABEL_TEXT[score.label] ?? score.label}</span>
            </span>
          </Tip>
          {score.machineDiscounted > 0 && (
            <p class="ll-muted ll-small">
              {format.number(score.machineDiscounted)} likely automated{' '}
              {score.machineDiscounted === 1 ? 'touch' : 'touches'} left out
            </p>
          )}
        </div>
      ) : (
        <p class="ll-muted ll-small">No score: no engagement data.</p>
      )}
      {children}
    </section>
  );
}
