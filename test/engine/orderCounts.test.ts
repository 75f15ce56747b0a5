import { describe, expect, it } from "vitest";
import { countDispersion } from "../../src/engine/compile.ts";
import { POISSON_LIMIT_DISPERSION } from "../../src/engine/dists.ts";
import { ORDER_COUNT_KIND_NAMES, ORDER_COUNTS, orderCountOf, type OrderCount } from "../../src/engine/kinds/orderCount.ts";
import { formatCsvIssue, parseProductsCsv, productsToCsv } from "../../src/io/catalogCsv.ts";

const HEAD = "id,price,unitCost,ordersPerDay,supplier,policyKind,orderUpTo,orderCount,dispersion";

describe("order-count laws", () => {
  it("every law is registered under its own kind, and a fresh one is of that kind", () => {
    expect(ORDER_COUNT_KIND_NAMES).toEqual(["poisson", "negativeBinomial"]);
    for (const k of ORDER_COUNT_KIND_NAMES) {
      expect(ORDER_COUNTS[k].kind).toBe(k);
      expect(ORDER_COUNTS[k].fresh().kind).toBe(k);
    }
  });

  it("the engine samples Poisson for poisson and for a dispersion past the Poisson limit", () => {
    expect(countDispersion({ kind: "poisson" })).toBe(Infinity);
    expect(countDispersion({ kind: "negativeBinomial", dispersion: 3 })).toBe(3);
    expect(countDispersion({ kind: "negativeBinomial", dispersion: POISSON_LIMIT_DISPERSION })).toBe(Infinity);
  });

  it("the product CSV reads every law and its aliases, and writes them back", () => {
    const rows = ["poisson,", "negativeBinomial,4", "NB,2.5", "negbin,7", ",6", ","].map((c, i) => `p${i},10,5,1,s,baseStock,5,${c}`);
    const parsed = parseProductsCsv([HEAD, ...rows].join("\n"), { supplierIds: ["s"] });
    expect(parsed.errors).toEqual([]);
    const laws: OrderCount[] = parsed.items.map((p) => p.demand.orderCount);
    expect(laws).toEqual([
      { kind: "poisson" },
      { kind: "negativeBinomial", dispersion: 4 },
      { kind: "negativeBinomial", dispersion: 2.5 },
      { kind: "negativeBinomial", dispersion: 7 },
      { kind: "negativeBinomial", dispersion: 6 },
      { kind: "poisson" },
    ]);
    for (const c of laws) expect(orderCountOf(c).csvDispersion(c)).toBe(c.kind === "negativeBinomial" ? c.dispersion : undefined);
    const again = parseProductsCsv(productsToCsv(parsed.items).text, { supplierIds: ["s"] });
    expect(again.items.map((p) => p.demand.orderCount)).toEqual(laws);
  });

  it("the product CSV names the laws it knows and asks for a negative binomial's dispersion", () => {
    const bad = parseProductsCsv([HEAD, "p,10,5,1,s,baseStock,5,zipf,", "q,10,5,1,s,baseStock,5,nb,"].join("\n"), { supplierIds: ["s"] });
    expect(bad.errors.map(formatCsvIssue)).toEqual([
      'line 2, orderCount: must be poisson or negativeBinomial, got "zipf"',
      "line 3, dispersion: is required for a negative binomial order count",
    ]);
  });
});
