/**
 * Share links: a scenario packed into a URL-safe string (JSON → deflate-raw → base64url) and read
 * back through the parser, so a link can never smuggle in a scenario the editor would refuse.
 * CompressionStream exists in browsers and Node ≥ 20, so the same code runs in the app and the CLI.
 * The `1.` prefix names the packing, so a later packing can be told apart from a damaged link.
 * Deflate has no checksum, so a 32-bit hash of the JSON follows the packed bytes: a link mangled in
 * transit is reported as damaged instead of being read as a slightly different scenario.
 */
import type { Scenario } from "../engine/scenario.ts";
import { formatCount } from "../format/number.ts";
import { parseScenarioText, type ParseResult } from "./parseScenario.ts";

const PREFIX = "1.";
/** A decoded scenario larger than this is refused (a small link must not inflate into gigabytes). */
export const MAX_SHARED_BYTES = 20_000_000;
/**
 * A link longer than this is refused before anything is decoded: it is longer than a browser keeps
 * in an address (Chromium: 2 MB), so it cannot be a link Backorder Lab made and someone opened.
 */
export const MAX_LINK_CHARS = 2_000_000;

export async function encodeShareLink(s: Scenario): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(s));
  const packed = await pump(json, new CompressionStream("deflate-raw"), Infinity);
  const out = new Uint8Array(packed.length + 4);
  out.set(packed);
  new DataView(out.buffer).setUint32(packed.length, fnv1a(json));
  return PREFIX + toBase64Url(out);
}

const damaged = (why: string): ParseResult => ({
  ok: false,
  errors: [{ path: "", message: `this share link is damaged or incomplete (${why}); ask for the link again` }],
});

/**
 * The scenario in a share link (the text after `#s=`, %-escaped or not). Never rejects: whatever
 * the text, the answer is a scenario, the scenario's own errors, or "damaged".
 */
export async function decodeShareLink(str: string): Promise<ParseResult> {
  try {
    return await decode(str);
  } catch {
    return damaged("it cannot be read");
  }
}

async function decode(str: string): Promise<ParseResult> {
  if (str.length > MAX_LINK_CHARS)
    return damaged(`it is ${formatCount(str.length)} characters long, more than the ${formatCount(MAX_LINK_CHARS)} a link can have`);
  let text = str.trim();
  // Mail and chat programs sometimes %-escape what they pass on; a broken escape is damage.
  if (text.includes("%")) {
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      return damaged("it contains a broken %-escape");
    }
  }
  if (!text.startsWith(PREFIX)) {
    if (/^\d+\./.test(text))
      return { ok: false, errors: [{ path: "", message: "this share link was made by a newer Backorder Lab; update Backorder Lab to open it" }] };
    return damaged("it does not start with the expected marker");
  }
  const bytes = fromBase64Url(text.slice(PREFIX.length));
  if (!bytes) return damaged("it contains characters a share link never has");
  if (bytes.length < 5) return damaged("it is too short");
  const expectedHash = new DataView(bytes.buffer).getUint32(bytes.length - 4);
  let json: Uint8Array;
  try {
    json = await pump(bytes.slice(0, bytes.length - 4), new DecompressionStream("deflate-raw"), MAX_SHARED_BYTES);
  } catch (e) {
    if (e instanceof TooLarge) return damaged(`it unpacks to more than ${MAX_SHARED_BYTES / 1e6} MB`);
    return damaged("its data cannot be unpacked");
  }
  if (fnv1a(json) !== expectedHash) return damaged("its check digits do not match");
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(json);
  } catch {
    return damaged("its text is not valid UTF-8");
  }
  return parseScenarioText(decoded, "share link");
}

class TooLarge extends Error {}

/** 32-bit FNV-1a: enough to catch accidental damage, which is all a share link needs. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Runs bytes through a (de)compression stream, refusing output beyond `limit` bytes. */
async function pump(input: Uint8Array<ArrayBuffer>, transform: ReadableWritablePair<Uint8Array, BufferSource>, limit: number): Promise<Uint8Array> {
  const writer = transform.writable.getWriter();
  // Write errors resurface on the reader; catching here keeps them from going unhandled.
  writer.write(input).catch(() => {});
  writer.close().catch(() => {});
  const reader = transform.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
