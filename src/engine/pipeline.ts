import { grownRing } from "./grow.ts";

/**
 * Replenishment orders in flight for one product, kept sorted by actual arrival day so receiving is
 * a look at the head. Each entry also keeps its expected arrival day (what the shop quotes from),
 * the units ordered and the units that will actually arrive (short shipments), and the unit costs.
 * A ring buffer: insertion walks back from the tail, which is where a new order almost always goes.
 */
export class Pipeline {
  day: Int32Array;
  expected: Int32Array;
  ordered: Float64Array;
  delivered: Float64Array;
  unitPrice: Float64Array;
  unitPremium: Float64Array;
  /** Ring position of the earliest order; entries are at (head + i) & mask for i < len. */
  head = 0;
  len = 0;
  mask: number;

  constructor(capacityPow2 = 16) {
    this.day = new Int32Array(capacityPow2);
    this.expected = new Int32Array(capacityPow2);
    this.ordered = new Float64Array(capacityPow2);
    this.delivered = new Float64Array(capacityPow2);
    this.unitPrice = new Float64Array(capacityPow2);
    this.unitPremium = new Float64Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
  }

  insert(day: number, expected: number, ordered: number, delivered: number, unitPrice: number, unitPremium: number): void {
    if (this.len === this.day.length) this.grow();
    const mask = this.mask;
    const D = this.day;
    let i = (this.head + this.len) & mask;
    // Equal days keep placement order (stable), so identical inputs give identical runs.
    for (let k = this.len; k > 0; k--) {
      const j = (i - 1) & mask;
      if (D[j] <= day) break;
      D[i] = D[j];
      this.expected[i] = this.expected[j];
      this.ordered[i] = this.ordered[j];
      this.delivered[i] = this.delivered[j];
      this.unitPrice[i] = this.unitPrice[j];
      this.unitPremium[i] = this.unitPremium[j];
      i = j;
    }
    D[i] = day;
    this.expected[i] = expected;
    this.ordered[i] = ordered;
    this.delivered[i] = delivered;
    this.unitPrice[i] = unitPrice;
    this.unitPremium[i] = unitPremium;
    this.len++;
  }

  /** Drops the head entry (after the caller has read it at index `head`). */
  shift(): void {
    this.head = (this.head + 1) & this.mask;
    this.len--;
  }

  private grow(): void {
    const n = 2 * this.day.length;
    const { head, len, mask } = this;
    // The entries move to positions 0 … len − 1 of the larger ring.
    this.day = grownRing(this.day, head, len, mask, n, 0);
    this.expected = grownRing(this.expected, head, len, mask, n, 0);
    this.ordered = grownRing(this.ordered, head, len, mask, n, 0);
    this.delivered = grownRing(this.delivered, head, len, mask, n, 0);
    this.unitPrice = grownRing(this.unitPrice, head, len, mask, n, 0);
    this.unitPremium = grownRing(this.unitPremium, head, len, mask, n, 0);
    this.head = 0;
    this.mask = n - 1;
  }
}
