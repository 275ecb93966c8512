/**
 * The background's services, created once per service-worker life. Nothing here is
 * authoritative state: settings live in storage.local, data in IndexedDB, so the worker can
 * be stopped at any moment and rebuilt from them.
 */
import { browser } from 'wxt/browser';
import { createConnector } from '../connectors';
import { createRestConnector } from '../connectors/rest';
import { createLocalConnector } from '../connectors/local';
import type { Connector } from '../connectors/types';
import type { SourceId } from '../model';
import { markMachineActivity } from '../insights/machine';
import { createLeadService, type LeadService } from '../leads/service';
import type { LeadView } from '../model/view';
import {
  MessageError,
  createRouter,
  isSidebarFrame,
  type Router,
  type SenderInfo,
} from '../messaging/router';
import { loadSettings, publicSettings, saveSettings, SETTINGS_KEY } from '../settings/store';
import type { Settings } from '../settings/schema';
import { syncCustomSites } from '../sites/registration';
import { openLooplineDB, type DB } from '../store/db';
import { clearCache } from '../store/cache';
import { listOutcomes } from '../store/outcomes';
import { workspaceStats } from '../store/workspace';
import { createOutcomeHandlers, type OutboxRuntime } from './outcomes';
import { createSettingsHandlers } from './settings';
import { listFollowUps, rememberSeen } from './followups';
import { sourceStates } from './sources';
import { ensureSampleWorkspace, hasSampleWorkspace, removeSampleWorkspace } from './sample';

export interface BackgroundApp {
  router: Router;
  db: () => Promise<DB>;
  settings: () => Promise<Settings>;
  leads: () => Promise<LeadService>;
  outbox: OutboxRuntime;
  updateBadge: () => Promise<void>;
}

/** Connectors' only way out: the platform URLs they build from settings, never a page's. */
const platformFetch = (input: string, init?: RequestInit) => fetch(input, init);

export function createBackgroundApp(): BackgroundApp {
  let dbPromise: Promise<DB> | undefined;
  const db = () => (dbPromise ??= openLooplineDB());

  let settingsPromise: Promise<Settings> | undefined;
  const settings = () => (settingsPromise ??= loadSettings(browser.storage.local));
  // User-added CRM sites get their content script registered while their host is granted.
  const syncSites = () =>
    void settings()
      .then((s) => syncCustomSites(s.sites.custom))
      .catch((error) => console.warn('Loopline: could not register custom sites.', error));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) {
      settingsPromise = undefined;
      syncSites();
      // Extension pages only (sidebar frames among them); an error says none is open.
      browser.runtime.sendMessage({ type: 'sidebar.configChanged', payload: {} }).catch(() => {});
    }
  });
  browser.permissions.onAdded.addListener(syncSites);
  browser.permissions.onRemoved.addListener(syncSites);
  syncSites();

  // Who shows a lead, so that a background refresh reaches them. Memory only: after a worker
  // restart the next `lead.get` registers again. Sidebar frames are extension pages, which
  // `tabs.sendMessage` cannot address: a refresh of a lead one of them asked for goes to every
  // extension page, and each frame keeps only the lead it shows. Content scripts (a sender with
  // a tab) are addressed by tab and frame.
  const watchers = new Map<string, Set<string>>();
  const FRAMES = 'frames';
  const MAX_WATCHED = 200;
  /** Where a refresh for this sender goes: its tab and frame, or the sidebar frames; else null. */
  function pageTarget(sender: SenderInfo): string | null {
    if (sender.tab?.id !== undefined) return `${sender.tab.id}:${sender.frameId ?? 0}`;
    return isSidebarFrame(sender) ? FRAMES : null;
  }
  function watch(email: string, sender: SenderInfo) {
    const target = pageTarget(sender);
    if (!target) return;
    const set = watchers.get(email) ?? new Set();
    set.add(target);
    watchers.delete(email);
    watchers.set(email, set);
    if (watchers.size > MAX_WATCHED) watchers.delete(watchers.keys().next().value!);
  }
  async function push(view: LeadView) {
    for (const target of watchers.get(view.email) ?? []) {
      const message = { type: 'lead.updated', payload: view };
      if (target === FRAMES) {
        // No frame answers; a rejection only says that no page is open to hear it.
        browser.runtime.sendMessage(message).catch(() => {});
        continue;
      }
      const [tabId, frameId] = target.split(':').map(Number) as [number, number];
      browser.tabs.sendMessage(tabId, message, { frameId }).catch(() => {
        watchers.get(view.email)?.delete(target);
      });
    }
  }

  let sampleReady: Promise<unknown> | undefined;
  const ensureSample = async () => {
    const s = await settings();
    if (!s.sources.local.enabled) return;
    sampleReady ??= db().then((d) => ensureSampleWorkspace(d));
    await sampleReady;
  };

  // The promise, not the service, is kept: concurrent first callers must share one service
  // (and so one set of in-flight fetches), not each build their own while the DB opens.
  let leadService: Promise<LeadService> | undefined;
  const leads = () =>
    (leadService ??= db().then((database) =>
      createLeadService({
        db: database,
        settings,
        connectorFor: (source, s) => createConnector(source, s, { fetch: platformFetch }),
        markMachine: markMachineActivity,
        onUpdate: (view) => void push(view),
      }),
    ));

  /** Every connector the background uses: platform ones fetch only URLs built from settings. */
  const connectorFor = async (source: SourceId, s: Settings): Promise<Connector> =>
    source === 'local'
      ? createLocalConnector(await db())
      : createConnector(source, s, { fetch: platformFetch });

  const outcomeHandlers = createOutcomeHandlers({ db, settings, leads, push, connectorFor });

  /** The toolbar badge counts overdue follow-ups. */
  async function updateBadge() {
    const overdue = (await listFollowUps(await db(), await settings(), new Date())).filter(
      (f) => f.state === 'overdue',
    );
    await browser.action.setBadgeText({ text: overdue.length > 0 ? String(overdue.length) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
  }

  const router = createRouter({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    onError: (type, error) => console.error(`Loopline: "${type}" failed`, error),
    content: {
      async 'lead.get'({ email, refresh }, sender) {
        await ensureSample();
        watch(email, sender);
        const view = await (await leads()).get(email, { refresh });
        // A lead shown on a page (not, say, looked up from Options) counts for the badge.
        if (pageTarget(sender) !== null) {
          void rememberSeen(await db(), view, new Date(), (await settings()).sla.startStage).then(
            updateBadge,
          );
        }
        return view;
      },
      ...outcomeHandlers.content,
      async 'sidebar.config'() {
        return publicSettings(await settings());
      },
      async 'sidebar.setOpen'({ site, open }) {
        const current = await settings();
        await saveSettings(browser.storage.local, {
          ...current,
          sidebar: { openBySite: { ...current.sidebar.openBySite, [site]: open } },
        });
        return { saved: true };
      },
      async 'page.openOptions'({ section }) {
        await browser.tabs.create({
          url: browser.runtime.getURL('/options.html') + (section ? `#${encodeURIComponent(section)}` : ''),
        });
        return {};
      },
      async 'workspace.useSample'() {
        const current = await settings();
        if (!current.sources.local.enabled) {
          await saveSettings(browser.storage.local, {
            ...current,
            sources: { ...current.sources, local: { ...current.sources.local, enabled: true } },
          });
        }
        sampleReady = db().then((d) => ensureSampleWorkspace(d, new Date(), true));
        return (await sampleReady) as { leads: number; touchpoints: number };
      },
    },
    page: {
      ...createSettingsHandlers({
        settings,
        connectorFor,
      }),
      async 'cache.clear'() {
        return { cleared: await clearCache(await db()) };
      },
      async 'data.deleteAll'() {
        const d = await db();
        await Promise.all(
          (['leads', 'touchpoints', 'campaigns', 'cache', 'outcomes', 'seen', 'meta'] as const).map((store) =>
            d.clear(store),
          ),
        );
        await browser.storage.local.clear();
        sampleReady = undefined;
        return {};
      },
      async 'workspace.stats'() {
        const d = await db();
        return { ...(await workspaceStats(d)), sample: await hasSampleWorkspace(d) };
      },
      async 'workspace.removeSample'() {
        await removeSampleWorkspace(await db());
        sampleReady = Promise.resolve();
        return {};
      },
      async 'outcomes.list'({ since }) {
        return listOutcomes(await db(), since);
      },
      async 'followups.list'() {
        return listFollowUps(await db(), await settings(), new Date());
      },
      async 'sources.status'() {
        return sourceStates(await settings());
      },
      async 'report.teamOutcomes'({ source, since }) {
        const current = await settings();
        if (source !== 'rest' || !current.sources.rest.enabled) return null;
        const connector = createRestConnector({ settings: current.sources.rest, fetch: platformFetch });
        try {
          return { source, label: 'REST endpoint', outcomes: await connector.listOutcomes(new Date(since)) };
        } catch (error) {
          throw new MessageError('unavailable', error instanceof Error ? error.message : String(error));
        }
      },
      async 'workspace.changed'() {
        leadService = undefined;
        return {};
      },
    },
  });

  return { router, db, settings, leads, outbox: outcomeHandlers.runtime, updateBadge };
}

export { MessageError };
