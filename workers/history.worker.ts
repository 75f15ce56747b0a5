/** Web Worker shell: parses and fits an imported sales history off the main thread (src/ui/import/historyImporter.ts). */
import { expose } from "comlink";
import { importHistory } from "../src/analysis/importHistory.ts";

const api = { importHistory };
export type Api = typeof api;
expose(api);
