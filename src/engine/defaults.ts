/**
 * Defaults for every optional scenario field, in one place (docs/model.md lists them too).
 * `compileScenario` applies them; nothing else in the engine should invent a default.
 */
import type { Expedite } from "./scenario.ts";

export const DEFAULTS = {
  /** Demand multipliers absent: flat. */
  weeklyMultiplier: 1,
  monthlyMultiplier: 1,
  trendPerYear: 0,
  /** Every policy reviews daily unless told otherwise. */
  reviewPeriodDays: 1,
  /** Supplier terms. */
  unitCostMultiplier: 1,
  fixedOrderCost: 0,
  minOrderQuantity: 0,
  orderMultiple: 1,
  deliveredFraction: 1,
  /** Backorders quote the expected restock date itself (docs/model.md §4). */
  quoteBufferDays: 0,
  /** Customers absent: everyone waits, nobody cancels. */
  willingToWaitDays: Infinity,
  cancelHazardPerDay: 0,
  lateCancelHazardPerDay: 0,
  /** Backup sourcing without an `expedite` block: use the backup while the primary is disrupted. */
  expedite: { whenPrimaryDisrupted: true } satisfies Expedite as Expedite,
  /** Penalties a scenario does not state are 0. */
  backorderCostPerUnitDay: 0,
  lostSaleCost: 0,
  /** Fulfilment (or its capacity) absent: unlimited capacity, free shipping, orders wait whole. */
  capacityOrdersPerDay: Infinity,
  shippingCostPerShipment: 0,
  splitShipments: false,
} as const;
