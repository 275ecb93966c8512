/**
 * A thread with several outside people: one button per person, the selected one pressed.
 */
import type { Person } from '../lib/sidebar/state';

export interface PeopleSwitcherProps {
  people: Person[];
  selected: string | null;
  onSelect(email: string): void;
}

const ROLE_TEXT: Record<string, string> = { sender: 'from', to: 'to', cc: 'cc', record: 'record' };

export function PeopleSwitcher({ people, selected, onSelect }: PeopleSwitcherProps) {
  if (people.length < 2) return null;
  return (
    <nav class="ll-people" aria-label={`People in this thread (${people.length})`}>
      {people.map((person) => {
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
            <bdi class="ll-text">{person.name?.trim() ? person.name : person.email}</bdi>
            {role && <span class="ll-muted">{role}</span>}
          </button>
        );
      })}
    </nav>
  );
}
