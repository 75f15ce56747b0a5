/**
 * The structure of a version-1 scenario as a zod schema (docs/model.md §3). It is the single source
 * for parsing (`parseScenario`) and for the editor's JSON Schema (`scenarioJsonSchema`), so the two
 * cannot drift. Checks that involve two fields of one object (min ≤ max, reorder point ≤ order-up-to,
 * shares summing to 1) live here too, as refinements; checks across the whole file (supplier
 * references, duplicate ids) are in crossChecks.ts because they must run even when other parts fail.
 *
 * Objects are strict: an unknown field is an error, because a misspelt optional field would
 * otherwise be ignored and the scenario silently misread.
 */
import * as z from "zod";
import type { Dist, Scenario } from "../engine/scenario.ts";
import { distFamilyOf, isDistKind } from "../engine/kinds/distribution/index.ts";
import { formatCount } from "../format/number.ts";
import { LIMITS, RANGES } from "./limits.ts";

/** Descriptions and $def ids for the JSON Schema; a private registry so reloading the module is safe. */
export const schemaRegistry = z.registry<{ id?: string; title?: string; description?: string }>();

function doc<T extends z.ZodType>(schema: T, description: string, id?: string): T {
  schemaRegistry.add(schema, id ? { id, description } : { description });
  return schema;
}

const nonNegative = () => z.number().min(0);
const positive = () => z.number().gt(0);
const probability = () => z.number().min(0).max(1);
const wholeNonNegative = () => z.int().min(0);
const wholePositive = () => z.int().min(1);
/** Bounded kinds of number (limits.ts RANGES): each says what it measures by its maximum. */
const money = () => nonNegative().max(RANGES.money);
const units = () => wholeNonNegative().max(RANGES.units);
const multiplier = () => nonNegative().max(RANGES.multiplier);
const distNumber = () => nonNegative();

type RefineCtx = z.core.$RefinementCtx;
const fail = (ctx: RefineCtx, path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

// ---------------------------------------------------------------------------------------------
// Distributions (§3.1). Every Dist in the format measures something that cannot be negative (days,
// units, multipliers), so the support must lie in [0, ∞).

/** A family's checks between parameters (src/engine/kinds/distribution/), reported where they point. */
const familyProblems = <D extends Dist>(d: D, ctx: RefineCtx) => {
  for (const p of distFamilyOf(d).problems(d)) fail(ctx, p.path, p.message);
};

const FixedDist = z.strictObject({ kind: z.literal("fixed"), value: distNumber() }).superRefine(familyProblems);
const UniformDist = z.strictObject({ kind: z.literal("uniform"), min: distNumber(), max: distNumber() }).superRefine(familyProblems);
const TriangularDist = z.strictObject({ kind: z.literal("triangular"), min: distNumber(), mode: distNumber(), max: distNumber() }).superRefine(familyProblems);
const NormalDist = z.strictObject({ kind: z.literal("normal"), mean: positive(), sd: distNumber() }).superRefine(familyProblems);
const LognormalDist = z.strictObject({ kind: z.literal("lognormal"), mean: positive(), sd: distNumber() }).superRefine(familyProblems);
const GammaDist = z.strictObject({ kind: z.literal("gamma"), mean: positive(), sd: positive() }).superRefine(familyProblems);
const ExponentialDist = z.strictObject({ kind: z.literal("exponential"), mean: positive() }).superRefine(familyProblems);
const PoissonDist = z.strictObject({ kind: z.literal("poisson"), mean: distNumber() }).superRefine(familyProblems);
const EmpiricalDist = z
  .strictObject({
    kind: z.literal("empirical"),
    values: z.array(distNumber()).min(1).max(RANGES.empiricalValues),
    weights: z.array(nonNegative().max(Number.MAX_SAFE_INTEGER)).optional(),
  })
  .superRefine(familyProblems);

export const DistSchema = doc(
  z.discriminatedUnion("kind", [FixedDist, UniformDist, TriangularDist, NormalDist, LognormalDist, GammaDist, ExponentialDist, PoissonDist, EmpiricalDist]),
  "A probability distribution: fixed, uniform, triangular, normal, lognormal (mean/sd of the variable itself), gamma, exponential, poisson or empirical. Integer uses round to nearest and clamp to the field's minimum.",
  "Dist",
);

/**
 * A Dist field with its own description. zod keeps metadata per schema instance, so describing
 * DistSchema itself at each use would overwrite the shared definition; a lazy wrapper is a new
 * instance that the JSON Schema renders as a $ref to the one `Dist` definition.
 */
const distField = (max: number, unit: string) => z.lazy(() => DistSchema).superRefine((d, ctx) => distWithin(d, max, unit, ctx));

/** The parameters of a distribution that bound its values: none may exceed the field's range. */
function distWithin(d: z.output<typeof DistSchema>, max: number, unit: string, ctx: RefineCtx): void {
  if (!d || typeof d !== "object" || !isDistKind(d.kind)) return;
  for (const b of distFamilyOf(d).beyond(d, max))
    fail(ctx, b.path, `must be ≤ ${formatCount(max)} ${unit}, got ${b.value >= 10_000 ? formatCount(b.value) : b.value}`);
}

// ---------------------------------------------------------------------------------------------
// Demand (§3.2)

const OrderCountSchema = doc(
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("poisson") }),
    z.strictObject({ kind: z.literal("negativeBinomial"), dispersion: z.number().min(RANGES.minDispersion) }),
  ]),
  'How the number of orders per day varies: "poisson", or "negativeBinomial" with variance = mean + mean²/dispersion.',
);

const RandomShockSchema = z.strictObject({
  probabilityPerDay: doc(probability(), "Chance that a shock starts on any given day."),
  multiplier: doc(distField(RANGES.multiplier, "(the largest demand multiplier)"), "Demand multiplier while the shock lasts."),
  durationDays: doc(distField(RANGES.durationDays, "days (the longest run)"), "How long the shock lasts (days)."),
});
const ScheduledShockSchema = z.strictObject({
  startDay: doc(wholeNonNegative().max(RANGES.durationDays), "First day of the event, counted from startDate (0 = startDate)."),
  durationDays: doc(wholePositive().max(RANGES.durationDays), "Length of the event in days."),
  multiplier: doc(multiplier(), "Demand multiplier during the event (2 = double demand)."),
});
const ShockSchema = doc(
  z.union([RandomShockSchema, ScheduledShockSchema]),
  "A random shock {probabilityPerDay, multiplier, durationDays} or a scheduled event {startDay, durationDays, multiplier}.",
);

const DemandSchema = z.strictObject({
  ordersPerDay: doc(nonNegative().max(RANGES.ordersPerDay), "Mean customer orders per day before multipliers."),
  orderCount: OrderCountSchema,
  unitsPerOrder: doc(distField(RANGES.unitsPerLine, "units per order line"), "Units per order line; rounded, at least 1."),
  weekly: doc(z.array(multiplier()).length(7).optional(), "Seven multipliers, Monday to Sunday."),
  monthly: doc(z.array(multiplier()).length(12).optional(), "Twelve multipliers, January to December, at mid-month; interpolated by day."),
  monthlyShape: doc(
    z.enum(["smooth", "step"]).optional(),
    'How the monthly multipliers apply: "smooth" (default) interpolates between mid-month points by day; "step" holds each calendar month at its own multiplier.',
  ),
  trendPerYear: doc(z.number().gt(-1).max(RANGES.trendPerYear).optional(), "Compounding growth per year (0.05 = +5 % a year)."),
  shocks: z.array(ShockSchema).optional(),
});

// ---------------------------------------------------------------------------------------------
// Policy

const reviewPeriod = () =>
  doc(wholePositive().max(RANGES.reviewPeriodDays).optional(), "Days between reviews (1 = daily). Orders are placed on days t with t mod period = 0.");

const SafetyStockSpecSchema = doc(
  z.union([
    z.strictObject({ units: doc(nonNegative().max(RANGES.units), "Safety stock in units.") }),
    z.strictObject({ days: doc(nonNegative().max(RANGES.leadTimeDays), "Safety stock in days of mean demand.") }),
    z.strictObject({
      serviceLevel: doc(
        z.number().gt(0).lt(1),
        "Target probability of no stockout per replenishment cycle (e.g. 0.95); safety stock = z × sd of lead-time demand.",
      ),
    }),
  ]),
  "Safety stock as {units}, {days} of demand, or a {serviceLevel}.",
);

export const POLICY_KINDS = ["baseStock", "sS", "rQ", "safetyStock"] as const;

const PolicySchema = doc(
  z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("baseStock"),
      orderUpTo: doc(units(), "Order up to this inventory position at every review."),
      reviewPeriodDays: reviewPeriod(),
    }),
    z
      .strictObject({
        kind: z.literal("sS"),
        reorderPoint: doc(z.int().min(-RANGES.units).max(RANGES.units), "s: order when inventory position ≤ s."),
        orderUpTo: doc(units(), "S: order up to this inventory position."),
        reviewPeriodDays: reviewPeriod(),
      })
      .superRefine((p, ctx) => {
        if (p.reorderPoint > p.orderUpTo) fail(ctx, ["reorderPoint"], `must be ≤ orderUpTo (${p.orderUpTo}), got ${p.reorderPoint}`);
      }),
    z.strictObject({
      kind: z.literal("rQ"),
      reorderPoint: doc(z.int().min(-RANGES.units).max(RANGES.units), "r: order when inventory position ≤ r."),
      orderQuantity: doc(wholePositive().max(RANGES.units), "Q: order the smallest multiple of Q that lifts the position above r."),
      reviewPeriodDays: reviewPeriod(),
    }),
    z.strictObject({
      kind: z.literal("safetyStock"),
      safetyStock: SafetyStockSpecSchema,
      reviewPeriodDays: reviewPeriod(),
      orderQuantity: doc(wholePositive().max(RANGES.units).optional(), "Fixed order quantity; absent: order up to the target."),
    }),
  ]),
  "Replenishment policy: baseStock, sS, rQ or safetyStock.",
);

// ---------------------------------------------------------------------------------------------
// Sourcing, backorders, customers

const supplierRef = (what: string) => doc(z.string().min(1), what);

const SourcingSchema = doc(
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("single"), supplier: supplierRef("Id of the only supplier.") }),
    z
      .strictObject({
        kind: z.literal("backup"),
        primary: supplierRef("Id of the usual supplier."),
        backup: supplierRef("Id of the backup (expedite) supplier."),
        expedite: z
          .strictObject({
            whenBacklogUnitsAbove: doc(nonNegative().max(RANGES.units).optional(), "Order from the backup when backordered units exceed this."),
            whenPrimaryDisrupted: doc(z.boolean().optional(), "Order from the backup while the primary is disrupted."),
          })
          .optional(),
      })
      .superRefine((s, ctx) => {
        if (s.primary === s.backup) fail(ctx, ["backup"], `must differ from primary ("${s.primary}")`);
      }),
    z
      .strictObject({
        kind: z.literal("split"),
        split: z.array(z.strictObject({ supplier: supplierRef("Supplier id."), share: doc(probability(), "Share of each order (0–1).") })).min(1),
      })
      .superRefine((s, ctx) => {
        const total = s.split.reduce((a, b) => a + b.share, 0);
        if (Math.abs(total - 1) > 1e-6) fail(ctx, ["split"], `shares must add up to 1, got ${+total.toFixed(6)}`);
        const seen = new Map<string, number>();
        s.split.forEach((part, i) => {
          const first = seen.get(part.supplier);
          if (first !== undefined) fail(ctx, ["split", i, "supplier"], `supplier "${part.supplier}" is already listed at split[${first}]`);
          else seen.set(part.supplier, i);
        });
      }),
  ]),
  'Where replenishment comes from: {"kind": "single", supplier}, {"kind": "backup", primary, backup, expedite?} or {"kind": "split", split: [{supplier, share}]}. Files without "kind" are read by their fields.',
  "Sourcing",
);

const quoteBufferDays = () =>
  doc(
    wholeNonNegative().max(RANGES.quoteDays).optional(),
    "Days added to the expected restock date when quoting a backorder (whole days ≥ 0, default 0): a longer quote is kept more often but makes impatient customers walk away.",
  );

const BackordersSchema = doc(
  z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("allow"), quoteBufferDays: quoteBufferDays() }),
    z.strictObject({ mode: z.literal("deny") }),
    z.strictObject({
      mode: z.literal("cap"),
      maxQuotedWaitDays: doc(nonNegative().max(RANGES.patienceDays), "Deny the order when the quoted wait (buffer included) exceeds this many days."),
      maxBacklogUnits: doc(units().optional(), "Deny when the backlog would exceed this many units."),
      quoteBufferDays: quoteBufferDays(),
    }),
  ]),
  'Selling out-of-stock items: "allow" (backorder), "deny" (lost sale) or "cap" (backorder within limits).',
);

const CustomersSchema = z.strictObject({
  willingToWaitDays: doc(
    distField(RANGES.patienceDays, "days (a hundred years is forever)").optional(),
    "Days each customer is willing to wait; a longer quoted wait makes them go elsewhere. Absent: everyone waits.",
  ),
  cancelHazardPerDay: doc(probability().optional(), "Chance per waiting day that a backordered order is cancelled."),
  lateCancelHazardPerDay: doc(probability().optional(), "Extra chance per day once the promised date has passed."),
});

// ---------------------------------------------------------------------------------------------
// Product, supplier, fulfilment, scenario

export const ProductSchema = z.strictObject({
  id: doc(z.string().min(1), "Unique product id (used in results and random-stream names)."),
  name: doc(z.string(), "Name shown to people."),
  category: z.string().optional(),
  price: doc(money(), "Selling price per unit."),
  unitCost: doc(money(), "Purchase cost per unit (before the supplier's unitCostMultiplier)."),
  holdingCostPerUnitDay: doc(money(), "Cost of keeping one unit in stock for a day."),
  backorderCostPerUnitDay: doc(money().optional(), "Penalty per backordered unit per day (default 0)."),
  lostSaleCost: doc(money().optional(), "Penalty per unit lost, beyond the lost margin (default 0)."),
  initialOnHand: doc(units().optional(), "Stock on day 0 of the warm-up; default: the policy's target level."),
  demand: DemandSchema,
  policy: PolicySchema,
  sourcing: SourcingSchema,
  backorders: BackordersSchema,
  customers: CustomersSchema.optional(),
});

const DisruptionsSchema = z.strictObject({
  probabilityPerDay: doc(probability(), "Chance that a disruption starts on any given day."),
  durationDays: doc(distField(RANGES.durationDays, "days (the longest run)"), "How long a disruption lasts (days)."),
  effect: doc(z.enum(["halt", "delay"]), "halt: nothing leaves or arrives while disrupted; delay: orders in flight slip by the outage."),
});

const SupplierSchema = z.strictObject({
  id: doc(z.string().min(1), "Unique supplier id, referred to from products' sourcing."),
  name: z.string(),
  leadTimeDays: doc(distField(RANGES.leadTimeDays, "days (ten years)"), "Days from order to arrival; drawn per order, rounded, at least 1."),
  unitCostMultiplier: doc(nonNegative().max(RANGES.costMultiplier).optional(), "Multiplies each product's unitCost (1.12 = 12 % dearer)."),
  fixedOrderCost: doc(nonNegative().max(RANGES.fixedOrderCost).optional(), "Cost per replenishment order."),
  minOrderQuantity: doc(units().optional(), "Smallest order accepted (units)."),
  orderMultiple: doc(wholePositive().max(RANGES.units).optional(), "Orders are rounded up to a multiple of this."),
  deliveredFraction: doc(z.number().gt(0).max(1).optional(), "Share of each order that actually arrives (short shipments), in (0, 1]."),
  disruptions: DisruptionsSchema.optional(),
});

const FulfillmentSchema = z
  .strictObject({
    capacityOrdersPerDay: doc(
      wholePositive().max(RANGES.ordersShippedPerDay).optional(),
      "Customer orders that can be shipped per day; absent: unlimited (shipping cost and split shipments still apply).",
    ),
    shippingCostPerShipment: doc(money().optional(), "Cost of each shipment to a customer."),
    splitShipments: doc(z.boolean().optional(), "Ship available lines now and the rest later (true) or wait whole (false)."),
    surge: z
      .strictObject({
        extraOrdersPerDay: doc(wholeNonNegative().max(RANGES.ordersShippedPerDay), "Extra shipping capacity bought per day."),
        costPerOrder: doc(money(), "Cost per order shipped with surge capacity."),
        whenBacklogOrdersAbove: doc(nonNegative().max(RANGES.units), "Buy surge capacity while the backlog is above this many orders."),
      })
      .optional(),
  })
  .superRefine((f, ctx) => {
    if (f.surge && f.capacityOrdersPerDay === undefined)
      fail(ctx, ["surge"], "adds to capacityOrdersPerDay, which is absent (unlimited); state the capacity or remove the surge");
  });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Why `text` is not a real calendar date, or undefined when it is one. */
export function calendarDateProblem(text: string): string | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return `must be a date written YYYY-MM-DD, got ${JSON.stringify(text)}`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `month must be 01–12, got ${JSON.stringify(text)}`;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return `${text} is not a calendar date (${MONTHS[mo - 1]} ${y} has ${daysInMonth} days)`;
  return undefined;
}

const StartDateSchema = doc(
  z
    .string()
    .regex(ISO_DATE)
    .superRefine((s, ctx) => {
      const problem = calendarDateProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  "Calendar date (YYYY-MM-DD) of the first counted day; sets weekdays and months for seasonality.",
);

export const ScenarioSchema = doc(
  z.strictObject({
    $schema: doc(z.string().optional(), "Path or URL of scenario.schema.json, for editors."),
    version: doc(z.literal(1), "Scenario format version. This Backorder Lab reads version 1."),
    name: doc(z.string(), "Scenario name."),
    description: doc(z.string().optional(), "What this scenario is for, in a sentence or two."),
    startDate: StartDateSchema,
    horizonDays: doc(wholePositive().max(LIMITS.maxHorizonDays), "Days simulated and counted after the warm-up."),
    warmupDays: doc(wholeNonNegative().max(LIMITS.maxWarmupDays), "Days simulated before startDate and not counted, so the run starts from a typical state."),
    runs: doc(wholePositive().max(LIMITS.maxRuns), "Monte Carlo runs (independent replications)."),
    seed: doc(z.string(), "Any text; the same seed gives the same results."),
    currency: doc(z.string().min(1), "Currency of all money amounts, e.g. EUR or USD."),
    products: z.array(ProductSchema).min(1).max(LIMITS.maxProducts),
    suppliers: z.array(SupplierSchema).min(1).max(LIMITS.maxSuppliers),
    fulfillment: doc(FulfillmentSchema.optional(), "Shipping capacity and costs; absent: unlimited capacity, no shipping cost."),
    baskets: doc(
      z
        .strictObject({
          extraLinesPerOrder: doc(
            distField(LIMITS.maxProducts - 1, "lines (the most other products a scenario can have)"),
            "Extra lines (other products) per customer order.",
          ),
        })
        .optional(),
      "Multi-product orders.",
    ),
  }),
  "A Backorder Lab scenario (format version 1).",
);

export type ParsedScenario = z.output<typeof ScenarioSchema>;

/**
 * The scenario with its products left unchecked (each is checked alone with ProductSchema): what
 * the editor re-checks on every keystroke while only the edited product is parsed again.
 */
export const ScenarioShellSchema = ScenarioSchema.extend({
  products: z.array(z.unknown()).min(1).max(LIMITS.maxProducts),
});

// The schema must produce exactly the engine's Scenario type; these fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesScenario: Same<ParsedScenario, Scenario> = true;
void _schemaMatchesScenario;

/** Every field name in the format, for "did you mean …?" suggestions on unknown fields. */
export const KNOWN_FIELDS: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: unknown): void => {
    if (!s || typeof s !== "object" || seen.has(s)) return;
    seen.add(s);
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.shape && typeof def.shape === "object") {
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        names.add(k);
        walk(v);
      }
    }
    for (const key of ["innerType", "element", "in", "out", "schema"]) walk(def[key]);
    if (Array.isArray(def.options)) def.options.forEach(walk);
  };
  walk(ScenarioSchema);
  return names;
})();
