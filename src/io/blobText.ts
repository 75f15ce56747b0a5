/** Bytes read and decoded at a time (1 MB). */
export const BLOB_TEXT_SLICE = 1 << 20;

/**
 * The UTF-8 text of `size` bytes read `sliceBytes` at a time by `read(from, to)`, each slice decoded as
 * it comes (a character cut by a slice's end is completed by the next; a leading byte-order mark is
 * dropped, as `Blob.text()` drops it).
 */
export async function decodeSlices(size: number, read: (from: number, to: number) => Promise<Uint8Array>, sliceBytes = BLOB_TEXT_SLICE): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (let i = 0; i < size; i += sliceBytes) {
    const end = Math.min(size, i + sliceBytes);
    text += decoder.decode(await read(i, end), { stream: end < size });
  }
  return text;
}

/**
 * The UTF-8 text of a file or Blob, read and decoded a megabyte per read (as `Blob.text()`, whose
 * one task took 78 ms of the page for a 4,000-product scenario file in Chromium here).
 */
export async function blobText(blob: Blob, sliceBytes = BLOB_TEXT_SLICE): Promise<string> {
  if (blob.size <= sliceBytes) return blob.text();
  return decodeSlices(blob.size, async (from, to) => new Uint8Array(await blob.slice(from, to).arrayBuffer()), sliceBytes);
}
