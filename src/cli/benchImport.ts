/**
 * The import figure of `bench`: fitting a sales export (read as a stream, parsed, every sku fitted,
 * no backtest) against a plain papaparse parse of the same file (read and gunzipped the same way,
 * rows counted and dropped), on the same machine, round by round. The import is what `fit` does on
 * a machine of more than two cores: the file read (in parts) and the skus fitted on worker threads,
 * one per core (kept from round to round, as the code of this thread is; `workers` says how many). The headline is the median over rounds of import time ÷
 * parse time, each pair measured back to back, so the machine's load drifts between rounds rather
 * than between the two. CPU times (this process, its workers included) are given beside wall
 * times, and the fit in this thread alone beside the fit on the workers.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import Papa from "papaparse";
import { fitHistory } from "../analysis/fitHistory.ts";
import { fitOnWorkers } from "../runner/fitWork.ts";
import { spawnNodeFitWorker } from "../runner/nodeFitWorkers.ts";
import { readSalesFile } from "./readSalesFile.ts";

export interface ImportBench {
  file: string;
  rows: number;
  skus: number;
  rounds: number;
  /** Worker threads the skus were fitted on. */
  workers: number;
  /** Medians over rounds, ms. */
  papaparseMs: number;
  importMs: number;
  readMs: number;
  fitMs: number;
  /** The same fit in one thread (no workers). */
  fitOneThreadMs: number;
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

export async function benchImport(file: string, rounds: number, workers: number, log: (s: string) => void = () => {}): Promise<ImportBench> {
  const samples: { papaparseMs: number; importMs: number; readMs: number; fitMs: number; oneThreadMs: number; papaCpu: number; importCpu: number }[] = [];
  let rows = 0;
  let skus = 0;
  const opts = { holdoutWeeks: 0, rolling: false };
  const pool = Array.from({ length: workers }, spawnNodeFitWorker);
  try {
    // One unmeasured pass of each: compile and warm the code paths, here and in the workers.
    await papaparse(file);
    const first = await readSalesFile(file, {}, pool);
    fitHistory(first, opts);
    await fitOnWorkers(first, opts, pool);
    for (let r = 1; r <= rounds; r++) {
      let c = cpuMs();
      let t = performance.now();
      await papaparse(file);
      const papaparseMs = performance.now() - t;
      const papaCpu = cpuMs() - c;
      c = cpuMs();
      t = performance.now();
      const parsed = await readSalesFile(file, {}, pool);
      const readMs = performance.now() - t;
      const fit = await fitOnWorkers(parsed, opts, pool);
      const importMs = performance.now() - t;
      const importCpu = cpuMs() - c;
      t = performance.now();
      fitHistory(parsed, opts);
      const oneThreadMs = performance.now() - t;
      rows = parsed.rows;
      skus = fit.products.length;
      samples.push({ papaparseMs, importMs, readMs, fitMs: importMs - readMs, oneThreadMs, papaCpu, importCpu });
      log(
        `import round ${r}: papaparse ${Math.round(papaparseMs)} ms, import ${Math.round(importMs)} ms (read ${Math.round(readMs)}, fit ${Math.round(importMs - readMs)} on ${workers} worker${workers === 1 ? "" : "s"}; ${Math.round(oneThreadMs)} in one thread) → ${(importMs / papaparseMs).toFixed(2)}×\n`,
      );
    }
  } finally {
    for (const w of pool) w.terminate();
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    file,
    rows,
    skus,
    rounds,
    workers,
    papaparseMs: Math.round(median(samples.map((s) => s.papaparseMs))),
    importMs: Math.round(median(samples.map((s) => s.importMs))),
    readMs: Math.round(median(samples.map((s) => s.readMs))),
    fitMs: Math.round(median(samples.map((s) => s.fitMs))),
    fitOneThreadMs: Math.round(median(samples.map((s) => s.oneThreadMs))),
    papaparseCpuMs: Math.round(median(samples.map((s) => s.papaCpu))),
    importCpuMs: Math.round(median(samples.map((s) => s.importCpu))),
    ratio: r2(median(samples.map((s) => s.importMs / s.papaparseMs))),
    cpuRatio: r2(median(samples.map((s) => s.importCpu / s.papaCpu))),
    samples: samples.map((s) => ({ papaparseMs: Math.round(s.papaparseMs), importMs: Math.round(s.importMs) })),
  };
}
