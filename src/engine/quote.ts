/**
 * Restock-date quotes (docs/model.md §4). A short line is quoted the first day on which the pipeline,
 * taken at its expected arrival days, covers every older backordered unit plus this line. When the
 * pipeline cannot cover it, the quote is the next review plus the supplier's expected lead time (and
 * never earlier than the last expected arrival). Quotes are never earlier than tomorrow: today's
 * deliveries have already been allocated.
 */
import type { Pipeline } from "./pipeline.ts";

export class QuoteBook {
  days = new Int32Array(8);
  cum = new Float64Array(8);
  n = 0;
  /** Day the book was built for; the pipeline does not change between receiving and reviewing. */
  builtDay = -1;

  build(pipe: Pipeline, t: number): void {
    if (this.days.length < pipe.len) {
      this.days = new Int32Array(pipe.len * 2);
      this.cum = new Float64Array(pipe.len * 2);
    }
    const D = this.days;
    const C = this.cum;
    let n = 0;
    for (let k = 0; k < pipe.len; k++) {
      const i = (pipe.head + k) & pipe.mask;
      const d = pipe.expected[i] > t ? pipe.expected[i] : t + 1;
      const u = pipe.delivered[i];
      let j = n++;
      while (j > 0 && D[j - 1] > d) {
        D[j] = D[j - 1];
        C[j] = C[j - 1];
        j--;
      }
      D[j] = d;
      C[j] = u;
    }
    for (let i = 1; i < n; i++) C[i] += C[i - 1];
    this.n = n;
    this.builtDay = t;
  }

  /** Quote for a line when `unitsAhead` units (older backorders plus this line) wait for stock. */
  quote(unitsAhead: number, t: number, fallbackDay: number): number {
    const C = this.cum;
    for (let i = 0; i < this.n; i++) if (C[i] >= unitsAhead) return this.days[i];
    const last = this.n > 0 ? this.days[this.n - 1] : t + 1;
    return fallbackDay > last ? fallbackDay : last;
  }
}

/** The day the next review places an order: today when today is a review day (review ends the day). */
export function nextReviewDay(t: number, reviewPeriodDays: number): number {
  const r = t % reviewPeriodDays;
  return r === 0 ? t : t + reviewPeriodDays - r;
}
