/**
 * A thread with several outside people: one button per person, the selected one pressed. A
 * mailing-list thread can name dozens; past the first few they go in a "more" list, so the
 * row stays one glance wide and costs the page a handful of elements.
 */
import { personKey } from '../lib/model/person-name';
import type { Person } from '../lib/sidebar/state';

export interface PeopleSwitcherProps {
  people: Person[];
  /** The person in focus, by `personKey`. */
  selected: string | null;
  onSelect(key: string): void;
}

const ROLE_TEXT: Record<string, string> = { sender: 'from', to: 'to', cc: 'cc', record: 'record' };
/** Buttons shown before the rest go in the list (a list of one would be no help). */
export const SHOWN_PEOPLE = 4;

const displayName = (person: Person) => (person.name?.trim() ? person.name : (person.email ?? ''));
/** The address, or what the page left out: a person named without one. */
const titleOf = (person: Person) => person.email ?? 'No address on the page';

export function PeopleSwitcher({ people, selected, onSelect }: PeopleSwitcherProps) {
  if (people.length < 2) return null;
  const split = people.length > SHOWN_PEOPLE + 1;
  const shown = split ? people.slice(0, SHOWN_PEOPLE) : people;
  const rest = split ? people.slice(SHOWN_PEOPLE) : [];
  const selectedInRest = rest.some((person) => personKey(person) === selected);
  return (
    <nav class="ll-people" aria-label={`People in this thread (${people.length})`}>
      {shown.map((person) => {
        const role = person.role ? ROLE_TEXT[person.role] : undefined;
        const key = personKey(person);
        return (
          <button
            key={key}
            type="button"
            class="ll-btn ll-person"
            aria-pressed={key === selected}
            title={titleOf(person)}
            onClick={() => onSelect(key)}
          >
            <bdi class="ll-text">{displayName(person)}</bdi>
            {role && <span class="ll-muted">{role}</span>}
          </button>
        );
      })}
      {rest.length > 0 && (
        <select
          class="ll-select ll-person"
          aria-label={`More people in this thread (${rest.length})`}
          value={selectedInRest ? (selected ?? '') : ''}
          onChange={(event) => {
            const key = event.currentTarget.value;
            if (key) onSelect(key);
          }}
        >
          <option value="">{rest.length} more…</option>
          {rest.map((person) => {
            const role = person.role ? ROLE_TEXT[person.role] : undefined;
            return (
              <option key={personKey(person)} value={personKey(person)}>
                {displayName(person)}
                {role ? ` (${role})` : ''}
              </option>
            );
          })}
        </select>
      )}
    </nav>
  );
}
