import { describe, expect, it, vi } from 'vitest';
import type { SessionArea } from './page-people';
import { announceToPages, createSidebarFrames } from './sidebar-frames';

function memorySession(): SessionArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (key) => void delete data[key],
  };
}

describe('sidebar frames that hear only tab messages', () => {
  it('remembers each frame once, forgets a frame or a whole tab', async () => {
    const frames = createSidebarFrames(memorySession());
    await frames.add({ tabId: 3, frameId: 5 });
    await frames.add({ tabId: 3, frameId: 5 });
    await frames.add({ tabId: 3, frameId: 8 });
    await frames.add({ tabId: 4, frameId: 2 });
    expect(await frames.list()).toEqual([
      { tabId: 3, frameId: 5 },
      { tabId: 3, frameId: 8 },
      { tabId: 4, frameId: 2 },
    ]);
    await frames.forget({ tabId: 3, frameId: 8 });
    await frames.forgetTab(4);
    expect(await frames.list()).toEqual([{ tabId: 3, frameId: 5 }]);
  });

  it('survives the event page being suspended (storage.session), and ignores what does not parse', async () => {
    const session = memorySession();
    await createSidebarFrames(session).add({ tabId: 3, frameId: 5 });
    expect(await createSidebarFrames(session).list()).toEqual([{ tabId: 3, frameId: 5 }]);
    session.data.tabMessageFrames = [{ tabId: 'x', frameId: 1 }, null, { tabId: 1, frameId: 0 }];
    expect(await createSidebarFrames(session).list()).toEqual([{ tabId: 1, frameId: 0 }]);
  });

  it('announces to every page by broadcast and to each registered frame by tab; a gone frame is forgotten', async () => {
    const frames = createSidebarFrames();
    await frames.add({ tabId: 3, frameId: 5 });
    await frames.add({ tabId: 9, frameId: 1 });
    const broadcast = vi.fn(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const sendToFrame = vi.fn(async ({ tabId }: { tabId: number }) => {
      if (tabId === 9) throw new Error('gone');
    });
    const message = { type: 'sidebar.configChanged', payload: {} } as const;
    await announceToPages(message, { broadcast, sendToFrame, frames });
    expect(broadcast).toHaveBeenCalledWith(message);
    expect(sendToFrame.mock.calls).toEqual([
      [{ tabId: 3, frameId: 5 }, message],
      [{ tabId: 9, frameId: 1 }, message],
    ]);
    expect(await frames.list()).toEqual([{ tabId: 3, frameId: 5 }]);
  });
});
