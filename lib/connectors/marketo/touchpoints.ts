/**
 * Marketo records as Loopline touchpoints: activities (by their type's name) and program
 * memberships. Pure mapping, no requests.
 */
import type { Channel, TouchpointInput, TouchpointKind } from '../../model';
import { nonEmpty, toIso } from '../common';
import { formKind } from '../vocabulary';
import type { Activity, Membership } from './schemas';
import { activityType, botReason, programChannel, progressionKind } from './vocabulary';

/**
 * Standard activity types read for history, by name (ids are per instance for custom types and
 * the names are stable), with the kind the vocabulary gives each. The activities endpoint takes
 * at most 10 type ids per call.
 */
const HISTORY_TYPE_NAMES = [
  'Visit Webpage',
  'Fill Out Form',
  'Click Link',
  'Send Email',
  'Open Email',
  'Click Email',
  'Change Status in Progression',
  'Add to List',
  'Change Score',
  'Interesting Moment',
] as const;

/** The kind an activity type has before its own details (a form's name, a new status) say more. */
function typeKind(typeName: string): TouchpointKind {
  const meaning = activityType(typeName);
  return typeof meaning === 'object' ? meaning.kind : 'other';
}

export const HISTORY_TYPES: Readonly<Record<string, TouchpointKind>> = Object.fromEntries(
  HISTORY_TYPE_NAMES.map((name) => [name, typeKind(name)]),
);

function attributeValue(activity: Activity, name: string): unknown {
  const wanted = name.toLowerCase();
  return activity.attributes.find((a) => (a.name ?? a.apiName ?? '').toLowerCase() === wanted)?.value;
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return nonEmpty(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** Marketo program channels are named by each instance: the vocabulary's one guess reads them. */
export const channelOf: (name: string | undefined) => Channel = programChannel;

/** Program names and channels by id, and the same by lower-cased name (emails name their program). */
export interface ProgramInfo {
  byId: ReadonlyMap<number, { name: string; channel: Channel }>;
  byName: ReadonlyMap<string, { id: number; channel: Channel }>;
}

export function programInfo(byId: ReadonlyMap<number, { name: string; channel: Channel }>): ProgramInfo {
  const byName = new Map<string, { id: number; channel: Channel }>();
  for (const [programId, p] of byId) byName.set(p.name.toLowerCase(), { id: programId, channel: p.channel });
  return { byId, byName };
}

export function activityTouchpoint(
  activity: Activity,
  typeName: string,
  email: string,
  programs: ProgramInfo,
): TouchpointInput | undefined {
  const programsByName = programs.byName;
  const programInfo = programs.byId;
  const occurredAt = toIso(activity.activityDate);
  if (!occurredAt) return undefined;
  const primary = nonEmpty(activity.primaryAttributeValue);
  const base = {
    id: `marketo:${activity.marketoGUID ?? activity.id ?? `${activity.leadId}-${activity.activityDate}-${activity.activityTypeId}`}`,
    leadEmail: email,
    occurredAt,
    source: 'marketo' as const,
  };
  const bot =
    isTrue(attributeValue(activity, 'Is Bot Activity')) || isTrue(attributeValue(activity, 'Bot Activity'));
  const machine = bot
    ? { machine: true, machineReason: botReason(asText(attributeValue(activity, 'Bot Activity Pattern'))) }
    : {};
  const kind = typeKind(typeName);

  if (typeName === 'Send Email' || typeName === 'Open Email' || typeName === 'Click Email') {
    // Marketo names emails "Program.Email"; the program part links the touch to its campaign.
    const dot = primary?.indexOf('.') ?? -1;
    const programName = primary && dot > 0 ? primary.slice(0, dot) : undefined;
    const emailName = primary && dot > 0 ? primary.slice(dot + 1) : primary;
    const linked = programName ? programsByName.get(programName.toLowerCase()) : undefined;
    const campaign = linked
      ? { id: `marketo-program-${linked.id}`, name: programName!, channel: linked.channel }
      : primary
        ? {
            id: `marketo-email-${activity.primaryAttributeValueId ?? primary}`,
            name: programName ?? primary,
            channel: 'email' as const,
          }
        : undefined;
    const verb = typeName === 'Send Email' ? 'Sent' : typeName === 'Open Email' ? 'Opened' : 'Clicked';
    return {
      ...base,
      kind,
      campaign,
      title: `${verb} “${emailName ?? 'an email'}”`,
      url: typeName === 'Click Email' ? asText(attributeValue(activity, 'Link')) : undefined,
      ...machine,
    };
  }
  if (typeName === 'Visit Webpage') {
    const path = asText(attributeValue(activity, 'Webpage URL'));
    const query = asText(attributeValue(activity, 'Query Parameters'));
    const page = primary ? (/^https?:\/\//.test(primary) ? primary : `https://${primary}`) : undefined;
    return {
      ...base,
      kind,
      title: `Visited ${path ?? primary ?? 'a page'}`,
      url: page ? `${page}${query ? `?${query}` : ''}` : undefined,
      detail: asText(attributeValue(activity, 'Referrer URL'))
        ? `Referrer: ${asText(attributeValue(activity, 'Referrer URL'))}`
        : undefined,
      ...machine,
    };
  }
  if (typeName === 'Fill Out Form')
    return { ...base, kind: formKind(primary), title: `Filled out “${primary ?? 'a form'}”`, ...machine };
  if (typeName === 'Click Link') return { ...base, kind, title: 'Clicked a link', url: primary, ...machine };
  if (typeName === 'Change Status in Progression') {
    const status = asText(attributeValue(activity, 'New Status')) ?? '';
    const programId = activity.primaryAttributeValueId ?? undefined;
    const info = programId !== undefined ? programInfo.get(programId) : undefined;
    const channel = info?.channel ?? channelOf(primary);
    return {
      ...base,
      kind: progressionKind(status, channel),
      campaign:
        programId !== undefined
          ? {
              id: `marketo-program-${programId}`,
              name: info?.name ?? primary ?? `Program ${programId}`,
              channel,
            }
          : undefined,
      title: `${info?.name ?? primary ?? 'Program'}: ${status || 'status changed'}`,
      ...machine,
    };
  }
  if (typeName === 'Add to List') return { ...base, kind, title: `Added to list “${primary ?? ''}”` };
  if (typeName === 'Change Score') {
    return {
      ...base,
      kind,
      title: `${primary ?? 'Score'} ${asText(attributeValue(activity, 'Change Value')) ?? 'changed'}`,
    };
  }
  return {
    ...base,
    kind,
    title: primary ?? typeName,
    detail: asText(attributeValue(activity, 'Description')),
  };
}

/** The lead joining a program, when Marketo says when; undefined otherwise. */
export function membershipTouchpoint(
  m: Membership,
  email: string,
  programs: ProgramInfo,
): TouchpointInput | undefined {
  const at = toIso(m.membershipDate);
  if (!at) return undefined;
  const p = programs.byId.get(m.id);
  const name = p?.name ?? `Program ${m.id}`;
  return {
    id: `marketo:program:${m.id}`,
    leadEmail: email,
    occurredAt: at,
    kind: 'list_added',
    campaign: { id: `marketo-program-${m.id}`, name, channel: p?.channel ?? 'other' },
    title: `Joined program “${name}”`,
    detail: `Status: ${m.progressionStatus}${m.reachedSuccess ? ' (success)' : ''}`,
    source: 'marketo',
  };
}
