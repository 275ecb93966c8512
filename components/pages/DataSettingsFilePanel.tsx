/** Data → Settings file: export the settings (never their secrets), import them from a file. */
import { useRef, useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import { today, type Line } from './data-common';
import { FieldErrors } from './fields';
import { StatusLine } from './Section';
import { parseSettingsReply, type SettingsForm } from './settings-form';
import type { OptionsDeps } from './types';

export function SettingsFilePanel({
  form,
  deps,
  now,
  onSettingsReplaced,
}: {
  form: SettingsForm;
  deps: OptionsDeps;
  now: () => number;
  onSettingsReplaced?(before: Settings, after: Settings): void | Promise<unknown>;
}) {
  const [exportLine, setExportLine] = useState<Line>(null);
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const [importLine, setImportLine] = useState<Line>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  async function exportSettings() {
    const reply = await deps.client.call('settings.export');
    if (!reply.ok) {
      setExportLine({ kind: 'error', text: reply.error.message });
      return;
    }
    deps.download(`loopline-settings-${today(now())}.json`, 'application/json', reply.value);
    setExportLine({ kind: 'ok', text: 'Exported the settings. Tokens and keys are never in the file.' });
  }

  async function importSettings(file: File | null) {
    setImportErrors([]);
    setImportLine(null);
    if (!file) return;
    if (file.size > 1_000_000) {
      setImportErrors(['That file is too large to be Loopline settings.']);
      return;
    }
    const reply = await deps.client.call('settings.import', { json: await file.text() });
    if (fileInput.current) fileInput.current.value = '';
    if (!reply.ok) {
      setImportErrors([`Nothing was changed. ${reply.error.message}`]);
      return;
    }
    const parsed = parseSettingsReply(reply.value);
    if (!parsed.ok) {
      setImportErrors([parsed.message]);
      return;
    }
    const before = form.saved.value;
    form.accept(parsed.settings);
    if (before) await onSettingsReplaced?.(before, parsed.settings);
    setImportLine(
      parsed.notices.length > 0
        ? { kind: 'error', text: `Settings imported. ${parsed.notices.join(' ')}` }
        : { kind: 'ok', text: 'Settings imported. Your saved tokens and keys were kept.' },
    );
  }

  return (
    <div class="group">
      <h3>Settings file</h3>
      <div class="row">
        <button type="button" class="btn" onClick={() => void exportSettings()}>
          Export settings (JSON)
        </button>
      </div>
      <StatusLine status={exportLine} />
      <div class="field">
        <label for="settings-file">Import settings from a file</label>
        <input
          id="settings-file"
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-describedby={`settings-file-hint${importErrors.length ? ' settings-file-error' : ''}`}
          aria-invalid={importErrors.length ? 'true' : undefined}
          onChange={(event) => void importSettings(event.currentTarget.files?.[0] ?? null)}
        />
        <p class="hint" id="settings-file-hint">
          A file exported here. Unsaved changes on this page are replaced; tokens and keys stay as saved.
        </p>
        <FieldErrors id="settings-file-error" messages={importErrors} />
      </div>
      <StatusLine status={importLine} />
    </div>
  );
}
