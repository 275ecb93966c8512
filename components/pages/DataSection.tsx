/**
 * Data: import leads and activity into the local workspace (preview, preset, progress, per-line
 * errors), export the outcome log, the workspace and the settings, import settings, clear the
 * cache, remove the sample, delete everything. Imports run in this page against the shared
 * IndexedDB; the background is told afterwards (workspace.changed) to drop what it derived.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { releaseAllOptional } from '../../lib/permissions';
import type { Settings } from '../../lib/settings/schema';
import { FieldErrors } from './fields';
import { Section, StatusLine } from './Section';
import { parseSettingsReply, type SettingsForm } from './settings-form';
import type { ImportMode, ImportPreviewView, ImportResultView, OptionsDeps, WorkspaceIO } from './types';

type Line = { kind: 'ok' | 'error' | 'info'; text: string } | null;

const MAX_ERRORS_SHOWN = 100;

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

const problemCount = (result: ImportResultView) => Math.max(result.errorCount ?? 0, result.errors.length);

function describeProblems(count: number): string {
  if (count === 0) return 'the file holds nothing to import';
  return count === 1 ? 'one row has a problem' : `${count.toLocaleString()} rows have problems`;
}

export interface DataSectionProps {
  form: SettingsForm;
  deps: OptionsDeps;
  /** Settings were replaced wholesale (import, delete everything): clean up permissions. */
  onSettingsReplaced?(before: Settings, after: Settings): void | Promise<unknown>;
}

export function DataSection({ form, deps, onSettingsReplaced }: DataSectionProps) {
  const now = deps.now ?? Date.now;
  const [stats, setStats] = useState<{ leads: number; touchpoints: number; sample: boolean } | null>(null);
  const [statsLine, setStatsLine] = useState<Line>(null);

  async function refreshStats() {
    const reply = await deps.client.call('workspace.stats');
    if (reply.ok) setStats(reply.value);
    else setStatsLine({ kind: 'error', text: reply.error.message });
  }
  useEffect(() => void refreshStats(), []);

  async function sample(load: boolean) {
    setStatsLine({
      kind: 'info',
      text: load ? 'Loading the sample workspace…' : 'Removing the sample workspace…',
    });
    const reply = load
      ? await deps.client.call('workspace.useSample')
      : await deps.client.call('workspace.removeSample');
    setStatsLine(
      reply.ok
        ? { kind: 'ok', text: load ? 'The sample workspace is loaded.' : 'The sample workspace was removed.' }
        : { kind: 'error', text: reply.error.message },
    );
    await refreshStats();
  }

  return (
    <Section
      id="data"
      title="Data"
      intro="Everything Loopline keeps is in this browser. Bring data in, take it out, or delete it."
    >
      <div class="group">
        <h3>Local workspace</h3>
        <p>
          {stats
            ? `${stats.leads.toLocaleString()} leads and ${stats.touchpoints.toLocaleString()} activities in the local workspace${stats.sample ? ', including the sample workspace' : ''}.`
            : 'Counting…'}
        </p>
        <div class="row">
          {stats?.sample ? (
            <button type="button" class="btn" onClick={() => void sample(false)}>
              Remove the sample workspace
            </button>
          ) : (
            <button type="button" class="btn" onClick={() => void sample(true)}>
              Load the sample workspace
            </button>
          )}
        </div>
        <StatusLine status={statsLine} />
      </div>
      {deps.workspace ? <ImportPanel io={deps.workspace} deps={deps} onImported={refreshStats} /> : null}
      <ExportPanel deps={deps} now={now} />
      <SettingsFilePanel form={form} deps={deps} now={now} onSettingsReplaced={onSettingsReplaced} />
      <DangerPanel form={form} deps={deps} onSettingsReplaced={onSettingsReplaced} onDeleted={refreshStats} />
    </Section>
  );
}

function ImportPanel({
  io,
  deps,
  onImported,
}: {
  io: WorkspaceIO;
  deps: OptionsDeps;
  onImported(): Promise<void>;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [preset, setPreset] = useState('');
  const [mode, setMode] = useState<ImportMode>('replace');
  const [allowPartial, setAllowPartial] = useState(false);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ fraction: number; rows: number } | null>(null);
  /** The import is committing: past the point where it can be cancelled. */
  const [committing, setCommitting] = useState(false);
  const [result, setResult] = useState<ImportResultView | null>(null);
  const [line, setLine] = useState<Line>(null);
  const abort = useRef<AbortController | null>(null);

  async function choose(chosen: File | null, chosenPreset?: string) {
    setFile(chosen);
    setPreview(null);
    setResult(null);
    setLine(null);
    setFileErrors([]);
    if (!chosen) return;
    try {
      const next = await io.preview(chosen, chosenPreset);
      setPreview(next);
      if (!chosenPreset) setPreset(next.detectedPreset ?? '');
    } catch (error) {
      setFileErrors([`This file cannot be read: ${error instanceof Error ? error.message : String(error)}`]);
    }
  }

  async function start() {
    if (!file) {
      setFileErrors(['Choose a file first.']);
      return;
    }
    if (!preset) {
      setLine({ kind: 'error', text: 'Choose the format of the file.' });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setResult(null);
    setLine(null);
    setProgress({ fraction: 0, rows: 0 });
    try {
      const outcome = await io.import(file, {
        preset,
        mode,
        allowPartial,
        signal: controller.signal,
        onProgress: (next) =>
          setProgress({ fraction: Math.max(0, Math.min(1, next.fraction)), rows: next.rows }),
        onCommit: () => setCommitting(true),
      });
      setResult(outcome);
      if (outcome.ok) {
        const changed = await deps.client.call('workspace.changed');
        setLine({
          kind: 'ok',
          text:
            `Imported ${outcome.leads.toLocaleString()} leads, ${outcome.touchpoints.toLocaleString()} activities and ` +
            `${outcome.campaigns.toLocaleString()} campaigns from ${outcome.rows.toLocaleString()} rows` +
            (problemCount(outcome)
              ? `; ${problemCount(outcome).toLocaleString()} rows with problems were left out.`
              : '.') +
            (changed.ok ? '' : ` Loopline may show older data until it restarts: ${changed.error.message}`),
        });
        await onImported();
      } else {
        setLine({
          kind: 'error',
          text: controller.signal.aborted
            ? 'Import cancelled; nothing was changed.'
            : `Nothing was imported: ${describeProblems(problemCount(outcome))}. Fix them, or choose to import the good rows only.`,
        });
      }
    } catch (error) {
      setLine({
        kind: 'error',
        text: controller.signal.aborted
          ? 'Import cancelled; nothing was changed.'
          : `The import failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      abort.current = null;
      setProgress(null);
      setCommitting(false);
    }
  }

  const running = progress !== null;
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  const errors = result?.errors ?? [];
  const errorCount = Math.max(result?.errorCount ?? 0, errors.length);
  return (
    <div class="group">
      <h3>Import leads and activity</h3>
      <p class="note">
        CSV or JSON exports from HubSpot, Marketo, Mailchimp or a spreadsheet. The file is read here and never
        uploaded.
      </p>
      <div class="field">
        <label for="import-file">File to import</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          disabled={running}
          aria-describedby={fileErrors.length ? 'import-file-error' : undefined}
          aria-invalid={fileErrors.length ? 'true' : undefined}
          onChange={(event) => void choose(event.currentTarget.files?.[0] ?? null)}
        />
        <FieldErrors id="import-file-error" messages={fileErrors} />
      </div>
      <div class="field">
        <label for="import-preset">Format</label>
        <select
          id="import-preset"
          value={preset}
          disabled={running}
          aria-describedby="import-preset-hint"
          onChange={(event) => {
            const value = event.currentTarget.value;
            setPreset(value);
            if (file && value) void choose(file, value);
          }}
        >
          <option value="">Choose a format…</option>
          {io.presets.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        <p class="hint" id="import-preset-hint">
          {preview?.detectedPreset
            ? `Recognised as ${io.presets.find((option) => option.id === preview.detectedPreset)?.label ?? preview.detectedPreset}.`
            : 'Chosen from the file’s columns when Loopline recognises them.'}
        </p>
      </div>
      {preview?.problem ? <p class="note note--warn">This file needs attention: {preview.problem}.</p> : null}
      {preview ? <PreviewTable preview={preview} /> : null}
      <fieldset class="group" disabled={running}>
        <legend>What happens to data imported before</legend>
        <div class="field field--check">
          <input
            id="import-mode-replace"
            type="radio"
            name="import-mode"
            checked={mode === 'replace'}
            onChange={() => setMode('replace')}
          />
          <label for="import-mode-replace">Replace it</label>
        </div>
        <div class="field field--check">
          <input
            id="import-mode-merge"
            type="radio"
            name="import-mode"
            checked={mode === 'merge'}
            onChange={() => setMode('merge')}
          />
          <label for="import-mode-merge">Keep it and add this file</label>
        </div>
      </fieldset>
      <div class="field field--check">
        <input
          id="import-partial"
          type="checkbox"
          checked={allowPartial}
          disabled={running}
          onChange={(event) => setAllowPartial(event.currentTarget.checked)}
        />
        <label for="import-partial">Import the good rows only, if some rows have problems</label>
      </div>
      <div class="row">
        <button
          type="button"
          class="btn btn--primary"
          disabled={running || !file}
          onClick={() => void start()}
        >
          Import
        </button>
        {running ? (
          <button
            type="button"
            class="btn"
            disabled={committing}
            aria-describedby={committing ? 'import-committing' : undefined}
            onClick={() => abort.current?.abort()}
          >
            Cancel import
          </button>
        ) : null}
      </div>
      {committing ? (
        <p class="note" id="import-committing">
          Saving the import: it can no longer be cancelled.
        </p>
      ) : null}
      {progress ? (
        <div class="progress-wrap">
          <div
            class="progress"
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent}%, ${progress.rows.toLocaleString()} rows read`}
          >
            <div class="progress-bar" style={{ width: `${percent}%` }} />
          </div>
          <p class="note">
            {percent}% · {progress.rows.toLocaleString()} rows read
          </p>
        </div>
      ) : null}
      <StatusLine status={line} />
      {errors.length > 0 ? (
        <div class="import-errors">
          <h4 id="import-errors-title">Rows with problems</h4>
          <ul aria-labelledby="import-errors-title">
            {errors.slice(0, MAX_ERRORS_SHOWN).map((error, index) => (
              <li key={index}>{error.line > 0 ? `Line ${error.line}: ${error.reason}` : error.reason}</li>
            ))}
          </ul>
          {errorCount > Math.min(errors.length, MAX_ERRORS_SHOWN) ? (
            <p class="note">
              …and {(errorCount - Math.min(errors.length, MAX_ERRORS_SHOWN)).toLocaleString()} more.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function PreviewTable({ preview }: { preview: ImportPreviewView }) {
  return (
    <div class="table-wrap">
      <table class="table table--preview">
        <caption>First rows of the file{preview.mapping ? ', with the field each column feeds' : ''}</caption>
        <thead>
          <tr>
            {preview.columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
                {preview.mapping ? (
                  <span class="mapping">
                    → {preview.mapping[column] ? preview.mapping[column] : 'not used'}
                  </span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {preview.columns.map((_, index) => (
                <td key={index}>{row[index] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExportPanel({ deps, now }: { deps: OptionsDeps; now: () => number }) {
  const [line, setLine] = useState<Line>(null);
  const io = deps.workspace;

  async function outcomesCsv() {
    if (!io) return;
    const reply = await deps.client.call('outcomes.list', {});
    if (!reply.ok) {
      setLine({ kind: 'error', text: reply.error.message });
      return;
    }
    deps.download(`loopline-outcomes-${today(now())}.csv`, 'text/csv', io.outcomesToCsv(reply.value));
    setLine({ kind: 'ok', text: `Exported ${reply.value.length.toLocaleString()} outcomes.` });
  }

  async function workspaceJson() {
    if (!io) return;
    try {
      deps.download(
        `loopline-workspace-${today(now())}.json`,
        'application/json',
        await io.exportWorkspaceJson(),
      );
      setLine({ kind: 'ok', text: 'Exported the workspace.' });
    } catch (error) {
      setLine({
        kind: 'error',
        text: `The export failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  if (!io) return null;
  return (
    <div class="group">
      <h3>Export</h3>
      <div class="row">
        <button type="button" class="btn" onClick={() => void outcomesCsv()}>
          Export the outcome log (CSV)
        </button>
        <button type="button" class="btn" onClick={() => void workspaceJson()}>
          Export the workspace (JSON)
        </button>
      </div>
      <StatusLine status={line} />
    </div>
  );
}

function SettingsFilePanel({
  form,
  deps,
  now,
  onSettingsReplaced,
}: {
  form: SettingsForm;
  deps: OptionsDeps;
  now: () => number;
  onSettingsReplaced?: DataSectionProps['onSettingsReplaced'];
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

function DangerPanel({
  form,
  deps,
  onSettingsReplaced,
  onDeleted,
}: {
  form: SettingsForm;
  deps: OptionsDeps;
  onSettingsReplaced?: DataSectionProps['onSettingsReplaced'];
  onDeleted(): Promise<void>;
}) {
  const [cacheLine, setCacheLine] = useState<Line>(null);
  const [confirming, setConfirming] = useState<{ undelivered: number } | null>(null);
  const [deleteLine, setDeleteLine] = useState<Line>(null);
  const [busy, setBusy] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // The safe choice takes focus; the destructive one is a deliberate Tab away.
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);

  async function clearCache() {
    const reply = await deps.client.call('cache.clear');
    setCacheLine(
      reply.ok
        ? {
            kind: 'ok',
            text: `Cleared ${reply.value.cleared.toLocaleString()} cached leads; they are fetched again when needed.`,
          }
        : { kind: 'error', text: reply.error.message },
    );
  }

  async function askToDelete() {
    setDeleteLine(null);
    const reply = await deps.client.call('outcomes.list', {});
    const undelivered = reply.ok
      ? reply.value.filter(
          (outcome) =>
            outcome.delivery === 'pending' || outcome.delivery === 'sending' || outcome.delivery === 'failed',
        ).length
      : 0;
    setConfirming({ undelivered });
  }

  async function deleteEverything() {
    setBusy(true);
    try {
      const reply = await deps.client.call('data.deleteAll');
      if (!reply.ok) {
        setDeleteLine({ kind: 'error', text: `Nothing was deleted: ${reply.error.message}` });
        return;
      }
      const release = await releaseAllOptional(deps.permissions, deps.requiredHosts);
      const before = form.saved.value;
      await form.load();
      const after = form.saved.value;
      if (before && after) await onSettingsReplaced?.(before, after);
      setConfirming(null);
      setDeleteLine({
        kind: 'ok',
        text:
          'Everything Loopline kept in this browser was deleted, and the settings are back to their defaults.' +
          (release.removed.length ? ` Access to ${release.removed.length} site(s) was given back.` : ''),
      });
      await onDeleted();
      openButton.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="group">
      <h3>Clean up</h3>
      <div class="row">
        <button type="button" class="btn" onClick={() => void clearCache()}>
          Clear the cache
        </button>
      </div>
      <StatusLine status={cacheLine} />
      <div class="row">
        <button
          type="button"
          ref={openButton}
          class="btn btn--danger"
          aria-expanded={confirming ? 'true' : 'false'}
          aria-controls="delete-confirm"
          onClick={() => void askToDelete()}
        >
          Delete everything…
        </button>
      </div>
      <div
        id="delete-confirm"
        class="confirm"
        hidden={!confirming}
        role="group"
        aria-labelledby="delete-confirm-title"
      >
        {confirming ? (
          <>
            <h4 id="delete-confirm-title">Delete everything Loopline keeps in this browser?</h4>
            <p>
              Settings, tokens and keys, imported data, the sample workspace, the outcome log and the cache
              are deleted. Outcomes already written back to your platforms stay there.
            </p>
            {confirming.undelivered > 0 ? (
              <p class="note note--warn">
                {confirming.undelivered} outcome{confirming.undelivered === 1 ? ' has' : 's have'} not been
                delivered yet and will be lost.
              </p>
            ) : null}
            <div class="row">
              <button
                type="button"
                class="btn btn--danger"
                disabled={busy}
                onClick={() => void deleteEverything()}
              >
                Yes, delete everything
              </button>
              <button
                type="button"
                ref={cancelButton}
                class="btn"
                onClick={() => {
                  setConfirming(null);
                  openButton.current?.focus();
                }}
              >
                Cancel
              </button>
            </div>
          </>
        ) : null}
      </div>
      <StatusLine status={deleteLine} />
    </div>
  );
}
