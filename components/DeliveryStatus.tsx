/**
 * What became of the outcome just recorded: "Saved" with Undo for a few seconds, then its delivery
 * to the target — pending, sending, delivered, or failed with retry and discard; a settled outcome
 * offers "Correct it".
 */
import type { OutcomeType } from '../lib/settings/schema';
import { sourceLabel } from '../lib/sidebar/labels';
import type { PendingOutcome } from '../lib/sidebar/state';
import { outcomeLabel } from './outcome-label';

export interface DeliveryStatusProps {
  pending: PendingOutcome;
  types: OutcomeType[];
  online: boolean;
  onUndo(): void;
  onRetry(id: string): void;
  onDiscard(id: string): void;
  onCorrect(id: string): void;
  onDismiss(): void;
}

export function DeliveryStatus({
  pending,
  types,
  online,
  onUndo,
  onRetry,
  onDiscard,
  onCorrect,
  onDismiss,
}: DeliveryStatusProps) {
  const { outcome, undoLeft } = pending;
  const label = outcomeLabel(types, outcome);
  const target = outcome.target === 'local' ? 'the outcome log' : sourceLabel(outcome.target);
  let text: string;
  let tone = '';
  if (undoLeft > 0) {
    text = `Saved “${label}”.`;
  } else {
    switch (outcome.delivery) {
      case 'pending':
        text = online
          ? `“${label}” is waiting to be sent to ${target}.`
          : `“${label}” is queued; it is sent when you are back online.`;
        break;
      case 'sending':
        text = `Sending “${label}” to ${target}…`;
        break;
      case 'delivered':
        text = `“${label}” delivered to ${target}.`;
        tone = 'll-badge--ok';
        break;
      case 'local':
        text = `“${label}” saved in the outcome log.`;
        tone = 'll-badge--ok';
        break;
      case 'failed':
        text = `“${label}” was not delivered to ${target}${outcome.lastError ? `: ${outcome.lastError}` : '.'}`;
        tone = 'll-badge--danger';
        break;
      case 'undone':
        text = `“${label}” undone; it will not be sent.`;
        break;
      case 'discarded':
        text = `“${label}” discarded; it will not be sent.`;
        break;
    }
  }
  const settled = undoLeft <= 0 && (outcome.delivery === 'delivered' || outcome.delivery === 'local');
  return (
    <div class="ll-status">
      <p role="status" class="ll-text ll-grow">
        {tone && <span class={`ll-badge ${tone}`}>{outcome.delivery === 'failed' ? 'Failed' : 'Done'}</span>}{' '}
        <bdi>{text}</bdi>
      </p>
      {undoLeft > 0 && (
        <button
          type="button"
          class="ll-btn"
          onClick={onUndo}
          aria-label={`Undo “${label}”, ${undoLeft} seconds left`}
        >
          Undo ({undoLeft} s)
        </button>
      )}
      {undoLeft <= 0 && outcome.delivery === 'failed' && (
        <>
          <button type="button" class="ll-btn ll-btn--primary" onClick={() => onRetry(outcome.id)}>
            Retry
          </button>
          <button type="button" class="ll-btn" onClick={() => onDiscard(outcome.id)}>
            Discard
          </button>
        </>
      )}
      {settled && (
        <button type="button" class="ll-btn" onClick={() => onCorrect(outcome.id)}>
          Correct it
        </button>
      )}
      {undoLeft <= 0 && (
        <button
          type="button"
          class="ll-btn ll-btn--quiet ll-btn--icon"
          onClick={onDismiss}
          aria-label="Dismiss this message"
        >
          ×
        </button>
      )}
      {pending.error && (
        <p role="alert" class="ll-error ll-text">
          {pending.error}
        </p>
      )}
    </div>
  );
}
