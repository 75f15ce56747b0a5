/**
 * What one replenishment policy kind must provide (docs/ADDING-A-KIND.md). Each kind is one module
 * in this folder exporting an object that satisfies `PolicyKindDef`; the table in index.ts lists them
 * all as a `{ [K in PolicyKind]: PolicyKindDef<…> }`, so a kind missing from the table, or a module
 * missing a part, does not compile. The parts outside the engine are typed tables over the same
 * kinds: the scenario schema (src/io/scenarioSchema.ts) and the editor's per-kind fields
 * (src/ui/editor/policyFields.ts).
 *
 * Compiled policies run as one of the engine's PolicyCodes (src/engine/policy.ts), so the simulation
 * loops do not branch on kinds.
 */
import type { PolicyCode } from "../../policyCode.ts";
import type { SafetyStockSpec } from "../../scenario.ts";

/** The parameters the optimiser and sensitivity tools can move ("levels"). */
export type LevelParam = "orderUpTo" | "reorderPoint" | "orderQuantity" | "safetyStock.units" | "safetyStock.days" | "safetyStock.serviceLevel";

/** The policy columns of the product CSV (src/io/catalogCsv.ts), all numbers; absent: empty cell. */
export type PolicyCsvColumn = "orderUpTo" | "reorderPoint" | "orderQuantity" | "safetyStockUnits" | "safetyStockDays" | "safetyStockServiceLevel";

export type PolicyCsvValues = Partial<Record<PolicyCsvColumn, number>>;

/** How a CSV row's cells become a policy: `need` reports a required cell that is empty. */
export interface PolicyCsvReader {
  values: PolicyCsvValues;
  /** `{ reviewPeriodDays }` when the row gives one (common to all kinds), else `{}`. */
  review: { reviewPeriodDays?: number };
  need(column: PolicyCsvColumn): number;
  error(column: PolicyCsvColumn, message: string): void;
}

/** The compiled form: the engine's code and levels (reorderPoint/orderUpTo as whole units). */
export interface CompiledPolicy {
  code: PolicyCode;
  reorderPoint: number;
  orderUpTo: number;
  /** Order quantity Q of (r, nQ) codes (≥ 1), 1 otherwise. */
  batch: number;
  /** Stock on day 0 of the warm-up when the scenario states none. */
  initialOnHand: number;
}

/** A warning about a parsed policy; the path is below the product's `policy`. */
export interface PolicyWarning {
  path: (string | number)[];
  message: string;
}

/** Demand over the protection period (mean lead time + review period − 1 days): its mean and sd in units, and mean units a day. */
export interface ProtectionDemand {
  mean: number;
  sd: number;
  unitsPerDay: number;
}

/** What a textbook guess of a level starts from: mean demand over the protection period, the safety stock wanted (z·sd), mean units a day and the service quantile z comes from. */
export interface TextbookLevel {
  mean: number;
  safety: number;
  unitsPerDay: number;
  quantile: number;
}

/** The levels a plan reports for a policy (null where it has none), and the position it orders at. */
export interface PolicyLevels {
  /**
   * The inventory position at or below which the policy orders: the level its safety stock is
   * measured on (safety stock = orderAt − mean demand over the protection period). A reorder point
   * that follows the forecast gives its mean.
   */
  orderAt: number;
  reorderPoint: number | null;
  orderUpTo: number | null;
}

/** Inputs of the test-scenario generator: a uniform draw and the units a typical protection period needs. */
export interface PolicyExampleInput {
  u: () => number;
  demandOverProtection: number;
}

export interface PolicyKindDef<P extends { kind: string; reviewPeriodDays?: number }> {
  readonly kind: P["kind"];
  /** Name in the editor's list ("Min–max (s, S)"). */
  readonly label: string;
  /** Short words after a product's name ("(s, S)"). */
  readonly words: string;
  /** One sentence for the editor's help and the docs: what the policy orders. */
  readonly description: string;

  /**
   * The safety stock whose reorder point follows the forecast demand curve (compiled into a daily
   * target by src/engine/compile.ts), or null for policies stated in fixed levels.
   */
  forecastTarget(p: P): SafetyStockSpec | null;
  /** The engine's code and levels; `target0` is the first day's forecast target (null without one). */
  compile(p: P, target0: number | null): CompiledPolicy;

  /** Parameters a level search can move, the default one first when `defaultParam` does not say. */
  params(p: P): LevelParam[];
  defaultParam(p: P): LevelParam;
  /** The parameter's value, or null when this policy states it another way (or not at all). */
  getLevel(p: P, param: LevelParam): number | null;
  /** A copy with the parameter set, or null when this kind has no such parameter. */
  withLevel(p: P, param: LevelParam, value: number): P | null;
  /** The lowest value the parameter may take for this policy. */
  minLevel(p: P, param: LevelParam): number;
  /** A textbook first guess of one of its parameters (centres the optimiser's grid and the plan's search; the simulation decides). */
  guessLevel(p: P, param: LevelParam, t: TextbookLevel): number;
  /** The levels a plan reports and the position the policy orders at, given the demand over its protection period. */
  levels(p: P, d: ProtectionDemand): PolicyLevels;
  /** The most units it keeps in stock and on order when that is a fixed level, or null when its level follows demand. */
  maxPosition(p: P): number | null;

  warnings(p: P): PolicyWarning[];

  /** The CSV cells of the policy (reviewPeriodDays is common to all kinds and written by the caller). */
  toCsv(p: P): PolicyCsvValues;
  /** The policy from a CSV row's cells. */
  fromCsv(r: PolicyCsvReader): P;
  /** Whether a row without policyKind describes this kind (tried in `csvGuessOrder`, lowest first). */
  csvMatches(v: PolicyCsvValues): boolean;
  readonly csvGuessOrder: number;

  /** A valid policy of this kind for generated test scenarios. */
  example(input: PolicyExampleInput): P;
}
