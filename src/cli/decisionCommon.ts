/**
 * What the decision commands (compare, optimize, recommend, sensitivity) share: reading and
 * validating scenario files, common options (--runs, --seed, --horizon, --workers, --json), the
 * runner, a progress line on stderr, and turning bad-input errors into exit 2.
 */
import { availableParallelism, totalmem } from "node:os";
import type { Scenario } from "../engine/scenario.ts";
import { formatIssue } from "../io/issue.ts";
import { formatCount } from "../format/number.ts";
import { LIMITS } from "../io/limits.ts";
import { estimateWork } from "../io/estimate.ts";
import { parseScenarioText } from "../io/parseScenario.ts";
import { AnalysisInputError } from "../analysis/inputError.ts";
import type { Progress, Runner } from "../runner/types.ts";
import { createInThreadRunner } from "../runner/inThread.ts";
import { createNodeRunner } from "../runner/nodeRunner.ts";
import { isSimulationLimitError } from "../engine/limits.ts";
import { SimulationTooBigError } from "../runner/errors.ts";
import { CliError, CliHelp, readTextFile } from "./errors.ts";
import { terminalCell, writeStatus } from "./terminal.ts";

export interface CommonOptions {
  runs?: number;
  seed?: string;
  horizon?: number;
  workers?: number;
  json: boolean;
}

/** A small option reader: `--name value` / `--name=value`, flags, positionals; unknown options are errors. */
export class ArgReader {
  readonly positionals: string[] = [];
  private readonly values = new Map<string, string[]>();
  private readonly flags = new Set<string>();

  constructor(
    args: string[],
    spec: { values: string[]; flags: string[] },
    readonly usage: string,
  ) {
    if (args.includes("--help") || args.includes("-h")) throw new CliHelp(usage);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith("--")) {
        const eq = a.indexOf("=");
        const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
        if (spec.flags.includes(name)) {
          if (eq > 0) throw new CliError(`--${name} takes no value\n${usage}`);
          this.flags.add(name);
        } else if (spec.values.includes(name)) {
          const v = eq > 0 ? a.slice(eq + 1) : args[++i];
          if (v === undefined) throw new CliError(`--${name} needs a value\n${usage}`);
          // `--csv --json` is a missing value, not a directory named "--json" (--name=--x passes one on purpose).
          if (eq < 0 && v.startsWith("--")) throw new CliError(`--${name} needs a value, got the option ${v}\n${usage}`);
          this.values.set(name, [...(this.values.get(name) ?? []), v]);
        } else throw new CliError(`unknown option ${a}\n${usage}`);
      } else this.positionals.push(a);
    }
  }

  flag(name: string): boolean {
    return this.flags.has(name);
  }

  value(name: string): string | undefined {
    const v = this.values.get(name);
    return v?.[v.length - 1];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** A whole number in [min, max], written in decimal digits (no 1e3, 0x10 or 2.0). */
  int(name: string, min: number, max = Number.MAX_SAFE_INTEGER, why = ""): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const n = /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${formatCount(min)}` : `from ${formatCount(min)} to ${formatCount(max)}${why ? ` (${why})` : ""}`;
      throw new CliError(`--${name}: must be a whole number ${range}, got ${JSON.stringify(shorten(v))}`);
    }
    return n;
  }

  fraction(name: string): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const pct = v.trim().endsWith("%");
    const n = Number(pct ? v.trim().slice(0, -1) : v) / (pct ? 100 : 1);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new CliError(`--${name}: must be a fraction between 0 and 1 (or a percentage), got ${JSON.stringify(v)}`);
    return n;
  }

  /** The options every simulating command takes, within the scenario's own limits (src/io/limits.ts). */
  common(): CommonOptions {
    return {
      runs: this.int("runs", 1, LIMITS.maxRuns, "the most runs a scenario may ask for"),
      seed: this.value("seed"),
      horizon: this.int("horizon", 1, LIMITS.maxHorizonDays, "20 years"),
      workers: this.int("workers", 0, MAX_WORKERS, "0 simulates on the main thread"),
      json: this.flag("json"),
    };
  }
}

/** More worker threads than this only add memory. */
export const MAX_WORKERS = 256;

/** A value as shown in a message: at most 60 characters. */
function shorten(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}…` : v;
}

export const COMMON_VALUES = ["runs", "seed", "horizon", "workers"];
export const COMMON_FLAGS = ["json"];

/** Reads and validates a scenario file; every problem is reported with the file name, exit 2. */
export async function loadScenario(file: string, o: Pick<CommonOptions, "seed" | "horizon" | "runs">): Promise<Scenario> {
  const text = await readTextFile(file);
  const r = parseScenarioText(text, file);
  if (!r.ok) {
    const lines = r.errors.map((e) => `${file}: ${formatIssue(e)}`);
    throw new CliError(`${file} is not a valid scenario:\n  ${lines.join("\n  ")}`);
  }
  const s = r.scenario;
  if (o.seed !== undefined) s.seed = o.seed;
  if (o.horizon !== undefined) s.horizonDays = o.horizon;
  if (o.runs !== undefined) s.runs = o.runs;
  return s;
}

/**
 * Refuses up front a command whose simulations together would take hours or exhaust memory: each
 * job is checked again by the runner, but a decision runs many (`jobs` of the scenario's size).
 */
export function refuseTooBig(s: Scenario, o: Pick<CommonOptions, "runs" | "workers">, jobs: number, what: string): void {
  const workers = o.workers === 0 ? 1 : (o.workers ?? Math.max(1, Math.min(availableParallelism(), 8)));
  const runs = o.runs ?? s.runs;
  const est = estimateWork(s, { runs: Math.max(1, Math.round(runs * jobs)), workers, memoryLimitBytes: Math.floor(0.6 * totalmem()) });
  const times = jobs <= 1 ? "once" : `about ${formatCount(Math.ceil(jobs))} times`;
  if (est.tooBig) throw new CliError(`${what} simulates the scenario ${times} at ${formatCount(runs)} runs; together: ${est.message}`);
}

export function makeRunner(workers: number | undefined): Runner {
  if (workers === 0) return createInThreadRunner();
  return createNodeRunner({ workers: workers ?? Math.max(1, Math.min(availableParallelism(), 8)) });
}

/** Runs `f` with a runner, disposes it, and maps bad-input errors from the analysis to exit 2. */
export async function withRunner<T>(workers: number | undefined, f: (r: Runner) => Promise<T>): Promise<T> {
  const runner = makeRunner(workers);
  try {
    return await f(runner);
  } catch (err) {
    if (err instanceof AnalysisInputError) throw new CliError(err.message);
    // Too big to start, or stopped by a limit while running: the scenario's size, not a bug.
    if (err instanceof SimulationTooBigError || isSimulationLimitError(err)) throw new CliError(err.message);
    throw err;
  } finally {
    runner.dispose();
  }
}

/** A one-line progress bar on stderr, only on a terminal (pipes and CI logs stay clean). */
export function progressLine(label: string): { update(p: Progress, prefix?: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  return {
    update(p, prefix = "") {
      if (!tty) return;
      const f = p.runsTotal > 0 ? p.runsDone / p.runsTotal : 0;
      const width = 24;
      const bar = "#".repeat(Math.round(f * width)).padEnd(width, ".");
      writeStatus(`\r${terminalCell(label)}${prefix ? " " + terminalCell(prefix) : ""} [${bar}] ${Math.round(f * 100)} %   `);
    },
    done() {
      if (tty) writeStatus("\r\x1b[K");
    },
  };
}

export function printJson(doc: unknown): void {
  process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
}

/** Fixed-width text table; control characters in cells (names, ids) are shown escaped. */
export function table(header: string[], rows: string[][], align: ("l" | "r")[] = []): string {
  header = header.map((c) => terminalCell(c ?? ""));
  rows = rows.map((r) => r.map((c) => terminalCell(c ?? "")));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (align[i] === "r" ? (c ?? "").padStart(widths[i]) : (c ?? "").padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)].join("\n");
}
