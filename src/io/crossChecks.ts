/**
 * Checks across the whole scenario: duplicate ids and references to suppliers that do not exist.
 * They read the raw (migrated) input defensively instead of the typed result, so they still report
 * when some other part of the file is broken — the user sees every problem at once.
 */
import { joinPath, shortText, type Issue, type PathSegment } from "./issue.ts";
import { formatCount } from "../format/number.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function crossChecks(raw: unknown): Issue[] {
  if (!isObj(raw)) return [];
  const issues: Issue[] = [];
  const suppliers = Array.isArray(raw.suppliers) ? raw.suppliers : undefined;
  const products = Array.isArray(raw.products) ? raw.products : undefined;

  const supplierIds = duplicateIds(suppliers, "suppliers", "supplier", issues);
  duplicateIds(products, "products", "product", issues);

  if (products && suppliers) {
    const known = [...supplierIds];
    const listed = known.slice(0, 10).map((id) => shortText(id, 30));
    if (known.length > 10) listed.push(`… ${formatCount(known.length - 10)} more`);
    const knownText = known.length ? `known suppliers: ${listed.join(", ")}` : "no suppliers are defined";
    products.forEach((p, i) => {
      if (!isObj(p) || !isObj(p.sourcing)) return;
      const s = p.sourcing;
      const refs: [PathSegment[], unknown][] = [];
      for (const key of ["supplier", "primary", "backup"]) if (key in s) refs.push([[key], s[key]]);
      if (Array.isArray(s.split))
        s.split.forEach((part, j) => {
          if (isObj(part)) refs.push([["split", j, "supplier"], part.supplier]);
        });
      for (const [path, id] of refs) {
        if (typeof id !== "string" || id === "" || supplierIds.has(id)) continue;
        issues.push({
          path: joinPath(["products", i, "sourcing", ...path]),
          message: `unknown supplier ${JSON.stringify(shortText(id))}; ${knownText}`,
        });
      }
    });
  }
  return issues;
}

/** Collects the string ids of a list and reports the second and later uses of each. */
function duplicateIds(list: unknown[] | undefined, field: string, what: string, issues: Issue[]): Set<string> {
  const first = new Map<string, number>();
  list?.forEach((item, i) => {
    if (!isObj(item) || typeof item.id !== "string") return;
    const at = first.get(item.id);
    if (at === undefined) first.set(item.id, i);
    else
      issues.push({
        path: joinPath([field, i, "id"]),
        message: `duplicate ${what} id ${JSON.stringify(shortText(item.id))} (already used by ${field}[${at}])`,
      });
  });
  return new Set(first.keys());
}
