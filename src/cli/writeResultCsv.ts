/**
 * Writes a result's CSV files (src/present/exportCsv.ts) for `simulate --csv <dir|file.csv>`:
 * a directory gets summary.csv, daily.csv and product-daily.csv; a path ending in .csv gets the KPI
 * summary, with <name>.daily.csv and <name>.product-daily.csv beside it. Returns the paths written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { SimulationResult } from "../analysis/result.ts";
import type { CsvOptions } from "../io/csvWrite.ts";
import { resultCsvFiles } from "../present/exportCsv.ts";

export async function writeResultCsv(result: SimulationResult, target: string, opts: CsvOptions = {}): Promise<string[]> {
  const files = resultCsvFiles(result, opts);
  let paths: [string, string][];
  if (/\.csv$/i.test(target)) {
    const base = target.slice(0, -4);
    paths = [
      [target, files["summary.csv"]],
      [`${base}.daily.csv`, files["daily.csv"]],
      [`${base}.product-daily.csv`, files["product-daily.csv"]],
    ];
    await mkdir(dirname(target), { recursive: true });
  } else {
    await mkdir(target, { recursive: true });
    paths = Object.entries(files).map(([name, text]) => [join(target, name), text]);
  }
  for (const [p, text] of paths) await writeFile(p, text, "utf8");
  return paths.map(([p]) => p);
}
