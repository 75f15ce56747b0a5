/**
 * Reads a sales history file (CSV or gzipped CSV, daily totals or order lines) from disk as a
 * stream: Node's zlib decompresses, src/io/history.ts reads the text as it comes.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { readHistoryStream, type ParsedHistory, type StreamOptions } from "../io/history.ts";
import { cannotRead } from "./errors.ts";

export const nodeGunzip = (bytes: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> => Readable.from(bytes).pipe(createGunzip({ chunkSize: 256 * 1024 }));

export async function readSalesFile(file: string, opts: Omit<StreamOptions, "gunzip" | "totalBytes"> = {}): Promise<ParsedHistory> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = st.size;
  } catch (err) {
    throw cannotRead(file, err);
  }
  return readHistoryStream(createReadStream(file, { highWaterMark: 1 << 20 }), { ...opts, gunzip: nodeGunzip, totalBytes: size });
}
