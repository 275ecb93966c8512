/**
 * Outcomes as Marketo custom activities ("Custom activities"): which field of a type carries the
 * outcome id (the key a retry looks for), and the values an outcome puts in a type's fields.
 * Pure, no requests.
 */
import type { Outcome } from '../../model';
import { outcomePlainText } from '../common';
import type { ActivityType } from './schemas';

/** A custom activity type as Options offers it for outcomes. */
export interface OutcomeActivityType {
  id: number;
  name: string;
  apiName?: string;
  /** Marketo's state of the type: only an approved type takes activities. */
  status?: string;
  approved: boolean;
  /** Where the outcome id would go; absent when no field can carry it. */
  idField?: OutcomeIdField;
  canCarryOutcomeId: boolean;
  /** Why the type cannot take outcomes, when it cannot. */
  reason?: string;
}

/** The field of a custom activity that carries the outcome id, the key a retry looks for. */
export interface OutcomeIdField {
  where: 'primary' | 'attribute';
  apiName: string;
  name: string;
}

interface AttributeLike {
  name: string;
  apiName?: string;
  dataType?: string;
}

interface ActivityTypeLike {
  name: string;
  primaryAttribute?: AttributeLike;
  attributes: AttributeLike[];
}

/** Custom activity data types that hold a 36-character id ("Custom activities" → data types). */
const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'text']);
/** An attribute meant for the outcome id: "Outcome Id", "looplineId", "id", "External Id". */
export const ID_NAME = /(outcome|loopline)[\s_-]*(id|key)\b|^id$|^external[\s_-]*id$|idempotency/i;

export function canCarryText(attribute: AttributeLike): boolean {
  return TEXT_TYPES.has((attribute.dataType ?? '').toLowerCase());
}

export function namedAsId(attribute: AttributeLike): boolean {
  return ID_NAME.test(attribute.apiName ?? '') || ID_NAME.test(attribute.name);
}

/**
 * Whether the primary attribute is to carry the outcome id under the configured primary field:
 * empty or `id` says so, `kind` and `label` put those there instead, and any other value leaves
 * it to the attribute's own name.
 */
function primaryCarriesId(primary: AttributeLike, primaryField: string): boolean {
  const chosen = primaryField.trim().toLowerCase();
  if (chosen === '' || chosen === 'id') return true;
  if (chosen === 'kind' || chosen === 'label') return false;
  return namedAsId(primary);
}

/**
 * The field of a custom activity type that carries the outcome id, chosen the same way every
 * time: the primary attribute when it is text and is to carry the id, else the first text
 * attribute (in the type's order) named for it ("Outcome Id", "looplineId", "Id"). Undefined
 * when there is none: such a type cannot take outcomes, because a retry could not find them.
 */
export function outcomeIdField(type: ActivityTypeLike, primaryField = ''): OutcomeIdField | undefined {
  const primary = type.primaryAttribute;
  if (primary && canCarryText(primary) && primaryCarriesId(primary, primaryField))
    return { where: 'primary', apiName: primary.apiName ?? primary.name, name: primary.name };
  const attribute = type.attributes.find((a) => canCarryText(a) && namedAsId(a));
  return attribute
    ? { where: 'attribute', apiName: attribute.apiName ?? attribute.name, name: attribute.name }
    : undefined;
}

export function noIdFieldMessage(typeName: string): string {
  return (
    `the custom activity type “${typeName}” has no text field that can carry the outcome id, so a ` +
    'retry could not tell whether an outcome was already written. Add a string attribute named ' +
    '“Outcome Id” to it in Marketo, or choose another type in Options → Outcomes'
  );
}

export function customValue(outcome: Outcome, key: string): string | number | undefined {
  const k = key.toLowerCase();
  if (ID_NAME.test(key)) return outcome.id;
  if (/label|name/.test(k)) return outcome.label ?? outcome.kind;
  if (/kind|type|outcome/.test(k)) return outcome.kind;
  if (/currency/.test(k)) return outcome.currency;
  if (/amount|revenue|value/.test(k)) return outcome.amount;
  if (/reason/.test(k)) return outcome.reason;
  if (/note|comment|description|text/.test(k)) return outcomePlainText(outcome, 2000);
  if (/by|owner|rep|seller|user/.test(k)) return outcome.by || undefined;
  if (/campaign/.test(k)) return outcome.attribution.touches.map((t) => t.name).join(', ') || undefined;
  return undefined;
}

/** The primary attribute's value: the outcome id when it carries it, else what `primaryField` chooses. */
export function primaryValue(
  outcome: Outcome,
  type: ActivityType,
  field: OutcomeIdField,
  primaryField: string,
): string {
  if (field.where === 'primary') return outcome.id;
  const chosen = primaryField.trim().toLowerCase();
  if (chosen === 'kind') return outcome.kind;
  if (chosen === 'label') return outcome.label ?? outcome.kind;
  const primaryName = type.primaryAttribute?.apiName ?? type.primaryAttribute?.name ?? '';
  return String(customValue(outcome, primaryName) ?? outcome.label ?? outcome.kind);
}

export function attributeValues(outcome: Outcome, type: ActivityType) {
  // Both names: the Swagger spec's Attribute requires `name`; Marketo's custom activity guide
  // addresses attributes by `apiName`. An id goes only into a text attribute.
  return type.attributes
    .map((attribute) => {
      const value = namedAsId(attribute)
        ? canCarryText(attribute)
          ? outcome.id
          : undefined
        : customValue(outcome, attribute.apiName ?? attribute.name);
      return value === undefined
        ? undefined
        : { apiName: attribute.apiName ?? attribute.name, name: attribute.name, value };
    })
    .filter((a): a is { apiName: string; name: string; value: string | number } => a !== undefined);
}
