/**
 * Reading a large sales file on the fit workers (src/runner/fitWork.ts) before they fit it. This
 * thread decompresses the bytes and reads the first ones (`headBytes`, at least the text the
 * delimiter is guessed from): the header, the kind of file, the delimiter and the line break. The
 * rest is cut into parts of whole lines (at a line break, which in UTF-8 never falls inside a
 * character), and each part is decoded, split into fields and read into rows by a worker, with
 * its own numbering of dates, skus, orders and customers; this thread takes the parts in, in file
 * order, renumbering them and moving their lines, as if it had read their text itself
 * (`HistoryReader.absorb`). The result is the same `ParsedHistory` as reading in one thread.
 *
 * A part is read on its own only when every record in it is a line of its own: a quoted field
 * over line breaks, a quote never closed, a bare line feed in a CRLF file or an order line whose
 * date may come from the part before makes the part irregular, and the whole file is then read
 * again in one thread (`readHistoryStream`), as it is when it is small, damaged or cannot be cut.
 */
import { HistoryReader, isGzip, peekFirst, readHistoryStream, type HistoryPart, type ParsedHistory, type StreamOptions } from "../io/history.ts";
import { WorkerFailedError } from "./errors.ts";
import type { FitWorkerHandle } from "./fitWork.ts";

/** Bytes read in this thread before the rest goes to the workers: well above the 64 Ki characters the delimiter is guessed from. */
const HEAD_BYTES = 512 * 1024;
/** Bytes per part sent to a worker. */
const PART_BYTES = 1024 * 1024;
/** Parts given to one worker at a time: one being read, one waiting, the rest kept here for whichever worker is free first. */
const PARTS_PER_WORKER = 2;
/** Parts kept here, per worker, before the reading of the file waits for a worker: memory stays bounded when the workers are slower than the decompression. */
const QUEUED_PER_WORKER = 4;

export interface PartsOptions {
  /** Decompresses gzip bytes (Node: zlib). Without it a gzip file is read in one thread. */
  gunzip?: StreamOptions["gunzip"];
  headBytes?: number;
  partBytes?: number;
}

/** A fit worker that reads parts. */
export type PartReader = FitWorkerHandle & { api: Required<FitWorkerHandle["api"]> };

/**
 * The sales file that `open` streams (gzip or plain), read on `workers` when it is large enough
 * and can be cut into parts, else in this thread; the same result either way. A worker that fails
 * rejects with its WorkerFailedError.
 */
export async function readHistoryOnWorkers(
  open: () => AsyncIterable<Uint8Array>,
  workers: readonly FitWorkerHandle[],
  opts: PartsOptions = {},
): Promise<ParsedHistory> {
  const oneThread = () => readHistoryStream(open(), { gunzip: opts.gunzip });
  const readers = workers.filter((w): w is PartReader => w.api.readPart !== undefined);
  if (readers.length === 0) return oneThread();
  let parsed: ParsedHistory | null;
  try {
    parsed = await readInParts(open(), readers, opts);
  } catch (e) {
    // Damaged data: the one-thread read says where, in its own words.
    if (e instanceof WorkerFailedError) throw e;
    parsed = null;
  }
  return parsed ?? oneThread();
}

/** The pieces joined into one new array (its own buffer, to be handed over). */
function joined(pieces: Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The index after the last line break of `b` (a CRLF pair when `crlf`), or -1. */
function afterLastBreak(b: Uint8Array, crlf: boolean): number {
  for (let i = b.lastIndexOf(0x0a); i >= 0; i = i > 0 ? b.lastIndexOf(0x0a, i - 1) : -1) if (!crlf || (i > 0 && b[i - 1] === 0x0d)) return i + 1;
  return -1;
}

/**
 * The file read in parts on `workers` (each with `readPart`), or null when it cannot be: it is
 * smaller than the head, the head ends inside a record, has no header or no line break, or a part
 * is irregular. Throws what the decompression or a worker throws.
 */
export async function readInParts(bytes: AsyncIterable<Uint8Array>, workers: readonly PartReader[], opts: PartsOptions = {}): Promise<ParsedHistory | null> {
  const headBytes = opts.headBytes ?? HEAD_BYTES;
  const partBytes = opts.partBytes ?? PART_BYTES;
  const { head, all } = await peekFirst(bytes);
  if (!head) return null;
  if (isGzip(head) && !opts.gunzip) return null;
  const input = isGzip(head) ? opts.gunzip!(all) : all;

  const reader = new HistoryReader();
  let setup: ReturnType<HistoryReader["partSetup"]> = null;
  let crlf = false;
  let acc: Uint8Array[] = [];
  let accBytes = 0;

  // Parts sent, read, and taken in (in file order).
  const queue: { k: number; bytes: Uint8Array }[] = [];
  const read = new Map<number, HistoryPart>();
  const load = new Array<number>(workers.length).fill(0);
  let sent = 0;
  let taken = 0;
  let line = 0;
  let irregular = false;
  let failure: unknown = null;
  let settle: (() => void) | null = null;
  const takeIn = () => {
    for (let p = read.get(taken); p !== undefined; p = read.get(taken)) {
      read.delete(taken++);
      if (p.irregular) irregular = true;
      if (!irregular) line = reader.absorb(p, line);
    }
  };
  const pump = () => {
    for (let w = 0; w < workers.length && queue.length > 0; w++) {
      while (load[w] < PARTS_PER_WORKER && queue.length > 0 && failure === null) {
        const { k, bytes: b } = queue.shift()!;
        load[w]++;
        Promise.resolve(workers[w].api.readPart(b, setup!)).then(
          (p) => {
            load[w]--;
            read.set(k, p);
            if (failure === null) {
              takeIn();
              pump();
            }
            settle?.();
          },
          (e) => {
            load[w]--;
            failure ??= e;
            settle?.();
          },
        );
      }
    }
  };
  const send = (b: Uint8Array) => {
    queue.push({ k: sent++, bytes: b });
    pump();
  };

  for await (const chunk of input) {
    while (queue.length >= QUEUED_PER_WORKER * workers.length && failure === null && !irregular) await new Promise<void>((resolve) => (settle = resolve));
    if (failure !== null || irregular) break;
    if (chunk.byteLength === 0) continue;
    acc.push(chunk);
    accBytes += chunk.byteLength;
    if (setup === null) {
      if (accBytes < headBytes) continue;
      const buf = joined(acc, accBytes);
      const nl = buf.indexOf(0x0a);
      crlf = nl > 0 && buf[nl - 1] === 0x0d;
      const cut = afterLastBreak(buf, crlf);
      if (cut < 0) return null;
      reader.push(new TextDecoder("utf-8").decode(buf.subarray(0, cut)));
      setup = reader.partSetup();
      if (setup === null || (setup.newline === "\r\n") !== crlf) return null;
      line = setup.line;
      acc = [buf.subarray(cut)];
      accBytes = acc[0].byteLength;
      continue;
    }
    if (accBytes < partBytes) continue;
    // The part ends at the last line break of the latest piece that has one (a CRLF pair split
    // between two pieces is passed over for an earlier break); what follows stays for the next.
    if (acc.length > 8) acc = [joined(acc, accBytes)];
    for (let k = acc.length - 1; k >= 0; k--) {
      const cut = afterLastBreak(acc[k], crlf);
      if (cut < 0) continue;
      const lines = [...acc.slice(0, k), acc[k].subarray(0, cut)];
      const rest = [acc[k].subarray(cut), ...acc.slice(k + 1)].filter((b) => b.byteLength > 0);
      const restBytes = rest.reduce((a, b) => a + b.byteLength, 0);
      send(joined(lines, accBytes - restBytes));
      acc = rest;
      accBytes = restBytes;
      break;
    }
  }
  if (setup === null) return null;
  if (accBytes > 0 && failure === null && !irregular) send(joined(acc, accBytes));
  while (failure === null && !irregular && taken < sent) await new Promise<void>((resolve) => (settle = resolve));
  settle = null;
  if (failure !== null) throw failure;
  if (irregular) return null;
  return reader.finish();
}
