/**
 * The settings forms' validation: the settings' own zod schema, plus the few rules that span
 * fields, turned into short sentences keyed by field path ("sla.hours") so each error can sit
 * next to its field. Nothing here decides what is valid on its own terms where the schema
 * already does: a form that passes here is a form the background will accept.
 */
import type { z } from 'zod';
import { Settings } from '../../lib/settings/schema';

/** Field path ("you.ownAddresses") → messages for it and for anything under it. */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

type Issue = z.core.$ZodIssue;

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'This value is not valid.';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** One issue as a person would say it. */
export function friendlyMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number') return 'Enter a number.';
      if (issue.expected === 'int') return 'Enter a whole number.';
      return 'Fill this in.';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'number')
        return issue.inclusive ? `Enter ${min} or more.` : `Enter more than ${min}.`;
      if (issue.origin === 'string') return min <= 1 ? 'Fill this in.' : `Use at least ${min} characters.`;
      if (issue.origin === 'array') return `Keep at least ${min}.`;
      return sentence(issue.message);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'number')
        return issue.inclusive ? `Enter ${max} or less.` : `Enter less than ${max}.`;
      if (issue.origin === 'string') return `Use at most ${max} characters.`;
      if (issue.origin === 'array') return `At most ${max} entries.`;
      return sentence(issue.message);
    }
    case 'invalid_value':
      return 'Choose one of the options.';
    case 'invalid_key':
      return issue.issues[0]
        ? `Name: ${friendlyMessage(issue.issues[0] as Issue).toLowerCase()}`
        : 'A name is not valid.';
    default:
      // Custom and format checks carry the schema's own wording ("not an email address").
      return sentence(issue.message);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Rules the schema cannot express field by field. */
function crossFieldIssues(draft: Settings): [string, string][] {
  const issues: [string, string][] = [];
  const { dayStartHour, dayEndHour, businessHoursOnly, businessDays } = draft.sla;
  if (
    businessHoursOnly &&
    Number.isFinite(dayStartHour) &&
    Number.isFinite(dayEndHour) &&
    dayEndHour <= dayStartHour
  ) {
    issues.push(['sla.dayEndHour', 'The working day must end after it starts.']);
  }
  if (businessHoursOnly && businessDays.length === 0) {
    issues.push(['sla.businessDays', 'Choose at least one working day, or count every hour.']);
  }
  // The REST header value may hold a space ("Bearer …") but a line break would end the header.
  if (/[\r\n]/.test(draft.sources.rest.authValue.trim())) {
    issues.push(['sources.rest.authValue', 'Contains line breaks; paste the value again.']);
  }
  return issues;
}

function add(map: Map<string, string[]>, path: string, message: string) {
  const list = map.get(path) ?? [];
  if (!list.includes(message)) list.push(message);
  map.set(path, list);
}

/** Every problem with the draft, by field path. Empty when it can be saved. */
export function validateSettings(draft: Settings): FieldErrors {
  const errors = new Map<string, string[]>();
  const parsed = Settings.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const last = issue.path[issue.path.length - 1];
      let message = friendlyMessage(issue);
      // An entry of a list field (one address per line) names the entry it is about.
      if (typeof last === 'number') {
        const value = valueAt(draft, issue.path);
        if (typeof value === 'string')
          message = `“${value}”: ${message[0]!.toLowerCase()}${message.slice(1)}`;
        path.pop();
      }
      add(errors, path.join('.'), message);
    }
  }
  for (const [path, message] of crossFieldIssues(draft)) add(errors, path, message);
  return errors;
}

/** Messages for a field: its own and, for groups, those of anything below it. */
export function errorsUnder(errors: FieldErrors, path: string): string[] {
  const found: string[] = [];
  for (const [key, messages] of errors) {
    if (key === path || key.startsWith(`${path}.`)) found.push(...messages);
  }
  return found;
}
