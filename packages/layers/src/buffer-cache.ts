/**
 * Scratch tensors kept per batch size, so that a training step allocates nothing once it has
 * seen a batch size: the entry for a key (a column count, or a shape) is made on first use and
 * reused after that. A few keys are kept at once (the full batch and the last, partial one
 * alternate every epoch); the least recently used entry goes when more appear.
 */
export class BufferCache<K, A, T> {
  private readonly entries = new Map<K, T>();
  private lastKey: K | undefined;

  constructor(
    private readonly make: (arg: A) => T,
    private readonly capacity = 4,
  ) {}

  /** The entry for `key`, made from `arg` when there is none. */
  get(key: K, arg: A): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      if (this.lastKey !== key) {
        // Move it to the most recently used end.
        this.entries.delete(key);
        this.entries.set(key, hit);
        this.lastKey = key;
      }
      return hit;
    }
    const made = this.make(arg);
    this.entries.set(key, made);
    this.lastKey = key;
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
    return made;
  }

  clear(): void {
    this.entries.clear();
    this.lastKey = undefined;
  }
}
