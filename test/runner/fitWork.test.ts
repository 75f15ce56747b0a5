import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitHistory, type FitHistoryOptions } from "../../src/analysis/fitHistory.ts";
import { readSalesFile } from "../../src/cli/readSalesFile.ts";
import { parseHistory, type HistorySeries, type ParsedHistory } from "../../src/io/history.ts";
import { createFitWorkerApi, fitOnWorkers, type FitWorkerHandle } from "../../src/runner/fitWork.ts";
import { spawnNodeFitWorker } from "../../src/runner/nodeFitWorkers.ts";

const DATA = "/work/shared/data";

/** Workers in this thread: each batch is fitted by its own api, as a worker thread would. */
const local = (n: number): FitWorkerHandle[] => Array.from({ length: n }, () => ({ api: createFitWorkerApi(), terminate() {} }));

/** 400 days of daily totals: six steady skus and one that stopped selling 50 days before the end. */
function withStopped(): ParsedHistory {
  const lines = ["date,sku,units"];
  const d0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 400; i++) {
    const date = new Date(d0 + i * 86_400_000).toISOString().slice(0, 10);
    for (let s = 0; s < 6; s++) lines.push(`${date},s${s},${4 + ((i * (s + 7)) % 5)}`);
    lines.push(`${date},gone,${i < 350 ? 4 + ((i * 3) % 5) : 0}`);
  }
  return parseHistory(lines.join("\n"));
}

describe("fitting a history's skus on workers", () => {
  it("gives what one thread gives, product for product, with the shop's closed days found from every sku", async () => {
    // pharma.csv: 26 days on which no drug sold are the shop's closed days; a share of the skus alone would find others.
    const parsed = parseHistory(readFileSync(`${DATA}/pharma.csv`, "utf8"));
    const opts: FitHistoryOptions = { holdoutWeeks: 0, rolling: false, closedDates: ["2015-06-01", "not a date"] };
    const one = fitHistory(parsed, opts);
    expect(one.closedDays.length).toBeGreaterThan(26);
    for (const n of [1, 2, 3]) expect(await fitOnWorkers(parsed, opts, local(n))).toEqual(one);
  });

  it("keeps the order of the skus asked for, names those the file lacks and merges the stopped skus left out", async () => {
    const parsed = withStopped();
    const opts: FitHistoryOptions = { holdoutWeeks: 0, rolling: false, stopped: "drop", skus: ["s4", "gone", "nope", "s1", "s2"] };
    const one = fitHistory(parsed, opts);
    expect(one.dropped).toEqual([{ id: "gone", lastSale: "2024-12-15", days: 50 }]);
    expect(one.warnings).toContainEqual({ code: "skuNotInFile", sku: "nope" });
    expect(await fitOnWorkers(parsed, opts, local(3))).toEqual(one);
  });

  it("on worker threads: the shared catalogue export's skus fit as in one thread, whatever the number of workers", async () => {
    const parsed = await readSalesFile(`${DATA}/catalogue/online_retail_lines.csv.gz`);
    const skus = [...parsed.series.keys()].slice(0, 60);
    const opts: FitHistoryOptions = { holdoutWeeks: 0, rolling: false, skus };
    const one = fitHistory(parsed, opts);
    for (const n of [1, 2]) {
      const pool = Array.from({ length: n }, spawnNodeFitWorker);
      try {
        expect(await fitOnWorkers(parsed, opts, pool)).toEqual(one);
      } finally {
        for (const w of pool) w.terminate();
      }
    }
  }, 60_000);

  it("stops at the next batch when cancelled", async () => {
    const parsed = withStopped();
    const ctl = new AbortController();
    const handles = local(1);
    const fit = handles[0].api.fit.bind(handles[0].api);
    let batches = 0;
    handles[0].api.fit = (series: Map<string, HistorySeries>) => (++batches === 1 && ctl.abort(), fit(series));
    await expect(fitOnWorkers(parsed, { holdoutWeeks: 0, rolling: false }, handles, { signal: ctl.signal })).rejects.toThrow();
    expect(batches).toBe(1);
  });
});
