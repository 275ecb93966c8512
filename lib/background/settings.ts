/** Settings and connection-test handlers; extension pages only (the router enforces it). */
import type { Connector } from '../connectors/types';
import type { SourceId } from '../model';
import { MessageError } from '../messaging/router';
import type { PageToBackground, Reply, SettingsReply } from '../messaging/protocol';
import { Settings as SettingsSchema, type Settings } from '../settings/schema';
import {
  exportSettings,
  importSettings,
  maskedSettings,
  mergeSecrets,
  SettingsError,
  type LoadedSettings,
} from '../settings/store';

/** The Marketo instance's custom activity types as Options offers them ('marketo.activityTypes'). */
export type ActivityTypeChoice = Reply<typeof PageToBackground, 'marketo.activityTypes'>[number];
type SourceTestReply = Reply<typeof PageToBackground, 'source.test'>;

/**
 * The settings as a page may see them. The mask is itself a valid secret, so masked settings are
 * settings: parsed again here, the reply's type is checked rather than asserted.
 */
const masked = (settings: Settings): Settings => SettingsSchema.parse(maskedSettings(settings));

/**
 * A newly chosen Marketo custom activity type must be one the instance has and that can carry
 * an outcome's id (a retry finds an earlier write by it): checked through Marketo's API before
 * the settings are saved. Throws a refusal that says why; answers a notice when Marketo could
 * not be asked (the choice is then checked again at each delivery).
 */
export async function checkMarketoActivityType(
  next: Settings,
  current: Settings,
  list: (settings: Settings) => Promise<ActivityTypeChoice[]>,
): Promise<string[]> {
  const id = next.sources.marketo.customActivityTypeId;
  const unchanged =
    id === current.sources.marketo.customActivityTypeId &&
    next.sources.marketo.baseUrl === current.sources.marketo.baseUrl;
  if (!next.sources.marketo.enabled || id === 0 || unchanged) return [];
  let types: ActivityTypeChoice[];
  try {
    types = await list(next);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [
      `Marketo could not be asked whether activity type ${id} can take outcomes (${why}); it is checked again when an outcome is sent.`,
    ];
  }
  const type = types.find((candidate) => candidate.id === id);
  if (!type)
    throw new MessageError(
      'bad_request',
      `Marketo has no custom activity type ${id}. Choose one under Options → Outcomes.`,
    );
  if (!type.usable) {
    throw new MessageError(
      'bad_request',
      `Marketo activity type “${type.name}” (${id}) cannot take outcomes: ${type.reason ?? 'no field can carry the outcome id'}.`,
    );
  }
  return [];
}

export interface SettingsHandlerDeps {
  /** The settings in force, and why the stored ones could not be read if they could not. */
  loaded: () => Promise<LoadedSettings>;
  /** Validate, store and announce new settings (the background's one way to write them). */
  save: (next: unknown) => Promise<Settings>;
  connectorFor: (source: SourceId, settings: Settings) => Promise<Connector>;
  /** The Marketo instance's activity types for these settings (checked before a save). */
  marketoActivityTypes?: (settings: Settings) => Promise<ActivityTypeChoice[]>;
}

export function createSettingsHandlers({
  loaded,
  save,
  connectorFor,
  marketoActivityTypes,
}: SettingsHandlerDeps) {
  const reply = (settings: Settings, notices: string[] = [], problem?: string): SettingsReply => ({
    settings: masked(settings),
    notices,
    ...(problem ? { problem } : {}),
  });

  /** Store settings whose secrets were merged in; a refusal is the user's to fix, said plainly. */
  async function store(next: unknown, notices: string[]): Promise<SettingsReply> {
    try {
      const parsed = SettingsSchema.safeParse(next);
      if (parsed.success && marketoActivityTypes) {
        notices = [
          ...notices,
          ...(await checkMarketoActivityType(parsed.data, (await loaded()).settings, marketoActivityTypes)),
        ];
      }
      return reply(await save(next), notices);
    } catch (error) {
      if (error instanceof SettingsError) throw new MessageError('bad_request', error.message);
      throw error;
    }
  }

  return {
    async 'settings.get'() {
      const { settings, problem } = await loaded();
      return reply(settings, [], problem);
    },
    async 'settings.save'({ settings: next }: { settings: unknown }) {
      const merged = mergeSecrets(next, (await loaded()).settings);
      return store(merged.value, merged.notices);
    },
    async 'settings.export'() {
      return exportSettings((await loaded()).settings);
    },
    async 'settings.import'({ json }: { json: string }) {
      let imported;
      try {
        imported = importSettings(json, (await loaded()).settings);
      } catch (error) {
        if (error instanceof SettingsError) throw new MessageError('bad_request', error.message);
        throw error;
      }
      return store(imported.settings, imported.notices);
    },
    async 'source.test'({ source }: { source: SourceId }): Promise<SourceTestReply> {
      const { settings } = await loaded();
      const connector = await connectorFor(source, settings);
      const result = await connector.test();
      if (!result.ok) return { ok: false, detail: result.error.message };
      const { detail, writeBack } = result.value;
      const fix = writeBack && !writeBack.ready ? writeBack.fix : undefined;
      return { ok: true, detail, ...(fix ? { writeBackFix: fix } : {}) };
    },
  };
}
