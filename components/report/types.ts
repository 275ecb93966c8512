/**
 * What the report page is given. The entry point builds the real ones (IndexedDB, the
 * background, the clipboard); tests hand in fakes. Components never call `browser.*`.
 */
import type { Result } from '../../lib/messaging/result';
import type { SourceId } from '../../lib/model';
import type { LoadQuery, ReportData, ReportSettings, TeamOutcomes } from '../../lib/report/load';

export interface ReportDeps {
  /** The settings the report needs (outcome taxonomy, SLA, window, sources). */
  settings(): Promise<Result<ReportSettings>>;
  /** Leads, touchpoints and this browser's outcomes for a range (lib/report/load). */
  load(query: LoadQuery): Promise<ReportData>;
  /**
   * The team's outcomes from a platform that can list them; absent where the background cannot
   * be asked yet. `null`: the platform has no listing.
   */
  teamOutcomes?(source: SourceId, since: Date): Promise<Result<TeamOutcomes | null>>;
  /** Save text as a file in the user's downloads. */
  download(fileName: string, mimeType: string, contents: string): void;
  /** Put text on the clipboard; rejects when the browser refuses. */
  copyText(text: string): Promise<void>;
  now?: () => number;
  /** BCP 47; default: the browser's. */
  locale?: string;
}
