// Lets plain TypeScript (tsc) import Svelte components; vite-plugin-svelte compiles them.
declare module "*.svelte" {
  import type { Component } from "svelte";
  const component: Component<any>;
  export default component;
}
