/**
 * Counts features of one document: an open-addressing hash table from a 32-bit feature hash
 * to its count and category, reused across documents (`reset` is O(features), not O(capacity))
 * so embedding allocates almost nothing per text. Iteration is in first-insertion order, which
 * keeps the float summation order, and so the output, deterministic.
 */
export class FeatureTable {
  private keys = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  private categories = new Uint8Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 1;
  /** Slots in first-insertion order. */
  private used: number[] = [];

  /** Number of distinct features counted since the last reset. */
  get size(): number {
    return this.used.length;
  }

  /** Counts one occurrence of feature `key` (a finalised hash) of category `category`. */
  add(key: number, category: number): void {
    if ((this.used.length + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = key & mask;
    while (this.stamps[slot] === this.generation) {
      if (this.keys[slot] === key) {
        this.counts[slot]!++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.stamps[slot] = this.generation;
    this.keys[slot] = key;
    this.counts[slot] = 1;
    this.categories[slot] = category;
    this.used.push(slot);
  }

  /** Calls `visit` once per distinct feature, in first-insertion order. */
  forEach(visit: (key: number, count: number, category: number) => void): void {
    for (const slot of this.used) visit(this.keys[slot]!, this.counts[slot]!, this.categories[slot]!);
  }

  /** Forgets every feature (the next document starts empty). */
  reset(): void {
    this.used.length = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private grow(): void {
    const old = { keys: this.keys, counts: this.counts, categories: this.categories, used: this.used };
    const capacity = this.keys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.categories = new Uint8Array(capacity);
    this.stamps = new Uint32Array(capacity);
    this.generation = 1;
    this.used = [];
    const mask = capacity - 1;
    for (const from of old.used) {
      let slot = old.keys[from]! & mask;
      while (this.stamps[slot] === 1) slot = (slot + 1) & mask;
      this.stamps[slot] = 1;
      this.keys[slot] = old.keys[from]!;
      this.counts[slot] = old.counts[from]!;
      this.categories[slot] = old.categories[from]!;
      this.used.push(slot);
    }
  }
}
