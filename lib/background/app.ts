/**
 * The background's services, created once per service-worker life. Nothing here is
 * authoritative state: settings and data live in IndexedDB (the extension origin's, which no
 * content script can open), the people reported on open tabs in `storage.session`, so the worker
 * can be stopped at any moment and rebuilt from them.
 *
 * This is where the trust boundary is enforced, with the router (lib/messaging/router.ts): a
 * content script reports people and reads a trimmed config; the sidebar frame reads and acts on
 * the people its own tab reported; only Loopline's own pages read or change settings.
 */
import { browser } from 'wxt/browser';
import { createConnector, createPlatformFetch } from '../connectors';
import type { MarketoConnector } from '../connectors/marketo';
import { createRestConnector } from '../connectors/rest';
import { createLocalConnector } from '../connectors/local';
import type { Connector } from '../connectors/types';
import type { SourceId } from '../model';
import { markMachineActivity } from '../insights/machine';
import { createLeadService, type LeadService } from '../leads/service';
import type { LeadView } from '../model/view';
import type { BackgroundToSidebar, MessageOf } from '../messaging/protocol';
import { MessageError, createRouter, type Router, type Sender } from '../messaging/router';
import { loadSettings, saveSettings, type LoadedSettings } from '../settings/store';
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
import { contentConfig, sidebarSettings, siteAt } from './config';
import { createNameHandlers, searchSources, type NameSearch } from './names';
import { createPageGuard } from './page-guard';
import { createPagePeople } from './page-people';
import { nameKey } from '../model/person-name';
import { announceToPages, createSidebarFrames } from './sidebar-frames';
import {
  ensureSampleWorkspace,
  hasSampleWorkspace,
  removeSampleWorkspace,
  sampleIsTheDefault,
} from './sample';

export interface BackgroundApp {
  router: Router;
  db: () => Promise<DB>;
  settings: () => Promise<Settings>;
  leads: () => Promise<LeadService>;
  outbox: OutboxRuntime;
  updateBadge: () => Promise<void>;
}

export interface BackgroundOptions {
  /** The IndexedDB database's name (tests give each app life its own). */
  dbName?: string;
}

export function createBackgroundApp({ dbName }: BackgroundOptions = {}): BackgroundApp {
  let dbPromise: Promise<DB> | undefined;
  const db = () => (dbPromise ??= openLooplineDB(dbName));

  /**
   * Connectors' only way out: URLs they build from settings, never a page's; https only, the
   * host permission checked before each call (a revoked one is a clear error, not retries), no
   * redirects, no cookies, answers of at most 20 MB.
   */
  const platformFetch = createPlatformFetch({
    fetch: (input, init) => fetch(input, init),
    hasHostPermission: (origin) => browser.permissions.contains({ origins: [`${origin}/*`] }),
  });

  /**
   * Sidebar frames that hear the background only by `tabs.sendMessage` (Firefox): registered
   * when they ask for their settings (sidebar-frames.ts).
   */
  const tabMessageFrames = createSidebarFrames(browser.storage.session);
  /** A message for Loopline's pages, sidebar frames included, wherever they are. */
  function toPages(message: MessageOf<typeof BackgroundToSidebar>): void {
    void announceToPages(message, {
      broadcast: (m) => browser.runtime.sendMessage(m),
      sendToFrame: ({ tabId, frameId }, m) => browser.tabs.sendMessage(tabId, m, { frameId }),
      frames: tabMessageFrames,
    });
  }

  let loadedPromise: Promise<LoadedSettings> | undefined;
  const loaded = () => (loadedPromise ??= db().then((d) => loadSettings(d, browser.storage.local)));
  const settings = async () => (await loaded()).settings;
  // User-added CRM sites get their content script registered while their host is granted.
  const syncSites = () =>
    void settings()
      .then((s) => syncCustomSites(s.sites.custom))
      .catch((error) => console.warn('Loopline: could not register custom sites.', error));
  browser.permissions.onAdded.addListener(syncSites);
  browser.permissions.onRemoved.addListener(syncSites);
  syncSites();

  /**
   * The background's one way to change settings: validate, store, then let everything that
   * depends on them know. Only the background writes them, so no storage event is needed.
   */
  async function save(next: unknown): Promise<Settings> {
    const saved = await saveSettings(await db(), next);
    loadedPromise = Promise.resolve({ settings: saved });
    syncSites();
    // Extension pages only (sidebar frames among them).
    toPages({ type: 'sidebar.configChanged', payload: {} });
    return saved;
  }

  const pagePeople = createPagePeople(browser.storage.session);
  const names = createNameHandlers({
    db,
    settings,
    pagePeople,
    search: (name, isTeam) => searchNames(name, isTeam),
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void pagePeople.forget(tabId);
    names.forgetTab(tabId);
    void tabMessageFrames.forgetTab(tabId);
  });

  const { mustBeOnPage, mustOwnOutcome } = createPageGuard({ db, pagePeople, names });

  // Who shows a lead, so that a background refresh reaches them. Memory only: after a worker
  // restart the next `lead.get` registers again. Sidebar frames are extension pages, which the
  // background does not address one by one (except where the browser requires it: toPages): a
  // refresh of a lead one of them asked for goes to every
  // extension page, and each frame keeps only the lead it shows.
  const watchers = new Map<string, Set<string>>();
  const FRAMES = 'frames';
  const MAX_WATCHED = 200;
  function watch(email: string, sender: Sender) {
    if (sender.kind !== 'sidebar') return;
    const set = watchers.get(email) ?? new Set();
    set.add(FRAMES);
    watchers.delete(email);
    watchers.set(email, set);
    if (watchers.size > MAX_WATCHED) watchers.delete(watchers.keys().next().value!);
  }
  /** Send a lead's new view to every extension page; sidebar frames keep only the lead they show. */
  function announce(view: LeadView) {
    // No frame answers.
    toPages({ type: 'lead.updated', payload: view });
  }
  /** A background refresh: only for leads a sidebar asked for in this worker's life. */
  function push(view: LeadView) {
    if (watchers.get(view.email)?.size) announce(view);
  }

  let sampleReady: Promise<unknown> | undefined;
  /** The sample, on a brand-new install only (sampleIsTheDefault); otherwise when asked for. */
  const ensureSample = async () => {
    const s = await settings();
    sampleReady ??= db().then(async (d) =>
      (await sampleIsTheDefault(d, s)) ? ensureSampleWorkspace(d) : null,
    );
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
        onUpdate: push,
      }),
    ));

  /** Every connector the background uses: platform ones fetch only URLs built from settings. */
  const connectorFor = async (source: SourceId, s: Settings): Promise<Connector> =>
    source === 'local'
      ? createLocalConnector(await db())
      : createConnector(source, s, { fetch: platformFetch });

  const searchSourcesByName = searchSources({
    settings,
    connectorFor,
    contains: (origins) => browser.permissions.contains({ origins }),
  });
  /** A name is looked up where an address would be: the sample too, on a brand-new install. */
  const searchNames: NameSearch = async (name, isTeam) => {
    await ensureSample();
    return searchSourcesByName(name, isTeam);
  };

  // An outcome's delivery state is announced whoever asked for the lead, in this worker's life or
  // an earlier one: a sidebar open across a worker restart still learns the outcome's fate.
  const outcomeHandlers = createOutcomeHandlers({ db, settings, leads, push: announce, connectorFor });

  /** The toolbar badge counts overdue follow-ups. */
  async function updateBadge() {
    const overdue = (await listFollowUps(await db(), await settings(), new Date())).filter(
      (f) => f.state === 'overdue',
    );
    await browser.action.setBadgeText({ text: overdue.length > 0 ? String(overdue.length) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
  }

  const lookUp = async (email: string, refresh: boolean, sender: Sender) => {
    await ensureSample();
    watch(email, sender);
    const view = await (await leads()).get(email, { refresh });
    // A lead shown on a page (not, say, looked up in the popup) counts for the badge.
    if (sender.kind === 'sidebar') {
      void rememberSeen(await db(), view, new Date(), (await settings()).sla.startStage).then(updateBadge);
    }
    return view;
  };
  const outcomes = outcomeHandlers.handlers;
  const openOptions = async ({ section }: { section?: string }) => {
    await browser.tabs.create({
      url: browser.runtime.getURL('/options.html') + (section ? `#${encodeURIComponent(section)}` : ''),
    });
    return {};
  };
  const useSample = async () => {
    const current = await settings();
    if (!current.sources.local.enabled) {
      await save({
        ...current,
        sources: { ...current.sources, local: { ...current.sources.local, enabled: true } },
      });
    }
    const loading = db().then((d) => ensureSampleWorkspace(d, new Date(), true));
    sampleReady = loading;
    const { leads, touchpoints } = await loading;
    return { leads, touchpoints };
  };

  /** The Marketo instance's custom activity types, each saying whether it can take outcomes. */
  async function marketoActivityTypes(current: Settings) {
    // Built like every other Marketo call: the shared limiter and access token.
    const marketo = createConnector('marketo', current, { fetch: platformFetch }) as MarketoConnector;
    try {
      const types = await marketo.listOutcomeActivityTypes();
      return types.map((type) => ({
        id: type.id,
        name: type.name,
        usable: type.approved && type.canCarryOutcomeId,
        ...(type.idField ? { idField: type.idField.name } : {}),
        ...(type.reason ? { reason: type.reason } : {}),
      }));
    } catch (error) {
      throw new MessageError('unavailable', error instanceof Error ? error.message : String(error));
    }
  }

  const router = createRouter({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    // Refusals and expected failures are answered, not logged as faults.
    onError: (type, error) => {
      if (!(error instanceof MessageError)) console.error(`Loopline: "${type}" failed`, error);
    },
    content: {
      async 'content.config'(_payload, sender) {
        return contentConfig(await settings(), sender.url);
      },
      async 'page.people'({ people, account }, sender) {
        if (sender.tabId === undefined)
          throw new MessageError('forbidden', 'Only a page in a tab has people.');
        // Only the top frame's content script speaks for the tab (the sidebar docks there).
        if (sender.frameId !== undefined && sender.frameId !== 0) return {};
        await pagePeople.report(
          sender.tabId,
          people.flatMap((person) => (person.email ? [person.email] : [])),
          people.flatMap((person) => (person.email ? [] : [nameKey(person.name)])),
        );
        // Not awaited: the account is a suggestion for the welcome page, never worth a delay.
        void names.noteAccount(sender.tabId, account);
        return {};
      },
    },
    sidebar: {
      async 'lead.get'({ email, refresh }, sender) {
        await mustBeOnPage(sender, email);
        return lookUp(email, refresh, sender);
      },
      'lead.findByName': names.findByName,
      'lead.confirmName': names.confirmName,
      'lead.forgetName': names.forgetName,
      async 'outcome.record'(draft, sender) {
        await mustBeOnPage(sender, draft.leadEmail);
        return outcomes.record(draft);
      },
      async 'outcome.undo'({ id }, sender) {
        await mustOwnOutcome(sender, id);
        return outcomes.undo(id);
      },
      async 'outcome.retry'({ id }, sender) {
        await mustOwnOutcome(sender, id);
        return outcomes.retry(id);
      },
      async 'outcome.discard'({ id }, sender) {
        await mustOwnOutcome(sender, id);
        return outcomes.discard(id);
      },
      async 'sidebar.config'(payload, sender) {
        if (payload?.tabMessages && sender.tabId !== undefined && sender.frameId !== undefined) {
          await tabMessageFrames.add({ tabId: sender.tabId, frameId: sender.frameId });
        }
        return sidebarSettings(await settings(), sender.tabUrl);
      },
      async 'sidebar.setOpen'({ open }, sender) {
        // One flag per site Loopline runs on, named by the tab's address: nothing a page chooses.
        const site = siteAt(sender.tabUrl, await settings())?.id;
        if (!site) return { saved: false };
        const current = await settings();
        if (current.sidebar.openBySite[site] === open) return { saved: true };
        await save({ ...current, sidebar: { openBySite: { ...current.sidebar.openBySite, [site]: open } } });
        return { saved: true };
      },
      'page.openOptions': openOptions,
      'workspace.useSample': useSample,
    },
    page: {
      async 'lead.get'({ email, refresh }, sender) {
        return lookUp(email, refresh, sender);
      },
      'outcome.undo': ({ id }) => outcomes.undo(id),
      'outcome.retry': ({ id }) => outcomes.retry(id),
      'outcome.discard': ({ id }) => outcomes.discard(id),
      'page.openOptions': openOptions,
      'workspace.useSample': useSample,
      ...createSettingsHandlers({ loaded, save, connectorFor, marketoActivityTypes }),
      'account.seen': names.accountSeen,
      async 'marketo.activityTypes'() {
        return marketoActivityTypes(await settings());
      },
      async 'cache.clear'() {
        return { cleared: await clearCache(await db()) };
      },
      async 'data.deleteAll'() {
        const d = await db();
        await Promise.all(
          (
            [
              'leadBlocks',
              'touchpoints',
              'campaigns',
              'cache',
              'outcomes',
              'deliveries',
              'seen',
              'meta',
            ] as const
          ).map((store) => d.clear(store)),
        );
        // The settings go too, but the legacy settings were moved already: never look again.
        await d.clear('settings');
        await d.put('settings', true, 'legacyChecked');
        await browser.storage.local.clear();
        await pagePeople.clear();
        loadedPromise = undefined;
        sampleReady = undefined;
        // The settings are the defaults again: open pages and sidebars ask again.
        toPages({ type: 'sidebar.configChanged', payload: {} });
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
