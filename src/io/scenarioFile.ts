/**
 * Scenario files as they travel: plain JSON, or gzip-compressed JSON (`.json.gz`) for a catalogue
 * too large for a share link. CompressionStream exists in browsers and Node ≥ 20.
 */
import { blobText } from "./blobText.ts";

/**
 * A share link longer than this is not offered: mail and chat programs cut or refuse long links,
 * and browsers slow down on them long before their own limits.
 */
export const MAX_SHARE_LINK_CHARS = 8_000;

/** Gzip of a text. */
export async function gzipText(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** True when the bytes start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The text of a scenario file, unpacked when it is gzip (whatever its name says). A damaged gzip
 * file is an error that says so.
 */
export async function readScenarioFile(file: Blob): Promise<string> {
  if (!isGzip(new Uint8Array(await file.slice(0, 2).arrayBuffer()))) return blobText(file);
  let unzipped: Blob;
  try {
    unzipped = await new Response(file.stream().pipeThrough(new DecompressionStream("gzip"))).blob();
  } catch {
    throw new Error("the file is gzip-compressed but damaged or incomplete; download it again");
  }
  return blobText(unzipped);
}
