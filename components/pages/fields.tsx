/**
 * Labelled form controls for the extension pages. Each ties its hint and its errors to the
 * control with aria-describedby and marks it aria-invalid, so a screen reader hears the problem
 * where the eye sees it. Values are rendered as text only.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { SECRET_MASK } from '../../lib/settings/store';

export { SECRET_MASK };

interface Described {
  hintId?: string;
  errorId?: string;
}

function describedBy({ hintId, errorId }: Described): string | undefined {
  const ids = [hintId, errorId].filter(Boolean).join(' ');
  return ids || undefined;
}

export function FieldErrors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} class="field-error">
      {messages.map((message, index) => (
        <p key={index}>
          <span aria-hidden="true">⚠ </span>
          {message}
        </p>
      ))}
    </div>
  );
}

/** Ids for a control, its hint and its error list, plus the attributes the control carries. */
function useFieldIds(hint: ComponentChildren | undefined, errors: readonly string[]) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  return {
    id,
    hintId,
    errorId,
    controlProps: {
      id,
      'aria-describedby': describedBy({ hintId, errorId: errors.length > 0 ? errorId : undefined }),
      'aria-invalid': errors.length > 0 ? ('true' as const) : undefined,
    },
  };
}

interface FieldShell {
  label: ComponentChildren;
  hint?: ComponentChildren;
  errors?: readonly string[];
  class?: string;
}

function Shell({
  label,
  hint,
  errors,
  ids,
  children,
  class: className,
}: FieldShell & { ids: { id: string; hintId?: string; errorId: string }; children: ComponentChildren }) {
  return (
    <div class={`field ${className ?? ''}`}>
      <label for={ids.id}>{label}</label>
      {children}
      {hint ? (
        <p class="hint" id={ids.hintId}>
          {hint}
        </p>
      ) : null}
      <FieldErrors id={ids.errorId} messages={errors ?? []} />
    </div>
  );
}

export interface TextFieldProps extends FieldShell {
  value: string;
  onValue(value: string): void;
  onBlur?(): void;
  type?: 'text' | 'email' | 'url' | 'search';
  placeholder?: string;
  autoComplete?: string;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  spellcheck?: boolean;
  maxLength?: number;
  required?: boolean;
}

export function TextField(props: TextFieldProps) {
  const errors = props.errors ?? [];
  const ids = useFieldIds(props.hint, errors);
  return (
    <Shell {...props} ids={ids}>
      <input
        {...ids.controlProps}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        inputMode={props.inputMode}
        spellcheck={props.spellcheck ?? false}
        maxLength={props.maxLength}
        required={props.required}
        onInput={(event) => props.onValue(event.currentTarget.value)}
        onBlur={props.onBlur}
      />
    </Shell>
  );
}

export interface NumberFieldProps extends FieldShell {
  value: number;
  /** NaN when the box holds something that is not a number (validation says so). */
  onValue(value: number): void;
  onBlur?(): void;
  min?: number;
  max?: number;
  step?: number | 'any';
  unit?: string;
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

export function NumberField(props: NumberFieldProps) {
  const errors = props.errors ?? [];
  const ids = useFieldIds(props.hint, errors);
  // The box keeps what was typed ("1." on the way to "1.5"); the draft gets the number.
  const [text, setText] = useState(Number.isNaN(props.value) ? '' : String(props.value));
  useEffect(() => {
    if (!sameNumber(toNumber(text), props.value))
      setText(Number.isNaN(props.value) ? '' : String(props.value));
  }, [props.value]);
  return (
    <Shell {...props} ids={ids}>
      <span class="with-unit">
        <input
          {...ids.controlProps}
          type="number"
          inputMode="decimal"
          value={text}
          min={props.min}
          max={props.max}
          step={props.step}
          onInput={(event) => {
            const next = event.currentTarget.value;
            setText(next);
            props.onValue(toNumber(next));
          }}
          onBlur={props.onBlur}
        />
        {props.unit ? <span class="unit">{props.unit}</span> : null}
      </span>
    </Shell>
  );
}

/** Entries one per line (commas work too), for address and domain lists. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((entry, i) => entry === b[i]);

export interface ListFieldProps extends FieldShell {
  value: readonly string[];
  onValue(value: string[]): void;
  onBlur?(): void;
  rows?: number;
  placeholder?: string;
}

export function ListField(props: ListFieldProps) {
  const errors = props.errors ?? [];
  const ids = useFieldIds(props.hint, errors);
  const [text, setText] = useState(props.value.join('\n'));
  useEffect(() => {
    if (!sameList(splitList(text), props.value)) setText(props.value.join('\n'));
  }, [props.value]);
  return (
    <Shell {...props} ids={ids}>
      <textarea
        {...ids.controlProps}
        rows={props.rows ?? 3}
        value={text}
        placeholder={props.placeholder}
        spellcheck={false}
        autoComplete="off"
        onInput={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          props.onValue(splitList(next));
        }}
        onBlur={props.onBlur}
      />
    </Shell>
  );
}

export interface SelectFieldProps extends FieldShell {
  value: string;
  options: readonly { value: string; label: string }[];
  onValue(value: string): void;
}

export function SelectField(props: SelectFieldProps) {
  const errors = props.errors ?? [];
  const ids = useFieldIds(props.hint, errors);
  return (
    <Shell {...props} ids={ids}>
      <select
        {...ids.controlProps}
        value={props.value}
        onChange={(event) => props.onValue(event.currentTarget.value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

export interface CheckboxFieldProps {
  label: ComponentChildren;
  checked: boolean;
  onValue(checked: boolean): void;
  hint?: ComponentChildren;
  errors?: readonly string[];
  disabled?: boolean;
  /** Render as a switch (role=switch): for on/off settings that act at once. */
  asSwitch?: boolean;
}

export function CheckboxField(props: CheckboxFieldProps) {
  const errors = props.errors ?? [];
  const ids = useFieldIds(props.hint, errors);
  return (
    <div class="field field--check">
      <input
        {...ids.controlProps}
        type="checkbox"
        role={props.asSwitch ? 'switch' : undefined}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => {
          const box = event.currentTarget;
          props.onValue(box.checked);
          // Controlled: show the prop until a re-render says otherwise (a refused permission
          // leaves the setting, and so the prop, unchanged and would not re-render).
          box.checked = props.checked;
        }}
      />
      <label for={ids.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={ids.hintId}>
          {props.hint}
        </p>
      ) : null}
      <FieldErrors id={ids.errorId} messages={errors} />
    </div>
  );
}

export interface SecretFieldProps extends FieldShell {
  label: string;
  /** The draft's value: SECRET_MASK while the stored secret is kept. */
  value: string;
  /** Whether a secret is stored (the saved settings carry the mask). */
  stored: boolean;
  onValue(value: string): void;
  onBlur?(): void;
  placeholder?: string;
}

/**
 * A password box for tokens and keys. The page never sees a stored secret: it shows "saved", and
 * leaving the box empty keeps it. A paste is checked as pasted, because a password box silently
 * drops line breaks and a token broken across lines would otherwise be saved wrong.
 */
export function SecretField(props: SecretFieldProps) {
  const errors = props.errors ?? [];
  const masked = props.value === SECRET_MASK;
  const forgotten = props.stored && props.value === '';
  const hint = (
    <>
      {props.hint}
      {props.hint && (masked || forgotten) ? ' ' : null}
      {masked ? 'A value is saved (it is never shown). Type or paste a new one to replace it.' : null}
      {forgotten ? 'The saved value will be removed when you save.' : null}
    </>
  );
  const hasHint = Boolean(props.hint) || masked || forgotten;
  const ids = useFieldIds(hasHint ? hint : undefined, errors);
  const keepOrClear = (typed: string) => (typed === '' && props.stored ? SECRET_MASK : typed);
  return (
    <Shell {...props} hint={hasHint ? hint : undefined} ids={ids}>
      <span class="secret-row">
        <input
          {...ids.controlProps}
          type="password"
          value={masked ? '' : props.value}
          placeholder={masked ? 'Saved' : props.placeholder}
          autoComplete="off"
          spellcheck={false}
          onPaste={(event) => {
            const pasted = event.clipboardData?.getData('text') ?? '';
            if (/\s/.test(pasted.trim())) {
              // Keep the raw text so validation can say what is wrong with it.
              event.preventDefault();
              props.onValue(pasted);
              props.onBlur?.();
            }
          }}
          onInput={(event) => {
            props.onValue(keepOrClear(event.currentTarget.value));
            // Secrets are pasted, not typed: check them at once.
            props.onBlur?.();
          }}
          onBlur={props.onBlur}
        />
        {masked ? (
          <button type="button" class="btn btn--small" onClick={() => props.onValue('')}>
            Forget saved value<span class="sr-only"> of {props.label}</span>
          </button>
        ) : null}
        {forgotten ? (
          <button type="button" class="btn btn--small" onClick={() => props.onValue(SECRET_MASK)}>
            Keep saved value<span class="sr-only"> of {props.label}</span>
          </button>
        ) : null}
      </span>
    </Shell>
  );
}
