/**
 * The insight functions the sidebar state computes with, as one injectable bundle: the real
 * ones from lib/insights by default, fakes in tests (so a state test does not depend on the
 * scoring rules, and a hostile-data test can make every insight return hostile text).
 */
import type { Touchpoint } from '../model';
import { engagementScore } from '../insights/score';
import { computeSignals } from '../insights/signals';
import { slaClock, type SlaRule } from '../insights/sla';
import { markMachineActivity } from '../insights/machine';
import { byCampaign } from '../insights/campaigns';
import { activitySeries } from '../insights/activity';
import type {
  ActivitySeries,
  CampaignEngagement,
  ClockState,
  EngagementScore,
  Signal,
} from '../insights/types';

export interface InsightFns {
  engagementScore(touchpoints: Touchpoint[], now: Date): EngagementScore;
  computeSignals(touchpoints: Touchpoint[], options: { now: Date; colleagues: number }): Signal[];
  slaClock(input: { mqlAt?: string; firstTouchAt?: string; now: Date; sla: SlaRule }): ClockState;
  byCampaign(touchpoints: Touchpoint[]): CampaignEngagement[];
  /** Days are calendar days of `timeZone` (the browser's when absent), like the timeline's. */
  activitySeries(touchpoints: Touchpoint[], now: Date, days: number, timeZone?: string): ActivitySeries;
  /** Flags likely machine opens/clicks so the timeline can say "likely automated". */
  markMachineActivity?(touchpoints: Touchpoint[]): Touchpoint[];
}

export const defaultInsights: InsightFns = {
  engagementScore,
  computeSignals,
  slaClock,
  byCampaign,
  activitySeries,
  // Wrapped: the real one takes optional rules as a second argument, which must stay default.
  markMachineActivity: (touchpoints) => markMachineActivity(touchpoints),
};
