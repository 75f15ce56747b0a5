/**
 * The import figure of `bench`: fitting a sales export (read as a stream, parsed, every sku fitted,
 * no backtest) against a plain papaparse parse of the same file (read and gunzipped the same way,
 * rows counted and dropped), on the same machine, round by round. The headline is the median over
 * rounds of import time ÷ parse time, each pair measured back to back, so the machine's load drifts
 * between rounds rather than between the two. CPU times (this process) are given beside wall times.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import Papa from "papaparse";
import { fitHistory } from "../analysis/fitHistory.ts";
import { readSalesFile } from "./readSalesFile.ts";

export interface ImportBench {
  file: string;
  rows: number;
  skus: number;
  rounds: number;
  /** Medians over rounds, ms. */
  papaparseMs: number;
  importMs: number;
  readMs: number;
  fitMs: number;
  papaparseCpuMs: number;
  importCpuMs: number;
  /** Median over rounds of import ÷ papaparse (wall), and the same on CPU time. */
  ratio: number;
  cpuRatio: number;
  samples: { papaparseMs: number; importMs: number }[];
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function papaparse(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    const src = createReadStream(file, { highWaterMark: 1 << 20 });
    const input = file.endsWith(".gz") ? src.pipe(createGunzip({ chunkSize: 256 * 1024 })) : src;
    Papa.parse(input as unknown as File, {
      chunk: (r: Papa.ParseResult<unknown>) => {
        rows += r.data.length;
      },
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

export async function benchImport(file: string, rounds: number, log: (s: string) => void = () => {}): Promise<ImportBench> {
  const samples: { papaparseMs: number; importMs: number; readMs: number; fitMs: number; papaCpu: number; importCpu: number }[] = [];
  let rows = 0;
  let skus = 0;
  // One unmeasured pass of each: compile and warm the code paths.
  await papaparse(file);
  fitHistory(await readSalesFile(file), { holdoutWeeks: 0, rolling: false });
  for (let r = 1; r <= rounds; r++) {
    let c = cpuMs();
    let t = performance.now();
    await papaparse(file);
    const papaparseMs = performance.now() - t;
    const papaCpu = cpuMs() - c;
    c = cpuMs();
    t = performance.now();
    const parsed = await readSalesFile(file);
    const readMs = performance.now() - t;
    const fit = fitHistory(parsed, { holdoutWeeks: 0, rolling: false });
    const importMs = performance.now() - t;
    const importCpu = cpuMs() - c;
    rows = parsed.rows;
    skus = fit.products.length;
    samples.push({ papaparseMs, importMs, readMs, fitMs: importMs - readMs, papaCpu, importCpu });
    log(
      `import round ${r}: papaparse ${Math.round(papaparseMs)} ms, import ${Math.round(importMs)} ms (read ${Math.round(readMs)}, fit ${Math.round(importMs - readMs)}) → ${(importMs / papaparseMs).toFixed(2)}×\n`,
    );
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    file,
    rows,
    skus,
    rounds,
    papaparseMs: Math.round(median(samples.map((s) => s.papaparseMs))),
    importMs: Math.round(median(samples.map((s) => s.importMs))),
    readMs: Math.round(median(samples.map((s) => s.readMs))),
    fitMs: Math.round(median(samples.map((s) => s.fitMs))),
    papaparseCpuMs: Math.round(median(samples.map((s) => s.papaCpu))),
    importCpuMs: Math.round(median(samples.map((s) => s.importCpu))),
    ratio: r2(median(samples.map((s) => s.importMs / s.papaparseMs))),
    cpuRatio: r2(median(samples.map((s) => s.importCpu / s.papaCpu))),
    samples: samples.map((s) => ({ papaparseMs: Math.round(s.papaparseMs), importMs: Math.round(s.importMs) })),
  };
}
