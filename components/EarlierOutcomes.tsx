/**
 * What sales already did with this lead (this salesperson's outcome log and, where the platform
 * keeps them, colleagues' outcomes), so nobody calls a lead a colleague closed yesterday.
 */
import { useId } from 'preact/hooks';
import type { Outcome } from '../lib/model';
import type { OutcomeType } from '../lib/settings/schema';
import type { Formatter } from '../lib/sidebar/format';
import { deliveryLabel } from '../lib/sidebar/labels';
import { outcomeLabel } from './OutcomeBar';

export interface EarlierOutcomesProps {
  outcomes: Outcome[];
  types: OutcomeType[];
  format: Formatter;
  now: number;
  /** Left out while its Undo is on offer in the outcome bar. */
  hideId?: string;
  onRetry(id: string): void;
  onDiscard(id: string): void;
  onCorrect(id: string): void;
}

const DELIVERY_TONE: Record<string, string> = {
  delivered: 'll-badge--ok',
  local: 'll-badge--ok',
  failed: 'll-badge--danger',
  pending: 'll-badge--warn',
  sending: 'll-badge--info',
};

export function EarlierOutcomes({
  outcomes,
  types,
  format,
  now,
  hideId,
  onRetry,
  onDiscard,
  onCorrect,
}: EarlierOutcomesProps) {
  const headingId = useId();
  const shown = outcomes.filter((outcome) => outcome.id !== hideId);
  const corrected = new Set(outcomes.map((outcome) => outcome.supersedes).filter(Boolean));
  return (
    <section class="ll-section" aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        Earlier outcomes
      </h3>
      {shown.length === 0 ? (
        <p class="ll-muted ll-small">No outcome recorded on this lead yet.</p>
      ) : (
        <ul class="ll-history">
          {shown.map((outcome, index) => {
            const label = outcomeLabel(types, outcome);
            const isCorrected = corrected.has(outcome.id);
            return (
              <li key={`${index}:${outcome.id}`} class={isCorrected ? 'll-superseded' : undefined}>
                <div class="ll-spread">
                  <bdi class="ll-outcome-kind ll-clamp ll-grow">
                    <strong>{label}</strong>
                    {typeof outcome.amount === 'number' && (
                      <> · {format.money(outcome.amount, outcome.currency)}</>
                    )}
                  </bdi>
                  {isCorrected ? (
                    <span class="ll-badge">Corrected</span>
                  ) : (
                    <span class={`ll-badge ${DELIVERY_TONE[outcome.delivery] ?? ''}`}>
                      {deliveryLabel(outcome.delivery)}
                    </span>
                  )}
                </div>
                {outcome.reason && (
                  <span class="ll-small ll-clamp">
                    Reason: <bdi>{outcome.reason}</bdi>
                  </span>
                )}
                {outcome.note && (
                  <span class="ll-small ll-note ll-clamp-4">
                    <bdi>{outcome.note}</bdi>
                  </span>
                )}
                <span class="ll-small ll-muted ll-text">
                  <span title={format.dateTime(outcome.createdAt)}>
                    {format.relative(outcome.createdAt, now)}
                  </span>
                  {outcome.by && (
                    <>
                      {' · by '}
                      <bdi>{outcome.by}</bdi>
                    </>
                  )}
                  {outcome.supersedes && ' · corrects an earlier outcome'}
                </span>
                {outcome.delivery === 'failed' && outcome.lastError && (
                  <span class="ll-small ll-error ll-clamp">{outcome.lastError}</span>
                )}
                {!isCorrected &&
                  (outcome.delivery === 'failed' ||
                    outcome.delivery === 'delivered' ||
                    outcome.delivery === 'local') && (
                    <div class="ll-row">
                      {outcome.delivery === 'failed' ? (
                        <>
                          <button
                            type="button"
                            class="ll-btn"
                            onClick={() => onRetry(outcome.id)}
                            aria-label={`Retry “${label}”`}
                          >
                            Retry
                          </button>
                          <button
                            type="button"
                            class="ll-btn"
                            onClick={() => onDiscard(outcome.id)}
                            aria-label={`Discard “${label}”`}
                          >
                            Discard
                          </button>
                        </>
                      ) : (
                        <button
                          type="button"
                          class="ll-btn ll-btn--quiet"
                          onClick={() => onCorrect(outcome.id)}
                          aria-label={`Correct “${label}”`}
                        >
                          Correct
                        </button>
                      )}
                    </div>
                  )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
