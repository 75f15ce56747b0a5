/**
 * CSV text in pieces (a file read or decompressed as a stream) to records with their 1-based file
 * line, in bounded memory: only the unfinished last record of a piece is carried to the next.
 *
 * Records are cut at line breaks outside quotes and each run of whole records is split into fields
 * by papaparse. A quote that is opened and never closed would otherwise swallow the rest of the
 * file as one field: a record still inside quotes after `MAX_QUOTED_LINE_BREAKS` line breaks is
 * reported as a bad row on the line where it starts, and reading carries on with the next line.
 */
import Papa from "papaparse";

export const DELIMITERS = [",", ";", "\t", "|"];

/** Line breaks a quoted field may hold before its quote is taken as never closed. */
export const MAX_QUOTED_LINE_BREAKS = 20;

/** The delimiter of a CSV text, guessed from its first lines. */
export function detectDelimiter(text: string): string {
  const head = text.slice(0, 64 * 1024);
  const cut = head.length < text.length ? head.slice(0, Math.max(head.lastIndexOf("\n"), 1)) : head;
  const guess = Papa.parse<string[]>(cut, { delimitersToGuess: DELIMITERS, preview: 50 });
  const d = guess.meta.delimiter;
  return DELIMITERS.includes(d) ? d : ",";
}

export interface RecordSink {
  /** One record read from file line `line` (its first line, when quoted fields hold line breaks). */
  record(fields: string[], line: number): void;
  /** A record that cannot be split into fields. */
  broken(line: number, message: string): void;
}

/** Characters of text gathered before the delimiter is guessed (or the whole text, if shorter). */
const SNIFF_CHARS = 64 * 1024;
/** Characters gathered before records are split: papaparse has a per-call cost, so small pieces are batched. */
const BATCH_CHARS = 512 * 1024;

export class CsvRecordStream {
  private buf = "";
  /** File line of buf[0]. */
  private line = 1;
  private started = false;
  delimiter = ",";
  /** Characters taken in so far. */
  chars = 0;

  constructor(private readonly sink: RecordSink) {}

  /** Adds the next piece of text. */
  push(text: string): void {
    this.chars += text.length;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars < (this.started ? BATCH_CHARS : SNIFF_CHARS)) return;
    this.take();
    if (!this.started) this.begin();
    this.drain(false);
  }

  private pending: string[] = [];
  private pendingChars = 0;

  private take(): void {
    if (this.pending.length === 0) return;
    const add = this.pending.length === 1 ? this.pending[0] : this.pending.join("");
    this.buf = this.buf.length === 0 ? add : this.buf + add;
    this.pending = [];
    this.pendingChars = 0;
  }

  /** The text has ended: reads what is left. */
  end(): void {
    this.take();
    if (!this.started) this.begin();
    this.drain(true);
  }

  private begin(): void {
    this.started = true;
    if (this.buf.charCodeAt(0) === 0xfeff) this.buf = this.buf.slice(1);
    this.delimiter = detectDelimiter(this.buf);
  }

  /**
   * Parses the whole records at the front of buf; with `final`, everything. A record whose quote is
   * still open after MAX_QUOTED_LINE_BREAKS line breaks (or at the end) is reported and skipped.
   */
  private drain(final: boolean): void {
    const buf = this.buf;
    let segStart = 0;
    let segLine = this.line;
    let recStart = 0;
    let recLine = this.line;
    let curLine = this.line;
    let inQ = false;
    let breaksInQ = 0;
    let i = 0;
    let nextQ = buf.indexOf('"');
    let nextNL = buf.indexOf("\n");
    const skipBroken = (): boolean => {
      // The record opened on recLine never closes its quote: report it, resume on the next line.
      this.flush(buf, segStart, recStart, segLine);
      this.sink.broken(recLine, `a quoted field opened on this line is not closed (the quote would swallow the next lines)`);
      const nl = buf.indexOf("\n", recStart);
      if (nl < 0) return false;
      segStart = recStart = nl + 1;
      segLine = recLine = curLine = recLine + 1;
      inQ = false;
      breaksInQ = 0;
      i = recStart;
      nextQ = buf.indexOf('"', i);
      nextNL = buf.indexOf("\n", i);
      return true;
    };
    for (;;) {
      if (nextNL < 0 && (nextQ < 0 || !inQ)) {
        // No more line breaks: the rest is an unfinished record (or the last one).
        if (!final) break;
        if (inQ || (nextQ >= 0 && countQuotes(buf, nextQ) % 2 === 1)) {
          if (!skipBroken()) {
            segStart = recStart = buf.length;
            break;
          }
          continue;
        }
        recStart = buf.length;
        break;
      }
      if (nextQ >= 0 && (nextNL < 0 || nextQ < nextNL)) {
        inQ = !inQ;
        i = nextQ + 1;
        nextQ = buf.indexOf('"', i);
        continue;
      }
      // A line break.
      i = nextNL + 1;
      curLine++;
      if (!inQ) {
        recStart = i;
        recLine = curLine;
        breaksInQ = 0;
      } else if (++breaksInQ > MAX_QUOTED_LINE_BREAKS) {
        if (!skipBroken()) {
          segStart = recStart = buf.length;
          break;
        }
        continue;
      }
      nextNL = buf.indexOf("\n", i);
    }
    this.flush(buf, segStart, recStart, segLine);
    this.buf = buf.slice(recStart);
    this.line = recLine;
  }

  /** Splits buf[from, to) — whole records starting on file line `line` — into fields. */
  private flush(buf: string, from: number, to: number, line: number): void {
    if (to <= from) return;
    const text = buf.slice(from, to);
    const res = Papa.parse<string[]>(text, { delimiter: this.delimiter, skipEmptyLines: false });
    const quoted = text.includes('"');
    let l = line;
    const data = res.data;
    for (let r = 0; r < data.length; r++) {
      const fields = data[r];
      // papaparse gives one empty record for the final line break.
      if (r === data.length - 1 && fields.length === 1 && fields[0] === "" && text.endsWith("\n")) break;
      this.sink.record(fields, l);
      l++;
      if (quoted) for (const f of fields) if (f.includes("\n")) l += f.split("\n").length - 1;
    }
  }
}

function countQuotes(s: string, from: number): number {
  let n = 0;
  for (let i = s.indexOf('"', from); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/** Feeds a whole text at once. */
export function streamText(text: string, sink: RecordSink): CsvRecordStream {
  const s = new CsvRecordStream(sink);
  s.push(text);
  s.end();
  return s;
}
