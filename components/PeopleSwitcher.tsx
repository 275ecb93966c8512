/**
 * A thread with several outside people: one button per person, the selected one pressed. A
 * mailing-list thread can name dozens; past the first few they go in a "more" list, so the
 * row stays one glance wide and costs the page a handful of elements.
 */
import type { Person } from '../lib/sidebar/state';

export interface PeopleSwitcherProps {
  people: Person[];
  selected: string | null;
  onSelect(email: string): void;
}

const ROLE_TEXT: Record<string, string> = { sender: 'from', to: 'to', cc: 'cc', record: 'record' };
/** Buttons shown before the rest go in the list (a list of one would be no help). */
export const SHOWN_PEOPLE = 4;

const displayName = (person: Person) => (person.name?.trim() ? person.name : person.email);

export function PeopleSwitcher({ people, selected, onSelect }: PeopleSwitcherProps) {
  if (people.length < 2) return null;
  const split = people.length > SHOWN_PEOPLE + 1;
  const shown = split ? people.slice(0, SHOWN_PEOPLE) : people;
  const rest = split ? people.slice(SHOWN_PEOPLE) : [];
  const selectedInRest = rest.some((person) => person.email === selected);
  return (
    <nav class="ll-people" aria-label={`People in this thread (${people.length})`}>
      {shown.map((person) => {
        const role = person.role ? ROLE_TEXT[person.role] : undefined;
        return (
          <button
            key={person.email}
            type="button"
            class="ll-btn ll-person"
            aria-pressed={person.email === selected}
            title={person.email}
            onClick={() => onSelect(person.email)}
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
            const email = event.currentTarget.value;
            if (email) onSelect(email);
          }}
        >
          <option value="">{rest.length} more…</option>
          {rest.map((person) => {
            const role = person.role ? ROLE_TEXT[person.role] : undefined;
            return (
              <option key={person.email} value={person.email}>
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
