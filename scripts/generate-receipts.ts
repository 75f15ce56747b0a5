/**
 * Writes examples/supplier-receipts.csv: a year of purchase-order receipts of three suppliers of a
 * UK gift wholesaler, drawn from known distributions (below) with a fixed seed, so the receipts fit
 * can be checked against what generated them. `npx tsx scripts/generate-receipts.ts`.
 *
 * Each supplier gets a PO every few days for 2–6 of its skus; a line's lead time (days) is a
 * lognormal draw rounded to whole days (at least 1), its received quantity the ordered one or,
 * with the supplier's short-shipment chance, a fraction of it. The last weeks' POs are still open
 * (blank received date) when not yet due.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import seedrandom from "seedrandom";

export interface GeneratingSupplier {
  id: string;
  /** Lognormal lead time: mean and sd of the days themselves. */
  leadTime: { mean: number; sd: number };
  /** Days between POs. */
  everyDays: number;
  /** Chance a line ships short, and the share of the line that then arrives. */
  shortChance: number;
  shortShare: number;
  skus: string[];
}

export const GENERATING_SUPPLIERS: GeneratingSupplier[] = [
  {
    id: "far-east-imports",
    leadTime: { mean: 42, sd: 12 },
    everyDays: 2,
    shortChance: 0.15,
    shortShare: 0.8,
    skus: ["22423", "47566", "20725", "22720", "21212", "22383", "22457", "23203", "22469", "22086", "22411", "22666", "23209", "22384"],
  },
  {
    id: "midlands-packaging",
    leadTime: { mean: 9, sd: 3 },
    everyDays: 1,
    shortChance: 0.05,
    shortShare: 0.5,
    skus: ["82482", "22993", "22727", "23084", "20724", "22697", "20726", "23199", "21034", "22138", "85099C", "21790"],
  },
  {
    id: "euro-gifts",
    leadTime: { mean: 18, sd: 5 },
    everyDays: 2,
    shortChance: 0.1,
    shortShare: 0.9,
    skus: ["82494L", "23201", "20914", "21977", "22112", "21929", "84991", "20719", "21175", "21928", "22698", "22728"],
  },
];

export const FIRST_ORDER = "2011-01-03";
export const LAST_ORDER = "2011-12-09";
/** Receipts dated after this are not known yet: those lines are open. */
export const AS_OF = "2011-12-09";

const DAY = 86_400_000;
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
const dayOf = (s: string) => Math.round(Date.parse(s) / DAY);

export function generateReceipts(seed = "receipts-2011"): string {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const rows = ["po,supplier,sku,ordered,received,qty_ordered,qty_received"];
  let po = 5000;
  const packs = [12, 24, 48, 72, 96, 144, 288];
  for (const s of GENERATING_SUPPLIERS) {
    const sigma2 = Math.log(1 + (s.leadTime.sd / s.leadTime.mean) ** 2);
    const mu = Math.log(s.leadTime.mean) - sigma2 / 2;
    for (let d = dayOf(FIRST_ORDER); d <= dayOf(LAST_ORDER); d += s.everyDays) {
      // Orders go out on weekdays.
      let day = d;
      while ([5, 6].includes((((day + 3) % 7) + 7) % 7)) day++;
      po++;
      const k = 2 + Math.floor(rng() * 5);
      const skus = [...s.skus].sort(() => rng() - 0.5).slice(0, k);
      for (const sku of skus) {
        const lt = Math.max(1, Math.round(Math.exp(mu + Math.sqrt(sigma2) * normal())));
        const qty = packs[Math.floor(rng() * packs.length)];
        const short = rng() < s.shortChance;
        const got = short ? Math.round(qty * s.shortShare) : qty;
        const rec = day + lt;
        const open = rec > dayOf(AS_OF);
        rows.push([`PO-${po}`, s.id, sku, iso(day), open ? "" : iso(rec), qty, open ? "" : got].join(","));
      }
    }
  }
  return rows.join("\n") + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL("../examples/supplier-receipts.csv", import.meta.url));
  writeFileSync(out, generateReceipts());
  console.log(`wrote ${out}`);
}
