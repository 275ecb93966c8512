/**
 * Every touchpoint, newest first, grouped by day. It renders one page of the already filtered
 * list (25 rows at first, then 100 more at a time), so a 20,000-touchpoint history costs what its
 * rendered rows cost.
 */
import { useId } from 'preact/hooks';
import type { Touchpoint } from '../lib/model';
import type { Formatter } from '../lib/sidebar/format';
import {
  KIND_GROUPS,
  kindLabel,
  sourceLabel,
  type KindFilter,
  type KindGroupId,
} from '../lib/sidebar/labels';
import { TIMELINE_PAGE, groupByDay } from '../lib/sidebar/timeline';
import { pure } from './pure';
import { SafeLink } from './SafeLink';

export interface TimelineProps {
  /** The page to render: filtered and newest first. */
  items: Touchpoint[];
  /** How many touchpoints match the filters, and how many there are in all. */
  matched: number;
  total: number;
  hasMore: boolean;
  filtered: boolean;
  group: KindFilter;
  query: string;
  hideMachine: boolean;
  groupCounts: Record<KindGroupId, number>;
  /** The "why now" signal narrowing the list, if one is active. */
  activeSignalText?: string;
  /** Source id → the name the background gave it ("Sample workspace"). */
  sourceNames?: Record<string, string>;
  format: Formatter;
  now: number;
  onGroup(group: KindFilter): void;
  onQuery(query: string): void;
  onHideMachine(hide: boolean): void;
  onClearFilters(): void;
  onShowMore(): void;
}

function isKindFilter(value: string): value is KindFilter {
  return value === 'all' || KIND_GROUPS.some((group) => group.id === value);
}

// Memoised, like Timeline below: the sidebar re-renders as a whole when anything changes (the
// people on the page, a source's fetch time), and a row whose touchpoint did not change has
// nothing to redo.
const Item = pure(function Item({
  touchpoint,
  format,
  sourceNames,
}: {
  touchpoint: Touchpoint;
  format: Formatter;
  sourceNames?: Record<string, string>;
}) {
  const kind = kindLabel(touchpoint.kind);
  const source = sourceNames?.[touchpoint.source] ?? sourceLabel(touchpoint.source);
  const machine = touchpoint.machine === true;
  return (
    <li class="ll-item" data-machine={machine ? '' : undefined}>
      <time
        class="ll-item-time"
        dateTime={touchpoint.occurredAt}
        title={format.dateTime(touchpoint.occurredAt)}
      >
        {format.time(touchpoint.occurredAt)}
      </time>
      <div class="ll-item-body">
        <span class="ll-row">
          <span class="ll-item-kind">{kind}</span>
          {machine && (
            <span class="ll-badge ll-badge--warn" title={touchpoint.machineReason || undefined}>
              Likely automated
              {touchpoint.machineReason && <span class="ll-sr">: {touchpoint.machineReason}</span>}
            </span>
          )}
        </span>
        <SafeLink href={touchpoint.url} class="ll-item-title ll-clamp">
          <bdi>{touchpoint.title || kind}</bdi>
        </SafeLink>
        {touchpoint.detail && (
          <span class="ll-small ll-muted ll-clamp">
            <bdi>{touchpoint.detail}</bdi>
          </span>
        )}
        <span class="ll-small ll-muted ll-clip">
          {touchpoint.campaign?.name && (
            <>
              <bdi>{touchpoint.campaign.name}</bdi>
              {' · '}
            </>
          )}
          <bdi>{source}</bdi>
        </span>
      </div>
    </li>
  );
});

/** Renders again only when one of its props changed (see `sourceNames` in the sidebar state). */
export const Timeline = pure(function Timeline(props: TimelineProps) {
  const { items, matched, total, hasMore, filtered, group, query, hideMachine, groupCounts, format, now } =
    props;
  const headingId = useId();
  const searchId = useId();
  const groupId = useId();
  const machineId = useId();
  const days = groupByDay(items, format, now);
  const remaining = matched - items.length;

  return (
    <section class="ll-section" aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        <span class="ll-grow">Timeline</span>
        <span>{format.number(total)}</span>
      </h3>
      {total > 0 && (
        <div class="ll-tools">
          <div class="ll-field">
            <label class="ll-sr" for={searchId}>
              Search the timeline
            </label>
            <input
              id={searchId}
              class="ll-input"
              type="search"
              placeholder="Search activity"
              autoComplete="off"
              spellcheck={false}
              maxLength={200}
              value={query}
              onInput={(event) => props.onQuery(event.currentTarget.value)}
            />
          </div>
          <div class="ll-row">
            <label class="ll-small ll-label" for={groupId}>
              Show
            </label>
            <select
              id={groupId}
              class="ll-select ll-grow"
              value={group}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isKindFilter(value)) props.onGroup(value);
              }}
            >
              <option value="all">All activity ({format.number(total)})</option>
              {KIND_GROUPS.map((kindGroup) => (
                <option key={kindGroup.id} value={kindGroup.id} disabled={groupCounts[kindGroup.id] === 0}>
                  {kindGroup.label} ({format.number(groupCounts[kindGroup.id])})
                </option>
              ))}
            </select>
          </div>
          <label class="ll-row ll-small" for={machineId}>
            <input
              id={machineId}
              type="checkbox"
              checked={hideMachine}
              onChange={(event) => props.onHideMachine(event.currentTarget.checked)}
            />
            Hide likely automated activity
          </label>
          {props.activeSignalText && (
            <div class="ll-notice ll-notice--info ll-small">
              <span class="ll-text">
                Showing the activity behind “<bdi>{props.activeSignalText}</bdi>”
              </span>
            </div>
          )}
          <div class="ll-spread ll-small">
            <p class="ll-muted" role="status">
              {filtered
                ? `${format.number(matched)} of ${format.number(total)} match`
                : `${format.number(total)} ${total === 1 ? 'activity' : 'activities'}`}
            </p>
            {filtered && (
              <button type="button" class="ll-btn ll-btn--quiet" onClick={props.onClearFilters}>
                Clear filters
              </button>
            )}
          </div>
        </div>
      )}
      {total === 0 ? (
        <p class="ll-muted ll-small">No activity recorded for this lead.</p>
      ) : matched === 0 ? (
        <p class="ll-muted ll-small">Nothing matches these filters.</p>
      ) : (
        <ol class="ll-items" aria-labelledby={headingId}>
          {days.map((day, index) => (
            <li key={`${index}:${day.key}`}>
              <h4 class="ll-day">{day.label}</h4>
              <ul>
                {day.items.map((touchpoint, itemIndex) => (
                  <Item
                    key={`${touchpoint.id}:${itemIndex}`}
                    touchpoint={touchpoint}
                    format={format}
                    sourceNames={props.sourceNames}
                  />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {hasMore && (
        <button type="button" class="ll-btn ll-more" onClick={props.onShowMore}>
          Show {format.number(Math.min(TIMELINE_PAGE, remaining))} more ({format.number(remaining)} left)
        </button>
      )}
    </section>
  );
});
