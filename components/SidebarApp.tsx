/**
 * The whole sidebar, composed from the state in context. Reading order is the order of the five
 * questions a salesperson has: who is this, am I late, why now, how warm, what did they engage
 * with; the outcome bar stays pinned at the bottom.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useClickGuard, useSidebar } from '../lib/sidebar/context';
import { markLeadPainted } from '../lib/sidebar/state';
import { Campaigns } from './Campaigns';
import { EarlierOutcomes } from './EarlierOutcomes';
import { EngagementScore } from './EngagementScore';
import { LeadHeader } from './LeadHeader';
import { MatchedByName, NameMatches } from './NameMatches';
import { OutcomeBar } from './OutcomeBar';
import { PeopleSwitcher } from './PeopleSwitcher';
import { Sidebar } from './Sidebar';
import { Signals } from './Signals';
import { SlaClock } from './SlaClock';
import { Sparkline } from './Sparkline';
import { Idle, Loading, NoSource, NotFound, Offline, SourceError } from './States';
import type { Theme } from './styles';
import { Timeline } from './Timeline';

export interface SidebarAppProps {
  theme: Theme;
}

const DUE_SOON = 0.75;

/**
 * The switcher reads the people on the page itself, so that a new thread with the same lead
 * (a mailing list, a long conversation) re-renders the switcher, not the whole sidebar.
 */
function PagePeople() {
  const state = useSidebar();
  return (
    <PeopleSwitcher people={state.people.value} selected={state.selectedKey.value} onSelect={state.select} />
  );
}

/**
 * Marks the first paint of a lead's content (see markLeadPainted), then calls `onPainted` while
 * the state waits for it (`waiting`: only the lead's first screen is drawn). The frame for a
 * newly shown lead is committed now, drawn after the next animation frame's callbacks, and a
 * task queued from there runs once it has been. One mark per lead shown.
 */
function useLeadPainted(shownEmail: string | undefined, waiting: boolean, onPainted: () => void) {
  const marked = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    if (!shownEmail) {
      marked.current = undefined;
      return;
    }
    const mark = marked.current !== shownEmail;
    if (!mark && !waiting) return;
    if (typeof requestAnimationFrame !== 'function') {
      if (waiting) onPainted();
      return;
    }
    let current = true;
    const frame = requestAnimationFrame(() =>
      setTimeout(() => {
        if (!current) return;
        if (mark) {
          marked.current = shownEmail;
          markLeadPainted();
        }
        if (waiting) onPainted();
      }, 0),
    );
    return () => {
      current = false;
      cancelAnimationFrame(frame);
    };
    // `onPainted` is the state's, the same for the frame's life.
  }, [shownEmail, waiting]);
}

/**
 * The hook above in a component of its own, reading the state itself, and the timeline's wait
 * for it: the sidebar as a whole does not render again when the rest of a lead is drawn.
 */
function LeadPaintedMark() {
  const state = useSidebar();
  const view = state.view.value;
  useLeadPainted(
    state.status.value === 'ready' && view ? view.email : undefined,
    state.firstScreenOnly.value,
    state.firstScreenPainted,
  );
  return null;
}

/** What is below a lead's first screen: drawn once that screen has been painted. */
function AfterFirstScreen({ children }: { children: ComponentChildren }) {
  return useSidebar().firstScreenOnly.value ? null : <>{children}</>;
}

export function SidebarApp({ theme }: SidebarAppProps) {
  const state = useSidebar();
  const guard = useClickGuard();
  const view = state.view.value;
  const status = state.status.value;
  const now = state.clock.value;
  const online = state.online.value;
  const config = state.config.value;
  const requestError = state.error.value;
  const refreshing = state.refreshing.value;
  const format = state.format;
  const clock = state.slaClock.value;

  const tabHint =
    clock.kind === 'overdue'
      ? 'Overdue'
      : clock.kind === 'running' && clock.fraction >= DUE_SOON
        ? 'Due soon'
        : undefined;

  const retry = () => void state.refresh();
  const failedSources = view?.sources.filter((source) => source.state === 'error') ?? [];

  let body;
  let footer;
  const naming = state.naming.value;
  const byName = state.shownByName.value;
  if (status === 'idle') {
    body = <Idle />;
  } else if (status === 'naming' && naming) {
    body = (
      <NameMatches lookup={naming} onConfirm={(email) => void state.confirmMatch(email)} onRetry={retry} />
    );
  } else if (!view) {
    if (status === 'loading') body = <Loading email={state.selected.value} />;
    else if (!online) body = <Offline format={format} now={now} />;
    else
      body = (
        <SourceError
          sources={[]}
          message={requestError ?? 'Loopline could not load this lead.'}
          hasData={false}
          format={format}
          now={now}
          retrying={refreshing}
          onRetry={retry}
        />
      );
  } else if (view.status === 'no_source') {
    body = (
      <NoSource
        onSetUp={() => state.openOptions('sources')}
        onSample={() => void state.useSampleWorkspace()}
      />
    );
  } else if (view.status === 'error') {
    body = online ? (
      <SourceError
        sources={failedSources}
        message={requestError}
        hasData={false}
        format={format}
        now={now}
        retrying={refreshing}
        onRetry={retry}
      />
    ) : (
      <Offline format={format} now={now} />
    );
  } else {
    const banners = (
      <div class="ll-banners">
        {byName && (
          <MatchedByName byName={byName} email={view.email} onReject={() => void state.rejectMatch()} />
        )}
        {!online && <Offline compact fetchedAt={state.fetchedAt.value} format={format} now={now} />}
        {online && (failedSources.length > 0 || requestError) && (
          <SourceError
            compact
            sources={failedSources}
            message={requestError}
            hasData
            format={format}
            now={now}
            retrying={refreshing}
            onRetry={retry}
          />
        )}
      </div>
    );
    if (view.status === 'not_found') {
      body = (
        <>
          {banners}
          <NotFound email={view.email} sources={view.sources} onRefresh={retry} />
        </>
      );
    } else {
      const timeline = state.timeline.value;
      const signals = state.signals.value;
      const activeId = state.activeSignal.value;
      const pending = state.pendingOutcome.value;
      const outcomes = state.outcomes.value;
      const correctingId = state.correcting.value;
      body = (
        <>
          {banners}
          <LeadHeader
            view={view}
            definitions={config.definitions}
            format={format}
            now={now}
            fetchedAt={state.fetchedAt.value}
            refreshing={refreshing}
            onRefresh={retry}
          />
          <SlaClock clock={clock} format={format} now={now} sla={config.sla} dueSoonAt={DUE_SOON} />
          <Signals signals={signals} active={activeId} onToggle={state.toggleSignal} />
          <EngagementScore score={state.score.value} format={format}>
            <Sparkline series={state.activity.value} format={format} />
          </EngagementScore>
          <Campaigns campaigns={state.campaigns.value} format={format} now={now} />
          <EarlierOutcomes
            outcomes={outcomes}
            types={config.outcomes}
            format={format}
            now={now}
            hideId={pending && pending.undoLeft > 0 ? pending.outcome.id : undefined}
            onRetry={(id) => void state.retry(id)}
            onDiscard={(id) => void state.discard(id)}
            onCorrect={state.startCorrection}
          />
          {/* Below the first screen: drawn once the lead above it has been painted. */}
          <AfterFirstScreen>
            <Timeline
              items={timeline.items}
              matched={timeline.matched}
              total={timeline.total}
              hasMore={timeline.hasMore}
              filtered={timeline.filtered}
              group={state.group.value}
              query={state.query.value}
              hideMachine={state.hideMachine.value}
              groupCounts={state.groupCounts.value}
              activeSignalText={signals.find((signal) => signal.id === activeId)?.text}
              sourceNames={state.sourceNames.value}
              format={format}
              now={now}
              onGroup={state.setGroup}
              onQuery={state.setQuery}
              onHideMachine={state.setHideMachine}
              onClearFilters={state.clearFilters}
              onShowMore={state.showMore}
            />
          </AfterFirstScreen>
        </>
      );
      // One bar per lead: a form, a note or a confirmation begun for one person never records
      // for the next (the page decides who is selected, and may switch right before a click).
      footer = (
        <OutcomeBar
          key={view.email}
          types={config.outcomes}
          pending={pending}
          saving={state.saving.value}
          error={state.recordError.value}
          correcting={correctingId ? (outcomes.find((outcome) => outcome.id === correctingId) ?? null) : null}
          online={online}
          format={format}
          guard={guard}
          onRecord={state.recordOutcome}
          onUndo={() => void state.undo()}
          onRetry={(id) => void state.retry(id)}
          onDiscard={(id) => void state.discard(id)}
          onCorrect={state.startCorrection}
          onCancelCorrection={state.cancelCorrection}
          onDismiss={state.dismissPending}
          blocked={view.writeBack?.blocked}
          target={view.writeBack?.label}
          onSetUpWriteBack={() =>
            state.openOptions(view.writeBack?.fix === 'outcomes' ? 'outcomes' : 'sources')
          }
        />
      );
    }
  }

  return (
    <Sidebar open={state.open.value} theme={theme} onToggle={state.setOpen} tabHint={tabHint} footer={footer}>
      <PagePeople />
      <LeadPaintedMark />
      {body}
    </Sidebar>
  );
}
