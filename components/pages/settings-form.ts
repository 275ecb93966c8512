/**
 * The options page's settings state: what was last saved, the draft being edited, and its
 * validation. Created per page by `createSettingsForm(client)` (no module globals, so every test
 * starts fresh). The page only ever holds masked settings: secrets arrive as SECRET_MASK, and a
 * mask sent back keeps the stored secret.
 *
 * Saving is all or nothing: the whole draft is validated with the settings schema and sent only
 * when every field passes; otherwise every error is shown next to its field.
 */
import { batch, computed, signal } from '@preact/signals';
import { formatZodError } from '../../lib/model/zod-error';
import type { SettingsReply } from '../../lib/messaging/protocol';
import { Settings } from '../../lib/settings/schema';
import type { PageClient } from './types';
import { errorsUnder, validateSettings, type FieldErrors } from './validation';

export type Status = { kind: 'ok' | 'error'; text: string } | null;

export interface SettingsFormOptions {
  /**
   * Runs after every successful save with the settings before and after (permission clean-up);
   * a returned text is added to the status line.
   */
  afterSave?: (before: Settings, after: Settings) => Promise<string | void> | string | void;
}

/**
 * The background's answer to settings.get/save/import, checked like any other input: the masked
 * settings, what the background has to say about them (a secret cleared because it would have
 * gone somewhere new), and why the stored settings could not be read, if they could not.
 */
export function parseSettingsReply(
  value: SettingsReply,
): { ok: true; settings: Settings; notices: string[]; problem?: string } | { ok: false; message: string } {
  const parsed = Settings.safeParse(value.settings);
  return parsed.success
    ? { ok: true, settings: parsed.data, notices: value.notices, problem: value.problem }
    : { ok: false, message: `Loopline's settings could not be read: ${formatZodError(parsed.error)}` };
}

export function createSettingsForm(client: PageClient, options: SettingsFormOptions = {}) {
  const saved = signal<Settings | null>(null);
  const draft = signal<Settings | null>(null);
  const loadError = signal('');
  /** The stored settings could not be read: the background runs on defaults and keeps them. */
  const problem = signal('');
  /** What the last save said beyond "saved" (a secret cleared because its destination changed). */
  let notes = '';
  /** A save was attempted: from then on every error shows, not only those of touched fields. */
  const attempted = signal(false);
  const touched = signal<ReadonlySet<string>>(new Set());
  const saving = signal(false);
  const status = signal<Status>(null);

  /** Errors a section found in state it keeps outside the draft (rows being edited), by owner. */
  const extraErrors = signal<ReadonlyMap<string, readonly [string, string][]>>(new Map());

  // Rows a section keeps outside the draft that do not fit it yet are unsaved edits too.
  const dirty = computed(
    () => extraErrors.value.size > 0 || JSON.stringify(draft.value) !== JSON.stringify(saved.value),
  );

  const errors = computed<FieldErrors>(() => {
    const merged = new Map<string, string[]>();
    if (draft.value)
      for (const [path, messages] of validateSettings(draft.value)) merged.set(path, [...messages]);
    for (const entries of extraErrors.value.values()) {
      for (const [path, message] of entries) merged.set(path, [...(merged.get(path) ?? []), message]);
    }
    return merged;
  });

  /** Bumped whenever the draft is replaced wholesale (load, save, discard, import). */
  const revision = signal(0);

  function accept(settings: Settings) {
    batch(() => {
      revision.value++;
      extraErrors.value = new Map();
      saved.value = settings;
      draft.value = structuredClone(settings);
      attempted.value = false;
      touched.value = new Set();
    });
  }

  async function load(): Promise<void> {
    const reply = await client.call('settings.get');
    if (!reply.ok) {
      loadError.value = reply.error.message;
      return;
    }
    const parsed = parseSettingsReply(reply.value);
    if (!parsed.ok) {
      loadError.value = parsed.message;
      return;
    }
    loadError.value = '';
    problem.value = parsed.problem ?? '';
    accept(parsed.settings);
  }

  /** Change the draft; `change` edits a copy in place. */
  function update(change: (draft: Settings) => void) {
    if (!draft.value) return;
    const next = structuredClone(draft.value);
    change(next);
    draft.value = next;
    status.value = null;
  }

  function setExtraErrors(owner: string, entries: readonly [string, string][]) {
    const current = extraErrors.value.get(owner) ?? [];
    if (JSON.stringify(current) === JSON.stringify(entries)) return;
    const next = new Map(extraErrors.value);
    if (entries.length > 0) next.set(owner, entries);
    else next.delete(owner);
    extraErrors.value = next;
  }

  function touch(path: string) {
    if (touched.value.has(path)) return;
    touched.value = new Set([...touched.value, path]);
  }

  /** Messages to show for a field (only once it was left or a save was attempted). */
  function errorsFor(path: string): string[] {
    if (!attempted.value && ![...touched.value].some((key) => key === path || key.startsWith(`${path}.`)))
      return [];
    return errorsUnder(errors.value, path);
  }

  /** The status line's note from the last afterSave (a permission that could not be given back). */
  let afterNote = '';

  async function send(next: Settings): Promise<Settings | null> {
    const before = saved.value;
    afterNote = '';
    notes = '';
    saving.value = true;
    try {
      const reply = await client.call('settings.save', { settings: next });
      if (!reply.ok) {
        status.value = { kind: 'error', text: `Not saved: ${reply.error.message}` };
        return null;
      }
      const parsed = parseSettingsReply(reply.value);
      if (!parsed.ok) {
        status.value = { kind: 'error', text: parsed.message };
        return null;
      }
      notes = parsed.notices.join(' ');
      problem.value = '';
      if (before) afterNote = (await options.afterSave?.(before, parsed.settings)) || '';
      return parsed.settings;
    } finally {
      saving.value = false;
    }
  }

  /** Save the whole draft if every field is valid. Resolves the saved settings or null. */
  async function save(): Promise<Settings | null> {
    const current = draft.value;
    if (!current) return null;
    attempted.value = true;
    const problems = errors.value;
    if (problems.size > 0) {
      status.value = {
        kind: 'error',
        text: `Not saved: ${problems.size === 1 ? 'one field needs' : `${problems.size} fields need`} attention.`,
      };
      return null;
    }
    // Send the parsed value: trimmed, lower-cased where the schema says so.
    const parsed = Settings.safeParse(current);
    if (!parsed.success) return null;
    const result = await send(parsed.data);
    if (result) {
      accept(result);
      const said = [notes, afterNote].filter(Boolean).join(' ');
      status.value = { kind: notes ? 'error' : 'ok', text: said ? `Saved. ${said}` : 'Saved.' };
    }
    return result;
  }

  /**
   * Apply one change straight to the saved settings (adding or removing a site) and keep it in
   * the draft too, leaving the draft's other unsaved edits unsaved.
   */
  async function saveChange(change: (settings: Settings) => void): Promise<Settings | null> {
    if (!saved.value || !draft.value) return null;
    const next = structuredClone(saved.value);
    change(next);
    const pendingDraft = structuredClone(draft.value);
    change(pendingDraft);
    const wasDirty = dirty.value;
    const result = await send(next);
    if (!result) return null;
    const said = [notes, afterNote].filter(Boolean).join(' ');
    if (said) status.value = { kind: 'error', text: said };
    batch(() => {
      saved.value = result;
      draft.value = wasDirty ? pendingDraft : structuredClone(result);
    });
    return result;
  }

  function discard() {
    if (saved.value) accept(saved.value);
    status.value = null;
  }

  return {
    saved,
    draft,
    revision,
    loadError,
    problem,
    attempted,
    saving,
    status,
    errors,
    dirty,
    load,
    accept,
    update,
    touch,
    setExtraErrors,
    errorsFor,
    save,
    saveChange,
    discard,
  };
}

export type SettingsForm = ReturnType<typeof createSettingsForm>;
