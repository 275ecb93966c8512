/**
 * The part of the settings the sidebar's state uses: the outcome taxonomy, the team's
 * definitions, the SLA and the salesperson's name. The frame gets them typed from the background
 * (`sidebar.config`, a `SidebarSettings`); the defaults stand in until then, and when the
 * background cannot answer at all.
 */
import type { SidebarSettings } from '../messaging/protocol';
import { DEFAULT_DEFINITIONS, DEFAULT_OUTCOMES, SlaSettings } from '../settings/schema';

export type SidebarConfig = Pick<SidebarSettings, 'outcomes' | 'definitions' | 'sla' | 'you'>;

/** Fresh objects every time: two sidebars (or two tests) never share one. */
export function defaultSidebarConfig(): SidebarConfig {
  return {
    outcomes: structuredClone(DEFAULT_OUTCOMES),
    definitions: { ...DEFAULT_DEFINITIONS },
    sla: SlaSettings.parse({}),
    you: '',
  };
}

/** The sidebar's part of a `sidebar.config` reply. */
export function sidebarConfigOf({ outcomes, definitions, sla, you }: SidebarSettings): SidebarConfig {
  return { outcomes, definitions, sla, you };
}
