/** Wiring between a settings-form field path and a control's props. */
import type { Settings } from '../../lib/settings/schema';
import type { SettingsForm } from './settings-form';

export interface Bound<T> {
  value: T;
  onValue(value: T): void;
  onBlur(): void;
  errors: string[];
}

/**
 * Props for a control editing `path`: the current value, a setter that edits the draft, and the
 * errors to show. `set` edits the draft copy in place.
 */
export function bind<T>(
  form: SettingsForm,
  path: string,
  value: T,
  set: (draft: Settings, value: T) => void,
): Bound<T> {
  return {
    value,
    onValue: (next) => form.update((draft) => set(draft, next)),
    onBlur: () => form.touch(path),
    errors: form.errorsFor(path),
  };
}

/**
 * After the render that marks them, focuses the first field marked invalid under `root`, so a
 * screen reader announces its message at once. `scope` narrows it (`'main '`: the page's form).
 */
export function focusFirstInvalid(root: ParentNode, scope = ''): void {
  setTimeout(() => root.querySelector<HTMLElement>(`${scope}[aria-invalid="true"]`)?.focus(), 0);
}
