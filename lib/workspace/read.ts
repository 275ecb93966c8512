/**
 * Reads a Blob (a File from an <input type=file>) as text, chunk by chunk, so that a file of
 * hundreds of megabytes is never held as one string and the page stays responsive between
 * chunks. `Blob.slice` + `arrayBuffer` rather than `Blob.stream()`: it behaves the same in every
 * browser and in the test environment, and lets the caller choose the chunk size.
 */

export const DEFAULT_CHUNK_BYTES = 128 * 1024;

export interface TextChunk {
  text: string;
  /** Bytes of the file read so far, including this chunk. */
  bytesRead: number;
  final: boolean;
}

/**
 * The file's encoding from its first bytes: a byte-order mark when there is one (Excel's
 * "Unicode text" is UTF-16LE), else UTF-8 if the start is valid UTF-8, else Windows-1252, which
 * is what spreadsheets on Windows save "CSV" as and what turns "Müller" into "M�ller" when read
 * as UTF-8.
 */
export function sniffEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream: true, so a character cut in two at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Bytes asked of the browser at once. Each read (Blob.slice, then arrayBuffer) is a round trip
 * to the browser process, which a busy browser answers slowly: a few large reads, each handed on
 * as chunks, cost less than one read per chunk. Chunks stay small so the caller's work per chunk
 * (and what it holds at once) does too. Two reads are held at once (one read ahead): 1 MB each
 * was as fast as 4 MB in a million-row import, with less memory.
 */
const READ_BYTES = 1024 * 1024;

export async function* readText(file: Blob, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<TextChunk> {
  const size = file.size;
  if (size === 0) {
    yield { text: '', bytesRead: 0, final: true };
    return;
  }
  // Whole chunks per read, so that chunks are cut where they would be with a read per chunk.
  const readBytes = Math.max(1, Math.floor(READ_BYTES / chunkBytes)) * chunkBytes;
  let decoder: TextDecoder | undefined;
  const read = (offset: number) => {
    const reading = file.slice(offset, Math.min(size, offset + readBytes)).arrayBuffer();
    // Observed at once: a read the caller no longer waits for (it stopped early) fails quietly.
    reading.catch(() => {});
    return reading;
  };
  // The next read is asked for before this one is handed on: the browser reads it while the
  // caller parses, rather than the caller waiting for each read in turn.
  let next: Promise<ArrayBuffer> | undefined = read(0);
  for (let offset = 0; offset < size; offset += readBytes) {
    const end = Math.min(size, offset + readBytes);
    const bytes = new Uint8Array(await next!);
    next = end < size ? read(end) : undefined;
    // Decoding stays non-fatal after the sniff: one bad byte deep in a file becomes U+FFFD in
    // one cell rather than failing the whole import.
    decoder ??= new TextDecoder(sniffEncoding(bytes.subarray(0, 64 * 1024)));
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      const to = Math.min(bytes.length, at + chunkBytes);
      const final = end >= size && to >= bytes.length;
      // A character cut by the chunk's end is finished by the next chunk (stream: true).
      const text = decoder.decode(bytes.subarray(at, to), { stream: !final });
      yield { text, bytesRead: offset + to, final };
    }
  }
}

/** The first `bytes` of the file as text, for guessing its dialect (a cut last character is harmless). */
export async function readSample(file: Blob, bytes: number): Promise<string> {
  const head = new Uint8Array(await file.slice(0, bytes).arrayBuffer());
  return new TextDecoder(sniffEncoding(head)).decode(head);
}

/** Bytes no text file has: C0 controls other than tab, line feed, form feed and carriage return. */
function isControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d;
}

/**
 * Why the file is not text at all, judged from its first bytes (a KB is plenty), or null when it
 * may be. A NUL byte outside UTF-16, or bytes that are neither UTF-8 nor Windows-1252 text, mean
 * an image, a workbook, an archive: reading it as CSV would only report nonsense columns.
 */
export function binaryReason(head: Uint8Array): string | null {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return null;
  const kind =
    head[0] === 0x50 && head[1] === 0x4b
      ? ' (it looks like a zip archive, as an Excel workbook is: save it as CSV first)'
      : head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47
        ? ' (it is a PNG image)'
        : head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46
          ? ' (it is a PDF)'
          : '';
  const text = 'this is not a text file';
  const hint = kind || ': it holds binary data (NUL or control bytes); choose a CSV or JSON export';
  if (head.includes(0)) return text + hint;
  let utf8 = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    utf8 = false;
  }
  // Valid UTF-8 with stray control bytes is still text; Windows-1252 text has none.
  if (!utf8 && head.some(isControl)) return text + hint;
  return null;
}

/** The first KB of the file, for `binaryReason`. */
export async function readHead(file: Blob, bytes = 1024): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, bytes).arrayBuffer());
}
