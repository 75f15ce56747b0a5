/**
 * Replenishment orders in flight for one product, kept sorted by actual arrival day so receiving is
 * a look at the head. Each entry also keeps its expected arrival day (what the shop quotes from),
 * the units ordered and the units that will actually arrive (short shipments), and the unit costs.
 * Insertion is usually at the end (lead times rarely cross far), so it is cheap in practice.
 */
export class Pipeline {
  day: Int32Array;
  expected: Int32Array;
  ordered: Float64Array;
  delivered: Float64Array;
  unitPrice: Float64Array;
  unitPremium: Float64Array;
  head = 0;
  len = 0;

  constructor(capacity = 8) {
    this.day = new Int32Array(capacity);
    this.expected = new Int32Array(capacity);
    this.ordered = new Float64Array(capacity);
    this.delivered = new Float64Array(capacity);
    this.unitPrice = new Float64Array(capacity);
    this.unitPremium = new Float64Array(capacity);
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
  }

  /** Arrival day of the earliest order, or +∞ when nothing is in flight. */
  nextDay(): number {
    return this.len > 0 ? this.day[this.head] : Infinity;
  }

  insert(day: number, expected: number, ordered: number, delivered: number, unitPrice: number, unitPremium: number): void {
    if (this.head + this.len === this.day.length) this.makeRoom();
    let i = this.head + this.len;
    const D = this.day;
    // Equal days keep placement order (stable), so identical inputs give identical runs.
    while (i > this.head && D[i - 1] > day) {
      D[i] = D[i - 1];
      this.expected[i] = this.expected[i - 1];
      this.ordered[i] = this.ordered[i - 1];
      this.delivered[i] = this.delivered[i - 1];
      this.unitPrice[i] = this.unitPrice[i - 1];
      this.unitPremium[i] = this.unitPremium[i - 1];
      i--;
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
    this.head++;
    this.len--;
    if (this.len === 0) this.head = 0;
  }

  private makeRoom(): void {
    const n = this.day.length;
    const cap = this.len * 2 > n ? n * 2 : n;
    const move = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = cap === n ? a : make(cap);
      for (let i = 0; i < this.len; i++) b[i] = a[this.head + i];
      return b;
    };
    this.day = move(this.day, (k) => new Int32Array(k));
    this.expected = move(this.expected, (k) => new Int32Array(k));
    this.ordered = move(this.ordered, (k) => new Float64Array(k));
    this.delivered = move(this.delivered, (k) => new Float64Array(k));
    this.unitPrice = move(this.unitPrice, (k) => new Float64Array(k));
    this.unitPremium = move(this.unitPremium, (k) => new Float64Array(k));
    this.head = 0;
  }
}
