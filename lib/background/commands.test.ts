import { describe, expect, it, vi } from 'vitest';
import { buildManifest } from '../manifest';
import { runCommand, TOGGLE_COMMAND, type CommandTabs } from './commands';

const tabsWith = (tabs: { id?: number }[], fails = false) => {
  const api = {
    query: vi.fn(async () => tabs),
    sendMessage: vi.fn(async () => {
      if (fails) throw new Error('Could not establish connection. Receiving end does not exist.');
    }),
  } satisfies CommandTabs;
  return api;
};

describe('the keyboard command', () => {
  it('is the one the manifest declares, on Chrome and Firefox', () => {
    for (const browser of ['chrome', 'firefox']) {
      expect(Object.keys(buildManifest({ browser }).commands)).toEqual([TOGGLE_COMMAND]);
    }
  });

  it('toggles the sidebar in the active tab’s top frame only (not Loopline’s own frame in it)', async () => {
    const tabs = tabsWith([{ id: 7 }]);
    await runCommand(TOGGLE_COMMAND, tabs);
    expect(tabs.sendMessage).toHaveBeenCalledWith(7, { type: 'sidebar.toggle', payload: {} }, { frameId: 0 });
  });

  it('does nothing for another command, without a tab, or where no content script listens', async () => {
    const tabs = tabsWith([{ id: 7 }]);
    await runCommand('something-else', tabs);
    await runCommand(TOGGLE_COMMAND, tabsWith([{}]));
    await expect(runCommand(TOGGLE_COMMAND, tabsWith([{ id: 3 }], true))).resolves.toBeUndefined();
    expect(tabs.sendMessage).not.toHaveBeenCalled();
  });
});
