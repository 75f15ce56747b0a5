import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// base "./" lets the static build be served from any folder.
export default defineConfig({
  base: "./",
  plugins: [svelte()],
  worker: { format: "es" },
  server: { port: 5173, strictPort: false },
  build: { target: "es2022" },
});
