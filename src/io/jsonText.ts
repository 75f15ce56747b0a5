/**
 * Reads JSON text with messages that point at the place: the first syntax error by line and column,
 * and keys written twice in one object (JSON.parse silently keeps the last, so the file would be
 * misread). Engines word and place JSON.parse errors differently (Node 20 gives no position at
 * all), so the text is scanned here first.
 */
import { joinPath, type Issue, type PathSegment } from "./issue.ts";

export type JsonReadResult = { ok: true; value: unknown; duplicates: Issue[] } | { ok: false; error: Issue };

const MAX_DEPTH = 256;

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
    return { ok: false, error: { path: "", message: `not valid JSON${fileName ? ` (${fileName})` : ""}: ${(e as Error).message}` } };
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
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

function scan(text: string, duplicates: Issue[]): Problem | undefined {
  let i = 0;
  const n = text.length;
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
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    while (true) {
      if (i >= n) stop("text in quotes is never closed", start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return out;
      }
      if (c < 32) stop(c === 10 ? "a line break inside text in quotes (close the quote first)" : "a control character inside text in quotes");
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) stop("\\u must be followed by 4 hex digits");
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          out += e;
          i += 2;
        } else stop(`unknown escape \\${e ?? ""}`);
      } else {
        out += text[i];
        i++;
      }
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) stop(`unexpected ${shown(i)}`);
    i += m![0].length;
  };
  const value = (path: PathSegment[], depth: number): void => {
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
        if (text[i] !== '"') stop(text[i] === "}" ? "a comma before } (trailing commas are not allowed in JSON)" : `expected a field name in double quotes, got ${shown(i)}`);
        const keyAt = i;
        const key = str();
        if (keys.has(key))
          duplicates.push({ path: joinPath([...path, key]), message: `"${key}" is written twice in the same object (line ${lineColumn(text, keyAt).line}); only one can count` });
        keys.add(key);
        ws();
        if (text[i] !== ":") stop(`expected : after "${key}", got ${shown(i)}`);
        i++;
        value([...path, key], depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        stop(`expected , or } after the value of "${key}", got ${shown(i)}`);
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
        value([...path, k], depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        stop(`expected , or ] in the list, got ${shown(i)}`);
      }
    }
    if (c === '"') {
      str();
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
    value([], 0);
    ws();
    if (i < n) stop(`unexpected ${shown(i)} after the end of the scenario`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}
