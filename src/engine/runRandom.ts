/**
 * A run's random inputs that do not depend on anything the shop does (docs/model.md §7): the named
 * streams, reseeded per run, the suppliers' outages and the products' random demand shocks, drawn
 * from their own streams, and each product's daily order count.
 */
import type { CompiledModel } from "./compile.ts";
import { countAnchorInto, orderCountByInversion, sample, sampleInt } from "./dists.ts";
import { geometricGap, OutageSchedule } from "./outages.ts";
import { aleaNext, seedStreamInto, streamKeyOf, textHash, type PRNG } from "./random.ts";

export class RunRandom {
  readonly m: CompiledModel;
  /**
   * Alea states in one array, 4 numbers per stream. Demand streams are slots 0 … P−1 (advanced in
   * place with `aleaNext(state, p << 2)`); the others are drawn through the closures below.
   */
  readonly state: Float64Array;
  /** Hash of each slot's stream name, e.g. "demand\0scarf". */
  readonly streamNames: Uint32Array;
  /** Hash of "customers\0<product>" per product, for the product's keyed-uniform key. */
  readonly customerNames: Uint32Array;
  /** Each product's key for its customers' keyed uniforms (this run's). */
  readonly customerKey: Uint32Array;
  readonly seedHash: number;
  readonly demandRng: PRNG[];
  readonly shockRng: PRNG[];
  readonly basketRng: PRNG[];
  /** leadRng[p][k]: lead times of product p's k-th supplier. */
  readonly leadRng: PRNG[][];
  readonly outageRng: PRNG[];
  readonly outages: OutageSchedule[];
  readonly shockOffset: Int32Array;
  readonly shockNext: Float64Array;
  readonly shockUntil: Float64Array;
  readonly shockValue: Float64Array;
  /** Inversion start for a shocked day's count (computed on the spot). */
  readonly shockAnchor = new Int32Array(1);
  readonly shockAnchorProb = new Float64Array(2);

  constructor(m: CompiledModel) {
    this.m = m;
    const names: string[] = [];
    const slot = (name: string) => names.push(name) - 1;
    m.products.forEach((p) => slot(`demand\u0000${p.id}`));
    const shockSlots = m.products.map((p) => slot(`shocks\u0000${p.id}`));
    const basketSlots = m.products.map((p) => slot(`baskets\u0000${p.id}`));
    const leadSlots = m.products.map((p) => Array.from(p.suppliers, (si) => slot(`leadTime\u0000${m.suppliers[si].id}:${p.id}`)));
    const outageSlots = m.suppliers.map((s) => slot(`disruptions\u0000${s.id}`));
    this.streamNames = Uint32Array.from(names, textHash);
    this.customerNames = Uint32Array.from(m.products, (p) => textHash(`customers\u0000${p.id}`));
    this.customerKey = new Uint32Array(m.nProducts);
    this.seedHash = textHash(m.seed);
    const state = (this.state = new Float64Array(4 * names.length));
    const rngAt =
      (k: number): PRNG =>
      () =>
        aleaNext(state, 4 * k);
    this.demandRng = m.products.map((_, p) => rngAt(p));
    this.shockRng = shockSlots.map(rngAt);
    this.basketRng = basketSlots.map(rngAt);
    this.leadRng = leadSlots.map((ks) => ks.map(rngAt));
    this.outageRng = outageSlots.map(rngAt);
    this.outages = m.suppliers.map(() => new OutageSchedule());
    const P = m.nProducts;
    this.shockOffset = new Int32Array(P + 1);
    m.products.forEach((p, i) => (this.shockOffset[i + 1] = this.shockOffset[i] + p.randomShocks.length));
    const nShocks = this.shockOffset[P];
    this.shockNext = new Float64Array(nShocks);
    this.shockUntil = new Float64Array(nShocks);
    this.shockValue = new Float64Array(nShocks);
  }

  /** Reseeds every stream for run `runIndex` and draws the run's outages and first shock days. */
  reset(runIndex: number): void {
    const m = this.m;
    const names = this.streamNames;
    for (let k = 0; k < names.length; k++) seedStreamInto(this.seedHash, runIndex, names[k], this.state, 4 * k);
    for (let p = 0; p < m.nProducts; p++) this.customerKey[p] = streamKeyOf(this.seedHash, runIndex, this.customerNames[p]);
    m.suppliers.forEach((s, i) => {
      if (s.outageProbability > 0 && s.outageDuration) this.outages[i].generate(this.outageRng[i], s.outageProbability, s.outageDuration, m.totalDays);
      else this.outages[i].clear();
    });
    for (let p = 0; p < m.nProducts; p++) {
      const shocks = m.products[p].randomShocks;
      for (let i = 0; i < shocks.length; i++) {
        const k = this.shockOffset[p] + i;
        this.shockNext[k] = geometricGap(this.shockRng[p], shocks[i].probabilityPerDay);
        this.shockUntil[k] = -1;
        this.shockValue[k] = 1;
      }
    }
  }

  /** Customer orders of product p on day t: one uniform, inverted from the day's precomputed median. */
  orderCount(p: number, t: number): number {
    const m = this.m;
    const prod = m.products[p];
    const lam = m.lambda[p * m.curveDays + t];
    const i = p * m.totalDays + t;
    const u = aleaNext(this.state, p << 2);
    if (prod.randomShocks.length !== 0) {
      const mult = this.shockMultiplier(p, t);
      if (mult !== 1) {
        const shocked = lam * mult;
        countAnchorInto(shocked, prod.dispersion, this.shockAnchor, this.shockAnchorProb, 0);
        return orderCountByInversion(u, shocked, prod.dispersion, this.shockAnchor[0], this.shockAnchorProb[0], this.shockAnchorProb[1], prod.countRatios);
      }
    }
    const ap = m.countAnchorProb;
    return orderCountByInversion(u, lam, prod.dispersion, m.countAnchor[i], ap[2 * i], ap[2 * i + 1], prod.countRatios);
  }

  /** Product p's demand multiplier on day t from its random shocks (days must be asked in order). */
  private shockMultiplier(p: number, t: number): number {
    const shocks = this.m.products[p].randomShocks;
    const rng = this.shockRng[p];
    let mult = 1;
    for (let i = 0; i < shocks.length; i++) {
      const k = this.shockOffset[p] + i;
      if (t === this.shockNext[k]) {
        this.shockValue[k] = sample(shocks[i].multiplier, rng);
        this.shockUntil[k] = t + sampleInt(shocks[i].duration, rng, 1);
        this.shockNext[k] = this.shockUntil[k] + geometricGap(rng, shocks[i].probabilityPerDay);
      }
      if (t < this.shockUntil[k]) mult *= this.shockValue[k];
    }
    return mult;
  }

  /** Whether supplier s is down on day t (days asked in order since the last `rewind`). */
  isDown(s: number, t: number): boolean {
    const o = this.outages[s];
    return o.count > 0 && o.advance(t);
  }

  /** Starts the suppliers' outage cursors again from day 0. */
  rewind(): void {
    for (const o of this.outages) o.cursor = 0;
  }
}
