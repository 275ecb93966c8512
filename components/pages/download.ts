/** Save text as a file through the page's own download (no `downloads` permission needed). */
export function downloadText(
  fileName: string,
  mimeType: string,
  contents: string,
  doc: Document = document,
): void {
  const url = URL.createObjectURL(new Blob([contents], { type: `${mimeType};charset=utf-8` }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Firefox may still be reading the blob after click() returns; free it a while later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
