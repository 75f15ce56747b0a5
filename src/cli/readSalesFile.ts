/**
 * Reads a sales history file (CSV or gzipped CSV, daily totals or order lines) from disk as a
 * stream: Node's zlib decompresses, src/io/history.ts reads the text as it comes. Given fit
 * workers, a file of PARALLEL_READ_BYTES or more is read in parts on them (src/runner/readWork.ts),
 * with the same result.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { readHistoryStream, type ParsedHistory, type StreamOptions } from "../io/history.ts";
import type { FitWorkerHandle } from "../runner/fitWork.ts";
import { readHistoryOnWorkers } from "../runner/readWork.ts";
import { cannotRead } from "./errors.ts";

/** From this size on disk (compressed, for a gzip file) a file is read on the workers it is given. */
export const PARALLEL_READ_BYTES = 1 << 20;

export const nodeGunzip = (bytes: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> => Readable.from(bytes).pipe(createGunzip({ chunkSize: 256 * 1024 }));

export async function readSalesFile(
  file: string,
  opts: Omit<StreamOptions, "gunzip" | "totalBytes"> = {},
  workers: readonly FitWorkerHandle[] = [],
): Promise<ParsedHistory> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = st.size;
  } catch (err) {
    throw cannotRead(file, err);
  }
  const open = () => createReadStream(file, { highWaterMark: 1 << 20 });
  if (workers.length > 0 && size >= PARALLEL_READ_BYTES && !opts.signal && !opts.onProgress && !opts.yieldBetween)
    return readHistoryOnWorkers(open, workers, { gunzip: nodeGunzip });
  return readHistoryStream(createReadStream(file, { highWaterMark: 1 << 20 }), { ...opts, gunzip: nodeGunzip, totalBytes: size });
}
