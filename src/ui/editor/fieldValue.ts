/**
 * Text ↔ draft value for number fields. A number field keeps exactly what was typed: text that reads
 * as a number is stored as a number, anything else is stored as the string itself, so the parser
 * reports it next to the field and a reload shows it again.
 */
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function textToValue(text: string): number | string | undefined {
  if (text.trim() === "") return undefined;
  return NUMBER.test(text) ? Number(text) : text;
}

export function valueToText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** True when `text` already shows `v` (so a model update must not overwrite "1." with "1"). */
export function textShows(text: string, v: unknown): boolean {
  const parsed = textToValue(text);
  return parsed === v || (parsed === undefined && (v === undefined || v === null || v === ""));
}
