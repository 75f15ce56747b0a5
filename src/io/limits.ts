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
