/**
 * Start-up in steps, each in a task of its own: evaluate zod, the scenario schema, the app state,
 * parse the draft, evaluate the Results view, the Scenario view, the rest of the page, mount. Done in one task, start-up blocked the
 * page for about 600 ms on the loaded 2-core box. Until the mount, index.html's placeholder is on screen.
 */
import { nextTask } from "./nextTask.ts";
import "./styles.css";
import { startWorkersEarly } from "../runner/webWorkers.ts";

// The app runs its scenario once it is mounted: its workers load and warm up their code meanwhile.
startWorkersEarly();

async function start(): Promise<void> {
  const z = await import("zod");
  // Without compiling a parser per object schema, the first parse of a scenario takes a third of the
  // time (about 50 ms instead of 140 ms on the loaded box); later parses of a small scenario stay well under a frame.
  z.config({ jitless: true });
  await nextTask();
  await import("../io/parseScenario.ts");
  await nextTask();
  const { app } = await import("./state/app.svelte.ts");
  // A catalogue's draft comes back from IndexedDB, a slice of products per task.
  await app.draftLoaded;
  await nextTask();
  void app.parsed;
  await nextTask();
  await import("./views/ResultsView.svelte");
  await nextTask();
  await import("./views/ScenarioView.svelte");
  await nextTask();
  const [{ mount }, { default: App }] = await Promise.all([import("svelte"), import("./App.svelte")]);
  await nextTask();
  // index.html shows a placeholder until now (the page paints at once instead of after start-up).
  document.getElementById("starting")?.remove();
  mount(App, { target: document.getElementById("app")! });
}

void start();
