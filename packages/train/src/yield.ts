/** What the yield needs of a MessagePort (the DOM's and Node's types differ). */
interface Port {
  onmessage: (() => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

/**
 * Gives the event loop a turn: timers, input, rendering and AbortSignal listeners run before the
 * promise resolves. `setImmediate` in Node, else a MessageChannel message: a task queued behind
 * those already waiting. Not `setTimeout(0)`, which browsers clamp to 4 ms once nested, nor
 * `scheduler.yield()`, whose continuation runs before other waiting tasks (a loop that yields
 * with it can starve the page's timers).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as unknown as {
    setImmediate?: (f: () => void) => unknown;
    MessageChannel?: new () => { port1: Port; port2: Port };
  };
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return new Promise((resolve) => immediate(resolve));
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    return new Promise((resolve) => {
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Calls `yieldToEventLoop` when at least `budgetMs` passed since the last turn it gave. */
export class Yielder {
  private last = performance.now();

  constructor(private readonly budgetMs: number) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.budgetMs) return;
    await yieldToEventLoop();
    this.last = performance.now();
  }
}
