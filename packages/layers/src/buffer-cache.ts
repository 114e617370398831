/**
 * Scratch tensors kept per batch size, so that a training step allocates nothing once it has
 * seen a batch size: the entry for a key (a column count, or a shape) is made on first use and
 * reused after that. A few keys are kept at once (the full batch and the last, partial one
 * alternate every epoch); the least recently used entry goes when more appear, and `release`
 * frees its tensors (on the gpu.js backend they are textures, which no garbage collector frees).
 */
export class BufferCache<K, A, T> {
  private readonly entries = new Map<K, T>();
  private lastKey: K | undefined;

  constructor(
    private readonly make: (arg: A) => T,
    private readonly release: (entry: T) => void = () => {},
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
      const evicted = this.entries.get(oldest) as T;
      this.entries.delete(oldest);
      this.release(evicted);
    }
    return made;
  }

  /** Drops every entry, releasing each. */
  clear(): void {
    for (const entry of this.entries.values()) this.release(entry);
    this.entries.clear();
    this.lastKey = undefined;
  }
}
