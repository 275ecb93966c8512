/**
 * The closed-loop report page: campaigns → leads engaged → outcomes → revenue, SLA
 * compliance, why leads were turned down, and outcomes over time, for a time range, a source
 * and an attribution model. Data is read once per range (deps.load); the model and the source
 * filter only recompute. The page says which outcomes it counts: this browser's, or the team's
 * read back from a platform.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { resolveTimeZone } from '../../lib/insights/zone';
import { computeReport, type AttributionModel, type Report } from '../../lib/report/compute';
import {
  enabledSources,
  mergeOutcomes,
  TEAM_OUTCOME_SOURCES,
  type ReportData,
  type ReportSettings,
} from '../../lib/report/load';
import {
  campaignTable,
  createReportFormat,
  reportToCsv,
  reportToMarkdown,
  type ReportFormat,
} from '../../lib/report/share';
import { createFormatter, type Formatter } from '../../lib/sidebar/format';
import { sourceLabel } from '../../lib/sidebar/labels';
import { CampaignTable } from './CampaignTable';
import { ModelSwitch, MODELS, RangeControl, SourceControl, type SourceFilter } from './Controls';
import { OverTimeSection } from './OverTimeSection';
import { resolveRange, type RangeChoice } from './range';
import { ReasonsSection } from './ReasonsSection';
import { ShareBar } from './ShareBar';
import { SlaSection } from './SlaSection';
import type { ReportDeps } from './types';

const DAY_MS = 86_400_000;

type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

export type Scope = { kind: 'local'; problem?: string } | { kind: 'team'; label: string };

interface Loaded extends ReportData {
  scope: Scope;
  range: { from: Date; to: Date; firstDay: string; lastDay: string };
}

export function scopeText(scope: Scope): string {
  return scope.kind === 'team'
    ? `Your team's outcomes from ${scope.label}`
    : 'Outcomes recorded in this browser';
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** This browser's data, and the team's outcomes where a platform can list them. */
async function loadAll(deps: ReportDeps, settings: ReportSettings, range: Loaded['range']): Promise<Loaded> {
  const data = await deps.load({
    range,
    sources: enabledSources(settings),
    windowDays: settings.historyDays,
  });
  const team = TEAM_OUTCOME_SOURCES.find((source) => settings.sources[source].enabled);
  if (!team || !deps.teamOutcomes) return { ...data, range, scope: { kind: 'local' } };
  const reply = await deps.teamOutcomes(team, new Date(range.from.getTime() - DAY_MS));
  if (!reply.ok) {
    return {
      ...data,
      range,
      scope: {
        kind: 'local',
        problem: `Could not read your team's outcomes from ${sourceLabel(team)}: ${reply.error.message}`,
      },
    };
  }
  if (!reply.value) return { ...data, range, scope: { kind: 'local' } };
  return {
    ...data,
    outcomes: mergeOutcomes(data.outcomes, reply.value.outcomes),
    range,
    scope: { kind: 'team', label: reply.value.label },
  };
}

export function ReportApp({ deps }: { deps: ReportDeps }) {
  const now = deps.now ?? Date.now;
  const [settings, setSettings] = useState<Loadable<ReportSettings>>({ state: 'loading' });
  const [choice, setChoice] = useState<RangeChoice>({ preset: 'last30' });
  const [model, setModel] = useState<AttributionModel>('first');
  const [source, setSource] = useState<SourceFilter>('all');
  const [data, setData] = useState<Loadable<Loaded>>({ state: 'loading' });

  useEffect(() => {
    deps.settings().then(
      (reply) =>
        setSettings(
          reply.ok
            ? { state: 'ready', value: reply.value }
            : { state: 'error', message: reply.error.message },
        ),
      (error: unknown) => setSettings({ state: 'error', message: message(error) }),
    );
  }, []);

  const ready = settings.state === 'ready' ? settings.value : undefined;
  const timeZone = ready ? resolveTimeZone(ready.sla.timeZone) : undefined;
  const range = useMemo(
    () => (ready && timeZone ? resolveRange(choice, now(), timeZone) : undefined),
    [ready, timeZone, choice.preset, choice.fromDay, choice.toDay],
  );
  const rangeKey = range?.ok ? `${range.from.getTime()}-${range.to.getTime()}` : '';

  useEffect(() => {
    if (!ready || !range?.ok) return;
    let current = true;
    setData({ state: 'loading' });
    loadAll(deps, ready, range).then(
      (value) => current && setData({ state: 'ready', value }),
      (error: unknown) => current && setData({ state: 'error', message: message(error) }),
    );
    return () => {
      current = false;
    };
  }, [ready, rangeKey]);

  const format = useMemo(() => createReportFormat(deps.locale), []);
  const dates = useMemo(() => createFormatter({ locale: deps.locale, timeZone }), [timeZone]);

  const report = useMemo<Report | undefined>(() => {
    if (!ready || data.state !== 'ready') return undefined;
    const { leads, touchpoints, outcomes, range: loadedRange } = data.value;
    return computeReport({
      leads,
      touchpoints,
      outcomes,
      outcomeTypes: ready.outcomes,
      sla: { ...ready.sla, timeZone: timeZone ?? '' },
      range: loadedRange,
      model,
      sources: source === 'all' ? undefined : [source],
      now: new Date(now()),
      windowDays: ready.historyDays,
    });
  }, [ready, data, model, source]);

  // The range of the report shown (a custom range being typed may not be valid yet).
  const shown = data.state === 'ready' ? data.value.range : undefined;
  const rangeText =
    shown && timeZone
      ? new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeZone }).formatRange(
          shown.from,
          new Date(shown.to.getTime() - 1),
        )
      : '';

  return (
    <div class="page page--report">
      <header class="page-header">
        <p class="brand">Loopline</p>
        <h1>Closed-loop report</h1>
        {data.state === 'ready' ? <ScopeLine scope={data.value.scope} rangeText={rangeText} /> : null}
        <nav aria-label="Loopline pages">
          <ul class="nav nav--secondary">
            <li>
              <a href="/options.html">Settings</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main">
        {settings.state === 'loading' ? (
          <p role="status">Loading settings…</p>
        ) : settings.state === 'error' ? (
          <p class="alert" role="alert">{`Could not load the settings: ${settings.message}`}</p>
        ) : (
          <>
            <section class="report-controls" aria-labelledby="controls-title">
              <h2 id="controls-title" class="sr-only">
                Report options
              </h2>
              <div class="controls">
                <RangeControl
                  choice={choice}
                  error={range && !range.ok ? range.error : undefined}
                  onChange={setChoice}
                />
                <SourceControl sources={enabledSources(settings.value)} value={source} onChange={setSource} />
                <ModelSwitch value={model} onChange={setModel} />
              </div>
            </section>
            <Body
              data={data}
              report={report}
              settings={settings.value}
              format={format}
              dates={dates}
              deps={deps}
              titleText={`Closed-loop report, ${rangeText}`}
              sourceText={source === 'all' ? '' : ` · ${sourceLabel(source)} only`}
            />
          </>
        )}
      </main>
    </div>
  );
}

function ScopeLine({ scope, rangeText }: { scope: Scope; rangeText: string }) {
  return (
    <>
      <p class="scope">
        <strong>{scopeText(scope)}</strong>
        {rangeText ? <span class="muted">{` · ${rangeText}`}</span> : null}
      </p>
      {scope.kind === 'local' && scope.problem ? (
        <p class="note note--warn">
          <span aria-hidden="true">⚠ </span>
          {scope.problem} Showing the outcomes recorded in this browser.
        </p>
      ) : null}
    </>
  );
}

function Body({
  data,
  report,
  settings,
  format,
  dates,
  deps,
  titleText,
  sourceText,
}: {
  data: Loadable<Loaded>;
  report: Report | undefined;
  settings: ReportSettings;
  format: ReportFormat;
  dates: Formatter;
  deps: ReportDeps;
  titleText: string;
  sourceText: string;
}) {
  if (data.state === 'loading') return <p role="status">Loading the report…</p>;
  if (data.state === 'error')
    return <p class="alert" role="alert">{`Could not read the report's data: ${data.message}`}</p>;
  if (!report) return null;
  const loaded = data.value;
  if (loaded.knownLeads === 0 && loaded.outcomes.length === 0) return <NoData />;

  const model = MODELS.find((entry) => entry.id === report.model)?.label.toLowerCase() ?? report.model;
  const table = campaignTable(report);
  const noOutcomesYet = loaded.outcomesEver === 0 && loaded.scope.kind === 'local';
  const others = Object.entries(report.otherCurrencies);

  return (
    <>
      <ShareBar
        fileName={`loopline-report-${loaded.range.firstDay}-to-${loaded.range.lastDay}.csv`}
        csv={() => reportToCsv(report)}
        markdown={() =>
          reportToMarkdown(report, {
            locale: format.locale,
            title: titleText,
            subtitle: `${scopeText(loaded.scope)} · credit by ${model}${sourceText}`,
            duration: (ms) => dates.duration(ms),
          })
        }
        download={deps.download}
        copyText={deps.copyText}
      />
      {loaded.sampleLeads > 0 ? (
        <p class="note note--warn">
          {`Includes the sample workspace: ${format.count(loaded.sampleLeads)} fictional leads and their campaigns. Remove it under Options → Data to see only your own data.`}
        </p>
      ) : null}
      {loaded.skipped > 0 ? (
        <p class="note note--warn">{`${format.count(loaded.skipped)} stored outcomes could not be read and are left out.`}</p>
      ) : null}

      <section class="section" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">Campaigns</h2>
        {noOutcomesYet ? (
          <EmptyOutcomes />
        ) : report.totals.leadsWithOutcome === 0 ? (
          <p class="note">
            No outcome was recorded in this period. Choose a longer time range to see earlier ones.
          </p>
        ) : null}
        {table.rows.length === 0 ? (
          <p class="note">No campaign reached a lead in this period.</p>
        ) : (
          <CampaignTable
            table={table}
            format={format}
            caption={`Campaigns, outcomes credited by ${model}${sourceText}`}
          />
        )}
        <p class="hint">
          Rates go from each step to the next: outcome rate is leads with an outcome out of leads engaged,
          meeting rate meetings out of leads with an outcome, SQL rate SQLs out of meetings, win rate won out
          of SQLs. The total counts each lead once.
          {report.model === 'linear'
            ? ' Under linear credit a lead is shared between the campaigns that touched it, so counts can be fractions.'
            : ''}
        </p>
        {others.length > 0 ? (
          <p class="note">
            {`Won in other currencies, not in the revenue above: ${others.map(([code, amount]) => format.money(amount, code)).join(', ')}.`}
          </p>
        ) : null}
      </section>

      <SlaSection
        sla={report.sla}
        hours={settings.sla.hours}
        businessHoursOnly={settings.sla.businessHoursOnly}
        format={format}
        dates={dates}
      />
      <ReasonsSection reasons={report.reasons} format={format} />
      <OverTimeSection weeks={report.overTime} types={settings.outcomes} format={format} />
    </>
  );
}

function EmptyOutcomes() {
  return (
    <div class="card empty">
      <h3>No outcomes recorded yet</h3>
      <p>
        The report counts what sales records in Loopline. Open a lead's email thread in Gmail, or the lead's
        record in your CRM, and in the Loopline sidebar choose what happened: <em>Meeting booked</em>,{' '}
        <em>Qualified</em>, <em>Won</em>, or why the lead was turned down.
      </p>
      <p>Each outcome you record shows up here, credited to the campaigns that touched the lead.</p>
    </div>
  );
}

function NoData() {
  return (
    <div class="card empty">
      <h2>No marketing data yet</h2>
      <p>
        There are no leads to report on. Turn on a marketing platform, import your data, or load the sample
        workspace in <a href="/options.html#sources">Loopline's settings</a>.
      </p>
    </div>
  );
}
