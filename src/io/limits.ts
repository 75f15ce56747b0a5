import { formatCount, type Issue } from "./issue.ts";

/**
 * Hard limits on a scenario: beyond them a run cannot be useful in a browser tab or a CLI batch, so
 * they are validation errors rather than warnings. Work estimates (src/io/estimate.ts) catch the
 * softer "this will take hours" cases.
 *
 * The horizon limit is 20 years, not 10: the textbook steady-state cases
 * (shared/validation/textbook-cases.json) run 5,000 days to keep standard errors small.
 */
export const LIMITS = {
  maxHorizonDays: 7_300,
  maxWarmupDays: 3_650,
  maxProducts: 5_000,
  maxSuppliers: 5_000,
  maxRuns: 10_000_000,
} as const;

/**
 * Checks run settings given outside the file (the CLI's --runs and --horizon, the app's run box),
 * which bypass parseScenario, against the same limits. Paths name the option.
 */
export function checkRunOverrides(o: { runs?: number; horizonDays?: number }): Issue[] {
  const issues: Issue[] = [];
  const check = (path: string, v: number | undefined, min: number, max: number) => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max)
      issues.push({ path, message: `must be a whole number from ${formatCount(min)} to ${formatCount(max)}, got ${Number.isFinite(v) ? formatCount(v) : String(v)}` });
  };
  check("runs", o.runs, 1, LIMITS.maxRuns);
  check("horizonDays", o.horizonDays, 1, LIMITS.maxHorizonDays);
  return issues;
}
