/**
 * Outcomes: the taxonomy salespeople pick from in the sidebar (label, stable key, what it needs,
 * how the report counts it) and what each writes into HubSpot's lead status and Marketo's status
 * field. A key already saved is fixed: outcomes recorded under it, here and at the platforms,
 * must keep meaning the same thing.
 */
import type { OutcomeType, Settings } from '../../lib/settings/schema';
import { bind } from './bind';
import { FieldErrors, NumberField, TextField } from './fields';
import { MarketoActivityTypes } from './MarketoActivityTypes';
import { Section } from './Section';
import type { SettingsForm } from './settings-form';
import type { PageClient } from './types';

const NEEDS: readonly { value: OutcomeType['needs']; label: string }[] = [
  { value: 'none', label: 'Nothing' },
  { value: 'reason', label: 'A reason' },
  { value: 'amount', label: 'An amount' },
];

const STAGES: readonly { value: OutcomeType['stage']; label: string }[] = [
  { value: 'meeting', label: 'Meeting' },
  { value: 'sql', label: 'Sales qualified' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'other', label: 'Other' },
];

/** A key proposed from a label: "Demo booked!" → "demo_booked". */
export function keyFromLabel(label: string): string {
  const key = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[_0-9]+|_+$/g, '')
    .slice(0, 64);
  return key;
}

function renameMapping(mapping: Record<string, string>, from: string, to: string) {
  if (from === to || !(from in mapping)) return;
  if (!(to in mapping) && to) mapping[to] = mapping[from]!;
  delete mapping[from];
}

export function OutcomesSection({ form, client }: { form: SettingsForm; client?: PageClient }) {
  const draft = form.draft.value;
  if (!draft) return null;
  const savedKeys = new Set(form.saved.value?.outcomes.map((outcome) => outcome.key) ?? []);
  const outcomes = draft.outcomes;
  const listErrors = form.attempted.value ? (form.errors.value.get('outcomes') ?? []) : [];

  const edit = (change: (d: Settings) => void) => form.update(change);

  function setLabel(index: number, label: string) {
    edit((d) => {
      const row = d.outcomes[index];
      if (!row) return;
      // A new row's key follows its label until someone edits the key itself.
      if (!savedKeys.has(row.key) && (row.key === '' || row.key === keyFromLabel(row.label))) {
        setKeyIn(d, index, keyFromLabel(label));
      }
      row.label = label;
    });
  }

  function setKeyIn(d: Settings, index: number, key: string) {
    const row = d.outcomes[index];
    if (!row) return;
    const shared = d.outcomes.some((other, i) => i !== index && other.key === row.key);
    if (!shared) {
      renameMapping(d.sources.hubspot.statusMapping, row.key, key);
      renameMapping(d.sources.marketo.statusMapping, row.key, key);
    }
    row.key = key;
  }

  function move(index: number, by: -1 | 1) {
    edit((d) => {
      const target = index + by;
      if (target < 0 || target >= d.outcomes.length) return;
      const [row] = d.outcomes.splice(index, 1);
      d.outcomes.splice(target, 0, row!);
    });
  }

  function remove(index: number) {
    edit((d) => {
      const [row] = d.outcomes.splice(index, 1);
      if (row && !d.outcomes.some((other) => other.key === row.key)) {
        delete d.sources.hubspot.statusMapping[row.key];
        delete d.sources.marketo.statusMapping[row.key];
      }
    });
  }

  function setMapping(platform: 'hubspot' | 'marketo', key: string, value: string) {
    edit((d) => {
      const mapping = d.sources[platform].statusMapping;
      if (value.trim() === '') delete mapping[key];
      else mapping[key] = value;
    });
  }

  const hubspot = draft.sources.hubspot;
  const marketo = draft.sources.marketo;

  return (
    <Section
      id="outcomes"
      title="Outcomes"
      intro="What a salesperson can record about a lead, and what each outcome writes back. The report counts outcomes by their stage."
    >
      <FieldErrors id="outcomes-list-error" messages={listErrors} />
      <div class="table-wrap">
        <table class="table table--form">
          <caption class="sr-only">Outcome types, in the order the sidebar shows them</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Needs</th>
              <th scope="col">Counts as</th>
              <th scope="col">HubSpot lead status</th>
              <th scope="col">Marketo {marketo.statusField || 'status'} value</th>
              <th scope="col">
                <span class="sr-only">Order and removal</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((outcome, index) => {
              const name = outcome.label.trim() || `outcome ${index + 1}`;
              const fixed = savedKeys.has(outcome.key);
              return (
                <tr key={index}>
                  <td>
                    <CellInput
                      id={`outcome-${index}-label`}
                      label={`Label of outcome ${index + 1}`}
                      value={outcome.label}
                      errors={form.errorsFor(`outcomes.${index}.label`)}
                      onValue={(value) => setLabel(index, value)}
                      onBlur={() => form.touch(`outcomes.${index}.label`)}
                    />
                  </td>
                  <td>
                    {fixed ? (
                      <code title="Saved keys cannot change">{outcome.key}</code>
                    ) : (
                      <CellInput
                        id={`outcome-${index}-key`}
                        label={`Key of ${name}`}
                        value={outcome.key}
                        errors={form.errorsFor(`outcomes.${index}.key`)}
                        onValue={(value) => edit((d) => setKeyIn(d, index, value.trim()))}
                        onBlur={() => form.touch(`outcomes.${index}.key`)}
                      />
                    )}
                  </td>
                  <td>
                    <CellSelect
                      label={`What ${name} needs`}
                      value={outcome.needs}
                      options={NEEDS}
                      onChange={(needs) => edit((d) => void (d.outcomes[index]!.needs = needs))}
                    />
                  </td>
                  <td>
                    <CellSelect
                      label={`What ${name} counts as`}
                      value={outcome.stage}
                      options={STAGES}
                      onChange={(stage) => edit((d) => void (d.outcomes[index]!.stage = stage))}
                    />
                  </td>
                  <td>
                    <CellInput
                      id={`outcome-${index}-hubspot`}
                      label={`HubSpot lead status for ${name}`}
                      value={hubspot.statusMapping[outcome.key] ?? ''}
                      placeholder="unchanged"
                      errors={form.errorsFor(`sources.hubspot.statusMapping.${outcome.key}`)}
                      onValue={(value) => setMapping('hubspot', outcome.key, value)}
                      onBlur={() => form.touch(`sources.hubspot.statusMapping.${outcome.key}`)}
                    />
                  </td>
                  <td>
                    <CellInput
                      id={`outcome-${index}-marketo`}
                      label={`Marketo ${marketo.statusField || 'status'} value for ${name}`}
                      value={marketo.statusMapping[outcome.key] ?? ''}
                      placeholder="unchanged"
                      errors={form.errorsFor(`sources.marketo.statusMapping.${outcome.key}`)}
                      onValue={(value) => setMapping('marketo', outcome.key, value)}
                      onBlur={() => form.touch(`sources.marketo.statusMapping.${outcome.key}`)}
                    />
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="btn btn--small"
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      Up<span class="sr-only">: move {name} up</span>
                    </button>
                    <button
                      type="button"
                      class="btn btn--small"
                      disabled={index === outcomes.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      Down<span class="sr-only">: move {name} down</span>
                    </button>
                    <button
                      type="button"
                      class="btn btn--small"
                      disabled={outcomes.length <= 1}
                      onClick={() => remove(index)}
                    >
                      Remove<span class="sr-only"> {name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="row">
        <button
          type="button"
          class="btn"
          disabled={outcomes.length >= 20}
          onClick={() =>
            edit((d) => void d.outcomes.push({ key: '', label: '', needs: 'none', stage: 'other' }))
          }
        >
          Add outcome
        </button>
      </div>
      <p class="note">Saved keys cannot change: outcomes already recorded under them keep their meaning.</p>

      <h3>Writing back</h3>
      <TextField
        label="HubSpot contact property for the outcome key (optional)"
        hint="A custom property that receives the key, e.g. loopline_outcome. Empty: none."
        {...bind(form, 'sources.hubspot.outcomeProperty', hubspot.outcomeProperty, (d, v) => {
          d.sources.hubspot.outcomeProperty = v;
        })}
      />
      <TextField
        label="Marketo lead field for the status"
        hint="The field’s REST API name, e.g. leadStatus."
        {...bind(
          form,
          'sources.marketo.statusField',
          marketo.statusField,
          (d, v) => void (d.sources.marketo.statusField = v),
        )}
      />
      {client && <MarketoActivityTypes form={form} client={client} />}
      <NumberField
        label="Marketo custom activity type id"
        min={0}
        step={1}
        hint="0: outcomes are not logged as a custom activity."
        {...bind(form, 'sources.marketo.customActivityTypeId', marketo.customActivityTypeId, (d, v) => {
          d.sources.marketo.customActivityTypeId = v;
        })}
      />
      <TextField
        label="Marketo custom activity primary field"
        {...bind(
          form,
          'sources.marketo.customActivityPrimaryField',
          marketo.customActivityPrimaryField,
          (d, v) => {
            d.sources.marketo.customActivityPrimaryField = v;
          },
        )}
      />
    </Section>
  );
}

/** A table cell's choice among fixed options; the value is always one of them. */
function CellSelect<Value extends string>(props: {
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value) => void;
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value as Value)}
    >
      {props.options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function CellInput(props: {
  id: string;
  label: string;
  value: string;
  errors: string[];
  placeholder?: string;
  onValue(value: string): void;
  onBlur(): void;
}) {
  const errorId = `${props.id}-error`;
  return (
    <>
      <input
        id={props.id}
        type="text"
        aria-label={props.label}
        value={props.value}
        placeholder={props.placeholder}
        spellcheck={false}
        autoComplete="off"
        aria-invalid={props.errors.length ? 'true' : undefined}
        aria-describedby={props.errors.length ? errorId : undefined}
        onInput={(event) => props.onValue(event.currentTarget.value)}
        onBlur={props.onBlur}
      />
      <FieldErrors id={errorId} messages={props.errors} />
    </>
  );
}
