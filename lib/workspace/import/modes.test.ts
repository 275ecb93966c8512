/** Identity and modes: importing twice changes nothing; replace and merge. */
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../model';
import { workspaceHistory } from '../../store/workspace';
import { fillLead, importWorkspace } from '.';
import { fixture, fixtureText, freshDb, lead, options, snapshot } from './test-helpers';

describe('importWorkspace: identity and modes', () => {
  it.each([
    ['hubspot-contacts.csv', 'hubspot-contacts'],
    ['hubspot-email-activity.csv', 'hubspot-email'],
    ['mailchimp-activity.csv', 'mailchimp-email'],
    ['marketo-activity-log.csv', 'marketo-activity'],
    ['loopline.csv', 'loopline-csv'],
    ['loopline-workspace.json', 'loopline-json'],
  ] as const)('re-importing %s in merge mode adds nothing', async (file, preset) => {
    const db = await freshDb();
    await importWorkspace(db, fixture(file), options(preset, { mode: 'merge' }));
    const once = await snapshot(db);
    const again = await importWorkspace(db, fixture(file), options(preset, { mode: 'merge' }));
    expect(again.ok).toBe(true);
    expect(await snapshot(db)).toEqual(once);
  });

  it('replace mode drops what the previous import had; merge mode keeps it', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    await importWorkspace(
      db,
      fixture('mailchimp-activity.csv'),
      options('mailchimp-email', { mode: 'merge' }),
    );
    // Tom is in both: his HubSpot fields stay, Mailchimp's touchpoints join his stage touchpoints.
    expect(await lead(db, 'tom.becker@granite-co.de')).toMatchObject({
      name: 'Tom Becker',
      company: 'Granite & Co',
      refs: [{ source: 'hubspot', id: '51234006' }],
    });
    expect((await workspaceHistory(db, 'tom.becker@granite-co.de')).map((t) => t.kind).sort()).toEqual([
      'email_click',
      'email_open',
      'email_sent',
      'form_submit',
    ]);
    expect((await snapshot(db)).leads).toHaveLength(12);

    await importWorkspace(
      db,
      fixture('mailchimp-activity.csv'),
      options('mailchimp-email', { mode: 'replace' }),
    );
    expect(await lead(db, 'tom.becker@granite-co.de')).toEqual({
      email: 'tom.becker@granite-co.de',
      name: 'Tom Becker',
      refs: [],
    });
    expect((await snapshot(db)).leads).toHaveLength(5);
  });

  it("merge mode: the file's values win over stored ones, which fill its gaps", async () => {
    const db = await freshDb();
    const file = (score: string, owner: string) =>
      new Blob([`email,name,score,owner\nx@y.example,${owner ? 'X Y' : ''},${score},${owner}\n`]);
    await importWorkspace(db, file('10', 'Sam'), options('loopline-csv'));
    await importWorkspace(db, file('55', ''), options('loopline-csv', { mode: 'merge' }));
    expect(await lead(db, 'x@y.example')).toEqual({
      email: 'x@y.example',
      name: 'X Y',
      score: 55,
      owner: 'Sam',
      refs: [],
    });
  });

  it('fillLead takes only missing fields and unions platform refs', () => {
    const a: Lead = {
      email: 'a@x.example',
      name: 'A',
      refs: [{ source: 'hubspot', id: '1', url: undefined }],
    };
    const b: Lead = {
      email: 'a@x.example',
      name: 'Other',
      company: 'Co',
      refs: [
        { source: 'hubspot', id: '1', url: undefined },
        { source: 'marketo', id: '9', url: undefined },
      ],
    };
    expect(fillLead(a, b)).toEqual({ email: 'a@x.example', name: 'A', company: 'Co', refs: b.refs });
  });

  it('fillLead gives back the known lead itself when the other adds nothing', () => {
    const known: Lead = {
      email: 'a@x.example',
      name: 'A',
      refs: [{ source: 'marketo', id: '9', url: undefined }],
    };
    const again: Lead = {
      email: 'a@x.example',
      name: 'B',
      refs: [{ source: 'marketo', id: '9', url: undefined }],
    };
    expect(fillLead(known, again)).toBe(known);
    const more = fillLead(known, { ...again, refs: [{ source: 'hubspot', id: '1', url: undefined }] });
    expect(more.refs).toEqual([...known.refs, { source: 'hubspot', id: '1', url: undefined }]);
    expect(known.refs).toHaveLength(1);
  });

  it('gives the same result however the file is cut into chunks (multi-byte characters, CRLF, quotes)', async () => {
    for (const [file, preset] of [
      ['loopline.csv', 'loopline-csv'],
      ['bad-rows.csv', 'loopline-csv'],
      ['hubspot-email-activity.csv', 'hubspot-email'],
      ['loopline-workspace.json', 'loopline-json'],
    ] as const) {
      const reference = await freshDb();
      const expected = await importWorkspace(
        reference,
        fixture(file),
        options(preset, { allowPartial: true }),
      );
      const expectedData = await snapshot(reference);
      const crlf = file.endsWith('.csv')
        ? new Blob([fixtureText(file).replace(/\n/g, '\r\n')])
        : fixture(file);
      for (const chunkBytes of [1, 3, 7, 64]) {
        const db = await freshDb();
        const result = await importWorkspace(
          db,
          chunkBytes === 7 ? crlf : fixture(file),
          options(preset, { allowPartial: true, chunkBytes }),
        );
        expect(result).toEqual(expected);
        expect(await snapshot(db)).toEqual(expectedData);
      }
    }
    // Sixteen imports, some a byte at a time: seconds on a busy machine.
  }, 30_000);
});
