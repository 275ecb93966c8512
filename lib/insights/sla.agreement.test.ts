// @vitest-environment happy-dom
/**
 * The sidebar's clock, the background's follow-up list and the report's SLA compliance read the
 * same leads the same way: each lead goes through all three paths and every path must give the
 * verdict the sidebar shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Lead, Outcome } from '../model';
import type { LeadView } from '../model/view';
import { DEFAULT_OUTCOMES, SlaSettings, type Settings } from '../settings/schema';
import { openLooplineDB } from '../store/db';
import { listFollowUps, rememberSeen } from '../background/followups';
import { computeReport } from '../report/compute';
import { createSidebarState, type SidebarState } from '../sidebar/state';
import { defaultSidebarConfig } from '../sidebar/config';
import { NOW, hoursAgo, iso, leadView, ok, outcome, testDeps } from '../sidebar/test-data';
import { slaState, type SlaState } from './sla';

const SLA = SlaSettings.parse({ hours: 24, timeZone: 'UTC' });
const MINUTE = 60_000;

interface Case {
  name: string;
  lead: Partial<Lead>;
  outcomes: Partial<Outcome>[];
  expected: SlaState;
}

const CASES: Case[] = [
  { name: 'fresh', lead: { mqlAt: hoursAgo(2) }, outcomes: [], expected: 'on_track' },
  { name: 'due-soon', lead: { mqlAt: hoursAgo(20) }, outcomes: [], expected: 'due_soon' },
  { name: 'forgotten', lead: { mqlAt: hoursAgo(30) }, outcomes: [], expected: 'overdue' },
  {
    name: 'in-time',
    lead: { mqlAt: hoursAgo(30) },
    outcomes: [{ createdAt: hoursAgo(29) }],
    expected: 'met',
  },
  {
    name: 'late',
    lead: { mqlAt: hoursAgo(40) },
    outcomes: [{ createdAt: hoursAgo(10) }],
    expected: 'missed',
  },
  {
    // The platform's clock runs two minutes ahead of the salesperson's machine.
    name: 'skewed',
    lead: { mqlAt: hoursAgo(30) },
    outcomes: [{ createdAt: iso(Date.parse(hoursAgo(30)) - 2 * MINUTE) }],
    expected: 'met',
  },
  {
    name: 'undone',
    lead: { mqlAt: hoursAgo(30) },
    outcomes: [{ createdAt: hoursAgo(29), delivery: 'undone' }],
    expected: 'overdue',
  },
  {
    name: 'already-sql',
    lead: { mqlAt: hoursAgo(30), lifecycleStage: 'salesqualifiedlead' },
    outcomes: [],
    expected: 'none',
  },
];

function viewOf(item: Case, index: number): LeadView {
  const email = `${item.name}@agree.example`;
  const base = leadView();
  return leadView({
    email,
    lead: { ...base.lead!, email, ...item.lead },
    outcomes: item.outcomes.map((o, n) =>
      outcome({
        id: `00000000-0000-4000-8000-${String(index * 10 + n).padStart(12, '0')}`,
        leadEmail: email,
        ...o,
      }),
    ),
  });
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
let states: SidebarState[] = [];
afterEach(() => {
  for (const state of states) state.dispose();
  states = [];
});

async function sidebarVerdict(view: LeadView): Promise<SlaState> {
  const state = createSidebarState(
    testDeps({
      insights: {},
      requestLead: async () => ok(view),
      config: { ...defaultSidebarConfig(), sla: SLA },
    }),
  );
  states.push(state);
  state.select(view.email);
  await settle();
  return slaState(state.slaClock.value);
}

let dbCount = 0;
/** What the follow-up list says: running / overdue when listed, 'not listed' otherwise. */
async function followUpVerdict(view: LeadView): Promise<string> {
  const db = await openLooplineDB(`sla-agreement-${++dbCount}`);
  await rememberSeen(db, view, new Date(NOW), SLA.startStage);
  const list = await listFollowUps(db, { sla: SLA } as Settings, new Date(NOW));
  db.close();
  return list.find((item) => item.email === view.email)?.state ?? 'not listed';
}

/** Where the report counts the lead: met, missed, running, overdue, or nowhere. */
function reportVerdict(view: LeadView): string {
  const { sla } = computeReport({
    leads: [view.lead!],
    touchpoints: [],
    outcomes: view.outcomes,
    outcomeTypes: DEFAULT_OUTCOMES,
    sla: SLA,
    range: { from: new Date(NOW - 7 * 24 * 3_600_000), to: new Date(NOW) },
    model: 'first',
    now: new Date(NOW),
  });
  if (sla.mqls === 0) return 'none';
  if (sla.overdue.length > 0) return 'overdue';
  if (sla.running > 0) return 'running';
  return sla.touchedWithinSla > 0 ? 'met' : 'missed';
}

const asFollowUp = (state: SlaState) =>
  state === 'on_track' || state === 'due_soon' ? 'running' : state === 'overdue' ? 'overdue' : 'not listed';
const asReport = (state: SlaState) => (state === 'on_track' || state === 'due_soon' ? 'running' : state);

describe('the sidebar, the follow-up list and the report agree on every lead', () => {
  it.each(CASES.map((item, index) => [item.name, item, index] as const))('%s', async (_name, item, index) => {
    const view = viewOf(item, index);
    const sidebar = await sidebarVerdict(view);
    expect(sidebar).toBe(item.expected);
    expect({ followUps: await followUpVerdict(view), report: reportVerdict(view) }).toEqual({
      followUps: asFollowUp(sidebar),
      report: asReport(sidebar),
    });
  });
});
