/**
 * The detail step of an outcome that needs a reason or an amount: the field, the currency, and
 * Save / Cancel. The bar owns the values; Escape or Cancel closes the form.
 */
import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import type { OutcomeType } from '../lib/settings/schema';

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

export interface OutcomeDetailsFormProps {
  id: string;
  type: OutcomeType;
  reason: string;
  amount: string;
  currency: string;
  fieldError: string | null;
  saving: boolean;
  /** The first field, which takes the focus when the form opens. */
  fieldRef: Ref<HTMLInputElement>;
  onReason(value: string): void;
  onAmount(value: string): void;
  onCurrency(value: string): void;
  onSave(): void;
  onClose(): void;
}

export function OutcomeDetailsForm({
  id,
  type,
  reason,
  amount,
  currency,
  fieldError,
  saving,
  fieldRef,
  onReason,
  onAmount,
  onCurrency,
  onSave,
  onClose,
}: OutcomeDetailsFormProps) {
  const fieldId = useId();
  const currencyId = useId();
  const fieldErrorId = useId();
  return (
    <form
      id={id}
      class="ll-outcome-form"
      aria-label={`Details for “${type.label}”`}
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      {type.needs === 'reason' && (
        <div class="ll-field">
          <label class="ll-label" for={fieldId}>
            Reason
          </label>
          <input
            ref={fieldRef}
            id={fieldId}
            class="ll-input"
            value={reason}
            maxLength={500}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? fieldErrorId : undefined}
            onInput={(event) => onReason(event.currentTarget.value)}
          />
        </div>
      )}
      {type.needs === 'amount' && (
        <div class="ll-row">
          <div class="ll-field ll-grow">
            <label class="ll-label" for={fieldId}>
              Amount
            </label>
            <input
              ref={fieldRef}
              id={fieldId}
              class="ll-input"
              type="number"
              min="0"
              step="any"
              inputMode="decimal"
              value={amount}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? fieldErrorId : undefined}
              onInput={(event) => onAmount(event.currentTarget.value)}
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
              onChange={(event) => onCurrency(event.currentTarget.value)}
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
          {`Save “${type.label}”`}
        </button>
        <button type="button" class="ll-btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
