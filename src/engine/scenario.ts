/**
 * The typed scenario (format version 1, docs/model.md §3). `src/io/parseScenario` turns unknown JSON
 * into this type or a list of errors; after that the engine trusts it. Optional fields carry their
 * defaults in `src/engine/defaults.ts`.
 */

export const SCENARIO_VERSION = 1;

/** Probability distributions (docs/model.md §3.1): one module per family in src/engine/kinds/distribution/, registered in its index.ts. */
export type { Dist, DistKind } from "./kinds/distribution/index.ts";
import type { Dist } from "./kinds/distribution/index.ts";

export type { OrderCount, OrderCountKind } from "./kinds/orderCount.ts";
import type { OrderCount } from "./kinds/orderCount.ts";

/** A random shock: starts with a daily probability, lasts a random number of days. */
export interface RandomShock {
  probabilityPerDay: number;
  multiplier: Dist;
  durationDays: Dist;
}

/** A scheduled shock: a known promotion or event on day `startDay` (counted after warm-up). */
export interface ScheduledShock {
  startDay: number;
  durationDays: number;
  multiplier: number;
}

export type Shock = RandomShock | ScheduledShock;

export interface Demand {
  ordersPerDay: number;
  orderCount: OrderCount;
  unitsPerOrder: Dist;
  /** Mon..Sun multipliers. */
  weekly?: number[];
  /** Jan..Dec multipliers at mid-month, linearly interpolated by day, December wrapping to January. */
  monthly?: number[];
  /** "smooth" (default): `monthly` interpolated by day; "step": each calendar month at its own multiplier. */
  monthlyShape?: "smooth" | "step";
  trendPerYear?: number;
  shocks?: Shock[];
}

export type SafetyStockSpec = { units: number } | { days: number } | { serviceLevel: number };

/** Replenishment policies: one module per kind in src/engine/kinds/policy/, registered in its index.ts. */
export type { Policy, PolicyKind } from "./kinds/policy/index.ts";
import type { Policy } from "./kinds/policy/index.ts";

/**
 * Where replenishment comes from, tagged by `kind` (docs/model.md §3): one module per kind in
 * src/engine/kinds/sourcing/, registered in its index.ts. Files written before `kind` existed are read
 * by inferring it from the fields (src/engine/sourcing.ts, src/io/migrate.ts).
 */
export type { Expedite, Sourcing, SourcingKind } from "./kinds/sourcing/index.ts";
import type { Sourcing } from "./kinds/sourcing/index.ts";

/**
 * `quoteBufferDays` (allow and cap; default 0): days added to the restock date the shop quotes, as
 * shops quote conservatively. It is an addition to the DESIGN §4 contract (docs/model.md §4).
 */
export type Backorders =
  | { mode: "allow"; quoteBufferDays?: number }
  | { mode: "deny" }
  | { mode: "cap"; maxQuotedWaitDays: number; maxBacklogUnits?: number; quoteBufferDays?: number };

export type BackorderMode = Backorders["mode"];

export interface Customers {
  /** Drawn per order; a quoted wait above it makes the customer balk. Absent: everyone waits. */
  willingToWaitDays?: Dist;
  cancelHazardPerDay?: number;
  lateCancelHazardPerDay?: number;
}

export interface Product {
  id: string;
  name: string;
  category?: string;
  price: number;
  unitCost: number;
  holdingCostPerUnitDay: number;
  /** Default 0. */
  backorderCostPerUnitDay?: number;
  /** Default 0. */
  lostSaleCost?: number;
  /** Default: the policy's target level. */
  initialOnHand?: number;
  demand: Demand;
  policy: Policy;
  sourcing: Sourcing;
  backorders: Backorders;
  customers?: Customers;
}

export interface Disruptions {
  probabilityPerDay: number;
  durationDays: Dist;
  /** halt: no shipments leave or arrive while disrupted; delay: orders in flight slip by the outage. */
  effect: "halt" | "delay";
}

export interface Supplier {
  id: string;
  name: string;
  leadTimeDays: Dist;
  unitCostMultiplier?: number;
  fixedOrderCost?: number;
  minOrderQuantity?: number;
  orderMultiple?: number;
  deliveredFraction?: number;
  disruptions?: Disruptions;
}

export interface Fulfillment {
  /** Absent: unlimited. */
  capacityOrdersPerDay?: number;
  shippingCostPerShipment?: number;
  splitShipments?: boolean;
  surge?: { extraOrdersPerDay: number; costPerOrder: number; whenBacklogOrdersAbove: number };
}

export interface Baskets {
  extraLinesPerOrder: Dist;
}

export interface Scenario {
  $schema?: string;
  version: 1;
  name: string;
  description?: string;
  /** ISO date (YYYY-MM-DD) of day 0 after warm-up. */
  startDate: string;
  horizonDays: number;
  warmupDays: number;
  runs: number;
  seed: string;
  currency: string;
  products: Product[];
  suppliers: Supplier[];
  fulfillment?: Fulfillment;
  baskets?: Baskets;
}

/** Exhaustiveness guard for switches over tagged unions. */
export function assertNever(x: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
