/**
 * One click per outcome in the team's taxonomy. Outcomes that need a reason or an amount open
 * a small form first; a note is optional for all of them. After a click it says "Saved" only once
 * the background has the outcome in its outbox, offers Undo for a few seconds, then follows the
 * delivery: pending → delivered, or failed with retry and discard. A delivered outcome is
 * corrected by a new outcome that supersedes it.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Outcome } from '../lib/model';
import type { OutcomeType } from '../lib/settings/schema';
import type { Formatter } from '../lib/sidebar/format';
import { sourceLabel } from '../lib/sidebar/labels';
import type { OutcomeChoice, PendingOutcome } from '../lib/sidebar/state';

export interface OutcomeBarProps {
  types: OutcomeType[];
  pending: PendingOutcome | null;
  saving: boolean;
  error: string | null;
  /** The outcome the next click corrects (supersedes), if a correction is under way. */
  correcting: Outcome | null;
  online: boolean;
  format: Formatter;
  onRecord(choice: OutcomeChoice): Promise<boolean> | boolean;
  onUndo(): void;
  onRetry(id: string): void;
  onDiscard(id: string): void;
  onCorrect(id: string): void;
  onCancelCorrection(): void;
  onDismiss(): void;
}

export const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'CHF',
  'JPY',
  'SEK',
  'NOK',
  'DKK',
  'INR',
  'BRL',
  'SGD',
  'NZD',
];

export function outcomeLabel(types: OutcomeType[], outcome: Pick<Outcome, 'kind' | 'label'>): string {
  return types.find((type) => type.key === outcome.kind)?.label ?? outcome.label ?? outcome.kind;
}

function DeliveryStatus({
  pending,
  types,
  online,
  onUndo,
  onRetry,
  onDiscard,
  onCorrect,
  onDismiss,
}: Pick<
  OutcomeBarProps,
  'types' | 'online' | 'onUndo' | 'onRetry' | 'onDiscard' | 'onCorrect' | 'onDismiss'
> & {
  pending: PendingOutcome;
}) {
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

export function OutcomeBar(props: OutcomeBarProps) {
  const { types, pending, saving, error, correcting, format } = props;
  const headingId = useId();
  const formId = useId();
  const noteId = useId();
  const fieldId = useId();
  const currencyId = useId();
  const fieldErrorId = useId();
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [note, setNote] = useState('');
  const [noteOpen, setNoteOpen] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  // Closing a form removes the focused control; focus goes back to the button that opened it.
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  const closeForm = (key: string) => {
    setOpenKey(null);
    triggers.current.get(key)?.focus();
  };
  const open = types.find((type) => type.key === openKey) ?? null;

  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [openKey]);

  function reset() {
    setOpenKey(null);
    setReason('');
    setAmount('');
    setNote('');
    setNoteOpen(false);
    setFieldError(null);
  }

  async function submit(type: OutcomeType) {
    if (saving) return;
    const choice: OutcomeChoice = { kind: type.key };
    if (type.needs === 'reason') {
      if (!reason.trim()) return setFieldError(`Say why (“${type.label}” needs a reason).`);
      choice.reason = reason.trim().slice(0, 500);
    }
    if (type.needs === 'amount') {
      const value = Number(amount);
      if (amount.trim() === '' || !Number.isFinite(value) || value < 0) {
        return setFieldError('Enter the amount as a number, 0 or more.');
      }
      choice.amount = value;
      choice.currency = currency;
    }
    if (note.trim()) choice.note = note.trim().slice(0, 5000);
    setFieldError(null);
    if (await props.onRecord(choice)) {
      reset();
      if (type.needs !== 'none') triggers.current.get(type.key)?.focus();
    }
  }

  function choose(type: OutcomeType) {
    if (saving) return;
    if (type.needs === 'none') {
      setOpenKey(null);
      void submit(type);
    } else {
      setFieldError(null);
      setOpenKey(openKey === type.key ? null : type.key);
    }
  }

  return (
    <section aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        Record outcome
      </h3>
      {correcting && (
        <div class="ll-notice ll-notice--info ll-small">
          <p class="ll-text">
            Correcting “<bdi>{outcomeLabel(types, correcting)}</bdi>” from {format.date(correcting.createdAt)}
            . Pick the right outcome; the earlier one stays on record, marked as corrected.
          </p>
          <div>
            <button type="button" class="ll-btn" onClick={props.onCancelCorrection}>
              Cancel correction
            </button>
          </div>
        </div>
      )}
      <div class="ll-outcomes" role="group" aria-label="Outcomes">
        {types.map((type) => (
          <button
            key={type.key}
            ref={(element) => {
              if (element) triggers.current.set(type.key, element);
              else triggers.current.delete(type.key);
            }}
            type="button"
            class="ll-btn"
            aria-disabled={saving}
            aria-expanded={type.needs === 'none' ? undefined : openKey === type.key}
            aria-controls={type.needs === 'none' ? undefined : formId}
            onClick={() => choose(type)}
          >
            <bdi>{type.label}</bdi>
            {type.needs !== 'none' && <span aria-hidden="true">…</span>}
          </button>
        ))}
        <button
          type="button"
          class="ll-btn ll-btn--quiet"
          aria-expanded={noteOpen}
          aria-controls={noteId}
          onClick={() => setNoteOpen(!noteOpen)}
        >
          {noteOpen ? 'Hide note' : note.trim() ? 'Edit note' : 'Add note'}
        </button>
      </div>
      {open && (
        <form
          id={formId}
          class="ll-outcome-form"
          aria-label={`Details for “${open.label}”`}
          onSubmit={(event) => {
            event.preventDefault();
            void submit(open);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              closeForm(open.key);
            }
          }}
        >
          {open.needs === 'reason' && (
            <div class="ll-field">
              <label class="ll-label" for={fieldId}>
                Reason
              </label>
              <input
                ref={firstField}
                id={fieldId}
                class="ll-input"
                value={reason}
                maxLength={500}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? fieldErrorId : undefined}
                onInput={(event) => setReason(event.currentTarget.value)}
              />
            </div>
          )}
          {open.needs === 'amount' && (
            <div class="ll-row">
              <div class="ll-field ll-grow">
                <label class="ll-label" for={fieldId}>
                  Amount
                </label>
                <input
                  ref={firstField}
                  id={fieldId}
                  class="ll-input"
                  type="number"
                  min="0"
                  step="any"
                  inputMode="decimal"
                  value={amount}
                  aria-invalid={fieldError ? true : undefined}
                  aria-describedby={fieldError ? fieldErrorId : undefined}
                  onInput={(event) => setAmount(event.currentTarget.value)}
                />
              </div>
              <div class="ll-field">
                <label class="ll-label" for={currencyId}>
                  Currency
                </label>
                <select
                  id={currencyId}
                  class="ll-select"
                  value={currency}
                  onChange={(event) => setCurrency(event.currentTarget.value)}
                >
                  {CURRENCIES.map((code) => (
                    <option key={code} value={code}>
                      {code}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
          {fieldError && (
            <p class="ll-error" id={fieldErrorId} role="alert">
              {fieldError}
            </p>
          )}
          <div class="ll-row">
            <button type="submit" class="ll-btn ll-btn--primary" aria-disabled={saving}>
              {`Save “${open.label}”`}
            </button>
            <button type="button" class="ll-btn" onClick={() => closeForm(open.key)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <div class="ll-field" id={noteId} hidden={!noteOpen} style={{ marginTop: '8px' }}>
        <label class="ll-label" for={`${noteId}-text`}>
          Note for marketing (optional)
        </label>
        <textarea
          id={`${noteId}-text`}
          class="ll-textarea"
          rows={2}
          maxLength={5000}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
      </div>
      {saving && (
        <p class="ll-status ll-muted" role="status">
          Saving…
        </p>
      )}
      {error && (
        <p class="ll-error ll-text" role="alert">
          {error}
        </p>
      )}
      {pending && !saving && (
        <DeliveryStatus
          pending={pending}
          types={types}
          online={props.online}
          onUndo={props.onUndo}
          onRetry={props.onRetry}
          onDiscard={props.onDiscard}
          onCorrect={props.onCorrect}
          onDismiss={props.onDismiss}
        />
      )}
    </section>
  );
}
