/**
 * One click per outcome in the team's taxonomy. Outcomes that need a reason or an amount open
 * a small form first; a note is optional for all of them. After a click it says "Saved" only once
 * the background has the outcome in its outbox, offers Undo for a few seconds, then follows the
 * delivery: pending → delivered, or failed with retry and discard. A delivered outcome is
 * corrected by a new outcome that supersedes it.
 *
 * Every click that records goes through the click guard (lib/sidebar/click-guard.ts): refused,
 * with the reason, when the sidebar was covered or transparent; or, where the browser cannot
 * tell, a one-click outcome asks "Record …?" first (a form's Save is already a second step).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Outcome } from '../lib/model';
import type { OutcomeType } from '../lib/settings/schema';
import { CHANGED_MESSAGE, COVERED_MESSAGE, type ClickGuard } from '../lib/sidebar/click-guard';
import type { Formatter } from '../lib/sidebar/format';
import type { OutcomeChoice, PendingOutcome } from '../lib/sidebar/state';
import { DeliveryStatus } from './DeliveryStatus';
import { OutcomeDetailsForm } from './OutcomeDetailsForm';
import { outcomeLabel } from './outcome-label';

export { CURRENCIES } from './OutcomeDetailsForm';
export { outcomeLabel } from './outcome-label';

export interface OutcomeBarProps {
  types: OutcomeType[];
  pending: PendingOutcome | null;
  saving: boolean;
  error: string | null;
  /** The outcome the next click corrects (supersedes), if a correction is under way. */
  correcting: Outcome | null;
  online: boolean;
  format: Formatter;
  /** Decides whether a click that records is one the user saw. */
  guard: ClickGuard;
  onRecord(choice: OutcomeChoice): Promise<boolean> | boolean;
  onUndo(): void;
  onRetry(id: string): void;
  onDiscard(id: string): void;
  onCorrect(id: string): void;
  onCancelCorrection(): void;
  onDismiss(): void;
  /**
   * Outcomes the lead's platform cannot take with the current settings, by key: what is missing.
   * Their buttons say so instead of recording (refused at the click, never later).
   */
  blocked?: Readonly<Record<string, string>>;
  /** The platform outcomes go to ("Marketo"), for the note about blocked ones. */
  target?: string;
  /** Open the Options section where write-back is set up. */
  onSetUpWriteBack?(): void;
}

export function OutcomeBar(props: OutcomeBarProps) {
  const { types, pending, saving, error, correcting, format, guard } = props;
  const blocked = props.blocked ?? {};
  const blockedTypes = types.filter((type) => blocked[type.key] !== undefined);
  const headingId = useId();
  const blockedId = useId();
  const formId = useId();
  const confirmId = useId();
  const noteId = useId();
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [note, setNote] = useState('');
  const [noteOpen, setNoteOpen] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  /** A click the guard refused, and why nothing was recorded. */
  const [refused, setRefused] = useState<'covered' | 'changed' | false>(false);
  // The bar is made anew for each person shown (SidebarApp keys it by lead): a click that comes
  // right after the person changed is not one the user aimed at this person.
  useEffect(() => guard.personChanged(), [guard]);
  /** The one-click outcome waiting for "Record" (where the guard asks for a confirmation). */
  const [confirmKey, setConfirmKey] = useState<string | null>(null);
  const [confirmReady, setConfirmReady] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Closing a form removes the focused control; focus goes back to the button that opened it.
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  const closeForm = (key: string) => {
    setOpenKey(null);
    triggers.current.get(key)?.focus();
  };
  const open = types.find((type) => type.key === openKey) ?? null;
  const confirming = types.find((type) => type.key === confirmKey) ?? null;

  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [openKey]);

  // A confirmation takes the focus (keyboard users answer it next) and its Record button works
  // only after a moment, so that the second click of a double click does not land on it.
  useEffect(() => {
    setConfirmReady(false);
    if (!confirmKey) return;
    confirmButton.current?.focus();
    return guard.confirmation(() => setConfirmReady(true));
  }, [confirmKey, guard]);

  const closeConfirm = (key: string) => {
    setConfirmKey(null);
    triggers.current.get(key)?.focus();
  };

  function reset() {
    setOpenKey(null);
    setConfirmKey(null);
    setReason('');
    setAmount('');
    setNote('');
    setNoteOpen(false);
    setFieldError(null);
  }

  async function submit(type: OutcomeType): Promise<boolean> {
    if (saving) return false;
    const choice: OutcomeChoice = { kind: type.key };
    if (type.needs === 'reason') {
      if (!reason.trim()) {
        setFieldError(`Say why (“${type.label}” needs a reason).`);
        return false;
      }
      choice.reason = reason.trim().slice(0, 500);
    }
    if (type.needs === 'amount') {
      const value = Number(amount);
      if (amount.trim() === '' || !Number.isFinite(value) || value < 0) {
        setFieldError('Enter the amount as a number, 0 or more.');
        return false;
      }
      choice.amount = value;
      choice.currency = currency;
    }
    if (note.trim()) choice.note = note.trim().slice(0, 5000);
    setFieldError(null);
    if (!(await props.onRecord(choice))) return false;
    reset();
    if (type.needs !== 'none') triggers.current.get(type.key)?.focus();
    return true;
  }

  /** A click that would record now: true unless the guard refuses it (then it says why). */
  function seen(verdict = guard.check()): boolean {
    const refusal = verdict === 'covered' || verdict === 'changed' ? verdict : false;
    setRefused(refusal);
    return !refusal;
  }

  function choose(type: OutcomeType) {
    if (saving || blocked[type.key] !== undefined) return;
    if (type.needs === 'none') {
      setOpenKey(null);
      const verdict = guard.check();
      if (verdict === 'confirm') {
        setRefused(false);
        setConfirmKey(type.key);
      } else {
        setConfirmKey(null);
        if (seen(verdict)) void submit(type);
      }
    } else {
      setFieldError(null);
      setRefused(false);
      setConfirmKey(null);
      setOpenKey(openKey === type.key ? null : type.key);
    }
  }

  async function confirm(type: OutcomeType) {
    if (saving || !confirmReady) return;
    // The confirmation is the check where the browser cannot tell what the user saw.
    if (await submit(type)) triggers.current.get(type.key)?.focus();
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
            aria-disabled={saving || blocked[type.key] !== undefined}
            aria-describedby={blocked[type.key] !== undefined ? blockedId : undefined}
            aria-expanded={
              type.needs !== 'none'
                ? openKey === type.key
                : guard.mode === 'confirm'
                  ? confirmKey === type.key
                  : undefined
            }
            aria-controls={type.needs !== 'none' ? formId : guard.mode === 'confirm' ? confirmId : undefined}
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
      {blockedTypes.length > 0 && (
        <div id={blockedId} class="ll-notice ll-notice--warn ll-small">
          <p class="ll-text">
            {blockedTypes.length === types.length
              ? 'Outcomes'
              : blockedTypes.map((type) => `“${type.label}”`).join(', ')}{' '}
            cannot be written back to {props.target ?? 'this platform'} yet: {blocked[blockedTypes[0]!.key]}.
          </p>
          {props.onSetUpWriteBack && (
            <div>
              <button type="button" class="ll-btn" onClick={props.onSetUpWriteBack}>
                Set up write-back in Options
              </button>
            </div>
          )}
        </div>
      )}
      {confirming && (
        <div
          id={confirmId}
          class="ll-notice ll-notice--info ll-small"
          role="group"
          aria-label={`Record “${confirming.label}”?`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              closeConfirm(confirming.key);
            }
          }}
        >
          <p class="ll-text">
            Record “<bdi>{confirming.label}</bdi>”?
          </p>
          <div class="ll-row">
            <button
              ref={confirmButton}
              type="button"
              class="ll-btn ll-btn--primary"
              aria-disabled={saving || !confirmReady}
              onClick={() => void confirm(confirming)}
            >
              Record
            </button>
            <button type="button" class="ll-btn" onClick={() => closeConfirm(confirming.key)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {open && (
        <OutcomeDetailsForm
          id={formId}
          type={open}
          reason={reason}
          amount={amount}
          currency={currency}
          fieldError={fieldError}
          saving={saving}
          fieldRef={firstField}
          onReason={setReason}
          onAmount={setAmount}
          onCurrency={setCurrency}
          onSave={() => {
            // Where the guard asks for confirmations, this Save is the second step already.
            if (seen()) void submit(open);
          }}
          onClose={() => closeForm(open.key)}
        />
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
      {refused && (
        <p class="ll-error ll-text" role="alert">
          {refused === 'changed' ? CHANGED_MESSAGE : COVERED_MESSAGE}
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
