/**
 * The sensitivity analysis in words (the Sensitivity view, `sensitivity`, its JSON and CSV): what
 * each input's move changes in the scenario, or why it changes nothing, composed from the input and
 * whether it applies (analysis/sensitivity.ts returns those).
 */
import type { SensitivityBar, SensitivityInput, SensitivityResult } from "../analysis/sensitivity.ts";

/** Each input's name, as the tornado's rows and the tables show it. */
export const SENSITIVITY_INPUT_LABELS: Record<SensitivityInput, string> = {
  demand: "Demand level",
  leadTime: "Supplier lead time",
  patience: "Customer patience",
  level: "Safety stock / policy level",
  price: "Price",
  unitCost: "Unit cost",
};

/** What moving each input changes, which fields and how. */
const MOVED: Record<SensitivityInput, string> = {
  demand: "every product's orders per day",
  leadTime: "every supplier's lead time (mean and spread)",
  patience: "how long customers will wait (and 1/× their daily cancel chance)",
  level: "each product's order-up-to level, reorder point or safety stock (service level: the shortfall ÷ ×)",
  price: "every product's price",
  unitCost: "every product's unit cost",
};

/** What moved, in words; for an input with nothing to move, why. */
export function sensitivityDescription(b: Pick<SensitivityBar, "input" | "applicable">): string {
  if (b.applicable) return MOVED[b.input];
  return b.input === "patience" ? "no customer patience limits in the scenario (everyone waits)" : "nothing in the scenario depends on it";
}

/** The result as `sensitivity --json` gives it: each input with its `label` and `description` in words. */
export function sensitivityJson(
  r: SensitivityResult,
): Omit<SensitivityResult, "inputs"> & { inputs: (SensitivityBar & { label: string; description: string })[] } {
  return {
    ...r,
    inputs: r.inputs.map(({ input, ...b }) => ({ input, label: SENSITIVITY_INPUT_LABELS[input], description: sensitivityDescription({ input, ...b }), ...b })),
  };
}
