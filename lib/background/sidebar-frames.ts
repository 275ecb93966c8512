/**
 * Sidebar frames the background must address one by one. Chrome delivers `runtime.sendMessage`
 * from the background to every extension page, sidebar frames included. Firefox does not deliver
 * it to an extension frame inside a web page: that frame hears the background only through
 * `tabs.sendMessage(tab, message, { frameId })`. Such a frame says so when it asks for its
 * settings (`sidebar.config` with `tabMessages`), and is remembered here by the tab and frame the
 * browser attests for it.
 *
 * Mirrored to `storage.session` like the people on each page (page-people.ts): Firefox suspends
 * the event page when idle, and a frame that registered before must still hear about its
 * outcome's delivery afterwards.
 */
import { z } from 'zod';
import type { BackgroundToSidebar, MessageOf } from '../messaging/protocol';
import type { SessionArea } from './page-people';

/** Where a frame is, as the browser attested it when the frame registered. */
const FrameAddress = z.object({ tabId: z.number().int(), frameId: z.number().int() });
export type FrameAddress = z.infer<typeof FrameAddress>;

export interface SidebarFrames {
  add(address: FrameAddress): Promise<void>;
  forgetTab(tabId: number): Promise<void>;
  forget(address: FrameAddress): Promise<void>;
  list(): Promise<FrameAddress[]>;
}

const KEY = 'tabMessageFrames';
/** Frames remembered at once; the least recently registered go first. */
const MAX_FRAMES = 200;

const keyOf = ({ tabId, frameId }: FrameAddress) => `${tabId}:${frameId}`;

export function createSidebarFrames(session?: SessionArea): SidebarFrames {
  let frames: Map<string, FrameAddress> | undefined;

  async function load(): Promise<Map<string, FrameAddress>> {
    if (frames) return frames;
    const loaded = new Map<string, FrameAddress>();
    try {
      const stored = (await session?.get(KEY))?.[KEY];
      if (Array.isArray(stored)) {
        // Each entry on its own: one that does not parse is dropped, the others kept.
        for (const item of stored) {
          const parsed = FrameAddress.safeParse(item);
          if (parsed.success) loaded.set(keyOf(parsed.data), parsed.data);
        }
      }
    } catch {
      // No session storage here: memory only.
    }
    frames ??= loaded;
    return frames;
  }

  const persist = async (map: Map<string, FrameAddress>) =>
    session?.set({ [KEY]: [...map.values()] }).catch(() => {});

  return {
    async add(address) {
      const map = await load();
      const key = keyOf(address);
      if (map.has(key)) return;
      map.set(key, { tabId: address.tabId, frameId: address.frameId });
      while (map.size > MAX_FRAMES) map.delete(map.keys().next().value!);
      await persist(map);
    },
    async forget(address) {
      const map = await load();
      if (map.delete(keyOf(address))) await persist(map);
    },
    async forgetTab(tabId) {
      const map = await load();
      let changed = false;
      for (const [key, frame] of map) if (frame.tabId === tabId) changed = map.delete(key) || changed;
      if (changed) await persist(map);
    },
    async list() {
      return [...(await load()).values()];
    },
  };
}

/**
 * Send `message` to every extension page that hears broadcasts, and to each registered frame
 * that does not; a frame that is gone (its tab navigated or closed) is forgotten.
 */
export async function announceToPages(
  message: MessageOf<typeof BackgroundToSidebar>,
  deps: {
    broadcast(message: MessageOf<typeof BackgroundToSidebar>): Promise<unknown>;
    sendToFrame(address: FrameAddress, message: MessageOf<typeof BackgroundToSidebar>): Promise<unknown>;
    frames: SidebarFrames;
  },
): Promise<void> {
  // A rejection only says that no page is open to hear it.
  const sent: Promise<unknown>[] = [deps.broadcast(message).catch(() => {})];
  for (const frame of await deps.frames.list()) {
    sent.push(deps.sendToFrame(frame, message).catch(() => deps.frames.forget(frame)));
  }
  await Promise.all(sent);
}
