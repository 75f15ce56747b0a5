/** Web Worker shell: reads, parses and fits an imported sales history off the main thread (src/ui/import/historyImporter.ts). */
import { expose } from "comlink";
import { importHistory, importHistoryFile } from "../src/analysis/importHistory.ts";

const api = { importHistory, importHistoryFile };
export type Api = typeof api;
expose(api);
