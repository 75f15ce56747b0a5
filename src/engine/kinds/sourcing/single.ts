/** One supplier: every replenishment order goes to it. */
import { SourcingCode } from "../../sourcingCode.ts";
import type { SourcingKindDef } from "./kind.ts";

export type SingleSourcing = { kind: "single"; supplier: string };

export const single: SourcingKindDef<SingleSourcing> = {
  kind: "single",
  label: "One supplier",
  words: "one supplier",
  description: "every replenishment order goes to one supplier",
  compile: (s, index) => ({ code: SourcingCode.Single, suppliers: [index(s.supplier)], shares: [1], backlogAbove: Infinity, whenDisrupted: false }),
  suppliers: (s) => [{ path: ["supplier"], id: s.supplier }],
  usual: (s) => [{ id: s.supplier, share: 1 }],
  warnings: () => [],
  toCsv: (s) => ({ cells: { supplier: s.supplier }, lost: null }),
  fromCsv: (c) => (c.backupSupplier === undefined ? { kind: "single", supplier: c.supplier ?? "" } : null),
  fromSuppliers: (first) => ({ kind: "single", supplier: first }),
  writtenForm: '{ "supplier": id }',
  legacyFields: ["supplier"],
  minSuppliers: 1,
  example: ({ u, supplierIds }) => ({ kind: "single", supplier: supplierIds[Math.floor(u() * supplierIds.length)] }),
};
