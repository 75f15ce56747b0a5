/**
 * Reads JSON text with messages that point at the place: the first syntax error by line and column,
 * and keys written twice in one object (JSON.parse silently keeps the last, so the file would be
 * misread). Engines word and place JSON.parse errors differently (Node 20 gives no position at
 * all), so the text is scanned here first.
 *
 * The scan takes time proportional to the text whatever it holds: runs of plain characters in
 * quotes are skipped with one sticky regular expression, line numbers of repeated keys come from
 * one forward pass, the JSON path is a stack rather than a copy per value, and only the first
 * MAX_DUPLICATES repeated keys are reported one by one (the rest as a count). Nesting deeper than
 * MAX_DEPTH is refused. Values quoted in messages are shortened (shortText).
 */
import { joinPath, shortText, type Issue, type PathSegment } from "./issue.ts";
import { formatCount } from "../format/number.ts";

export type JsonReadResult = { ok: true; value: unknown; duplicates: Issue[] } | { ok: false; error: Issue };

const MAX_DEPTH = 256;
/** Repeated keys reported one by one; any beyond are summed up in one more issue. */
export const MAX_DUPLICATES = 20;

export function readJson(text: string, fileName?: string): JsonReadResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const duplicates: Issue[] = [];
  const problem = scan(text, duplicates);
  if (problem) {
    const { line, column } = lineColumn(text, problem.at);
    const where = `${fileName ? fileName + ", " : ""}line ${line}, column ${column}`;
    return { ok: false, error: { path: "", message: `not valid JSON (${where}): ${problem.message}` } };
  }
  try {
    return { ok: true, value: JSON.parse(text), duplicates };
  } catch (e) {
    // The scanner accepted it, so this should not happen; report it rather than crash.
    return { ok: false, error: { path: "", message: `not valid JSON${fileName ? ` (${fileName})` : ""}: ${shortText((e as Error).message, 200)}` } };
  }
}

/**
 * How many steps the scan of `text` takes: values, pieces of quoted text, whitespace characters
 * and line breaks counted for repeated keys. Tests use it to show the work is linear in the text.
 */
export function jsonScanSteps(text: string): number {
  const counter = { steps: 0 };
  scan(text, [], counter);
  return counter.steps;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

interface Problem {
  at: number;
  message: string;
}

class Stop extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** Characters that need no attention inside quotes: anything but `"`, `\` and control characters. */
const PLAIN = /[^"\\\u0000-\u001f]+/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Counts lines for offsets that only move forward, so many look-ups cost one pass over the text. */
function forwardLines(text: string, counter: { steps: number }): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (let nl = text.indexOf("\n", at); nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) {
      counter.steps++;
      line++;
      at = nl + 1;
    }
    if (at < offset) at = offset;
    return line;
  };
}

function scan(text: string, duplicates: Issue[], counter = { steps: 0 }): Problem | undefined {
  let i = 0;
  const n = text.length;
  const path: PathSegment[] = [];
  const lineOf = forwardLines(text, counter);
  let moreDuplicates = 0;
  const stop = (message: string, at = i): never => {
    // Whatever was expected, a comment at this point is the likelier explanation.
    if (text[at] === "/" && (text[at + 1] === "/" || text[at + 1] === "*")) message = "comments are not allowed in JSON";
    throw new Stop({ at, message });
  };
  const shown = (at: number) => {
    if (at >= n) return "end of text";
    const c = text[at];
    return c === "\n" ? "a line break" : JSON.stringify(c);
  };
  const quoted = (key: string) => JSON.stringify(shortText(key));
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        i++;
        counter.steps++;
      } else break;
    }
  };
  /** Skips text in quotes; returns its value when `keep` (field names), else "". */
  const str = (keep: boolean): string => {
    const start = i;
    i++; // opening quote
    const parts: string[] = [];
    while (true) {
      counter.steps++;
      PLAIN.lastIndex = i;
      if (PLAIN.test(text)) {
        if (keep) parts.push(text.slice(i, PLAIN.lastIndex));
        i = PLAIN.lastIndex;
      }
      if (i >= n) stop("text in quotes is never closed", start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return keep ? parts.join("") : "";
      }
      if (c < 32) stop(c === 10 ? "a line break inside text in quotes (close the quote first)" : "a control character inside text in quotes");
      // c is a backslash
      const e = text[i + 1];
      if (e === "u") {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) stop("\\u must be followed by 4 hex digits");
        if (keep) parts.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)));
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        if (keep) parts.push(e === "b" ? "\b" : e === "f" ? "\f" : e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e);
        i += 2;
      } else stop(`unknown escape \\${e ?? ""}`);
    }
  };
  const num = () => {
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) stop(`unexpected ${shown(i)}`);
    i = NUMBER.lastIndex;
  };
  const duplicate = (key: string, keyAt: number) => {
    if (duplicates.length >= MAX_DUPLICATES) {
      moreDuplicates++;
      return;
    }
    path.push(key);
    duplicates.push({ path: joinPath(path), message: `${quoted(key)} is written twice in the same object (line ${lineOf(keyAt)}); only one can count` });
    path.pop();
  };
  /**
   * One member of an object or list: its value, then a comma (false: another member follows) or
   * the closing bracket (true: the container ends); anything else stops with `problem()`.
   */
  const member = (step: string | number, depth: number, close: "}" | "]", problem: () => string): boolean => {
    path.push(step);
    value(depth + 1);
    path.pop();
    ws();
    if (text[i] === ",") {
      i++;
      return false;
    }
    if (text[i] !== close) stop(problem());
    i++;
    return true;
  };
  const value = (depth: number): void => {
    counter.steps++;
    if (depth > MAX_DEPTH) stop(`nested more than ${MAX_DEPTH} levels deep`);
    ws();
    if (i >= n) stop("the text ends where a value was expected");
    const c = text[i];
    if (c === "{") {
      i++;
      const keys = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      while (true) {
        ws();
        if (text[i] !== '"')
          stop(text[i] === "}" ? "a comma before } (trailing commas are not allowed in JSON)" : `expected a field name in double quotes, got ${shown(i)}`);
        const keyAt = i;
        const key = str(true);
        if (keys.has(key)) duplicate(key, keyAt);
        else keys.add(key);
        ws();
        if (text[i] !== ":") stop(`expected : after ${quoted(key)}, got ${shown(i)}`);
        i++;
        if (member(key, depth, "}", () => `expected , or } after the value of ${quoted(key)}, got ${shown(i)}`)) return;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        ws();
        if (text[i] === "]") stop("a comma before ] (trailing commas are not allowed in JSON)");
        if (member(k, depth, "]", () => `expected , or ] in the list, got ${shown(i)}`)) return;
      }
    }
    if (c === '"') {
      str(false);
      return;
    }
    if (c === "-" || (c >= "0" && c <= "9")) return num();
    for (const word of ["true", "false", "null"])
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    if (text.startsWith("NaN", i) || text.startsWith("Infinity", i)) stop(`${text.startsWith("NaN", i) ? "NaN" : "Infinity"} is not a number JSON allows`);
    if (c === "'") stop("text must be in double quotes, not single quotes");
    if (c === "/") stop("comments are not allowed in JSON");
    stop(`unexpected ${shown(i)}`);
  };
  try {
    value(0);
    ws();
    if (i < n) stop(`unexpected ${shown(i)} after the end of the scenario`);
    if (moreDuplicates > 0)
      duplicates.push({
        path: "",
        message: `${formatCount(moreDuplicates)} more fields are written twice in the same object; only the first ${MAX_DUPLICATES} are listed`,
      });
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}
