/**
 * The app's top-level tabs. To add a view, write `src/ui/views/MyView.svelte` and add ONE line to
 * `views` below: `{ id: "compare", label: "Compare", component: CompareView }`. The order here is
 * the order of the tabs; the id is also the URL hash (`#compare`), so views can be linked.
 *
 * A view takes no props. It reads and changes the shared state through the singleton
 *
 *     import { app } from "../state/app.svelte.ts";
 *
 * - `app.draft`          scenario as typed (plain JSON; mutate in place; autosaves to localStorage)
 * - `app.parsed`         `parseScenario(app.draft)`: `{ ok: true, scenario, warnings } | { ok: false, errors }`
 * - `app.setDraft(json)` / `app.loadExample(id)`   replace the draft
 * - `app.runner`         the shared browser `Runner` (web-worker pool); call `simulate` /
 *                        `simulatePaired` on it with `$state.snapshot(...)` of anything reactive
 * - `app.run()` / `app.cancel()`   run the current scenario (what the Run button does)
 * - `app.status`, `app.progress`, `app.result` (`SimulationResult`, partial while `app.partial`),
 *   `app.resultScenario` (the `Scenario` that result belongs to)
 * - `app.view = "results"` switches tab.
 *
 * Views that run their own simulations should keep their results in their own `$state.raw`
 * and pass an `AbortSignal` so leaving them running never blocks the main Run button.
 */
import type { Component } from "svelte";
import ScenarioView from "./views/ScenarioView.svelte";
import ResultsView from "./views/ResultsView.svelte";
import ImportView from "./views/ImportView.svelte";
import SavedView from "./views/SavedView.svelte";
import CompareView from "./views/CompareView.svelte";
import OptimiseView from "./views/OptimiseView.svelte";
import BackorderPolicyView from "./views/BackorderPolicyView.svelte";
import SensitivityView from "./views/SensitivityView.svelte";

export interface View {
  /** Stable id, also the URL hash. */
  id: string;
  /** Tab label. */
  label: string;
  /** A Svelte component with no props. */
  component: Component;
}

export const views: View[] = [
  { id: "scenario", label: "Scenario", component: ScenarioView },
  { id: "results", label: "Results", component: ResultsView },
  { id: "import", label: "History import", component: ImportView },
  { id: "compare", label: "Compare", component: CompareView },
  { id: "optimise", label: "Optimise", component: OptimiseView },
  { id: "backorders", label: "Backorder policy", component: BackorderPolicyView },
  { id: "sensitivity", label: "Sensitivity", component: SensitivityView },
  { id: "saved", label: "Saved work", component: SavedView },
];
