/** Split: each order is divided between suppliers by share (largest remainder, ties to the first listed). */
import { SourcingCode } from "../../sourcingCode.ts";
import type { SourcingKindDef } from "./kind.ts";

export type SplitSourcing = { kind: "split"; split: { supplier: string; share: number }[] };

export const split: SourcingKindDef<SplitSourcing> = {
  kind: "split",
  label: "Split between suppliers",
  words: "split",
  description: "each order is divided between suppliers by share",
  compile: (s, index) => {
    const total = s.split.reduce((a, x) => a + x.share, 0);
    return {
      code: SourcingCode.Split,
      suppliers: s.split.map((x) => index(x.supplier)),
      shares: s.split.map((x) => (total > 0 ? x.share / total : 1 / s.split.length)),
      backlogAbove: Infinity,
      whenDisrupted: false,
    };
  },
  suppliers: (s) => s.split.map((x, i) => ({ path: ["split", i, "supplier"], id: x.supplier })),
  usual: (s) => s.split.map((x) => ({ id: x.supplier, share: x.share })),
  warnings: (s) =>
    s.split.flatMap((x, i) =>
      x.share === 0 && s.split.length > 1 ? [{ path: ["split", i, "share"], message: `is 0: supplier "${x.supplier}" is never ordered from` }] : [],
    ),
  // The flat table holds one supplier and no shares; a split is not read back from it.
  toCsv: (s) => ({ cells: { supplier: s.split[0]?.supplier }, lost: "split sourcing (first supplier kept)" }),
  fromCsv: () => null,
  fromSuppliers: (first, other) => ({
    kind: "split",
    split: [
      { supplier: first, share: 0.8 },
      { supplier: other, share: 0.2 },
    ],
  }),
  writtenForm: '{ "split": [{ "supplier": id, "share": 0.8 }, …] }',
  legacyFields: ["split"],
  minSuppliers: 1,
  example: ({ u, supplierIds }) => {
    const ids = supplierIds.filter(() => u() < 0.7);
    const chosen = ids.length > 0 ? ids : [supplierIds[Math.floor(u() * supplierIds.length)]];
    // Shares in hundredths that add up to exactly 1.
    const weights = chosen.map(() => 1 + Math.floor(u() * 9));
    const total = weights.reduce((a, b) => a + b, 0);
    const cents = weights.map((w) => Math.floor((100 * w) / total));
    cents[0] += 100 - cents.reduce((a, b) => a + b, 0);
    return { kind: "split", split: chosen.map((supplier, i) => ({ supplier, share: cents[i] / 100 })) };
  },
};
