/**
 * Sharing: the campaign table as a CSV file, and the report as Markdown on the clipboard for
 * the meeting notes. The outcome is said in a status line (read out by screen readers); when
 * the browser refuses the clipboard, the Markdown is shown in a box to copy by hand.
 */
import { useState } from 'preact/hooks';

/** Excel reads a CSV without a byte-order mark as the system code page and garbles accents. */
export const CSV_BOM = '\uFEFF';

type Status = { kind: 'ok' | 'error'; text: string } | null;

export function ShareBar({
  fileName,
  csv,
  markdown,
  download,
  copyText,
}: {
  fileName: string;
  csv: () => string;
  markdown: () => string;
  download: (fileName: string, mimeType: string, contents: string) => void;
  copyText: (text: string) => Promise<void>;
}) {
  const [status, setStatus] = useState<Status>(null);
  const [manual, setManual] = useState<string | null>(null);

  function saveCsv() {
    try {
      download(fileName, 'text/csv', CSV_BOM + csv());
      setManual(null);
      setStatus({ kind: 'ok', text: `Downloaded ${fileName}.` });
    } catch (error) {
      setStatus({
        kind: 'error',
        text: `Could not save the file: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  async function copy() {
    const text = markdown();
    try {
      await copyText(text);
      setManual(null);
      setStatus({ kind: 'ok', text: 'Copied the report as Markdown. Paste it into your meeting notes.' });
    } catch {
      setManual(text);
      setStatus({
        kind: 'error',
        text: 'The browser did not allow copying. Select the Markdown below and copy it yourself.',
      });
    }
  }

  return (
    <div class="share">
      <div class="row">
        <button type="button" class="btn" onClick={saveCsv}>
          Download CSV
        </button>
        <button type="button" class="btn" onClick={() => void copy()}>
          Copy as Markdown
        </button>
      </div>
      <p class={`status ${status ? `status--${status.kind}` : ''}`} role="status">
        {status ? (
          <>
            <span aria-hidden="true">{status.kind === 'ok' ? '✓ ' : '⚠ '}</span>
            {status.text}
          </>
        ) : null}
      </p>
      {manual !== null ? (
        <div class="field field--wide">
          <label for="report-markdown">The report as Markdown</label>
          <textarea
            id="report-markdown"
            readOnly
            rows={10}
            value={manual}
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      ) : null}
    </div>
  );
}
