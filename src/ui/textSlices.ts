/** Text to bytes and back a slice per task, so that megabytes of it never take one task of the page. */
import { nextTask } from "./nextTask.ts";
import { decodeSlices } from "../io/blobText.ts";

/** Characters made into bytes per task: a 4,000-product scenario (megabytes) made into one Blob at once took 45 ms of the page. */
const BLOB_SLICE_CHARS = 1 << 18;

/**
 * A UTF-8 Blob of the text `parts` make one after the other, encoded a slice per task (parts longer
 * than a slice are cut, never inside a UTF-16 pair): one Blob of the slices' Blobs.
 */
export async function textBlob(parts: readonly string[], type = "text/plain"): Promise<Blob> {
  const blobs: Blob[] = [];
  let batch: string[] = [];
  let chars = 0;
  const close = async () => {
    blobs.push(new Blob(batch));
    batch = [];
    chars = 0;
    await nextTask();
  };
  for (const part of parts) {
    for (let at = 0; at < part.length;) {
      let end = Math.min(part.length, at + BLOB_SLICE_CHARS - chars);
      // A high surrogate ends the slice: it goes with its low half into the next.
      if (end < part.length && end > at && (part.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      batch.push(at === 0 && end === part.length ? part : part.slice(at, end));
      chars += end - at;
      at = end;
      if (chars >= BLOB_SLICE_CHARS - 1) await close();
    }
  }
  if (batch.length > 0 || blobs.length === 0) blobs.push(new Blob(batch));
  return new Blob(blobs, { type: `${type};charset=utf-8` });
}

/**
 * The UTF-8 text of `bytes`, a megabyte per task (decoding a 4,000-product scenario key, megabytes, at
 * once took 40 ms of the page).
 */
export function decodeInSlices(bytes: Uint8Array): Promise<string> {
  return decodeSlices(bytes.length, async (from, to) => {
    if (from > 0) await nextTask();
    return bytes.subarray(from, to);
  });
}
