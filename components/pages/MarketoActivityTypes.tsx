import { useState } from 'preact/hooks';
import type { Reply } from '../../lib/messaging/protocol';
import { StatusLine } from './Section';
import type { SettingsForm } from './settings-form';
import type { PageClient, PageSpec } from './types';

type ActivityTypes = Reply<PageSpec, 'marketo.activityTypes'>;

/**
 * The Marketo instance's own custom activity types, offered for outcomes: only a type with a
 * field that can carry the outcome id can be chosen (a retry finds an earlier write by it), and
 * the others say why not.
 */
export function MarketoActivityTypes({ form, client }: { form: SettingsForm; client: PageClient }) {
  const [types, setTypes] = useState<ActivityTypes | null>(null);
  const [line, setLine] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const chosen = form.draft.value?.sources.marketo.customActivityTypeId ?? 0;

  async function find() {
    setLine({ kind: 'info', text: 'Asking Marketo for its custom activity types…' });
    const reply = await client.call('marketo.activityTypes');
    if (!reply.ok) {
      setTypes(null);
      setLine({ kind: 'error', text: `Could not list them: ${reply.error.message}` });
      return;
    }
    setTypes(reply.value);
    const usable = reply.value.filter((type) => type.usable).length;
    setLine({
      kind: usable > 0 ? 'ok' : 'error',
      text:
        reply.value.length === 0
          ? 'This Marketo instance has no custom activity types. Create one with a text field for the outcome id.'
          : `${reply.value.length} custom activity types; ${usable} can carry an outcome’s id.`,
    });
  }

  return (
    <div class="group">
      <div class="row">
        <button type="button" class="btn" onClick={() => void find()}>
          Find Marketo activity types
        </button>
      </div>
      <StatusLine status={line} />
      {types && types.length > 0 && (
        <fieldset>
          <legend>Custom activity type for outcomes</legend>
          {types.map((type) => (
            <div class="field" key={type.id}>
              <label>
                <input
                  type="radio"
                  name="marketo-activity-type"
                  value={type.id}
                  checked={chosen === type.id}
                  disabled={!type.usable}
                  onChange={() =>
                    form.update((d) => {
                      d.sources.marketo.customActivityTypeId = type.id;
                    })
                  }
                />{' '}
                <bdi>{type.name}</bdi> (id {type.id})
              </label>
              <p class="hint">
                {type.usable
                  ? `The outcome id goes into “${type.idField ?? ''}”.`
                  : `Cannot take outcomes: ${type.reason ?? 'no field can carry the outcome id'}.`}
              </p>
            </div>
          ))}
        </fieldset>
      )}
    </div>
  );
}
