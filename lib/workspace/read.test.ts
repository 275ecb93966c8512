import { describe, expect, it } from 'vitest';
import { readText, type TextChunk } from './read';

async function chunksOf(blob: Blob, chunkBytes: number): Promise<TextChunk[]> {
  const out: TextChunk[] = [];
  for await (const chunk of readText(blob, chunkBytes)) out.push(chunk);
  return out;
}

describe('readText', () => {
  it('hands on the whole text in chunks of the size asked, characters cut between chunks included', async () => {
    // Several reads' worth (a read is some MB), with two-, three- and four-byte characters.
    const text = Array.from({ length: 400_000 }, (_, i) => `row ${i}: Müller ✓ 😀\n`).join('');
    const blob = new Blob([text]);
    for (const chunkBytes of [1_000_000, 777_777]) {
      const chunks = await chunksOf(blob, chunkBytes);
      expect(chunks.map((c) => c.text).join('')).toBe(text);
      expect(chunks).toHaveLength(Math.ceil(blob.size / chunkBytes));
      expect(chunks.map((c) => c.bytesRead)).toEqual(
        chunks.map((_, i) => Math.min(blob.size, (i + 1) * chunkBytes)),
      );
      expect(chunks.map((c) => c.final)).toEqual(chunks.map((_, i) => i === chunks.length - 1));
    }
  });

  it('reads a small file in tiny chunks, and an empty one as one final empty chunk', async () => {
    const text = 'a,b\nü,😀\n';
    const chunks = await chunksOf(new Blob([text]), 3);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    expect(chunks.at(-1)).toMatchObject({ bytesRead: new Blob([text]).size, final: true });
    expect(await chunksOf(new Blob([]), 3)).toEqual([{ text: '', bytesRead: 0, final: true }]);
  });
});
