/**
 * The report's controls: time range (presets or two dates), source filter and attribution
 * model. Every control has a visible label; the model is a radio group (one choice of three,
 * arrow keys move between them).
 */
import type { AttributionModel } from '../../lib/report/compute';
import type { SourceId } from '../../lib/model';
import { sourceLabel } from '../../lib/sidebar/labels';
import { RANGE_PRESETS, type RangeChoice, type RangePreset } from './range';

export const MODELS: { id: AttributionModel; label: string; hint: string }[] = [
  { id: 'first', label: 'First touch', hint: 'the first campaign that touched the lead' },
  { id: 'last', label: 'Last touch', hint: 'the last campaign before the outcome' },
  { id: 'linear', label: 'Linear', hint: 'every campaign in the window, shared by touches' },
];

export type SourceFilter = 'all' | SourceId;

export function RangeControl({
  choice,
  error,
  onChange,
}: {
  choice: RangeChoice;
  error?: string;
  onChange: (choice: RangeChoice) => void;
}) {
  return (
    <div class="control control--range">
      <div class="field">
        <label for="report-range">Time range</label>
        <select
          id="report-range"
          value={choice.preset}
          onChange={(event) => onChange({ ...choice, preset: event.currentTarget.value as RangePreset })}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.label}
            </option>
          ))}
        </select>
      </div>
      {choice.preset === 'custom' ? (
        <div class="row custom-range">
          <div class="field">
            <label for="report-from">From</label>
            <input
              id="report-from"
              type="date"
              value={choice.fromDay ?? ''}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'report-range-error' : undefined}
              onChange={(event) => onChange({ ...choice, fromDay: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="report-to">To (included)</label>
            <input
              id="report-to"
              type="date"
              value={choice.toDay ?? ''}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'report-range-error' : undefined}
              onChange={(event) => onChange({ ...choice, toDay: event.currentTarget.value })}
            />
          </div>
        </div>
      ) : null}
      {error ? (
        <p id="report-range-error" class="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SourceControl({
  sources,
  value,
  onChange,
}: {
  sources: readonly SourceId[];
  value: SourceFilter;
  onChange: (value: SourceFilter) => void;
}) {
  return (
    <div class="control field">
      <label for="report-source">Source</label>
      <select
        id="report-source"
        value={value}
        onChange={(event) => onChange(event.currentTarget.value as SourceFilter)}
      >
        <option value="all">All sources</option>
        {sources.map((source) => (
          <option key={source} value={source}>
            {sourceLabel(source)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ModelSwitch({
  value,
  onChange,
}: {
  value: AttributionModel;
  onChange: (model: AttributionModel) => void;
}) {
  return (
    <fieldset class="control group model-switch" aria-describedby="report-model-hint">
      <legend>Credit outcomes to</legend>
      <div class="row">
        {MODELS.map((model) => (
          <label key={model.id} class="radio">
            <input
              type="radio"
              name="report-model"
              value={model.id}
              checked={value === model.id}
              onChange={() => onChange(model.id)}
            />
            {model.label}
          </label>
        ))}
      </div>
      <p id="report-model-hint" class="hint">
        {MODELS.find((model) => model.id === value)?.label}: credit goes to{' '}
        {MODELS.find((model) => model.id === value)?.hint}.
      </p>
    </fieldset>
  );
}
