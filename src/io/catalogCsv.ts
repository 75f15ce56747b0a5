/**
 * Products and suppliers as spreadsheet tables (one row each), for catalogues too big to type in
 * the editor. Each row is turned into the scenario objects of docs/model.md §3 and checked with
 * the scenario schema itself, so a CSV row is accepted exactly when the same product typed as JSON
 * would be; problems come back per row and column with the file line.
 *
 * Products: id, name, category, price, unitCost, holdingCostPerUnitDay, backorderCostPerUnitDay,
 * lostSaleCost, initialOnHand, ordersPerDay, orderCount (poisson | negativeBinomial), dispersion,
 * unitsPerOrder (fixed units per order), weekly (7 numbers Mon..Sun, space- or |-separated),
 * monthly (12 numbers), trendPerYear, policyKind (baseStock | sS | rQ | safetyStock; blank: inferred
 * from the level columns filled in), orderUpTo, reorderPoint, orderQuantity, reviewPeriodDays,
 * safetyStockUnits | safetyStockDays | safetyStockServiceLevel, supplier, backupSupplier,
 * backorderMode (allow | deny | cap), maxQuotedWaitDays, maxBacklogUnits, quoteBufferDays (allow and cap), willingToWaitMeanDays,
 * willingToWaitSdDays (with it, patience is gamma; without, exponential), cancelHazardPerDay,
 * lateCancelHazardPerDay. Blank costs are 0, blank name is the id, blank orderCount is Poisson
 * (negative binomial when a dispersion is given), blank backorderMode is allow.
 *
 * Suppliers: id, name, leadTimeMeanDays, leadTimeSdDays, leadTimeKind (lognormal by default when
 * sd > 0, fixed when sd is 0 or blank; also normal, gamma, uniform, triangular — the last two
 * symmetric with that sd), unitCostMultiplier, fixedOrderCost, minOrderQuantity, orderMultiple,
 * deliveredFraction, disruptionProbabilityPerDay, disruptionMeanDays (exponential), disruptionEffect.
 *
 * Header names match loosely (case, spaces, underscores ignored). Unknown columns are reported as
 * warnings and ignored.
 */
import type { Dist, Policy, Product, Sourcing, Supplier } from "../engine/scenario.ts";
import { distMean, distSd } from "../engine/dists.ts";
import { DIST_FAMILIES, DIST_KIND_NAMES, distFamilyOf } from "../engine/kinds/distribution/index.ts";
import { SOURCING_KIND_NAMES, SOURCING_KINDS, sourcingKindOf, type SourcingCsvCells } from "../engine/kinds/sourcing/index.ts";
import { ORDER_COUNT_KIND_NAMES, ORDER_COUNTS, orderCountOf, type OrderCount } from "../engine/kinds/orderCount.ts";
import { POLICY_KIND_NAMES, POLICY_KINDS, policyKindOf, type PolicyCsvColumn, type PolicyCsvValues, type PolicyKind } from "../engine/kinds/policy/index.ts";
import { readCsvTable, csvNumber, type CsvTable } from "./csvRows.ts";
import { startsFormula, toCsv, type CsvValue } from "./csvWrite.ts";
import { shortText } from "./issue.ts";
import { formatCount } from "../format/number.ts";
import { ScenarioSchema } from "./scenarioSchema.ts";
import { zodIssuesToIssues } from "./zodIssues.ts";

export interface CsvIssue {
  /** 1-based file line (the header is usually line 1). */
  line: number;
  /** Column name as in the templates, when the problem is in one cell. */
  column?: string;
  message: string;
}

export interface CatalogParse<T> {
  /** Rows that parsed (rows with errors are left out). */
  items: T[];
  errors: CsvIssue[];
  warnings: CsvIssue[];
}

/** `line 7, orderUpTo: must be ≥ 0, got -5`. */
export function formatCsvIssue(i: CsvIssue): string {
  return `line ${i.line}${i.column ? `, ${i.column}` : ""}: ${i.message}`;
}

export const PRODUCT_COLUMNS = [
  "id",
  "name",
  "category",
  "price",
  "unitCost",
  "holdingCostPerUnitDay",
  "backorderCostPerUnitDay",
  "lostSaleCost",
  "initialOnHand",
  "ordersPerDay",
  "orderCount",
  "dispersion",
  "unitsPerOrder",
  "weekly",
  "monthly",
  "trendPerYear",
  "policyKind",
  "orderUpTo",
  "reorderPoint",
  "orderQuantity",
  "reviewPeriodDays",
  "safetyStockUnits",
  "safetyStockDays",
  "safetyStockServiceLevel",
  "supplier",
  "backupSupplier",
  "backorderMode",
  "maxQuotedWaitDays",
  "maxBacklogUnits",
  "quoteBufferDays",
  "willingToWaitMeanDays",
  "willingToWaitSdDays",
  "cancelHazardPerDay",
  "lateCancelHazardPerDay",
] as const;

export const SUPPLIER_COLUMNS = [
  "id",
  "name",
  "leadTimeMeanDays",
  "leadTimeSdDays",
  "leadTimeKind",
  "unitCostMultiplier",
  "fixedOrderCost",
  "minOrderQuantity",
  "orderMultiple",
  "deliveredFraction",
  "disruptionProbabilityPerDay",
  "disruptionMeanDays",
  "disruptionEffect",
] as const;

type ProductColumn = (typeof PRODUCT_COLUMNS)[number];
type SupplierColumn = (typeof SUPPLIER_COLUMNS)[number];

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Reads cells of one row by template column name. */
class Row<C extends string> {
  constructor(
    readonly line: number,
    private readonly fields: string[],
    private readonly index: Map<C, number>,
    private readonly decimalComma: boolean,
    private readonly errors: CsvIssue[],
  ) {}
  text(c: C): string | undefined {
    const i = this.index.get(c);
    let v = i === undefined ? undefined : this.fields[i]?.trim();
    // Undo the formula guard of csvWrite (a file we wrote and nobody re-saved).
    if (v && v[0] === "'" && startsFormula(v.slice(1))) v = v.slice(1);
    return v === "" ? undefined : v;
  }
  num(c: C): number | undefined {
    const raw = this.text(c);
    const v = csvNumber(raw, this.decimalComma);
    if (Number.isNaN(v)) {
      this.errors.push({ line: this.line, column: c, message: `must be a number, got ${JSON.stringify(shortText(raw ?? ""))}` });
      return undefined;
    }
    return v;
  }
  list(c: C, n: number): number[] | undefined {
    const raw = this.text(c);
    if (raw === undefined) return undefined;
    const sep = this.decimalComma || /[\s|;]/.test(raw) ? /[\s|;]+/ : /,/;
    const parts = raw.split(sep).filter(Boolean);
    const vals = parts.map((p) => csvNumber(p, this.decimalComma) ?? NaN);
    if (vals.length !== n || vals.some(Number.isNaN)) {
      this.errors.push({ line: this.line, column: c, message: `must be ${n} numbers separated by spaces, got ${JSON.stringify(shortText(raw))}` });
      return undefined;
    }
    return vals;
  }
  error(c: C | undefined, message: string) {
    this.errors.push({ line: this.line, column: c, message });
  }
  /** Whether a problem was already reported for column `c` (so "is required" is not added to "not a number"). */
  failed(c: C): boolean {
    return this.errors.some((e) => e.column === c);
  }
  /** A number that must be present. */
  required(c: C): number | undefined {
    const v = this.num(c);
    if (v === undefined && !this.failed(c)) this.error(c, "is required");
    return v;
  }
}

function columnIndex<C extends string>(table: CsvTable, columns: readonly C[], warnings: CsvIssue[]): Map<C, number> {
  const byNorm = new Map(columns.map((c) => [norm(c), c]));
  const index = new Map<C, number>();
  table.header.forEach((h, i) => {
    const c = byNorm.get(norm(h));
    if (c === undefined) warnings.push({ line: table.headerLine, column: h, message: "unknown column, ignored" });
    else if (index.has(c)) warnings.push({ line: table.headerLine, column: h, message: "repeated column, the first one is used" });
    else index.set(c, i);
  });
  return index;
}

/** Maps a schema path (`policy.orderUpTo`) to the CSV column it came from. */
const PRODUCT_PATHS: [RegExp, ProductColumn][] = [
  [/^demand\.orderCount\.dispersion/, "dispersion"],
  [/^demand\.orderCount/, "orderCount"],
  [/^demand\.unitsPerOrder/, "unitsPerOrder"],
  [/^demand\.(ordersPerDay|weekly|monthly|trendPerYear)/, "ordersPerDay"],
  [/^policy\.safetyStock\.units/, "safetyStockUnits"],
  [/^policy\.safetyStock\.days/, "safetyStockDays"],
  [/^policy\.safetyStock/, "safetyStockServiceLevel"],
  [/^policy\.(orderUpTo|reorderPoint|orderQuantity|reviewPeriodDays)/, "orderUpTo"],
  [/^policy/, "policyKind"],
  [/^sourcing\.backup/, "backupSupplier"],
  [/^sourcing/, "supplier"],
  [/^backorders\.(maxQuotedWaitDays|maxBacklogUnits)/, "maxQuotedWaitDays"],
  [/^backorders\.quoteBufferDays/, "quoteBufferDays"],
  [/^backorders/, "backorderMode"],
  [/^customers\.willingToWaitDays/, "willingToWaitMeanDays"],
  [/^customers\.(cancelHazardPerDay|lateCancelHazardPerDay)/, "cancelHazardPerDay"],
];

function pathColumn<C extends string>(path: string, table: [RegExp, C][], columns: readonly C[]): C | undefined {
  // A path ending in a column's own name is that column (policy.reorderPoint → reorderPoint).
  const last =
    path
      .replace(/\[\d+\]$/, "")
      .split(".")
      .pop() ?? "";
  if ((columns as readonly string[]).includes(last)) return last as C;
  for (const [re, c] of table) if (re.test(path)) return c;
  return undefined;
}

const ProductSchema = ScenarioSchema.shape.products.element;
const SupplierSchema = ScenarioSchema.shape.suppliers.element;

/** The policy columns of the product table, read and written by each kind's definition. */
const POLICY_CSV_COLUMNS = [
  "orderUpTo",
  "reorderPoint",
  "orderQuantity",
  "safetyStockUnits",
  "safetyStockDays",
  "safetyStockServiceLevel",
] as const satisfies readonly (PolicyCsvColumn & ProductColumn)[];
/** Kinds tried, in order, for a row without policyKind. */
const POLICY_GUESS_ORDER = [...POLICY_KIND_NAMES].sort((a, b) => POLICY_KINDS[a].csvGuessOrder - POLICY_KINDS[b].csvGuessOrder);

function policyFrom(r: Row<ProductColumn>): Policy | undefined {
  const kindRaw = r.text("policyKind");
  const values: PolicyCsvValues = {};
  let reviewPeriodDays: number | undefined;
  // Cells are read in the table's column order, so a row's problems are listed in that order.
  for (const c of PRODUCT_COLUMNS) {
    if (c === "reviewPeriodDays") reviewPeriodDays = r.num(c);
    else if ((POLICY_CSV_COLUMNS as readonly string[]).includes(c)) {
      const v = r.num(c);
      if (v !== undefined) values[c as PolicyCsvColumn] = v;
    }
  }
  let kind: PolicyKind | undefined = kindRaw === undefined ? undefined : POLICY_KIND_NAMES.find((k) => norm(k) === norm(kindRaw));
  if (kindRaw !== undefined && kind === undefined) {
    r.error(
      "policyKind",
      `must be ${POLICY_KIND_NAMES.slice(0, -1).join(", ")} or ${POLICY_KIND_NAMES[POLICY_KIND_NAMES.length - 1]}, got ${JSON.stringify(shortText(String(kindRaw)))}`,
    );
    return undefined;
  }
  kind ??= POLICY_GUESS_ORDER.find((k) => POLICY_KINDS[k].csvMatches(values));
  if (kind === undefined) {
    r.error("policyKind", "no policy: fill in policyKind and its levels (e.g. safetyStock with safetyStockServiceLevel 0.95)");
    return undefined;
  }
  const k = kind;
  const need = (c: PolicyCsvColumn) => {
    const v = values[c];
    if (v === undefined && !r.failed(c)) r.error(c, `is required for a ${k} policy`);
    return v ?? 0;
  };
  const review = reviewPeriodDays === undefined ? {} : { reviewPeriodDays };
  return POLICY_KINDS[kind].fromCsv({ values, review, need, error: (c, message) => r.error(c, message) });
}

function productFrom(r: Row<ProductColumn>, defaultSupplier: string | undefined): Record<string, unknown> {
  const id = r.text("id") ?? "";
  if (!id) r.error("id", "is required");
  const cost = (c: ProductColumn) => r.num(c) ?? 0;
  const dispersion = r.num("dispersion");
  const ocRaw = r.text("orderCount");
  // Without an orderCount cell, a dispersion makes the count negative binomial.
  let orderCount: OrderCount = dispersion === undefined ? ORDER_COUNTS.poisson.fromCsv(undefined) : ORDER_COUNTS.negativeBinomial.fromCsv(dispersion);
  if (ocRaw !== undefined) {
    const k = norm(ocRaw);
    const kind = ORDER_COUNT_KIND_NAMES.find((n) => norm(n) === k || ORDER_COUNTS[n].csvAliases.includes(k));
    if (kind !== undefined) {
      const def = ORDER_COUNTS[kind];
      if (def.needsDispersion && dispersion === undefined && !r.failed("dispersion"))
        r.error("dispersion", `is required for a ${def.label.toLowerCase()} order count`);
      orderCount = def.fromCsv(dispersion);
    } else r.error("orderCount", `must be ${ORDER_COUNT_KIND_NAMES.join(" or ")}, got ${JSON.stringify(shortText(String(ocRaw)))}`);
  }
  const price = r.required("price");
  const unitCost = r.required("unitCost");
  const ordersPerDay = r.required("ordersPerDay");
  const demand: Record<string, unknown> = { ordersPerDay: ordersPerDay ?? 0, orderCount, unitsPerOrder: { kind: "fixed", value: r.num("unitsPerOrder") ?? 1 } };
  const weekly = r.list("weekly", 7);
  const monthly = r.list("monthly", 12);
  const trend = r.num("trendPerYear");
  if (weekly) demand.weekly = weekly;
  if (monthly) demand.monthly = monthly;
  if (trend !== undefined) demand.trendPerYear = trend;

  const supplier = r.text("supplier") ?? defaultSupplier;
  const backup = r.text("backupSupplier");
  if (!supplier) r.error("supplier", "is required");
  const sourcing = sourcingFromCsv({ supplier, backupSupplier: backup });

  const modeRaw = r.text("backorderMode");
  const mode = modeRaw === undefined ? "allow" : norm(modeRaw);
  const buffer = mode === "deny" ? undefined : r.num("quoteBufferDays");
  const withBuffer = buffer === undefined ? {} : { quoteBufferDays: buffer };
  let backorders: Product["backorders"] = { mode: "allow", ...withBuffer };
  if (mode === "deny") backorders = { mode: "deny" };
  else if (mode === "cap") {
    const maxQuotedWaitDays = r.required("maxQuotedWaitDays");
    const maxBacklogUnits = r.num("maxBacklogUnits");
    backorders = { mode: "cap", maxQuotedWaitDays: maxQuotedWaitDays ?? 0, ...(maxBacklogUnits === undefined ? {} : { maxBacklogUnits }), ...withBuffer };
  } else if (mode !== "allow") r.error("backorderMode", `must be allow, deny or cap, got ${JSON.stringify(shortText(String(modeRaw)))}`);

  const customers: Record<string, unknown> = {};
  const wtwMean = r.num("willingToWaitMeanDays");
  const wtwSd = r.num("willingToWaitSdDays");
  if (wtwMean !== undefined)
    customers.willingToWaitDays = wtwSd !== undefined && wtwSd > 0 ? { kind: "gamma", mean: wtwMean, sd: wtwSd } : { kind: "exponential", mean: wtwMean };
  else if (wtwSd !== undefined) r.error("willingToWaitMeanDays", "is required when willingToWaitSdDays is given");
  const cancel = r.num("cancelHazardPerDay");
  const late = r.num("lateCancelHazardPerDay");
  if (cancel !== undefined) customers.cancelHazardPerDay = cancel;
  if (late !== undefined) customers.lateCancelHazardPerDay = late;

  const p: Record<string, unknown> = {
    id,
    name: r.text("name") ?? id,
    price: price ?? 0,
    unitCost: unitCost ?? 0,
    holdingCostPerUnitDay: cost("holdingCostPerUnitDay"),
    backorderCostPerUnitDay: cost("backorderCostPerUnitDay"),
    lostSaleCost: cost("lostSaleCost"),
    demand,
    policy: policyFrom(r) ?? { kind: "baseStock", orderUpTo: 0 },
    sourcing,
    backorders,
  };
  const category = r.text("category");
  if (category !== undefined) p.category = category;
  const initial = r.num("initialOnHand");
  if (initial !== undefined) p.initialOnHand = initial;
  if (Object.keys(customers).length > 0) p.customers = customers;
  return p;
}

function leadTimeFrom(r: Row<SupplierColumn>): Dist | undefined {
  const mean = r.required("leadTimeMeanDays");
  const sd = r.num("leadTimeSdDays") ?? 0;
  if (mean === undefined) return undefined;
  const kindRaw = r.text("leadTimeKind");
  const kind = kindRaw === undefined ? (sd > 0 ? "lognormal" : "fixed") : DIST_KIND_NAMES.find((k) => norm(k) === norm(kindRaw));
  const dist = kind === undefined ? null : DIST_FAMILIES[kind].fromMeanSd(mean, sd);
  if (dist) return dist;
  r.error("leadTimeKind", `must be ${orList(LEAD_TIME_KINDS)}, got ${JSON.stringify(shortText(String(kindRaw)))}`);
  return undefined;
}

/** The families a lead time can be stated in by a mean and sd (the supplier table's columns). */
const LEAD_TIME_KINDS = DIST_KIND_NAMES.filter((k) => DIST_FAMILIES[k].fromMeanSd(1, 0) !== null);

const orList = (xs: readonly string[]) => `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`;

function supplierFrom(r: Row<SupplierColumn>): Record<string, unknown> {
  const id = r.text("id") ?? "";
  if (!id) r.error("id", "is required");
  const s: Record<string, unknown> = { id, name: r.text("name") ?? id, leadTimeDays: leadTimeFrom(r) ?? { kind: "fixed", value: 1 } };
  for (const c of ["unitCostMultiplier", "fixedOrderCost", "minOrderQuantity", "orderMultiple", "deliveredFraction"] as const) {
    const v = r.num(c);
    if (v !== undefined) s[c] = v;
  }
  const p = r.num("disruptionProbabilityPerDay");
  const d = r.num("disruptionMeanDays");
  const effectRaw = r.text("disruptionEffect");
  if (p !== undefined) {
    if (d === undefined) r.error("disruptionMeanDays", "is required when disruptionProbabilityPerDay is given");
    const effect = effectRaw === undefined ? "halt" : norm(effectRaw);
    if (effect !== "halt" && effect !== "delay") r.error("disruptionEffect", `must be halt or delay, got ${JSON.stringify(shortText(String(effectRaw)))}`);
    s.disruptions = { probabilityPerDay: p, durationDays: { kind: "exponential", mean: d ?? 1 }, effect };
  } else if (d !== undefined || effectRaw !== undefined) r.error("disruptionProbabilityPerDay", "is required when other disruption columns are filled in");
  return s;
}

function parseTable<C extends string, T>(
  text: string,
  columns: readonly C[],
  required: readonly C[],
  build: (r: Row<C>) => Record<string, unknown>,
  schema: { safeParse: (v: unknown) => { success: true; data: unknown } | { success: false; error: { issues: readonly unknown[] } } },
  paths: [RegExp, C][],
  what: string,
): CatalogParse<T> {
  const errors: CsvIssue[] = [];
  const warnings: CsvIssue[] = [];
  const table = readCsvTable(text);
  if (!table) return { items: [], errors: [{ line: 1, message: "the file is empty" }], warnings };
  for (const b of table.bad) errors.push({ line: b.line, message: b.message });
  if (table.header.length === 0) return { items: [], errors, warnings };
  const index = columnIndex(table, columns, warnings);
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    errors.push({
      line: table.headerLine,
      message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (download the template for the full list)`,
    });
    return { items: [], errors, warnings };
  }
  const items: T[] = [];
  const seen = new Map<string, number>();
  for (const rec of table.records) {
    const rowErrors: CsvIssue[] = [];
    const row = new Row<C>(rec.line, rec.fields, index, table.delimiter !== ",", rowErrors);
    const obj = build(row);
    if (rowErrors.length === 0) {
      const res = schema.safeParse(obj);
      if (!res.success)
        for (const issue of zodIssuesToIssues(res.error.issues as never, obj))
          rowErrors.push({ line: rec.line, column: pathColumn(issue.path, paths, columns) ?? (issue.path || undefined), message: issue.message });
    }
    const id = String(obj.id ?? "");
    const first = seen.get(id);
    if (id && first !== undefined)
      rowErrors.push({ line: rec.line, column: "id", message: `${what} ${JSON.stringify(shortText(id))} already on line ${first}` });
    else if (id) seen.set(id, rec.line);
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else items.push(obj as T);
  }
  if (table.records.length === 0 && table.bad.length === 0) errors.push({ line: table.headerLine, message: `no ${what} rows below the header` });
  errors.sort((a, b) => a.line - b.line);
  return { items, errors, warnings };
}

/**
 * Products from CSV text. `supplierIds`, when given, are checked as references, and
 * `defaultSupplier` fills a blank supplier cell.
 */
export function parseProductsCsv(text: string, opts: { supplierIds?: readonly string[]; defaultSupplier?: string } = {}): CatalogParse<Product> {
  const res = parseTable<ProductColumn, Product>(
    text,
    PRODUCT_COLUMNS,
    opts.defaultSupplier ? ["id", "price", "unitCost", "ordersPerDay"] : ["id", "price", "unitCost", "ordersPerDay", "supplier"],
    (r) => productFrom(r, opts.defaultSupplier),
    ProductSchema,
    PRODUCT_PATHS,
    "product",
  );
  if (opts.supplierIds) {
    const known = new Set(opts.supplierIds);
    const table = readCsvTable(text);
    const lineOf = new Map<string, number>();
    for (const rec of table?.records ?? []) {
      const idCol = table!.header.findIndex((h) => norm(h) === "id");
      if (idCol >= 0) lineOf.set(rec.fields[idCol]?.trim() ?? "", rec.line);
    }
    const keep: Product[] = [];
    for (const p of res.items) {
      const refs = sourcingColumns(p.sourcing).filter(([, id]) => id !== undefined) as [string, string][];
      const bad = refs.filter(([, id]) => !known.has(id));
      for (const [col, id] of bad)
        res.errors.push({
          line: lineOf.get(p.id) ?? 0,
          column: col,
          message: `unknown supplier ${JSON.stringify(shortText(id))}${known.size ? ` (known: ${knownList(known)})` : ""}`,
        });
      if (bad.length === 0) keep.push(p);
    }
    res.items = keep;
    res.errors.sort((a, b) => a.line - b.line);
  }
  return res;
}

/** The sourcing a row's supplier cells describe: the first registered kind that reads them. */
function sourcingFromCsv(cells: SourcingCsvCells): Sourcing {
  for (const k of SOURCING_KIND_NAMES) {
    const s = SOURCING_KINDS[k].fromCsv(cells);
    if (s) return s;
  }
  throw new Error(`no sourcing kind reads the cells ${JSON.stringify(cells)}`);
}

/** The supplier columns of a product's row (each kind writes its own; a split keeps its first supplier). */
function sourcingColumns(s: Sourcing): [["supplier", string | undefined], ["backupSupplier", string | undefined]] {
  const { cells } = sourcingKindOf(s).toCsv(s);
  return [
    ["supplier", cells.supplier],
    ["backupSupplier", cells.backupSupplier],
  ];
}

/** The first ten of a set of ids, shortened, then how many more. */
function knownList(ids: ReadonlySet<string>): string {
  const all = [...ids];
  const shown = all.slice(0, 10).map((id) => shortText(id, 30));
  return all.length > 10 ? `${shown.join(", ")}, … ${formatCount(all.length - 10)} more` : shown.join(", ");
}

/** Suppliers from CSV text. */
export function parseSuppliersCsv(text: string): CatalogParse<Supplier> {
  return parseTable<SupplierColumn, Supplier>(
    text,
    SUPPLIER_COLUMNS,
    ["id", "leadTimeMeanDays"],
    supplierFrom,
    SupplierSchema,
    [
      [/^leadTimeDays/, "leadTimeMeanDays"],
      [/^disruptions/, "disruptionProbabilityPerDay"],
    ],
    "supplier",
  );
}

// ---------------------------------------------------------------------------------------------
// Writing

const EMPTY = undefined;

/** Products as CSV rows; `lost` lists what the flat table cannot hold (shocks, split sourcing, …). */
export function productsToCsv(products: readonly Product[], opts: { bom?: boolean } = {}): { text: string; lost: string[] } {
  const lost: string[] = [];
  const rows: CsvValue[][] = [[...PRODUCT_COLUMNS]];
  for (const p of products) {
    const d = p.demand;
    const pol = p.policy;
    if (d.shocks?.length) lost.push(`${p.id}: demand shocks`);
    if (d.unitsPerOrder.kind !== "fixed") lost.push(`${p.id}: unitsPerOrder ${d.unitsPerOrder.kind} distribution (not fixed)`);
    const sourcingLost = sourcingKindOf(p.sourcing).toCsv(p.sourcing).lost;
    if (sourcingLost) lost.push(`${p.id}: ${sourcingLost}`);
    const wtw = p.customers?.willingToWaitDays;
    if (wtw && wtw.kind !== "exponential" && wtw.kind !== "gamma") lost.push(`${p.id}: willingToWaitDays ${wtw.kind} distribution (written as its mean)`);
    const policyCells = policyKindOf(pol).toCsv(pol);
    const [[, supplier], [, backupSupplier]] = sourcingColumns(p.sourcing);
    const row: Record<ProductColumn, CsvValue> = {
      id: p.id,
      name: p.name,
      category: p.category,
      price: p.price,
      unitCost: p.unitCost,
      holdingCostPerUnitDay: p.holdingCostPerUnitDay,
      backorderCostPerUnitDay: p.backorderCostPerUnitDay,
      lostSaleCost: p.lostSaleCost,
      initialOnHand: p.initialOnHand,
      ordersPerDay: d.ordersPerDay,
      orderCount: d.orderCount.kind,
      dispersion: orderCountOf(d.orderCount).csvDispersion(d.orderCount) ?? EMPTY,
      unitsPerOrder: d.unitsPerOrder.kind === "fixed" ? d.unitsPerOrder.value : EMPTY,
      weekly: d.weekly?.join(" "),
      monthly: d.monthly?.join(" "),
      trendPerYear: d.trendPerYear,
      policyKind: pol.kind,
      orderUpTo: policyCells.orderUpTo,
      reorderPoint: policyCells.reorderPoint,
      orderQuantity: policyCells.orderQuantity,
      reviewPeriodDays: pol.reviewPeriodDays,
      safetyStockUnits: policyCells.safetyStockUnits,
      safetyStockDays: policyCells.safetyStockDays,
      safetyStockServiceLevel: policyCells.safetyStockServiceLevel,
      supplier,
      backupSupplier,
      backorderMode: p.backorders.mode,
      maxQuotedWaitDays: p.backorders.mode === "cap" ? p.backorders.maxQuotedWaitDays : EMPTY,
      maxBacklogUnits: p.backorders.mode === "cap" ? p.backorders.maxBacklogUnits : EMPTY,
      quoteBufferDays: p.backorders.mode === "deny" ? EMPTY : p.backorders.quoteBufferDays,
      willingToWaitMeanDays: wtw ? distMean(wtw) : EMPTY,
      willingToWaitSdDays: wtw?.kind === "gamma" ? wtw.sd : EMPTY,
      cancelHazardPerDay: p.customers?.cancelHazardPerDay,
      lateCancelHazardPerDay: p.customers?.lateCancelHazardPerDay,
    };
    rows.push(PRODUCT_COLUMNS.map((c) => row[c]));
  }
  return { text: toCsv(rows, opts), lost };
}

/** Suppliers as CSV rows; `lost` lists what the flat table cannot hold. */
export function suppliersToCsv(suppliers: readonly Supplier[], opts: { bom?: boolean } = {}): { text: string; lost: string[] } {
  const lost: string[] = [];
  const rows: CsvValue[][] = [[...SUPPLIER_COLUMNS]];
  for (const s of suppliers) {
    const lt = s.leadTimeDays;
    const statedByMeanSd = distFamilyOf(lt).fromMeanSd(1, 0) !== null;
    if (!statedByMeanSd) lost.push(`${s.id}: ${lt.kind} lead time (written as mean and sd, lognormal)`);
    const dis = s.disruptions;
    if (dis && dis.durationDays.kind !== "exponential")
      lost.push(`${s.id}: disruption duration ${dis.durationDays.kind} distribution (written as its mean, exponential)`);
    const row: Record<SupplierColumn, CsvValue> = {
      id: s.id,
      name: s.name,
      leadTimeMeanDays: distMean(lt),
      leadTimeSdDays: distSd(lt),
      leadTimeKind: statedByMeanSd ? lt.kind : "lognormal",
      unitCostMultiplier: s.unitCostMultiplier,
      fixedOrderCost: s.fixedOrderCost,
      minOrderQuantity: s.minOrderQuantity,
      orderMultiple: s.orderMultiple,
      deliveredFraction: s.deliveredFraction,
      disruptionProbabilityPerDay: dis?.probabilityPerDay,
      disruptionMeanDays: dis ? distMean(dis.durationDays) : EMPTY,
      disruptionEffect: dis?.effect,
    };
    rows.push(SUPPLIER_COLUMNS.map((c) => row[c]));
  }
  return { text: toCsv(rows, opts), lost };
}

const TEMPLATE_PRODUCTS: Product[] = [
  {
    id: "scarf",
    name: "Wool scarf",
    category: "seasonal",
    price: 39,
    unitCost: 14,
    holdingCostPerUnitDay: 0.01,
    backorderCostPerUnitDay: 0,
    lostSaleCost: 0,
    demand: {
      ordersPerDay: 6,
      orderCount: { kind: "negativeBinomial", dispersion: 8 },
      unitsPerOrder: { kind: "fixed", value: 1 },
      weekly: [1, 1, 1, 1, 1.1, 1.4, 0.5],
      monthly: [1.6, 1.4, 1, 0.7, 0.5, 0.4, 0.4, 0.5, 0.8, 1.1, 1.5, 2.1],
    },
    policy: { kind: "safetyStock", safetyStock: { serviceLevel: 0.95 }, reviewPeriodDays: 7 },
    sourcing: { kind: "single", supplier: "acme" },
    backorders: { mode: "cap", maxQuotedWaitDays: 21 },
    customers: { willingToWaitDays: { kind: "exponential", mean: 14 }, cancelHazardPerDay: 0.01 },
  },
  {
    id: "mug",
    name: "Enamel mug",
    price: 12,
    unitCost: 4,
    holdingCostPerUnitDay: 0.002,
    backorderCostPerUnitDay: 0,
    lostSaleCost: 0,
    demand: { ordersPerDay: 20, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
    policy: { kind: "sS", reorderPoint: 150, orderUpTo: 400, reviewPeriodDays: 1 },
    sourcing: { kind: "backup", primary: "acme", backup: "fastco" },
    backorders: { mode: "allow" },
  },
];

const TEMPLATE_SUPPLIERS: Supplier[] = [
  {
    id: "acme",
    name: "Acme Mills",
    leadTimeDays: { kind: "lognormal", mean: 21, sd: 6 },
    unitCostMultiplier: 1,
    fixedOrderCost: 50,
    minOrderQuantity: 0,
    orderMultiple: 1,
    disruptions: { probabilityPerDay: 0.002, durationDays: { kind: "exponential", mean: 10 }, effect: "halt" },
  },
  { id: "fastco", name: "FastCo", leadTimeDays: { kind: "normal", mean: 5, sd: 1 }, unitCostMultiplier: 1.15, fixedOrderCost: 80 },
];

/** A products table with every column and two example rows, for download. */
export function productsTemplateCsv(opts: { bom?: boolean } = {}): string {
  return productsToCsv(TEMPLATE_PRODUCTS, opts).text;
}

/** A suppliers table with every column and two example rows (matching the products template), for download. */
export function suppliersTemplateCsv(opts: { bom?: boolean } = {}): string {
  return suppliersToCsv(TEMPLATE_SUPPLIERS, opts).text;
}
