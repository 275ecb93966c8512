/**
 * The content script's side of the link to the sidebar frame (see lib/sidebar/link.ts). The
 * controller talks to this as it would to the sidebar; messages wait for the frame to connect,
 * and only the latest people list and theme are kept meanwhile.
 *
 * One frame at a time: while a frame is connected, another connection for the same instance is
 * refused (disconnected at once), not preferred. The legitimate second connection is the same
 * frame reloaded (an iframe moved in the DOM reloads): its old document's port disconnects as
 * it unloads, before the new document has asked for its settings and connected, and the frame
 * tries again shortly if it was refused anyway (lib/sidebar/start.ts).
 */
import type { Person } from '../sidebar/state';
import { readToPage, sidebarPageUrl, type Layout, type LinkPort, type ToFrame } from '../sidebar/link';
import { samePeople } from './people-report';
import type { Theme } from './theme';

/** What the controller needs of the sidebar. */
export interface SidebarLink {
  /** `ahead`: the background does not have these people yet (lib/content/people-report.ts). */
  setPeople(people: Person[], preferred?: string, options?: { ahead?: boolean }): void;
  toggle(): void;
}

export interface FrameLinkHost extends SidebarLink {
  setTheme(theme: Theme): void;
  /**
   * A port from the frame, already checked to be the frame this content script made. Refused
   * (disconnected) while an earlier one is still connected; true when accepted.
   */
  attach(port: LinkPort): boolean;
  close(): void;
}

export interface FrameLinkHandlers {
  layout(layout: Layout): void;
  configChanged(): void;
}

export function createFrameLink(handlers: FrameLinkHandlers): FrameLinkHost {
  let port: LinkPort | null = null;
  let people: Extract<ToFrame, { type: 'people' }> | null = null;
  let theme: Extract<ToFrame, { type: 'theme' }> | null = null;
  let closed = false;

  const send = (message: ToFrame) => {
    try {
      port?.postMessage(message);
    } catch {
      // The frame went away between two messages; it sends everything again when it connects.
      port = null;
    }
  };

  return {
    setPeople(list, preferred, options) {
      const ahead = options?.ahead === true;
      const next: ToFrame = {
        type: 'people',
        people: list,
        ...(preferred ? { preferred } : {}),
        ...(ahead ? { ahead } : {}),
      };
      // The same people again (a mutation that changed nothing) need not cross processes; the
      // same people once the background has them must (the frame asks about them only then).
      if (
        people &&
        !preferred &&
        !people.preferred &&
        !ahead &&
        !people.ahead &&
        samePeople(people.people, list)
      )
        return;
      people = next;
      send(next);
    },
    toggle: () => send({ type: 'toggle' }),
    setTheme(value) {
      if (theme?.theme === value) return;
      theme = { type: 'theme', theme: value };
      send(theme);
    },
    attach(next) {
      if (closed || port) {
        next.disconnect();
        return false;
      }
      port = next;
      next.onMessage.addListener((raw) => {
        const message = readToPage(raw);
        if (!message || port !== next) return;
        if (message.type === 'layout') handlers.layout(message);
        else handlers.configChanged();
      });
      next.onDisconnect.addListener(() => {
        if (port === next) port = null;
      });
      // The theme first: boot sets it before the frame exists, and the frame takes the first
      // message as the sign that it was accepted.
      if (theme) send(theme);
      if (people) send(people);
      return true;
    },
    close() {
      closed = true;
      port?.disconnect();
      port = null;
    },
  };
}

/** Whether a connecting sidebar page is the one this content script made (its `instance`). */
export function isOurFrame(url: string | undefined, instance: string): boolean {
  return sidebarPageUrl(url)?.searchParams.get('instance') === instance;
}
