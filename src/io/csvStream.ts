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
/**
 * Characters gathered before records are split: small pieces (a browser's decompression stream
 * gives a few kB at a time) are batched; a piece this long is split on its own.
 */
const BATCH_CHARS = 64 * 1024;

/** A part of a file that starts on a record boundary, read on its own: the file's delimiter and line break, and the line it starts on. */
export interface CsvPart {
  delimiter: string;
  newline: "\r\n" | "\n";
  line: number;
}

export class CsvRecordStream {
  private buf = "";
  /** File line of buf[0]. */
  private line = 1;
  private started = false;
  delimiter = ",";
  /** Line break of the file ("\r\n" or "\n"), found once so papaparse need not guess it for every batch. */
  newline: "\r\n" | "\n" = "\n";
  /** Characters taken in so far. */
  chars = 0;
  /**
   * Set when a record was not a plain line or a well-formed quoted line (`simpleQuotedLine`): it
   * went through papaparse, or its quote was never closed. Where such records are, how the text
   * is cut into parts can matter; where there are none, every line is a record on its own.
   */
  irregular = false;

  /** With `part`, the text is a part of a file starting at a record boundary: nothing is sniffed. */
  constructor(
    private readonly sink: RecordSink,
    part?: CsvPart,
  ) {
    if (part) {
      this.started = true;
      this.delimiter = part.delimiter;
      this.newline = part.newline;
      this.line = part.line;
    }
  }

  /** The file line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  /** Text taken in but not yet split into records (an unfinished record, or a batch still gathering). */
  get held(): number {
    return this.buf.length + this.pendingChars;
  }

  /** Splits every whole record taken in so far (as reading on would), keeping only an unfinished last record. */
  flushWhole(): void {
    this.take();
    if (!this.started) this.begin();
    this.drain(false);
  }

  /** Adds the next piece of text. */
  push(text: string): void {
    this.chars += text.length;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars < (this.started ? BATCH_CHARS : SNIFF_CHARS)) return;
    if (this.started && this.pending.length === 1 && this.buf.length > 0 && !this.buf.includes('"')) {
      // The unfinished record carried over has no quote, so it ends at the piece's first line
      // break: split it on its own, and the rest of the piece without copying it onto the carry.
      const piece = this.pending[0];
      const nl = piece.indexOf("\n");
      if (nl >= 0) {
        this.pending = [];
        this.pendingChars = 0;
        this.buf += piece.slice(0, nl + 1);
        this.drain(false);
        this.buf = this.buf.length === 0 ? piece.slice(nl + 1) : this.buf + piece.slice(nl + 1);
        this.drain(false);
        return;
      }
    }
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
    const nl = this.buf.indexOf("\n");
    this.newline = nl > 0 && this.buf.charCodeAt(nl - 1) === 13 ? "\r\n" : "\n";
  }

  /**
   * Parses the whole records at the front of buf; with `final`, everything. Only quotes need
   * looking at (a line break between them is inside a field): a quoted field that holds more than
   * MAX_QUOTED_LINE_BREAKS line breaks, or is still open at the end, is taken as a quote never
   * closed — the record it opens is reported and skipped, and reading resumes on the next line.
   */
  private drain(final: boolean): void {
    const buf = this.buf;
    let segStart = 0;
    let line = this.line;
    let q = buf.indexOf('"');
    for (;;) {
      let brokenAt = -1;
      let openAt = -1;
      while (q >= 0) {
        const close = buf.indexOf('"', q + 1);
        if (close < 0) {
          openAt = q;
          break;
        }
        if (breaksBetween(buf, q, close, MAX_QUOTED_LINE_BREAKS + 1) > MAX_QUOTED_LINE_BREAKS) {
          brokenAt = q;
          break;
        }
        q = buf.indexOf('"', close + 1);
      }
      if (openAt >= 0 && !final && breaksBetween(buf, openAt, buf.length, MAX_QUOTED_LINE_BREAKS + 1) <= MAX_QUOTED_LINE_BREAKS) {
        // An open quote near the end: the record may close in the next piece.
        const recStart = buf.lastIndexOf("\n", openAt) + 1;
        line = this.flush(buf, segStart, recStart, line);
        this.buf = buf.slice(recStart);
        this.line = line;
        return;
      }
      const bad = brokenAt >= 0 ? brokenAt : openAt;
      if (bad < 0) break;
      // The record holding the quote starts at its line's start: report it, resume on the next line.
      const recStart = buf.lastIndexOf("\n", bad) + 1;
      line = this.flush(buf, segStart, recStart, line);
      this.irregular = true;
      this.sink.broken(line, "a quoted field opened on this line is not closed (the quote would swallow the next lines)");
      const nl = buf.indexOf("\n", recStart);
      line++;
      if (nl < 0) {
        segStart = buf.length;
        break;
      }
      segStart = nl + 1;
      q = buf.indexOf('"', segStart);
    }
    const cut = final ? buf.length : buf.lastIndexOf("\n") + 1;
    if (cut > segStart) line = this.flush(buf, segStart, cut, line);
    this.buf = cut >= segStart ? buf.slice(cut) : buf.slice(segStart);
    this.line = line;
  }

  /**
   * Splits buf[from, to) — whole records starting on file line `line` — into fields; returns the
   * line after them. Lines without a quote are split natively (what papaparse would make of them);
   * a record with a quote goes through papaparse on its own.
   */
  private flush(buf: string, from: number, to: number, line: number): number {
    if (to <= from) return line;
    const text = buf.slice(from, to);
    let l = line;
    let pos = 0;
    while (pos < text.length) {
      const q = text.indexOf('"', pos);
      const ls = q < 0 ? -1 : text.lastIndexOf(this.newline, q);
      const plainEnd = q < 0 ? text.length : ls < 0 ? 0 : ls + this.newline.length;
      if (plainEnd > pos) l = this.splitPlain(text, pos, plainEnd, l);
      if (q < 0) break;
      const rec = this.quotedRecord(text, plainEnd);
      if (rec === null) return this.parse(text.slice(plainEnd), l);
      this.sink.record(rec.fields, l);
      l++;
      for (const f of rec.fields) if (f.includes("\n")) l += f.split("\n").length - 1;
      pos = rec.end;
    }
    return l;
  }

  /** Whole lines text[from, to) without quotes: one record a line. */
  private splitPlain(text: string, from: number, to: number, line: number): number {
    const lines = (from === 0 && to === text.length ? text : text.slice(from, to)).split(this.newline);
    // A final line break ends the last record; it does not start an empty one.
    const n = lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
    for (let i = 0; i < n; i++) this.sink.record(lines[i].split(this.delimiter), line + i);
    return line + n;
  }

  /**
   * The record starting at text[at] (it holds a quote), parsed by papaparse from a window of a few
   * lines, and where it ends; null when the window may cut it (then the caller parses the rest).
   */
  private quotedRecord(text: string, at: number): { fields: string[]; end: number } | null {
    const simple = simpleQuotedLine(text, at, this.delimiter, this.newline);
    if (simple) return simple;
    this.irregular = true;
    for (const lines of [2, MAX_QUOTED_LINE_BREAKS + 2]) {
      let stop = at;
      for (let k = 0; k < lines; k++) {
        const nl = text.indexOf(this.newline, stop);
        if (nl < 0) {
          stop = text.length;
          break;
        }
        stop = nl + this.newline.length;
      }
      const res = Papa.parse<string[]>(text.slice(at, stop), { delimiter: this.delimiter, newline: this.newline, preview: 1 });
      const cursor = res.meta.cursor;
      if (res.data.length === 1 && (cursor < stop - at || stop === text.length)) return { fields: res.data[0], end: at + cursor };
    }
    return null;
  }

  /** papaparse over whole records starting on file line `line`; returns the line after them. */
  private parse(text: string, line: number): number {
    this.irregular = true;
    const res = Papa.parse<string[]>(text, { delimiter: this.delimiter, newline: this.newline, skipEmptyLines: false });
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
    return l;
  }
}

/**
 * The one-line record at text[at] when it is plainly well formed — every quote opens a field, is
 * closed before the line ends, and is followed by the delimiter or the line break (a doubled
 * quote inside stands for one) — split as papaparse splits it, with the index after its line
 * break; otherwise null (papaparse then reads it).
 */
export function simpleQuotedLine(text: string, at: number, delimiter: string, newline: string): { fields: string[]; end: number } | null {
  const eol = text.indexOf(newline, at);
  const stop = eol < 0 ? text.length : eol;
  if (delimiter.length !== 1) return null;
  const dc = delimiter.charCodeAt(0);
  const fields: string[] = [];
  let i = at;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // Quoted field: up to the closing quote; "" is a quote.
      let value = "";
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0 || q >= stop) return null;
        if (text.charCodeAt(q + 1) === 34 && q + 1 < stop) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === stop) break;
      if (text.charCodeAt(i) !== dc) return null;
      i++;
    } else {
      let j = i;
      while (j < stop && text.charCodeAt(j) !== dc) {
        if (text.charCodeAt(j) === 34) return null;
        j++;
      }
      fields.push(text.slice(i, j));
      if (j === stop) break;
      i = j + 1;
    }
  }
  return { fields, end: eol < 0 ? text.length : eol + newline.length };
}

/** Line breaks in s[from, to), counted up to `cap`. */
function breaksBetween(s: string, from: number, to: number, cap: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to && n < cap; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Feeds a whole text at once. */
export function streamText(text: string, sink: RecordSink): CsvRecordStream {
  const s = new CsvRecordStream(sink);
  s.push(text);
  s.end();
  return s;
}
