/**
 * Shared language: the team's own definitions of stage and status names, shown as tooltips in
 * the sidebar. Edited as rows (a term can be renamed); the rows' problems block saving like any
 * field's.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { FieldErrors } from './fields';
import { Section } from './Section';
import type { SettingsForm } from './settings-form';

interface Row {
  term: string;
  text: string;
}

const MAX_TERM = 100;
const MAX_TEXT = 1000;

/** The record the settings hold, and each row's problems by field path. */
export function definitionsFromRows(rows: readonly Row[]): {
  record: Record<string, string>;
  problems: [string, string][];
} {
  const record: Record<string, string> = {};
  const problems: [string, string][] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const term = row.term.trim().toLowerCase();
    const text = row.text.trim();
    if (!term && !text) return;
    if (!term) problems.push([`definitions.${index}.term`, 'Name the term this defines.']);
    else if (term.length > MAX_TERM)
      problems.push([`definitions.${index}.term`, `Use at most ${MAX_TERM} characters.`]);
    else if (seen.has(term))
      problems.push([`definitions.${index}.term`, `“${row.term.trim()}” is defined twice.`]);
    if (text.length > MAX_TEXT)
      problems.push([`definitions.${index}.text`, `Use at most ${MAX_TEXT} characters.`]);
    if (term && !seen.has(term)) record[term] = text.slice(0, MAX_TEXT);
    seen.add(term);
  });
  return { record, problems };
}

const rowsOf = (definitions: Record<string, string>): Row[] =>
  Object.entries(definitions).map(([term, text]) => ({ term, text }));

export function LanguageSection({ form }: { form: SettingsForm }) {
  const definitions = form.draft.value?.definitions ?? {};
  const [rows, setRows] = useState<Row[]>(() => rowsOf(definitions));
  const pushed = useRef(JSON.stringify(definitions));

  // The draft was replaced (discard, save, settings import) or changed under us: start again from it.
  const revision = form.revision.value;
  const shown = useRef(revision);
  useEffect(() => {
    if (revision !== shown.current || JSON.stringify(definitions) !== pushed.current) {
      shown.current = revision;
      pushed.current = JSON.stringify(definitions);
      setRows(rowsOf(definitions));
    }
  }, [revision, definitions]);

  function change(next: Row[]) {
    setRows(next);
    const { record, problems } = definitionsFromRows(next);
    pushed.current = JSON.stringify(record);
    form.setExtraErrors('definitions', problems);
    form.update((d) => void (d.definitions = record));
  }

  const edit = (index: number, patch: Partial<Row>) =>
    change(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  if (!form.draft.value) return null;
  return (
    <Section
      id="language"
      title="Shared language"
      intro="What your team means by each stage and status. The sidebar shows the definition when someone points at the stage."
    >
      <ul class="definitions">
        {rows.map((row, index) => {
          const termErrors = form.errorsFor(`definitions.${index}.term`);
          const textErrors = form.errorsFor(`definitions.${index}.text`);
          const name = row.term.trim() || `term ${index + 1}`;
          return (
            <li key={index} class="definition">
              <div class="field">
                <label for={`definition-${index}-term`}>Term</label>
                <input
                  id={`definition-${index}-term`}
                  type="text"
                  value={row.term}
                  spellcheck={false}
                  aria-invalid={termErrors.length ? 'true' : undefined}
                  aria-describedby={termErrors.length ? `definition-${index}-term-error` : undefined}
                  onInput={(event) => edit(index, { term: event.currentTarget.value })}
                  onBlur={() => form.touch(`definitions.${index}.term`)}
                />
                <FieldErrors id={`definition-${index}-term-error`} messages={termErrors} />
              </div>
              <div class="field field--wide">
                <label for={`definition-${index}-text`}>Definition</label>
                <textarea
                  id={`definition-${index}-text`}
                  rows={2}
                  value={row.text}
                  aria-invalid={textErrors.length ? 'true' : undefined}
                  aria-describedby={textErrors.length ? `definition-${index}-text-error` : undefined}
                  onInput={(event) => edit(index, { text: event.currentTarget.value })}
                  onBlur={() => form.touch(`definitions.${index}.text`)}
                />
                <FieldErrors id={`definition-${index}-text-error`} messages={textErrors} />
              </div>
              <button
                type="button"
                class="btn btn--small"
                onClick={() => change(rows.filter((_, i) => i !== index))}
              >
                Remove<span class="sr-only"> the definition of {name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <div class="row">
        <button type="button" class="btn" onClick={() => setRows([...rows, { term: '', text: '' }])}>
          Add a definition
        </button>
      </div>
    </Section>
  );
}
