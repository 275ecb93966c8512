/**
 * A platform's own fields on its Options card, as its definition lists them
 * (lib/connectors/<platform>/definition.ts `fields`). Every value is a string of
 * `settings.sources[platform]`.
 */
import type { FormField } from '../../lib/connectors/definition';
import { definitionOf } from '../../lib/connectors/registry';
import type { SourceId } from '../../lib/model';
import type { Settings } from '../../lib/settings/schema';
import { bind } from './bind';
import { SecretField, SECRET_MASK, SelectField, TextField } from './fields';
import type { SettingsForm } from './settings-form';

type Part = Record<string, unknown>;

const partOf = (settings: Settings | null | undefined, source: SourceId): Part | undefined =>
  settings?.sources[source] as Part | undefined;

export function SourceFields({
  source,
  form,
  draft,
}: {
  source: SourceId;
  form: SettingsForm;
  draft: Settings;
}) {
  const fields: readonly FormField<string>[] = definitionOf(source).fields;
  return (
    <>
      {fields.map((field) => (
        <SourceField key={field.field} source={source} field={field} form={form} draft={draft} />
      ))}
    </>
  );
}

function SourceField({
  source,
  field,
  form,
  draft,
}: {
  source: SourceId;
  field: FormField<string>;
  form: SettingsForm;
  draft: Settings;
}) {
  const value = String(partOf(draft, source)?.[field.field] ?? '');
  const bound = bind(form, `sources.${source}.${field.field}`, value, (d, v: string) => {
    partOf(d, source)![field.field] = v;
  });
  switch (field.kind) {
    case 'secret':
      return (
        <SecretField
          label={field.label}
          placeholder={field.placeholder}
          hint={field.hint}
          stored={partOf(form.saved.value, source)?.[field.field] === SECRET_MASK}
          {...bound}
        />
      );
    case 'select':
      return <SelectField label={field.label} hint={field.hint} options={field.options ?? []} {...bound} />;
    case 'text':
      return (
        <TextField
          label={field.label}
          type={field.type}
          placeholder={field.placeholder}
          inputMode={field.inputMode}
          hint={field.hint}
          {...bound}
        />
      );
  }
}
