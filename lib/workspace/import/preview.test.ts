/** previewImport: the start of a file, before importing it. */
import { describe, expect, it } from 'vitest';
import { syntheticCsv } from '../synthetic';
import { previewImport } from '.';
import { fixture, fixtureText } from './test-helpers';

describe('previewImport', () => {
  it.each([
    ['hubspot-contacts.csv', 'hubspot-contacts', 12],
    ['hubspot-email-activity.csv', 'hubspot-email', 20],
    ['mailchimp-activity.csv', 'mailchimp-email', 15],
    ['marketo-activity-log.csv', 'marketo-activity', 19],
    ['loopline.csv', 'loopline-csv', 17],
    ['bad-rows.csv', 'loopline-csv', 14],
  ] as const)(
    '%s: headers, five sample rows, the preset, the exact row count',
    async (file, preset, rows) => {
      const preview = await previewImport(fixture(file));
      const firstLine = fixtureText(file).split('\n')[0]!;
      expect(preview.format).toBe('csv');
      expect(preview.headers.join(',')).toBe(firstLine.replace(/"/g, ''));
      expect(preview.sampleRows).toHaveLength(5);
      expect(preview.preset).toBe(preset);
      expect(preview.rowCountEstimate).toBe(rows);
      expect(preview.problem).toBeUndefined();
    },
  );

  it('shows the sample values under their headers', async () => {
    const preview = await previewImport(fixture('hubspot-contacts.csv'));
    expect(preview.sampleRows[1]).toMatchObject({
      Email: 'james.oconnor@brightside.io',
      'Company Name': 'Brightside, Inc.',
    });
  });

  it('previews the Loopline JSON format', async () => {
    const preview = await previewImport(fixture('loopline-workspace.json'));
    expect(preview).toMatchObject({ format: 'json', preset: 'loopline-json', rowCountEstimate: 13 });
    expect(preview.sampleRows).toHaveLength(5);
    expect(preview.sampleRows[0]).toMatchObject({
      record: 'lead',
      email: 'dana.whitfield@harbor-freight.example',
    });
    expect(preview.headers).toContain('email');
  });

  it('estimates the row count of a large file from its start', async () => {
    const text = syntheticCsv(20_000, 3);
    const preview = await previewImport(new Blob([text]));
    expect(preview.preset).toBe('loopline-csv');
    expect(preview.rowCountEstimate).toBeGreaterThan(17_000);
    expect(preview.rowCountEstimate).toBeLessThan(23_000);
  });

  it.each([
    ['', 'the file is empty'],
    ['name,phone\nAna,123\n', 'the columns do not match any preset'],
    ['{"format":"other"}', 'not a Loopline workspace file'],
  ])('says what is wrong with %j', async (text, problem) => {
    expect((await previewImport(new Blob([text]))).problem).toBe(problem);
  });
});
