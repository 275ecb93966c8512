/**
 * Everything the sidebar shows instead of (or above) a lead: loading, not in the data, nothing
 * set up, a source failing, offline, nothing to look up. Each names what happened and offers the
 * next step.
 */
import { useId } from 'preact/hooks';
import type { SourceStatus } from '../lib/model/view';
import type { Formatter } from '../lib/sidebar/format';
import { sourceLabel } from '../lib/sidebar/labels';
import type { Theme } from './styles';

export function Loading({ email }: { email?: string | null }) {
  return (
    <div class="ll-state" aria-busy="true">
      <p class="ll-sr" role="status">
        {email ? (
          <>
            Loading <bdi>{email}</bdi>…
          </>
        ) : (
          'Loading…'
        )}
      </p>
      <span class="ll-skel ll-skel--title" aria-hidden="true" />
      <span class="ll-skel" style={{ width: '45%' }} aria-hidden="true" />
      <span class="ll-skel ll-skel--block" aria-hidden="true" />
      <span class="ll-skel" aria-hidden="true" />
      <span class="ll-skel" style={{ width: '80%' }} aria-hidden="true" />
      <span class="ll-skel ll-skel--block" aria-hidden="true" />
    </div>
  );
}

export function NotFound({
  email,
  sources,
  onRefresh,
}: {
  email: string;
  sources: SourceStatus[];
  onRefresh(): void;
}) {
  const titleId = useId();
  const names = sources.map((source) => source.label || sourceLabel(source.source));
  return (
    <section class="ll-state" aria-labelledby={titleId}>
      <h2 class="ll-state-title ll-text" id={titleId}>
        <bdi>{email}</bdi> is not in your marketing data
      </h2>
      <p class="ll-text">
        {names.length > 0 ? (
          <>
            Loopline looked in{' '}
            {names.map((name, index) => (
              <span key={index}>
                {index > 0 && (index === names.length - 1 ? ' and ' : ', ')}
                <bdi>{name}</bdi>
              </span>
            ))}
            .{' '}
          </>
        ) : null}
        No record was created anywhere.
      </p>
      <div>
        <button type="button" class="ll-btn" onClick={onRefresh}>
          Check again
        </button>
      </div>
    </section>
  );
}

export function NoSource({ onSetUp, onSample }: { onSetUp(): void; onSample(): void }) {
  const titleId = useId();
  return (
    <section class="ll-state" aria-labelledby={titleId}>
      <h2 class="ll-state-title" id={titleId}>
        No marketing data source yet
      </h2>
      <p>
        Connect HubSpot, Marketo, Mailchimp or your own endpoint, or import a CSV export, to see what
        marketing knows about the people you email.
      </p>
      <div class="ll-row">
        <button type="button" class="ll-btn ll-btn--primary" onClick={onSetUp}>
          Set up a source
        </button>
        <button type="button" class="ll-btn" onClick={onSample}>
          Try the sample workspace
        </button>
      </div>
    </section>
  );
}

export interface SourceErrorProps {
  /** The sources that failed. */
  sources: SourceStatus[];
  /** A failure to reach Loopline's background at all (no source involved). */
  message?: string | null;
  /** Whether older data is on screen below this notice. */
  hasData: boolean;
  format: Formatter;
  now: number;
  retrying?: boolean;
  onRetry(): void;
  /** Full-panel (nothing else to show) or a banner above the lead. */
  compact?: boolean;
}

export function SourceError({
  sources,
  message,
  hasData,
  format,
  now,
  retrying,
  onRetry,
  compact,
}: SourceErrorProps) {
  const titleId = useId();
  const body = (
    <>
      {sources.map((source, index) => (
        <p key={`${index}:${source.source}`} class="ll-clamp-4">
          <strong>
            <bdi>{source.label || sourceLabel(source.source)}</bdi>
          </strong>
          {': '}
          {source.error?.message ? <bdi>{source.error.message}</bdi> : 'the last request failed.'}
          {hasData &&
            (source.fetchedAt ? (
              <span class="ll-muted"> Showing data from {format.relative(source.fetchedAt, now)}.</span>
            ) : (
              <span class="ll-muted"> Nothing from this source is shown.</span>
            ))}
        </p>
      ))}
      {message && <p class="ll-clamp-4">{message}</p>}
      <div>
        <button type="button" class="ll-btn" onClick={onRetry} aria-disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      </div>
    </>
  );
  if (compact) {
    return (
      <div
        class="ll-notice ll-notice--danger ll-notice--row ll-small"
        role="region"
        aria-label="Data source problem"
      >
        {body}
      </div>
    );
  }
  return (
    <section class="ll-state" aria-labelledby={titleId}>
      <h2 class="ll-state-title" id={titleId}>
        Could not load this lead
      </h2>
      {body}
    </section>
  );
}

export function Offline({
  fetchedAt,
  format,
  now,
  compact,
}: {
  fetchedAt?: string;
  format: Formatter;
  now: number;
  compact?: boolean;
}) {
  const titleId = useId();
  const text = fetchedAt
    ? `You are offline. Showing data saved ${format.relative(fetchedAt, now)}; outcomes you record are kept and sent when you are back online.`
    : 'You are offline. Loopline loads this lead when you are back online; outcomes you record are kept and sent then.';
  if (compact) {
    return (
      <div class="ll-notice ll-notice--warn ll-small" role="status">
        {text}
      </div>
    );
  }
  return (
    <section class="ll-state" aria-labelledby={titleId}>
      <h2 class="ll-state-title" id={titleId}>
        Offline
      </h2>
      <p role="status">{text}</p>
    </section>
  );
}

export function Idle() {
  const titleId = useId();
  return (
    <section class="ll-state" aria-labelledby={titleId}>
      <h2 class="ll-state-title" id={titleId}>
        No lead on this page
      </h2>
      <p>
        Open an email thread or a lead record: Loopline shows what marketing knows about the person there.
      </p>
    </section>
  );
}

/**
 * A sidebar frame that is not where Loopline docks it, or could not learn where that is: it says
 * so and does nothing else (no sidebar state exists, so it has its own shell).
 */
export function NotDocked({ theme, message }: { theme: Theme; message: string }) {
  return (
    <aside class="ll-root" data-theme={theme} aria-label="Loopline">
      <div class="ll-state">
        <p role="alert" class="ll-text">
          {message}
        </p>
      </div>
    </aside>
  );
}
