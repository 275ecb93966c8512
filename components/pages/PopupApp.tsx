/**
 * The toolbar popup: each source's state, outcomes still waiting to be delivered (retry or
 * discard), a lookup by email, and "My follow-ups": leads the user opened whose SLA clock runs,
 * soonest due first, overdue ones said in words as well as colour.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FollowUp, SourceState } from '../../lib/messaging/protocol';
import { Email, type Outcome } from '../../lib/model';
import type { LeadView } from '../../lib/model/view';
import { createFormatter, type Formatter } from '../../lib/sidebar/format';
import { deliveryLabel, stageLabel } from '../../lib/sidebar/labels';
import { FieldErrors } from './fields';
import type { PopupDeps } from './types';

type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

const UNDELIVERED = new Set(['pending', 'sending', 'failed']);

/** Follow-ups to show: running or overdue, soonest due first (overdue ones are soonest). */
export function sortFollowUps(list: readonly FollowUp[]): FollowUp[] {
  return list
    .filter((item) => item.state !== 'stopped')
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.email.localeCompare(b.email));
}

/** Outcomes the user may still act on, oldest first. */
export function undeliveredOutcomes(list: readonly Outcome[]): Outcome[] {
  return list
    .filter((outcome) => UNDELIVERED.has(outcome.delivery))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function lastTouch(view: LeadView): string | undefined {
  let latest: string | undefined;
  for (const touchpoint of view.touchpoints) {
    if (!latest || touchpoint.occurredAt > latest) latest = touchpoint.occurredAt;
  }
  return latest;
}

export function PopupApp({ deps }: { deps: PopupDeps }) {
  const now = deps.now ?? Date.now;
  const format = useMemo(() => createFormatter({ locale: deps.locale, timeZone: deps.timeZone }), []);
  const [sources, setSources] = useState<Loadable<SourceState[]>>({ state: 'loading' });
  const [outcomes, setOutcomes] = useState<Loadable<Outcome[]>>({ state: 'loading' });
  const [followUps, setFollowUps] = useState<Loadable<FollowUp[]>>({ state: 'loading' });

  useEffect(() => {
    void deps.client
      .call('sources.status')
      .then((reply) =>
        setSources(
          reply.ok
            ? { state: 'ready', value: reply.value }
            : { state: 'error', message: reply.error.message },
        ),
      );
    void deps.client
      .call('outcomes.list', {})
      .then((reply) =>
        setOutcomes(
          reply.ok
            ? { state: 'ready', value: undeliveredOutcomes(reply.value) }
            : { state: 'error', message: reply.error.message },
        ),
      );
    void deps.client
      .call('followups.list')
      .then((reply) =>
        setFollowUps(
          reply.ok
            ? { state: 'ready', value: sortFollowUps(reply.value) }
            : { state: 'error', message: reply.error.message },
        ),
      );
  }, []);

  return (
    <div class="page page--popup">
      <header class="popup-header">
        <h1>Loopline</h1>
        <nav aria-label="Loopline pages">
          <a href="/options.html" target="_blank" rel="noopener">
            Settings
          </a>
          <a href="/report.html" target="_blank" rel="noopener">
            Report
          </a>
        </nav>
      </header>
      <main>
        <FollowUps list={followUps} format={format} now={now()} />
        <Lookup deps={deps} format={format} now={now()} />
        <Undelivered list={outcomes} deps={deps} onChange={setOutcomes} />
        <Sources list={sources} />
      </main>
    </div>
  );
}

function FollowUps({ list, format, now }: { list: Loadable<FollowUp[]>; format: Formatter; now: number }) {
  return (
    <section aria-labelledby="followups-title" class="popup-section">
      <h2 id="followups-title">My follow-ups</h2>
      {list.state === 'loading' ? (
        <p role="status">Loading…</p>
      ) : list.state === 'error' ? (
        <p class="status status--error">{list.message}</p>
      ) : list.value.length === 0 ? (
        <p class="note">No follow-ups running. Leads you open whose SLA clock runs show up here.</p>
      ) : (
        <ol class="followups">
          {list.value.map((item) => {
            const overdue = item.state === 'overdue' || Date.parse(item.dueAt) <= now;
            const left = Date.parse(item.dueAt) - now;
            return (
              <li key={item.email} class={overdue ? 'followup followup--overdue' : 'followup'}>
                <span class="followup-who">
                  <bdi>{item.name || item.email}</bdi>
                  {item.company ? (
                    <span class="muted">
                      {' · '}
                      <bdi>{item.company}</bdi>
                    </span>
                  ) : null}
                </span>
                {item.name ? (
                  <span class="followup-email muted">
                    <bdi>{item.email}</bdi>
                  </span>
                ) : null}
                <span class="followup-due">
                  {overdue ? (
                    <strong>
                      <span aria-hidden="true">⚠ </span>Overdue by {format.duration(Math.max(0, -left))}
                    </strong>
                  ) : (
                    <>Due in {format.duration(left)}</>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Lookup({ deps, format, now }: { deps: PopupDeps; format: Formatter; now: number }) {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState<Loadable<LeadView> | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const parsed = Email.safeParse(email);
    if (!parsed.success) {
      setErrors(['Enter an email address, like name@example.com.']);
      setResult(null);
      return;
    }
    setErrors([]);
    setResult({ state: 'loading' });
    const reply = await deps.client.call('lead.get', { email: parsed.data });
    setResult(
      reply.ok ? { state: 'ready', value: reply.value } : { state: 'error', message: reply.error.message },
    );
  }

  return (
    <section aria-labelledby="lookup-title" class="popup-section">
      <h2 id="lookup-title">Look up a lead</h2>
      <form class="lookup" onSubmit={(event) => void submit(event)} noValidate>
        <label for="lookup-email">Email address</label>
        <div class="row">
          <input
            id="lookup-email"
            type="email"
            value={email}
            autoComplete="off"
            spellcheck={false}
            aria-invalid={errors.length ? 'true' : undefined}
            aria-describedby={errors.length ? 'lookup-email-error' : undefined}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
          <button type="submit" class="btn btn--primary">
            Look up
          </button>
        </div>
        <FieldErrors id="lookup-email-error" messages={errors} />
      </form>
      <div aria-live="polite">{result ? <LeadResult result={result} format={format} now={now} /> : null}</div>
    </section>
  );
}

function LeadResult({ result, format, now }: { result: Loadable<LeadView>; format: Formatter; now: number }) {
  if (result.state === 'loading') return <p>Looking up…</p>;
  if (result.state === 'error') return <p class="status status--error">{result.message}</p>;
  const view = result.value;
  if (view.status === 'no_source') {
    return (
      <p>
        No marketing data source is set up.{' '}
        <a href="/options.html#sources" target="_blank" rel="noopener">
          Set one up
        </a>
      </p>
    );
  }
  if (view.status === 'error' || !view.lead) {
    const problems = view.sources
      .filter((source) => source.error)
      .map((source) => `${source.label}: ${source.error!.message}`);
    return (
      <p class={view.status === 'error' ? 'status status--error' : ''}>
        {view.status === 'error' ? (
          `Could not look up ${view.email}. ${problems.join(' ')}`
        ) : (
          <>
            <bdi>{view.email}</bdi> is not in your marketing data.
          </>
        )}
      </p>
    );
  }
  const lead = view.lead;
  const last = lastTouch(view);
  return (
    <article class="lead-card" aria-label={`Lead ${lead.name ?? lead.email}`}>
      <h3>
        <bdi>{lead.name || lead.email}</bdi>
        {view.sample ? <span class="badge">Sample data</span> : null}
      </h3>
      <dl class="facts">
        {lead.company ? (
          <>
            <dt>Company</dt>
            <dd>
              <bdi>{lead.company}</bdi>
            </dd>
          </>
        ) : null}
        <dt>Stage</dt>
        <dd>{lead.lifecycleStage ? stageLabel(lead.lifecycleStage) : 'unknown'}</dd>
        <dt>Score</dt>
        <dd>{lead.score === undefined ? 'none' : format.number(lead.score)}</dd>
        <dt>Activities</dt>
        <dd>{format.number(view.touchpoints.length)}</dd>
        <dt>Last touch</dt>
        <dd>{last ? <time dateTime={last}>{format.relative(last, now)}</time> : 'none'}</dd>
      </dl>
    </article>
  );
}

function Undelivered({
  list,
  deps,
  onChange,
}: {
  list: Loadable<Outcome[]>;
  deps: PopupDeps;
  onChange(next: Loadable<Outcome[]>): void;
}) {
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  async function act(outcome: Outcome, action: 'outcome.retry' | 'outcome.discard') {
    setBusy(outcome.id);
    try {
      const reply = await deps.client.call(action, { id: outcome.id });
      if (!reply.ok) {
        setMessages({ ...messages, [outcome.id]: reply.error.message });
        return;
      }
      setMessages({ ...messages, [outcome.id]: '' });
      if (list.state !== 'ready') return;
      onChange({
        state: 'ready',
        value: undeliveredOutcomes(
          list.value.map((entry) => (entry.id === outcome.id ? reply.value : entry)),
        ),
      });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="outbox-title" class="popup-section">
      <h2 id="outbox-title">Outcomes not yet delivered</h2>
      {list.state === 'loading' ? (
        <p role="status">Loading…</p>
      ) : list.state === 'error' ? (
        <p class="status status--error">{list.message}</p>
      ) : list.value.length === 0 ? (
        <p class="note">Every outcome has been delivered.</p>
      ) : (
        <ul class="outbox">
          {list.value.map((outcome) => {
            const what = outcome.label || outcome.kind;
            const errorId = `outcome-${outcome.id}-error`;
            return (
              <li
                key={outcome.id}
                class={outcome.delivery === 'failed' ? 'outbox-item outbox-item--failed' : 'outbox-item'}
              >
                <span>
                  <bdi>{what}</bdi> for <bdi>{outcome.leadEmail}</bdi>
                </span>
                <span class="muted">
                  {deliveryLabel(outcome.delivery)}
                  {outcome.lastError ? `: ${outcome.lastError}` : ''}
                </span>
                <span class="row">
                  <button
                    type="button"
                    class="btn btn--small"
                    disabled={busy === outcome.id}
                    aria-describedby={messages[outcome.id] ? errorId : undefined}
                    onClick={() => void act(outcome, 'outcome.retry')}
                  >
                    Retry
                    <span class="sr-only">
                      {' '}
                      {what} for {outcome.leadEmail}
                    </span>
                  </button>
                  <button
                    type="button"
                    class="btn btn--small"
                    disabled={busy === outcome.id}
                    onClick={() => void act(outcome, 'outcome.discard')}
                  >
                    Discard
                    <span class="sr-only">
                      {' '}
                      {what} for {outcome.leadEmail}
                    </span>
                  </button>
                </span>
                <FieldErrors id={errorId} messages={messages[outcome.id] ? [messages[outcome.id]!] : []} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Sources({ list }: { list: Loadable<SourceState[]> }) {
  return (
    <section aria-labelledby="sources-title" class="popup-section">
      <h2 id="sources-title">Sources</h2>
      {list.state === 'loading' ? (
        <p role="status">Loading…</p>
      ) : list.state === 'error' ? (
        <p class="status status--error">{list.message}</p>
      ) : (
        <ul class="sources">
          {list.value.map((source) => (
            <li key={source.source} class="source">
              <span class="source-name">{source.label}</span>
              <SourceStateText source={source} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function sourceStateText(source: SourceState): { kind: 'ok' | 'warn' | 'off'; text: string } {
  if (!source.enabled) return { kind: 'off', text: 'Off' };
  if (!source.configured) return { kind: 'warn', text: 'On, not set up yet' };
  if (!source.permission) return { kind: 'warn', text: 'On, but access to its host was not granted' };
  if (source.lastError) return { kind: 'warn', text: `On, last call failed: ${source.lastError}` };
  return { kind: 'ok', text: 'On' };
}

function SourceStateText({ source }: { source: SourceState }) {
  const state = sourceStateText(source);
  return <span class={`source-state source-state--${state.kind}`}>{state.text}</span>;
}
