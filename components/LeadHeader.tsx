/**
 * Who is this: name, role, company, stage and status (with the team's own definitions), the
 * platform's score and its 30-day change, owner, where the data came from (and what part of it a
 * source could not deliver), and how fresh it is.
 */
import { Fragment } from 'preact';
import { useId } from 'preact/hooks';
import type { SourceId } from '../lib/model';
import type { LeadView, SourceStatus } from '../lib/model/view';
import type { Formatter } from '../lib/sidebar/format';
import { lookupDefinition, sourceLabel, stageLabel } from '../lib/sidebar/labels';
import { SafeLink } from './SafeLink';
import { Tip } from './Tip';

export interface LeadHeaderProps {
  view: LeadView;
  definitions: Record<string, string>;
  format: Formatter;
  now: number;
  /** Newest fetch across the sources. */
  fetchedAt?: string;
  refreshing: boolean;
  onRefresh(): void;
}

const SOURCE_STATE_BADGES: Partial<Record<SourceStatus['state'], { text: string; tone: string }>> = {
  stale: { text: 'Stale', tone: 'warn' },
  refreshing: { text: 'Refreshing', tone: 'info' },
  error: { text: 'Error', tone: 'danger' },
  offline: { text: 'Offline', tone: 'warn' },
};

function Term({
  name,
  value,
  definitions,
}: {
  name: string;
  value: string;
  definitions: Record<string, string>;
}) {
  const definition = lookupDefinition(definitions, value);
  const content = (
    <>
      <span class="ll-muted">{name}</span> <bdi class="ll-text">{stageLabel(value)}</bdi>
    </>
  );
  if (!definition) return <span class="ll-chip">{content}</span>;
  return (
    <Tip class="ll-chip" tip={<span class="ll-text">{definition}</span>}>
      {content}
    </Tip>
  );
}

interface SourceRow {
  source: SourceId | string;
  label: string;
  state?: SourceStatus['state'];
  url?: string;
}

function sourceRows(view: LeadView): SourceRow[] {
  const rows: SourceRow[] = view.sources.map((status) => ({
    source: status.source,
    label: status.label || sourceLabel(status.source),
    state: status.state,
  }));
  for (const ref of view.lead?.refs ?? []) {
    const row = rows.find((candidate) => candidate.source === ref.source);
    if (row) row.url ??= ref.url;
    else rows.push({ source: ref.source, label: sourceLabel(ref.source), url: ref.url });
  }
  return rows;
}

export function LeadHeader({
  view,
  definitions,
  format,
  now,
  fetchedAt,
  refreshing,
  onRefresh,
}: LeadHeaderProps) {
  const headingId = useId();
  const lead = view.lead;
  const name = lead?.name?.trim() ? lead.name : view.email;
  const role = [lead?.title, lead?.company].filter((part): part is string => !!part && part.trim() !== '');
  const score = lead?.score;
  const delta =
    typeof score === 'number' && typeof lead?.score30dAgo === 'number' ? score - lead.score30dAgo : undefined;
  const rows = sourceRows(view);

  return (
    <section class="ll-section ll-lead" aria-labelledby={headingId}>
      <div class="ll-spread">
        <h2 class="ll-name ll-clamp ll-grow" id={headingId} title={name.length > 40 ? name : undefined}>
          <bdi>{name}</bdi>
        </h2>
        {view.sample && <span class="ll-badge ll-badge--info">Sample data</span>}
      </div>
      {name !== view.email && (
        <div class="ll-muted ll-small ll-clip">
          <bdi>{view.email}</bdi>
        </div>
      )}
      {role.length > 0 && (
        <div class="ll-clamp">
          {role.map((part, index) => (
            <Fragment key={index}>
              {index > 0 && <span class="ll-muted"> · </span>}
              <bdi>{part}</bdi>
            </Fragment>
          ))}
        </div>
      )}
      {(lead?.lifecycleStage || lead?.leadStatus) && (
        <div class="ll-row ll-tiprow">
          {lead.lifecycleStage && <Term name="Stage" value={lead.lifecycleStage} definitions={definitions} />}
          {lead.leadStatus && <Term name="Status" value={lead.leadStatus} definitions={definitions} />}
        </div>
      )}
      <dl class="ll-facts">
        {typeof score === 'number' && (
          <>
            <dt>Score</dt>
            <dd>
              <strong>{format.number(score)}</strong>
              {delta !== undefined && (
                <span class={delta > 0 ? 'll-delta-up' : delta < 0 ? 'll-delta-down' : 'll-muted'}>
                  {' '}
                  {delta === 0 ? 'no change' : format.signed(delta)} in 30 days
                </span>
              )}
            </dd>
          </>
        )}
        {lead?.owner && (
          <>
            <dt>Owner</dt>
            <dd class="ll-clamp">
              <bdi>{lead.owner}</bdi>
            </dd>
          </>
        )}
        {lead?.source && (
          <>
            <dt>Origin</dt>
            <dd class="ll-clamp">
              <bdi>{lead.source}</bdi>
            </dd>
          </>
        )}
        {rows.length > 0 && (
          <>
            <dt>Data from</dt>
            <dd>
              <ul class="ll-row">
                {rows.map((row) => {
                  const badge = row.state ? SOURCE_STATE_BADGES[row.state] : undefined;
                  return (
                    <li class="ll-row" key={row.source}>
                      <SafeLink
                        href={row.url}
                        class="ll-text"
                        label={`${row.label}: open the record (new tab)`}
                      >
                        <bdi>{row.label}</bdi>
                      </SafeLink>
                      {badge && <span class={`ll-badge ll-badge--${badge.tone}`}>{badge.text}</span>}
                    </li>
                  );
                })}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {view.sources
        .filter((status) => status.unavailable?.length)
        .map((status) => (
          // What a source could not deliver with the rest: the lead shown lacks it.
          <p class="ll-muted ll-small" key={`partial:${status.source}`}>
            <bdi>{status.label || sourceLabel(status.source)}</bdi>: {status.unavailable!.join(', ')}{' '}
            unavailable
          </p>
        ))}
      <div class="ll-spread ll-small">
        <span class="ll-muted" title={fetchedAt ? format.dateTime(fetchedAt) : undefined}>
          {refreshing
            ? 'Refreshing…'
            : fetchedAt
              ? `Updated ${format.relative(fetchedAt, now)}`
              : 'Not refreshed yet'}
        </span>
        <button
          type="button"
          class="ll-btn"
          onClick={() => {
            if (!refreshing) onRefresh();
          }}
          aria-disabled={refreshing}
          aria-label="Refresh lead data"
        >
          Refresh
        </button>
      </div>
    </section>
  );
}
