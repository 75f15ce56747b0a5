/** A growable FIFO of int32 ids (waiting order lines per product). No allocation while it fits. */
export class IntRing {
  buf: Int32Array;
  head = 0;
  size = 0;
  private mask: number;

  constructor(capacityPow2 = 16) {
    this.buf = new Int32Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  push(v: number): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & this.mask] = v;
    this.size++;
  }

  peek(): number {
    return this.buf[this.head];
  }

  shift(): number {
    const v = this.buf[this.head];
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return v;
  }

  private grow(): void {
    const n = this.buf.length;
    const next = new Int32Array(n * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = n * 2 - 1;
  }
}
