/**
 * The app's top-level tabs. To add a view, write `src/ui/views/MyView.svelte` and add ONE line to
 * `views` below: `{ id: "compare", label: "Compare", load: () => import("./views/CompareView.svelte") }`.
 * The order here is the order of the tabs; the id is also the URL hash (`#compare`), so views can be linked.
 * Views load on first opening (their code is a separate chunk), so the page starts by evaluating only
 * the Scenario and Results views, which are bundled with the app (`ready(...)`). Once opened, a view
 * stays mounted, hidden while another tab is open: its inputs, its answer and any run it started are
 * still there when the user comes back. A view that must do something each time it is shown watches
 * `app.view === "<its id>"` in an `$effect`; a chart in a hidden view keeps its last width.
 *
 * A view takes no props. It reads and changes the shared state through the singleton
 *
 *     import { app } from "../state/app.svelte.ts";
 *
 * - `app.draft`          scenario as typed (plain JSON; mutate in place; autosaves to localStorage)
 * - `app.parsed`         `parseScenario(app.draft)`: `{ ok: true, scenario, warnings } | { ok: false, errors }`
 * - `keepDraftThenReplace(next, reason)` (state/keepDraftThenReplace.svelte.ts)   replace the draft
 *                        from a button: the draft is first kept in Saved work (never lose work);
 *                        `app.setDraft(json)` / `app.loadExample(id)` replace it without a copy
 * - `app.runner`         the shared browser `Runner` (web-worker pool); call `simulate` /
 *                        `simulatePaired` on it with `$state.snapshot(...)` of anything reactive
 * - `app.run()` / `app.cancel()`   run the current scenario (what the Run button does)
 * - `app.job` (status, progress, error: state/job.svelte.ts), `app.result` (`SimulationResult`, partial while `app.partial`),
 *   `app.resultScenario` (the `Scenario` that result belongs to)
 * - `app.view = "results"` switches tab.
 *
 * Views that run their own simulations should keep their results in their own `$state.raw`
 * and pass an `AbortSignal` so leaving them running never blocks the main Run button.
 */
import type { Component } from "svelte";
import ScenarioView from "./views/ScenarioView.svelte";
import ResultsView from "./views/ResultsView.svelte";

type ViewModule = { default: Component };

export interface View {
  /** Stable id, also the URL hash. */
  id: string;
  /** Tab label. */
  label: string;
  /** Loads the view's module, whose default export is a Svelte component with no props. */
  load: () => Promise<ViewModule>;
}

/** A view bundled with the app: the page opens on it, so it must not wait for a chunk. */
const ready = (component: Component) => () => Promise.resolve<ViewModule>({ default: component });

export const views: View[] = [
  { id: "scenario", label: "Scenario", load: ready(ScenarioView) },
  { id: "results", label: "Results", load: ready(ResultsView) },
  { id: "import", label: "History import", load: () => import("./views/ImportView.svelte") },
  { id: "compare", label: "Compare", load: () => import("./views/CompareView.svelte") },
  { id: "optimise", label: "Optimise", load: () => import("./views/OptimiseView.svelte") },
  { id: "backorders", label: "Backorder policy", load: () => import("./views/BackorderPolicyView.svelte") },
  { id: "plan", label: "Plan", load: () => import("./views/PlanView.svelte") },
  { id: "sensitivity", label: "Sensitivity", load: () => import("./views/SensitivityView.svelte") },
  { id: "saved", label: "Saved work", load: () => import("./views/SavedView.svelte") },
];
