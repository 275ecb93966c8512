/**
 * Page object for the options page (options.html): every selector the e2e suite uses on it
 * lives here. Controls are found by their role and visible label, as a user finds them, so
 * that a test breaks when what the user sees changes, not when markup is reshuffled.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The sources as the Sources section names them (card headings, "Use …" switches). */
export type SourceName = 'Local workspace' | 'HubSpot' | 'Marketo' | 'Mailchimp' | 'REST endpoint';

/** Field label → value, typed into a source's card. */
export type SourceFields = Record<string, string>;

/** A file handed to a file input without touching the disk. */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Ids the Data section gives its import controls (components/pages/DataSection.tsx). */
const IMPORT_FILE = '#import-file';
const IMPORT_PRESET = '#import-preset';

const SETTLE_MS = 15_000;

export class OptionsPage {
  constructor(readonly page: Page) {}

  /** Open options.html at a section (`sources`, `data`…) and wait for the settings to load. */
  static async open(
    openExtensionPage: (file: string) => Promise<Page>,
    section = 'sources',
  ): Promise<OptionsPage> {
    const options = new OptionsPage(await openExtensionPage(`options.html#${section}`));
    await options.sectionHeading('Sources').waitFor();
    return options;
  }

  sectionHeading(title: string): Locator {
    return this.page.getByRole('heading', { level: 2, name: title, exact: true });
  }

  // ── Sources ────────────────────────────────────────────────────────────────────────────

  /** A source's card: a region named by its heading. */
  sourceCard(name: SourceName): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  useSwitch(name: SourceName): Locator {
    return this.sourceCard(name).getByRole('switch', { name: `Use ${name}`, exact: true });
  }

  field(name: SourceName, label: string): Locator {
    return this.sourceCard(name).getByLabel(label, { exact: true });
  }

  /** The line under a source's switch: access granted or refused. */
  toggleStatus(name: SourceName): Locator {
    return this.sourceCard(name).getByRole('status').first();
  }

  testConnectionButton(name: SourceName): Locator {
    return this.sourceCard(name).getByRole('button', { name: `Test connection to ${name}`, exact: true });
  }

  /** The line under "Test connection": the connector's own verdict. */
  testStatus(name: SourceName): Locator {
    return this.sourceCard(name).getByRole('status').last();
  }

  get saveBar(): Locator {
    return this.page.getByRole('complementary', { name: 'Save changes' });
  }

  get saveButton(): Locator {
    return this.saveBar.getByRole('button', { name: 'Save changes', exact: true });
  }

  get saveStatus(): Locator {
    return this.saveBar.getByRole('status');
  }

  /**
   * Set a source up as a user does: type its credentials, switch it on (which asks for its API
   * host: the test grants site access for it first, see fixtures.ts `grantSiteAccess`, so the
   * request is granted without a prompt), save.
   */
  async configureSource(name: SourceName, fields: SourceFields): Promise<void> {
    for (const [label, value] of Object.entries(fields)) await this.field(name, label).fill(value);
    const toggle = this.useSwitch(name);
    if (!(await toggle.isChecked())) {
      // The switch is controlled: it flips once the permission answer is in, not on the click.
      await toggle.click();
      await expect(toggle).toBeChecked({ timeout: SETTLE_MS });
    }
    await this.save();
  }

  async save(): Promise<void> {
    await this.saveButton.click();
    await this.saveStatus.filter({ hasText: /\bSaved\./ }).waitFor({ timeout: SETTLE_MS });
  }

  /** Click "Test connection" and return the verdict once it is in. */
  async testConnection(name: SourceName): Promise<string> {
    await this.testConnectionButton(name).click();
    const status = this.testStatus(name);
    await status
      .filter({ hasNotText: /Testing/ })
      .filter({ hasText: /\S/ })
      .waitFor({ timeout: SETTLE_MS });
    return (await status.textContent()) ?? '';
  }

  // ── Data ───────────────────────────────────────────────────────────────────────────────

  /** The Data section's import panel (a group headed "Import leads and activity"). */
  get importPanel(): Locator {
    return this.page
      .locator('.group')
      .filter({ has: this.page.getByRole('heading', { name: 'Import leads and activity', exact: true }) });
  }

  get importFileInput(): Locator {
    return this.page.locator(IMPORT_FILE);
  }

  get formatSelect(): Locator {
    return this.page.locator(IMPORT_PRESET);
  }

  /** "Recognised as Loopline CSV." once the file's columns are read. */
  get formatHint(): Locator {
    return this.page.locator(`${IMPORT_PRESET}-hint`);
  }

  get onlyGoodRowsCheckbox(): Locator {
    return this.importPanel.getByLabel('Import the good rows only, if some rows have problems');
  }

  get importButton(): Locator {
    return this.importPanel.getByRole('button', { name: 'Import', exact: true });
  }

  /** The import's verdict: imported counts, or why nothing was imported. */
  get importStatus(): Locator {
    return this.importPanel.getByRole('status');
  }

  /** "Line 4: occurred_at: not a date …", one item per bad row. */
  get importErrors(): Locator {
    return this.importPanel.getByRole('list', { name: 'Rows with problems' }).getByRole('listitem');
  }

  /** "N leads and M activities in the local workspace…" */
  get workspaceStats(): Locator {
    return this.page.getByText(/ leads and .* activities in the local workspace/);
  }

  /** Choose a file and wait until its format is recognised (or the page says it is not). */
  async chooseImportFile(file: UploadFile | string): Promise<void> {
    await this.importFileInput.setInputFiles(file);
    await this.formatHint.filter({ hasText: /^Recognised as / }).waitFor({ timeout: SETTLE_MS });
  }

  /** Run the import and wait for its verdict (large files: pass a longer timeout). */
  async runImport(timeout = 60_000): Promise<string> {
    await this.importButton.click();
    const verdict = this.importStatus.filter({ hasText: /Imported |Nothing was imported|failed|cancelled/ });
    await verdict.waitFor({ timeout });
    return (await verdict.textContent()) ?? '';
  }

  /** Shown while the sample workspace is loaded; "Load the sample workspace" otherwise. */
  get removeSampleButton(): Locator {
    return this.page.getByRole('button', { name: 'Remove the sample workspace', exact: true });
  }

  get loadSampleButton(): Locator {
    return this.page.getByRole('button', { name: 'Load the sample workspace', exact: true });
  }
}
