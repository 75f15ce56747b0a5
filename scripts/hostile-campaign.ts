/**
 * The hostile-input campaign (`npm run campaign -- [--seed S] [--mutants N] [--process N]
 * [--timeout SECONDS] [--memory MB] [--json]`): the seeded fuzz test of `npm test`, at scale and
 * through the real command line. It builds, from one seed,
 *   - N mutants of the example scenarios (test/hostile/mutants.ts, the fuzz test's mutators) and
 *     JSON cut off at random points, each run as `simulate <file> --runs 3 --horizon 60 --json`;
 *   - valid but extreme scenarios (huge demand, multipliers, lead times, dispersion, prices; odd ids;
 *     capacity 1; backlogs that never catch up; long empirical tables);
 *   - tampered shards (every path of an honest shard's header and payload mutated, cut off, given
 *     twice, mixed with another seed) for `merge --json`;
 *   - hostile CSV files for `fit --json` (unclosed quotes, hex numbers, 1e308, formulas, escapes);
 *   - hostile command-line options, and damaged or mutated share links (decoded in-process);
 * and runs every case in-process (in a child process watched by a timeout, restarted after a hang
 * or a crash), then `--process` of them (spread over the kinds) through `bin/backorder-lab.mjs` in
 * a process of its own with a timeout and a memory limit. Each outcome must be: exit 2 with a
 * message naming the file and the JSON path or line (or the work estimate's refusal, or a run
 * stopped by a limit of the model), or exit 0 with every figure finite, every rate in [0, 1] in
 * every run and the conservation identities exact on `counts`; a tampered shard must be refused
 * unless it merges to exactly the honest result. It prints the counts of each outcome; hangs,
 * crashes, non-finite and out-of-range figures, broken identities, refusals that do not say where
 * and accepted tampering are failures (exit 1).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { loadExamples, mutantArbitrary, mutate, mutation, paths, resultProblems } from "../test/hostile/mutants.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "bin/backorder-lab.mjs");
const SELF = fileURLToPath(import.meta.url);

/** One input and the command it goes through. */
interface Case {
  id: number;
  kind: "mutant" | "truncated" | "extreme" | "shard" | "csv" | "option" | "share";
  label: string;
  /** Command-line arguments (files already written), or for "share" the link text. */
  args: string[];
  /** For shards: the honest merge's document (without timing), which an accepted shard must equal. */
  expect?: string;
}

type Outcome = "refused" | "refusedBySize" | "stopped" | "ran" | "hang" | "crash" | "nonFinite" | "outOfRange" | "identity" | "noWhere" | "tamperAccepted";
const FAILURES: Outcome[] = ["hang", "crash", "nonFinite", "outOfRange", "identity", "noWhere", "tamperAccepted"];

const SHORT = ["--runs", "3", "--horizon", "60", "--workers", "0", "--json"];

function arg(argv: string[], name: string, dflt: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
}

/** The document without what differs from one run to the next (timing). */
function stripTiming(text: string): string {
  return text.replace(/"(elapsedMs|skuDaysPerSecond)": [\d.e+-]+/g, '"$1": 0');
}

// ---------------------------------------------------------------------------------------------
// Building the cases (parent)

function buildCases(seed: number, mutants: number, dir: string): Case[] {
  const examples = loadExamples();
  const cases: Case[] = [];
  const add = (kind: Case["kind"], label: string, args: string[], expect?: string) => cases.push({ id: cases.length, kind, label, args, expect });
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  // Mutants of every example, and mutants cut off at a random point.
  const sample = fc.sample(mutantArbitrary(examples.length), { seed, numRuns: mutants });
  sample.forEach(([e, pick, m], i) => {
    const text = JSON.stringify(mutate(examples[e].json, pick, m), null, 1);
    add("mutant", `${examples[e].file} #${pick} ${JSON.stringify(m).slice(0, 60)}`, ["simulate", write(`m${i}.json`, text), ...SHORT]);
  });
  const cuts = fc.sample(fc.tuple(fc.nat(examples.length - 1), fc.double({ min: 0, max: 1, noNaN: true })), {
    seed: seed + 1,
    numRuns: Math.max(20, Math.round(mutants / 50)),
  });
  cuts.forEach(([e, at], i) => {
    const text = JSON.stringify(examples[e].json, null, 2);
    add("truncated", `${examples[e].file} cut at ${Math.floor(at * text.length)}`, [
      "simulate",
      write(`t${i}.json`, text.slice(0, Math.floor(at * text.length))),
      ...SHORT,
    ]);
  });

  // Valid but extreme scenarios: each an edit of an example.
  const base = () => structuredClone(examples.find((x) => x.file === "supplier-a.json")!.json) as any;
  const basket = () => structuredClone(examples.find((x) => x.file === "split-vs-hold-hold.json")!.json) as any;
  const extremes: [string, () => any, string[]][] = [
    ["ordersPerDay 1e6", () => ((s) => ((s.products[0].demand.ordersPerDay = 1e6), s))(base()), SHORT],
    ["ordersPerDay 1e6, 1000 runs", () => ((s) => ((s.products[0].demand.ordersPerDay = 1e6), s))(base()), ["--runs", "1000", "--workers", "0", "--json"]],
    ["weekly multiplier 1000", () => ((s) => ((s.products[0].demand.weekly = [1000, 1000, 1000, 1000, 1000, 1000, 1000]), s))(base()), SHORT],
    ["trend 1000 a year", () => ((s) => ((s.products[0].demand.trendPerYear = 1000), s))(base()), SHORT],
    ["shock ×1000", () => ((s) => ((s.products[0].demand.shocks = [{ startDay: 0, durationDays: 60, multiplier: 1000 }]), s))(base()), SHORT],
    ["dispersion 1e9", () => ((s) => ((s.products[0].demand.orderCount = { kind: "negativeBinomial", dispersion: 1e9 }), s))(base()), SHORT],
    ["dispersion 0.001", () => ((s) => ((s.products[0].demand.orderCount = { kind: "negativeBinomial", dispersion: 0.001 }), s))(base()), SHORT],
    ["units per order poisson 1e6", () => ((s) => ((s.products[0].demand.unitsPerOrder = { kind: "poisson", mean: 1e6 }), s))(base()), SHORT],
    [
      "empirical of 10,000 values",
      () => ((s) => ((s.products[0].demand.unitsPerOrder = { kind: "empirical", values: Array.from({ length: 10_000 }, (_, i) => i + 1) }), s))(base()),
      SHORT,
    ],
    ["lead time 3650 days", () => ((s) => ((s.suppliers[0].leadTimeDays = { kind: "fixed", value: 3650 }), s))(base()), SHORT],
    ["review period 3650", () => ((s) => ((s.products[0].policy = { kind: "baseStock", orderUpTo: 50, reviewPeriodDays: 3650 }), s))(base()), SHORT],
    [
      "price 1e9, cost 1e9",
      () =>
        ((s) => (s.products.forEach((p: any) => ((p.price = 1e9), (p.unitCost = 1e9), (p.lostSaleCost = 1e9), (p.backorderCostPerUnitDay = 1e9))), s))(base()),
      SHORT,
    ],
    ["order-up-to 1e12", () => ((s) => ((s.products[0].policy = { kind: "baseStock", orderUpTo: 1e12 }), s))(base()), SHORT],
    ["ids __proto__ and constructor", () => ((s) => ((s.products[0].id = "__proto__"), (s.products[1].id = "constructor"), s))(base()), SHORT],
    [
      "terminal escapes in names",
      () => ((s) => ((s.products[0].name = "\u001b]0;pwned\u0007\u001b[2J"), s))(base()),
      ["--runs", "3", "--horizon", "60", "--workers", "0"],
    ],
    ["capacity 1 order a day", () => ((s) => ((s.fulfillment = { capacityOrdersPerDay: 1 }), s))(basket()), SHORT],
    [
      "capacity 1, heavy demand",
      () => ((s) => ((s.fulfillment = { capacityOrdersPerDay: 1 }), s.products.forEach((p: any) => (p.demand.ordersPerDay = 20_000)), s))(basket()),
      SHORT,
    ],
    [
      "never catches up",
      () =>
        ((s) => (
          (s.products[0].demand.ordersPerDay = 60_000),
          (s.products[0].policy = { kind: "baseStock", orderUpTo: 100 }),
          (s.products[0].backorders = { mode: "allow" }),
          delete s.products[0].customers,
          (s.suppliers[0].leadTimeDays = { kind: "fixed", value: 120 }),
          s
        ))(base()),
      ["--runs", "2", "--workers", "0", "--json"],
    ],
    ["warm-up 3650 days", () => ((s) => ((s.warmupDays = 3650), s))(base()), SHORT],
    ["horizon 7300 days", () => base(), ["--runs", "2", "--horizon", "7300", "--workers", "0", "--json"]],
    [
      "every backorder mode, held baskets",
      () =>
        ((s) => (
          s.products.forEach(
            (p: any, i: number) => (p.backorders = i % 2 ? { mode: "cap", maxQuotedWaitDays: 3, maxBacklogUnits: 2 } : { mode: "allow", quoteBufferDays: 5 }),
          ),
          s
        ))(basket()),
      SHORT,
    ],
    ["delivered fraction 0.01", () => ((s) => ((s.suppliers[0].deliveredFraction = 0.01), s))(base()), SHORT],
  ];
  extremes.forEach(([label, make, args], i) => add("extreme", label, ["simulate", write(`x${i}.json`, JSON.stringify(make())), ...args]));

  // Shards: honest parts of one example, then every path of part 1 mutated, cut off, doubled or mixed.
  const shardSrc = join(ROOT, "scenarios/split-vs-hold-split.json");
  const part = (k: number, extra: string[] = []) => {
    const f = join(dir, `honest-${k}${extra.length ? "-other" : ""}.json`);
    execFileSync(process.execPath, [BIN, "simulate", shardSrc, "--runs", "6", "--horizon", "40", "--workers", "0", "--shard", `${k}/2`, "--out", f, ...extra]);
    return f;
  };
  const [p1, p2, other] = [part(1), part(2), part(2, ["--seed", "another"])];
  const honest = stripTiming(execFileSync(process.execPath, [BIN, "merge", p1, p2, "--json"], { maxBuffer: 256 << 20 }).toString());
  add("shard", "honest shards", ["merge", p1, p2, "--json"], honest);
  add("shard", "a shard given twice", ["merge", p1, p1, p2, "--json"], honest);
  add("shard", "shards of another seed", ["merge", p1, other, "--json"], honest);
  const shardDoc = JSON.parse(readFileSync(p1, "utf8"));
  const shardPaths = paths(shardDoc).length;
  const tampers = fc.sample(fc.tuple(fc.nat(), mutation), { seed: seed + 2, numRuns: Math.max(40, Math.round(mutants / 25)) });
  tampers.forEach(([pick, m], i) => {
    const f = write(`s${i}.json`, JSON.stringify(mutate(shardDoc, pick % shardPaths, m)));
    add("shard", `shard path #${pick % shardPaths} ${JSON.stringify(m).slice(0, 50)}`, ["merge", f, p2, "--json"], honest);
  });
  const shardText = readFileSync(p1, "utf8");
  for (const at of [0.1, 0.5, 0.9, 0.999])
    add("shard", `shard cut at ${at}`, ["merge", write(`sc${at}.json`, shardText.slice(0, Math.floor(at * shardText.length))), p2, "--json"], honest);

  // Hostile CSV files for fit: daily totals of two skus over 120 days, one cell or line spoiled.
  const rows = ["date,sku,units"];
  for (let d = 0; d < 120; d++) {
    const date = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
    rows.push(`${date},A,${(d * 7) % 5}`, `${date},B,${((d * 3) % 4) + 1}`);
  }
  const spoil: [string, (r: string[]) => string[]][] = [
    ["unclosed quote", (r) => ((r[20] = r[20].replace("A,", '"A,')), r)],
    ["hex units", (r) => ((r[30] = r[30].replace(/,\d+$/, ",0x10")), r)],
    ["binary and octal units", (r) => ((r[31] = r[31].replace(/,\d+$/, ",0b11")), (r[32] = r[32].replace(/,\d+$/, ",0o7")), r)],
    ["units 1e308", (r) => ((r[40] = r[40].replace(/,\d+$/, ",1e308")), r)],
    ["negative units", (r) => ((r[41] = r[41].replace(/,\d+$/, ",-5")), r)],
    ["formula sku", (r) => r.map((x, i) => (i > 0 && x.includes(",A,") ? x.replace(",A,", ",=HYPERLINK(1),") : x))],
    ["escape sku", (r) => r.map((x, i) => (i > 0 && x.includes(",B,") ? x.replace(",B,", ",\u001b]0;x\u0007,") : x))],
    ["bad date", (r) => ((r[50] = r[50].replace(/^[^,]+/, "2025-02-30")), r)],
    ["huge cell", (r) => ((r[60] = r[60].replace(",A,", `,${"A".repeat(1_000_000)},`)), r)],
    ["header only", (r) => r.slice(0, 1)],
    ["empty file", () => []],
    ["BOM and CRLF", (r) => ["\ufeff" + r[0], ...r.slice(1)].map((x) => x + "\r")],
    ["missing column", (r) => ((r[70] = r[70].split(",").slice(0, 2).join(",")), r)],
  ];
  spoil.forEach(([label, f], i) => add("csv", label, ["fit", write(`c${i}.csv`, f(rows.slice()).join("\n")), "--json"]));

  // Command-line options.
  const ex = join(ROOT, "scenarios/default-shop.json");
  const opts: string[][] = [
    ["--runs", "0"],
    ["--runs", "-1"],
    ["--runs", "1e3"],
    ["--runs", "0x10"],
    ["--runs", "99999999999"],
    ["--horizon", "100000"],
    ["--horizon", "0"],
    ["--workers", "1000"],
    ["--seed", ""],
    ["--precision", "toString=0.1"],
    ["--precision", "__proto__=0.1"],
    ["--precision", "constructor=0.1"],
    ["--precision", "profit=-1"],
    ["--shard", "3/2"],
    ["--csv"],
  ];
  opts.forEach((o, i) => add("option", `simulate ${o.join(" ")}`, ["simulate", ex, "--workers", "0", ...o, ...(i === 0 ? [] : ["--json"])]));
  add("option", "recommend --runs 10000000", ["recommend", ex, "--runs", "10000000", "--workers", "0"]);
  add("option", "optimize --runs 10000000", ["optimize", ex, "--product", "all", "--runs", "10000000", "--workers", "0"]);

  // Share links, decoded in-process: damaged encodings and links of mutated scenarios.
  for (const link of ["%E0", "#s=%E0", "#s=", "s=" + "A".repeat(3_000_000), "#s=!!!!", "#s=" + "%".repeat(100)])
    add("share", `link ${JSON.stringify(link.slice(0, 20))}`, [link]);
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Judging an outcome

function classify(c: Case, code: number, out: string, err: string): { outcome: Outcome; detail?: string } {
  if (c.kind === "share") return code === 0 || code === 2 ? { outcome: code === 2 ? "refused" : "ran" } : { outcome: "crash", detail: err.slice(0, 300) };
  if (code !== 0 && code !== 2) return { outcome: "crash", detail: err.slice(0, 300) };
  if (c.kind === "shard") {
    if (code === 2) return /\.json/.test(err) ? { outcome: "refused" } : { outcome: "noWhere", detail: err.slice(0, 300) };
    return stripTiming(out) === c.expect ? { outcome: "ran" } : { outcome: "tamperAccepted", detail: c.label };
  }
  if (code === 2) {
    if (/product-days/.test(err)) return { outcome: "refusedBySize" };
    if (/are waiting at once|not finite|overflow/.test(err)) return { outcome: "stopped" };
    if (c.kind === "option") return { outcome: "refused" };
    const file = c.args[1];
    const where = err.includes(file) && (/line \d+/.test(err) || /\.(json|csv): (?:[^\s:]+: |row|line)/.test(err) || /\.csv/.test(err));
    return where ? { outcome: "refused" } : { outcome: "noWhere", detail: err.slice(0, 300) };
  }
  if (c.args.includes("--json") && (c.args[0] === "simulate" || c.args[0] === "merge")) {
    let doc: unknown;
    try {
      doc = JSON.parse(out);
    } catch {
      return { outcome: "crash", detail: `stdout is not JSON: ${out.slice(0, 200)}` };
    }
    const problems = resultProblems(doc);
    if (problems.length) {
      const kind = problems[0].split(":")[0] as Outcome;
      return { outcome: kind, detail: problems.slice(0, 3).join("; ") };
    }
  }
  if (c.kind === "csv" && c.args.includes("--json")) {
    const nulls = /"ordersPerDay": null|"mean": null/.exec(out);
    if (nulls) return { outcome: "nonFinite", detail: nulls[0] };
  }
  if (/\u001b/.test(out + err) && !c.args.includes("--json")) return { outcome: "crash", detail: "a raw escape character reached the terminal" };
  return { outcome: "ran" };
}

// ---------------------------------------------------------------------------------------------
// The in-process child: runs cases in order and reports each to the parent.

async function child(casesFile: string, from: number): Promise<void> {
  const cases = JSON.parse(readFileSync(casesFile, "utf8")) as Case[];
  const { main } = await import("../src/cli/main.ts");
  const { decodeShareLink } = await import("../src/io/shareLink.ts");
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  for (let i = from; i < cases.length; i++) {
    const c = cases[i];
    process.send!({ start: i });
    let out = "";
    let err = "";
    let code: number;
    const t0 = performance.now();
    if (c.kind === "share") {
      try {
        const r = await decodeShareLink(c.args[0]);
        code = r.ok ? 0 : 2;
      } catch (e) {
        code = 1;
        err = String((e as Error)?.stack ?? e);
      }
    } else {
      process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
      process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
      try {
        code = await main(c.args);
      } catch (e) {
        code = 1;
        err += String((e as Error)?.stack ?? e);
      } finally {
        process.stdout.write = realOut;
        process.stderr.write = realErr;
      }
    }
    const verdict = classify(c, code, out, err);
    process.send!({ done: i, ms: performance.now() - t0, ...verdict });
  }
  process.send!({ finished: true });
}

// ---------------------------------------------------------------------------------------------
// The parent: the in-process pass (child with a watchdog), then the process pass.

interface Tally {
  counts: Record<string, number>;
  failures: { id: number; kind: string; label: string; outcome: Outcome; detail?: string; via: string }[];
}

function record(t: Tally, c: Case, outcome: Outcome, detail: string | undefined, via: string): void {
  t.counts[outcome] = (t.counts[outcome] ?? 0) + 1;
  if (FAILURES.includes(outcome)) t.failures.push({ id: c.id, kind: c.kind, label: c.label, outcome, detail, via });
}

async function inProcessPass(cases: Case[], casesFile: string, timeoutMs: number, memoryMB: number, t: Tally, log: (s: string) => void): Promise<void> {
  let next = 0;
  while (next < cases.length) {
    const from = next;
    await new Promise<void>((resolve) => {
      const proc: ChildProcess = spawn(process.execPath, [`--max-old-space-size=${memoryMB}`, "--import", "tsx", SELF, "--child", casesFile, String(from)], {
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        cwd: ROOT,
      });
      let current = from;
      let timer: NodeJS.Timeout | undefined;
      let stderr = "";
      proc.stderr!.on("data", (d) => (stderr = (stderr + String(d)).slice(-2000)));
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          record(t, cases[current], "hang", `no answer within ${timeoutMs / 1000} s`, "in-process");
          next = current + 1;
          proc.kill("SIGKILL");
        }, timeoutMs);
      };
      arm();
      proc.on("message", (m: any) => {
        if (m.start !== undefined) {
          current = m.start;
          arm();
        } else if (m.done !== undefined) {
          record(t, cases[m.done], m.outcome, m.detail, "in-process");
          next = m.done + 1;
          if (m.done % 200 === 0) log(`  ${m.done + 1} of ${cases.length}`);
        } else if (m.finished) next = cases.length;
      });
      proc.on("exit", (code, signal) => {
        clearTimeout(timer);
        if (next <= current && next < cases.length) {
          // Died on a case without answering: out of memory or a crash of the process.
          record(t, cases[current], "crash", `process ended (${signal ?? code}): ${stderr.slice(-300)}`, "in-process");
          next = current + 1;
        }
        resolve();
      });
    });
  }
}

function runProcess(c: Case, timeoutMs: number, memoryMB: number): Promise<{ code: number; out: string; err: string; hung: boolean }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [`--max-old-space-size=${memoryMB}`, BIN, ...c.args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let hung = false;
    proc.stdout.on("data", (d) => (out += String(d)));
    proc.stderr.on("data", (d) => (err += String(d)));
    const timer = setTimeout(() => ((hung = true), proc.kill("SIGKILL")), timeoutMs);
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 137 : 1), out, err, hung });
    });
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--child") {
    await child(argv[1], Number(argv[2]));
    return 0;
  }
  const seed = Number(arg(argv, "seed", "19"));
  const mutants = Number(arg(argv, "mutants", "3000"));
  const viaProcess = Number(arg(argv, "process", "300"));
  const timeoutMs = Number(arg(argv, "timeout", "60")) * 1000;
  const memoryMB = Number(arg(argv, "memory", "3072"));
  const log = (s: string) => process.stderr.write(s + "\n");
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "bl-campaign-"));
  log(`campaign: seed ${seed}, ${mutants} mutants, files in ${dir}`);
  const cases = buildCases(seed, mutants, dir);
  const casesFile = join(dir, "cases.json");
  writeFileSync(casesFile, JSON.stringify(cases));
  const byKind: Record<string, number> = {};
  for (const c of cases) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  log(
    `${cases.length} cases: ${Object.entries(byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ")}`,
  );

  const inProc: Tally = { counts: {}, failures: [] };
  log("in-process pass …");
  await inProcessPass(cases, casesFile, timeoutMs, memoryMB, inProc, log);

  // The process pass: every case of the small kinds, and mutants spread evenly to fill `viaProcess`.
  const proc: Tally = { counts: {}, failures: [] };
  const small = cases.filter((c) => c.kind !== "mutant" && c.kind !== "share");
  const mutantsOnly = cases.filter((c) => c.kind === "mutant");
  const room = Math.max(0, viaProcess - small.length);
  const picked = [...small, ...mutantsOnly.filter((_, i) => room > 0 && i % Math.max(1, Math.floor(mutantsOnly.length / room)) === 0).slice(0, room)].slice(
    0,
    viaProcess,
  );
  log(`process pass: ${picked.length} cases through ${BIN} (timeout ${timeoutMs / 1000} s, --max-old-space-size=${memoryMB}) …`);
  for (const [k, c] of picked.entries()) {
    const r = await runProcess(c, timeoutMs, memoryMB);
    if (r.hung) record(proc, c, "hang", `killed after ${timeoutMs / 1000} s`, "process");
    else {
      const v = classify(c, r.code, r.out, r.err);
      record(proc, c, v.outcome, v.detail, "process");
    }
    if (k % 50 === 0) log(`  ${k + 1} of ${picked.length}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const failures = [...inProc.failures, ...proc.failures];
  const report = {
    seed,
    mutants,
    cases: cases.length,
    byKind,
    inProcess: inProc.counts,
    process: { cases: picked.length, ...proc.counts },
    seconds: Math.round(seconds),
    failures,
  };
  if (argv.includes("--json")) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    const fmt = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ");
    process.stdout.write(
      [
        `hostile campaign, seed ${seed}: ${cases.length} cases (${Object.entries(byKind)
          .map(([k, n]) => `${n} ${k}`)
          .join(", ")}) in ${Math.round(seconds)} s`,
        `  in-process: ${fmt(inProc.counts)}`,
        `  through bin/backorder-lab.mjs (${picked.length}): ${fmt(proc.counts)}`,
        `  failures: ${FAILURES.map((f) => `${f} ${failures.filter((x) => x.outcome === f).length}`).join(", ")}`,
        ...failures.slice(0, 40).map((f) => `    [${f.via}] ${f.outcome}: ${f.kind} ${f.label} — ${f.detail ?? ""}`),
      ].join("\n") + "\n",
    );
  }
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
