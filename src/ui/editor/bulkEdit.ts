/**
 * Bulk edits of the scenario's products: set, multiply or add to one field of many products at once,
 * keeping what each product had so the edit can be undone. Fields that only some policies have (a
 * reorder point) are changed only where the product's policy has them; products skipped are counted.
 */
import { removeField, setField } from "./draftEdit.ts";

export type BulkKind = "number" | "whole" | "text" | "supplier" | "backorders";

export interface BulkField {
  id: string;
  label: string;
  /** Path below the product, e.g. ["demand", "ordersPerDay"]. */
  path: string[];
  kind: BulkKind;
  /** Change the field only where it exists already (fields of some policy kinds only). */
  onlyWhenPresent?: boolean;
}

export const BULK_FIELDS: BulkField[] = [
  { id: "price", label: "Price", path: ["price"], kind: "number" },
  { id: "unitCost", label: "Unit cost", path: ["unitCost"], kind: "number" },
  { id: "holdingCostPerUnitDay", label: "Holding cost per unit and day", path: ["holdingCostPerUnitDay"], kind: "number" },
  { id: "backorderCostPerUnitDay", label: "Backorder penalty per unit and day", path: ["backorderCostPerUnitDay"], kind: "number" },
  { id: "lostSaleCost", label: "Lost-sale penalty per unit", path: ["lostSaleCost"], kind: "number" },
  { id: "ordersPerDay", label: "Orders per day (demand)", path: ["demand", "ordersPerDay"], kind: "number" },
  { id: "reviewPeriodDays", label: "Review period (days)", path: ["policy", "reviewPeriodDays"], kind: "whole", onlyWhenPresent: true },
  { id: "orderUpTo", label: "Order-up-to level (units)", path: ["policy", "orderUpTo"], kind: "whole", onlyWhenPresent: true },
  { id: "reorderPoint", label: "Reorder point (units)", path: ["policy", "reorderPoint"], kind: "whole", onlyWhenPresent: true },
  { id: "orderQuantity", label: "Order quantity (units)", path: ["policy", "orderQuantity"], kind: "whole", onlyWhenPresent: true },
  { id: "supplier", label: "Supplier (single source)", path: ["sourcing"], kind: "supplier" },
  { id: "backorders", label: "Backorders (allow or deny)", path: ["backorders"], kind: "backorders" },
  { id: "cancelHazardPerDay", label: "Chance of cancelling per waiting day", path: ["customers", "cancelHazardPerDay"], kind: "number" },
  { id: "category", label: "Category", path: ["category"], kind: "text" },
];

export type BulkOp = "set" | "multiply" | "add";

/** What one product held before a bulk edit, to put it back. */
export interface BulkUndo {
  holder: Record<string, any>;
  key: string;
  had: boolean;
  old: unknown;
  /** An object the edit had to create on the way (e.g. `customers`), removed again on undo. */
  created?: { holder: Record<string, any>; key: string };
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === "object" && !Array.isArray(v);
const copy = (v: unknown) => (isObj(v) || Array.isArray(v) ? JSON.parse(JSON.stringify(v)) : v);

/**
 * The value a bulk edit writes, or why the input cannot be used (null when fine). `value` is as typed.
 */
export function bulkValueProblem(field: BulkField, op: BulkOp, value: string): string | null {
  if (field.kind === "text" || field.kind === "supplier" || field.kind === "backorders") {
    if (op !== "set") return "only “set to” applies to this field";
    if (field.kind !== "text" && value.trim() === "") return "choose a value";
    return null;
  }
  const v = Number(value.trim().replace(",", "."));
  if (value.trim() === "" || !Number.isFinite(v)) return `“${value}” is not a number`;
  if (op === "set" && v < 0 && field.id !== "reorderPoint") return "must be 0 or more";
  if (op === "multiply" && v < 0) return "multiply by 0 or more";
  return null;
}

/** Changes one product; returns its undo record, or null when the product was skipped. */
export function bulkEditOne(product: unknown, field: BulkField, op: BulkOp, value: string): BulkUndo | null {
  if (!isObj(product)) return null;
  let holder: Record<string, any> = product;
  let created: BulkUndo["created"];
  for (const seg of field.path.slice(0, -1)) {
    if (!isObj(holder[seg])) {
      if (field.onlyWhenPresent) return null;
      setField(holder, seg, {});
      created ??= { holder, key: seg };
    }
    holder = holder[seg];
  }
  const key = field.path[field.path.length - 1];
  const had = Object.prototype.hasOwnProperty.call(holder, key);
  if (field.onlyWhenPresent && !had) return null;
  const undo: BulkUndo = { holder, key, had, old: copy(holder[key]), created };
  if (field.kind === "supplier") setField(holder, key, { kind: "single", supplier: value });
  else if (field.kind === "backorders") setField(holder, key, { mode: value });
  else if (field.kind === "text") {
    if (value.trim() === "") removeField(holder, key);
    else setField(holder, key, value.trim());
  } else {
    const v = Number(value.trim().replace(",", "."));
    const old = holder[key];
    let next: number;
    if (op === "set") next = v;
    else if (typeof old !== "number" || !Number.isFinite(old)) return created ? (undoBulk([undo]), null) : null;
    else next = op === "multiply" ? old * v : old + v;
    if (field.kind === "whole") next = Math.round(next);
    else next = Math.round(next * 1e6) / 1e6;
    setField(holder, key, next);
  }
  return undo;
}

/** Puts back what a bulk edit changed, last change first. */
export function undoBulk(changes: readonly BulkUndo[]): void {
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i];
    if (c.had) setField(c.holder, c.key, copy(c.old));
    else removeField(c.holder, c.key);
    if (c.created) removeField(c.created.holder, c.created.key);
  }
}
