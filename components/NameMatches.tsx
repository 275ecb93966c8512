/**
 * A person the page names without an address (Outlook shows "Jane Doe", not jane@…): the sidebar
 * says so, shows who the sources have under that name, and the user says which one it is in one
 * click. Nothing is looked up about anyone, and nothing written back, before that. Everything a
 * source returned is untrusted text.
 */
import { useId } from 'preact/hooks';
import type { NameLookup, ShownByName } from '../lib/sidebar/state';

export interface NameMatchesProps {
  lookup: NameLookup;
  onConfirm(email: string): void;
  onRetry(): void;
}

/** "HubSpot", "HubSpot and the local workspace", "A, B and C". */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function NameMatches({ lookup, onConfirm, onRetry }: NameMatchesProps) {
  const titleId = useId();
  const { name, state, matches, searched, failed, confirming } = lookup;
  return (
    <section class="ll-state" aria-labelledby={titleId} aria-busy={state === 'searching'}>
      <h2 class="ll-state-title ll-text" id={titleId}>
        Only a name on the page: <bdi>{name}</bdi>
      </h2>
      {state === 'searching' && (
        <p role="status">
          Looking for <bdi>{name}</bdi> in your marketing data…
        </p>
      )}
      {state === 'choose' && (
        <>
          <p>This page does not show their address. Is this one of these people?</p>
          <ul class="ll-matches" aria-label={`People named ${name}`}>
            {matches.map((match) => (
              <li key={match.email} class="ll-match">
                <span class="ll-match-who ll-text">
                  <bdi class="ll-match-name">{match.name || name}</bdi>
                  <bdi class="ll-muted ll-match-email">{match.email}</bdi>
                  {(match.company || match.title) && (
                    <bdi class="ll-muted ll-small">
                      {[match.title, match.company].filter(Boolean).join(', ')}
                    </bdi>
                  )}
                  {match.sources.length > 0 && (
                    <span class="ll-muted ll-small">Found in {listOf(match.sources)}</span>
                  )}
                </span>
                <button
                  type="button"
                  class="ll-btn ll-btn--primary"
                  aria-disabled={confirming !== undefined}
                  aria-label={`${confirming === match.email ? 'Confirming' : 'This is them'}: ${match.name || name}, ${match.email}`}
                  onClick={() => {
                    if (confirming === undefined) onConfirm(match.email);
                  }}
                >
                  {confirming === match.email ? 'Confirming…' : 'This is them'}
                </button>
              </li>
            ))}
          </ul>
          <p class="ll-muted ll-small">
            Loopline remembers your answer for this name in this browser. Nothing is looked up or written back
            until you confirm.
          </p>
        </>
      )}
      {state === 'none' && (
        <p class="ll-text">
          No one named <bdi>{name}</bdi> in {searched.length > 0 ? listOf(searched) : 'your marketing data'}
          {searched.length === 0 && ' (no connected source can search by name)'}. Open their contact card or a
          message that shows their address, and Loopline shows them.
        </p>
      )}
      {state === 'error' && (
        <p class="ll-text" role="alert">
          Could not look up <bdi>{name}</bdi>: {lookup.error}
        </p>
      )}
      {lookup.error && state === 'choose' && (
        <p class="ll-text" role="alert">
          {lookup.error}
        </p>
      )}
      {failed.length > 0 && (
        <p class="ll-muted ll-small">
          {failed.map((failure, index) => (
            <span key={index}>
              {index > 0 && ' '}
              <bdi>{failure.message}</bdi>
            </span>
          ))}
        </p>
      )}
      {(state === 'none' || state === 'error' || failed.length > 0) && (
        <div>
          <button type="button" class="ll-btn" onClick={onRetry}>
            Search again
          </button>
        </div>
      )}
    </section>
  );
}

/** Above a lead picked for a name on the page: says so, and undoes it in one click. */
export function MatchedByName({
  byName,
  email,
  onReject,
}: {
  byName: ShownByName;
  email: string;
  onReject(): void;
}) {
  return (
    <div class="ll-notice ll-notice--row ll-small" role="region" aria-label="Matched by name">
      <p class="ll-text">
        The page shows only the name <bdi>{byName.name}</bdi>; you confirmed it is <bdi>{email}</bdi>.
      </p>
      <button type="button" class="ll-btn ll-btn--quiet" onClick={onReject}>
        Not them
      </button>
    </div>
  );
}
