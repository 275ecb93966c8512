/**
 * What the pure insight functions produce and the sidebar renders. Components import these
 * types only; the functions live beside this file.
 */
import type { Channel, TouchpointKind } from '../model';

/**
 * Durations (remainingMs, overdueMs, tookMs) are measured on the SLA's own clock: business time
 * when the SLA counts business hours only, wall-clock time otherwise. `dueAt` is a real instant.
 */
export type ClockState =
  /** No MQL date: no clock runs. */
  | { kind: 'none' }
  /** Clock running; `dueAt` is when the SLA is breached. */
  | { kind: 'running'; startedAt: string; dueAt: string; remainingMs: number; fraction: number }
  | { kind: 'overdue'; startedAt: string; dueAt: string; overdueMs: number }
  /** Sales touched the lead (first outcome); `withinSla` tells whether it was in time. */
  | {
      kind: 'stopped';
      startedAt: string;
      dueAt: string;
      touchedAt: string;
      withinSla: boolean;
      tookMs: number;
    };

export interface Signal {
  id: string;
  /** Short sentence, e.g. "Visited pricing 3× this week". */
  text: string;
  strength: 'high' | 'medium' | 'low';
  /** Ids of the touchpoints behind the signal. */
  touchpointIds: string[];
}

export interface ScorePart {
  kind: TouchpointKind;
  /** What the part counts, e.g. "Pricing and demo page views" (a kind can have several parts). */
  label?: string;
  count: number;
  /** Recency-weighted points, before the 0–100 scaling. */
  points: number;
}

export interface EngagementScore {
  /** 0–100. */
  value: number;
  label: 'cold' | 'warm' | 'hot';
  parts: ScorePart[];
  /** Touches left out or discounted as likely machine activity. */
  machineDiscounted: number;
  /** One line per part, for the hover explanation. */
  explanation: string[];
}

export interface CampaignEngagement {
  campaignId: string;
  name: string;
  channel: Channel;
  /** The lead's own touches (opens, clicks, visits, forms…), likely machine activity left out. */
  touches: number;
  /** Emails of the campaign sent to the lead (not engagement, so not in `touches`). */
  sent?: number;
  firstAt: string;
  lastAt: string;
  isFirstTouch: boolean;
  isLastTouch: boolean;
}

/** Touches per day over the last N days, oldest first. */
export type ActivitySeries = { day: string; count: number }[];
