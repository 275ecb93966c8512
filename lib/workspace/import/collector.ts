/**
 * What an import has read so far: leads and campaigns in memory (one per person or name), the
 * touchpoints handed to the store's staging slot a batch at a time, and the errors by line.
 */
import type { Campaign, Lead, Touchpoint } from '../../model';
import { PackedRows, type TouchpointStaging } from '../../store/touchpoints';
import { IdSet } from '../id-set';
import { detach, detachAll, fillLead } from './records';
import { MAX_REPORTED_ERRORS, WriteError, type ImportError } from './types';

export class Collector {
  readonly leads = new Map<string, Lead>();
  readonly campaigns = new Map<string, Campaign>();
  readonly errors: ImportError[] = [];
  errorCount = 0;
  rows = 0;
  skipped = 0;
  fatal = false;
  /** Every touchpoint id so far: a later row with the same id replaces the earlier touchpoint. */
  ids = new IdSet();
  /**
   * Touchpoints not yet written, packed one by one as they come (a string each rather than an
   * object graph, which keeps what the import holds small), and the position of each id in it.
   */
  private batch = new PackedRows();
  /** Rows handed to `batch` before the current batch began (ids keep their row number in `ids`). */
  private batchStart = 0;
  private rowNumber = 0;
  /** Ids met again after their first touchpoint was written → the batch that holds the latest. */
  readonly replacedLater = new Map<string, number>();

  constructor(
    private readonly staging: TouchpointStaging,
    private readonly batchSize: number,
    /** Whether the import may still be written (no bad rows yet, or partial imports allowed). */
    private readonly writable: () => boolean,
  ) {}

  get touchpoints(): number {
    return this.touchpointCount ?? this.ids.size;
  }

  error(line: number, reason: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, reason });
  }

  /** `detached`: the lead's strings are copies already (detach), not cuts of the file's text. */
  addLead(lead: Lead, detached = false): void {
    const known = this.leads.get(lead.email);
    const next = known ? fillLead(known, lead) : lead;
    if (next !== known) this.leads.set(next.email, detached ? next : detachAll(next));
  }

  /** A campaign listed in the file wins over one only named by a touchpoint. */
  addCampaign(campaign: Campaign, listed: boolean): void {
    if (listed || !this.campaigns.has(campaign.id)) this.campaigns.set(campaign.id, detachAll(campaign));
  }

  addTouchpoint(touchpoint: Touchpoint): void {
    if (!this.leads.has(touchpoint.leadEmail))
      this.leads.set(touchpoint.leadEmail, { email: detach(touchpoint.leadEmail), refs: [] });
    this.addTouchpointOf(this.batch.leadNumber(touchpoint.leadEmail), touchpoint);
  }

  /** The number of a lead already added (addLead), for addTouchpointOf. */
  leadNumber(email: string): number {
    return this.batch.leadNumber(email);
  }

  /** addTouchpoint for a touchpoint of the lead numbered `lead` (leadNumber), added already. */
  addTouchpointOf(lead: number, touchpoint: Touchpoint): void {
    const campaign = touchpoint.campaign;
    if (campaign && !this.campaigns.has(campaign.id))
      this.campaigns.set(campaign.id, detachAll({ ...campaign, source: 'local' }));
    const row = this.rowNumber++;
    const before = this.ids.put(touchpoint.id, row);
    if (before >= this.batchStart) this.batch.remove(before - this.batchStart);
    else if (before >= 0) this.replacedLater.set(touchpoint.id, this.staging.batches);
    this.batch.addTouchpointOf(lead, touchpoint);
  }

  /**
   * Lets go of what only reading needed (the packed batch's buffers, each lead's number, the ids),
   * once the last batch is written and ids are no longer asked for: the commit that follows
   * holds the leads in the browser while this would still hold tens of MB.
   */
  releaseReading(): void {
    this.touchpointCount = this.ids.size;
    this.batch = new PackedRows();
    this.ids = new IdSet();
    this.replacedLater.clear();
  }

  private touchpointCount: number | undefined;

  /** The batch the browser is still storing: parsing goes on meanwhile. */
  private writing: Promise<void> | undefined;

  /**
   * Hands the batch to the browser when it is full (or `final`), unless the import can no
   * longer be written. At most one batch is being stored while the next one is parsed; `final`
   * waits for both.
   */
  async flush(final = false): Promise<void> {
    if (!final && this.batch.count < this.batchSize) return;
    const previous = this.writing;
    if (this.writable() && this.batch.live > 0) {
      // Copies the batch before it returns: the buffer is the next batch's.
      const writing = this.staging.putPacked(this.batch).catch((error: unknown) => {
        throw new WriteError(error);
      });
      // Observed here so that a failure waits for the next flush without being "unhandled".
      writing.catch(() => {});
      this.writing = writing;
    }
    this.batch.clear();
    this.batchStart = this.rowNumber;
    await previous;
    if (final) await this.writing;
  }
}
