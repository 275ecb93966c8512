/** The start of a file, before importing it: what it looks like, which preset fits, about how many rows. */
import { createCsvStream, detectDialect, type CsvRecord } from '../csv-stream';
import { createJsonScanner } from '../json-scan';
import { detectPreset } from '../presets';
import { binaryReason, readHead, readText } from '../read';
import { isBlank } from './csv';
import { isSection, type Section } from './json';
import { PREVIEW_BYTES, SAMPLE_ROWS, WORKSPACE_FORMAT, type ImportPreview } from './types';

function flatten(record: unknown, kind: string): Record<string, string> {
  const out: Record<string, string> = { record: kind };
  if (record === null || typeof record !== 'object') return out;
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') {
      const name = (value as { name?: unknown }).name;
      out[key] = typeof name === 'string' ? name : JSON.stringify(value);
    } else {
      out[key] = String(value);
    }
  }
  return out;
}

const SECTION_KIND: Record<Section, string> = {
  leads: 'lead',
  touchpoints: 'touchpoint',
  campaigns: 'campaign',
};

/** The start of the file: what it looks like, which preset fits, about how many rows. */
export async function previewImport(file: Blob): Promise<ImportPreview> {
  const binary = binaryReason(await readHead(file));
  if (binary)
    return { format: 'csv', headers: [], sampleRows: [], preset: null, rowCountEstimate: 0, problem: binary };
  const reader = readText(file, PREVIEW_BYTES);
  const first = (await reader.next()).value ?? { text: '', bytesRead: 0, final: true };
  await reader.return(undefined);
  const { text, bytesRead, final } = first;
  const scale = (count: number, usedChars: number) =>
    final
      ? count
      : usedChars > 0
        ? Math.round((count * file.size) / (bytesRead * (usedChars / text.length)))
        : 0;
  if (!text.trim())
    return {
      format: 'csv',
      headers: [],
      sampleRows: [],
      preset: null,
      rowCountEstimate: 0,
      problem: 'the file is empty',
    };

  if (text.trimStart().startsWith('{')) {
    const rows: Record<string, string>[] = [];
    let format: unknown;
    let elements = 0;
    let problem: string | undefined;
    const scanner = createJsonScanner({
      member(key, value) {
        if (key === 'format') {
          try {
            format = JSON.parse(value);
          } catch {
            format = undefined;
          }
        }
      },
      element(key, _index, value) {
        if (!isSection(key)) return;
        elements++;
        if (rows.length >= SAMPLE_ROWS) return;
        try {
          rows.push(flatten(JSON.parse(value), SECTION_KIND[key]));
        } catch {
          rows.push({ record: SECTION_KIND[key] });
        }
      },
    });
    try {
      scanner.push(text);
      if (final) scanner.end();
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const headers = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return {
      format: 'json',
      headers,
      sampleRows: rows,
      preset: format === WORKSPACE_FORMAT ? 'loopline-json' : null,
      rowCountEstimate: scale(elements, text.length),
      ...(problem
        ? { problem }
        : format === WORKSPACE_FORMAT
          ? {}
          : { problem: 'not a Loopline workspace file' }),
    };
  }

  const stream = createCsvStream(detectDialect(text));
  let records: CsvRecord[] = [];
  let problem: string | undefined;
  try {
    records = stream.push(text, final).filter((record) => !isBlank(record));
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const headers = (records[0]?.fields ?? []).map((h) => h.trim());
  const data = records.slice(1);
  const sampleRows = data.slice(0, SAMPLE_ROWS).map((record) => {
    const row: Record<string, string> = {};
    headers.forEach((header, i) => {
      if (!(header in row)) row[header] = record.fields[i] ?? '';
    });
    return row;
  });
  const preset = detectPreset(headers);
  return {
    format: 'csv',
    headers,
    sampleRows,
    preset,
    rowCountEstimate: scale(data.length, stream.consumed),
    ...(problem ? { problem } : preset ? {} : { problem: 'the columns do not match any preset' }),
  };
}
