/**
 * The sidebar frame's one rule: it reads and acts only for the people its own tab's content
 * script reported, by address, or by a name the user linked to an address (./names.ts).
 * Loopline's own pages (options, popup, report) are not limited.
 */
import { MessageError, type Sender } from '../messaging/router';
import type { DB } from '../store/db';
import { getOutcome } from '../store/outcomes';
import type { NameHandlers } from './names';
import type { PagePeople } from './page-people';

export function createPageGuard(deps: {
  db: () => Promise<DB>;
  pagePeople: PagePeople;
  names: NameHandlers;
}) {
  /** Refuses a sidebar frame acting for someone its tab's page does not show. */
  async function mustBeOnPage(sender: Sender, email: string): Promise<void> {
    if (sender.kind !== 'sidebar') return;
    const tabId = sender.tabId;
    if (
      tabId !== undefined &&
      ((await deps.pagePeople.has(tabId, email)) || (await deps.names.linkedOnPage(tabId, email)))
    )
      return;
    throw new MessageError(
      'forbidden',
      `${email} is not among the people on this page; Loopline's sidebar acts only for them.`,
    );
  }

  /** The same check for an outcome named by its id: its lead must be on the sender's page. */
  async function mustOwnOutcome(sender: Sender, id: string): Promise<void> {
    if (sender.kind !== 'sidebar') return;
    const outcome = await getOutcome(await deps.db(), id);
    if (!outcome) throw new MessageError('not_found', 'That outcome is not in Loopline any more.');
    await mustBeOnPage(sender, outcome.leadEmail);
  }

  return { mustBeOnPage, mustOwnOutcome };
}
