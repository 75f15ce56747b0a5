import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import type { Plugin } from "vite";

/**
 * Zod re-exports every locale through `export * as locales`, which bundlers cannot tree-shake, so
 * some fifty translations of its messages (about 200 KB) would load with the page. The app reports
 * its own messages in English (src/io/zodIssues.ts), so the index keeps English only.
 */
function zodEnglishOnly(): Plugin {
  return {
    name: "zod-english-only",
    enforce: "pre",
    load(id) {
      if (/[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/.test(id)) return 'export { default as en } from "./en.js";';
      return null;
    },
  };
}

/**
 * Cross-origin isolation, so the simulation workers may hand their results to the aggregate worker
 * in shared memory instead of copies (workers/simulation.worker.ts). Serve the static build with
 * the same two headers to get it there; without them the app works the same, copying.
 */
const ISOLATION_HEADERS = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

// base "./" lets the static build be served from any folder.
export default defineConfig({
  base: "./",
  plugins: [zodEnglishOnly(), svelte()],
  worker: { format: "es" },
  server: {
    port: 5173,
    strictPort: false,
    headers: ISOLATION_HEADERS,
    // Transformed while the browser is being opened, so the first page load does not wait for them.
    warmup: {
      clientFiles: [
        "./src/ui/main.ts",
        "./src/ui/App.svelte",
        "./src/ui/views/ResultsView.svelte",
        "./src/ui/views/ScenarioView.svelte",
        "./workers/simulation.worker.ts",
        "./workers/aggregate.worker.ts",
      ],
    },
  },
  // \`npm start\` builds the app and serves the build here (Svelte's production runtime); \`npm run dev\`
  // is the dev server, with Svelte's development checks.
  preview: { port: 5173, strictPort: false, headers: ISOLATION_HEADERS },
  build: { target: "es2022" },
});
