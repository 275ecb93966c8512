/**
 * Data → Import leads and activity: file, format, mode, progress, cancel and per-line errors.
 * The import's state and steps are lib/workspace/import-flow.ts; this panel renders them.
 */
import { useState } from 'preact/hooks';
import { createImportFlow, problemCount } from '../../lib/workspace/import-flow';
import { FieldErrors } from './fields';
import { StatusLine } from './Section';
import type { ImportPreviewView, ImportResultView, OptionsDeps, WorkspaceIO } from './types';

const MAX_ERRORS_SHOWN = 100;

export function ImportPanel({
  io,
  deps,
  onImported,
}: {
  io: WorkspaceIO;
  deps: OptionsDeps;
  onImported(): Promise<void>;
}) {
  const [flow] = useState(() =>
    createImportFlow<ImportPreviewView, ImportResultView>({
      io,
      announceChange: () => deps.client.call('workspace.changed'),
      onImported,
    }),
  );
  const running = flow.running.value;
  const progress = flow.progress.value;
  const preview = flow.preview.value;
  const fileErrors = flow.fileErrors.value;
  const committing = flow.committing.value;
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  const errors = flow.result.value?.errors ?? [];
  const errorCount = flow.result.value ? problemCount(flow.result.value) : 0;
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
          onChange={(event) => void flow.choose(event.currentTarget.files?.[0] ?? null)}
        />
        <FieldErrors id="import-file-error" messages={fileErrors} />
      </div>
      <div class="field">
        <label for="import-preset">Format</label>
        <select
          id="import-preset"
          value={flow.preset.value}
          disabled={running}
          aria-describedby="import-preset-hint"
          onChange={(event) => flow.choosePreset(event.currentTarget.value)}
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
            checked={flow.mode.value === 'replace'}
            onChange={() => (flow.mode.value = 'replace')}
          />
          <label for="import-mode-replace">Replace it</label>
        </div>
        <div class="field field--check">
          <input
            id="import-mode-merge"
            type="radio"
            name="import-mode"
            checked={flow.mode.value === 'merge'}
            onChange={() => (flow.mode.value = 'merge')}
          />
          <label for="import-mode-merge">Keep it and add this file</label>
        </div>
      </fieldset>
      <div class="field field--check">
        <input
          id="import-partial"
          type="checkbox"
          checked={flow.allowPartial.value}
          disabled={running}
          onChange={(event) => (flow.allowPartial.value = event.currentTarget.checked)}
        />
        <label for="import-partial">Import the good rows only, if some rows have problems</label>
      </div>
      <div class="row">
        <button
          type="button"
          class="btn btn--primary"
          disabled={running || !flow.file.value}
          onClick={() => void flow.start()}
        >
          Import
        </button>
        {running ? (
          <button
            type="button"
            class="btn"
            disabled={committing}
            aria-describedby={committing ? 'import-committing' : undefined}
            onClick={() => flow.cancel()}
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
      <StatusLine status={flow.line.value} />
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
