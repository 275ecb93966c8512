/**
 * The keyboard command (`toggle-sidebar`, Alt+Shift+L): the active tab's sidebar opens or
 * collapses. Sent to the tab's top frame only, where the content script that docks the sidebar
 * runs: on Firefox a message to a tab without a frame id also reaches Loopline's sidebar frame
 * (an extension frame in a page is addressed like a content script there), which has no use for it.
 */
import type { BackgroundToContent, MessageOf } from '../messaging/protocol';

export const TOGGLE_COMMAND = 'toggle-sidebar';

const TOGGLE: MessageOf<typeof BackgroundToContent> = { type: 'sidebar.toggle', payload: {} };

export interface CommandTabs {
  query(query: { active: true; currentWindow: true }): Promise<{ id?: number }[]>;
  sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
}

export async function runCommand(command: string, tabs: CommandTabs): Promise<void> {
  if (command !== TOGGLE_COMMAND) return;
  const [tab] = await tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  // No content script there (a page Loopline does not run on): nothing to toggle.
  await tabs.sendMessage(tab.id, TOGGLE, { frameId: 0 }).catch(() => {});
}
