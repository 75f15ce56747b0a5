// comlink ships this adapter's types as .d.ts next to an .mjs, which "Bundler" resolution does not pair up.
declare module "comlink/dist/esm/node-adapter.mjs" {
  import type { Endpoint } from "comlink";
  /** A node:worker_threads Worker or MessagePort (its EventEmitter signature does not match DOM listeners). */
  export default function nodeEndpoint(nep: import("node:worker_threads").Worker | import("node:worker_threads").MessagePort): Endpoint;
}
