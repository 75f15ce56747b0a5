import { type Issue } from "./issue.ts";
import { formatCount } from "../format/number.ts";

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
 * The range of every number in a scenario: beyond these a value is a typo or an attack, not a plan,
 * and arithmetic or memory would give out before a run ends. Each is checked by the parser with a
 * sentence that names the limit (RANGE_REASONS). Combinations within range that would still take
 * hours or more memory than the machine has are refused by the work estimate (estimate.ts).
 */
export const RANGES = {
  /** Mean customer orders a day of one product, before multipliers. */
  ordersPerDay: 1_000_000,
  /** Weekly, monthly and shock multipliers of demand. */
  multiplier: 1_000,
  /** Compounding growth a year (10 = eleven times as much each year). */
  trendPerYear: 10,
  /** Units of one order line (any parameter of unitsPerOrder). */
  unitsPerLine: 1_000_000,
  /** Lead times, review periods and quote buffers: ten years. */
  leadTimeDays: 3_650,
  reviewPeriodDays: 3_650,
  quoteDays: 3_650,
  /** Shocks and outages may last as long as a run can (horizon + warm-up). */
  durationDays: LIMITS.maxHorizonDays + LIMITS.maxWarmupDays,
  /** How long a customer is willing to wait: a hundred years is "forever". */
  patienceDays: 36_500,
  /** Stock levels, order quantities and backlog thresholds. */
  units: 1_000_000_000_000,
  /** Prices, costs per unit and per unit-day, per shipment, per order. */
  money: 1_000_000_000,
  /** Fixed cost of one replenishment order. */
  fixedOrderCost: 1_000_000_000_000,
  /** Supplier cost multiplier. */
  costMultiplier: 1_000,
  /** Shipping capacity and surge, orders a day. */
  ordersShippedPerDay: 1_000_000_000,
  /** The smallest negative-binomial dispersion: below it a day's orders are all or nothing. */
  minDispersion: 0.001,
  /** Values of one empirical distribution. */
  empiricalValues: 10_000,
} as const;

/** Why each range is what it is, by field name, appended to "must be ≤ …". */
export const RANGE_REASONS: Record<string, string> = {
  ordersPerDay: "the most orders a day one product can have",
  weekly: "the largest demand multiplier",
  monthly: "the largest demand multiplier",
  multiplier: "the largest demand multiplier",
  trendPerYear: "growth of at most eleven times a year",
  unitsPerOrder: "the most units one order line can have",
  leadTimeDays: "lead times of at most ten years",
  reviewPeriodDays: "at least one review every ten years",
  quoteBufferDays: "a buffer of at most ten years",
  maxQuotedWaitDays: "at most ten years",
  durationDays: "as long as the longest run (horizon and warm-up)",
  startDay: "within the longest horizon",
  willingToWaitDays: "a hundred years is forever",
  extraLinesPerOrder: "a basket cannot hold more lines than the products there may be",
  dispersion: "at least 0.001; smaller makes a day's orders all or nothing",
};

/**
 * Checks run settings given outside the file (the CLI's --runs and --horizon, the app's run box),
 * which bypass parseScenario, against the same limits. Paths name the option.
 */
export function checkRunOverrides(o: { runs?: number; horizonDays?: number }): Issue[] {
  const issues: Issue[] = [];
  const check = (path: string, v: number | undefined, min: number, max: number) => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max)
      issues.push({
        path,
        message: `must be a whole number from ${formatCount(min)} to ${formatCount(max)}, got ${Number.isFinite(v) ? formatCount(v) : String(v)}`,
      });
  };
  check("runs", o.runs, 1, LIMITS.maxRuns);
  check("horizonDays", o.horizonDays, 1, LIMITS.maxHorizonDays);
  return issues;
}
