/**
 * Web Worker shell: reads, parses and fits an imported sales history off the main thread
 * (src/ui/import/historyImporter.ts). `importFileHead` returns the import without its product fits
 * and keeps them; `takeProducts` hands them over a slice at a time, so the page takes in a
 * catalogue's fits in several short tasks instead of one long one.
 */
import { expose } from "comlink";
import { importHistory, importHistoryFile, type HistoryImport, type ImportOptions, type ImportProgress } from "../src/analysis/importHistory.ts";

let kept: HistoryImport | null = null;

async function importFileHead(blob: Blob, opts: ImportOptions, onProgress?: (p: ImportProgress) => void): Promise<{ head: HistoryImport; products: number }> {
  kept = await importHistoryFile(blob, opts, onProgress);
  return { head: { ...kept, fit: { ...kept.fit, products: [] } }, products: kept.fit.products.length };
}

function takeProducts(from: number, to: number): HistoryImport["fit"]["products"] {
  return kept ? kept.fit.products.slice(from, to) : [];
}

const api = { importHistory, importHistoryFile, importFileHead, takeProducts };
export type Api = typeof api;
expose(api);
