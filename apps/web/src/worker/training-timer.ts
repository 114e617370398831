/**
 * The worker's own training time: wall time less the spans set aside (the user's pauses and the
 * page's test-set evaluations, which are not training). It gives the epoch's seconds, the steps
 * per second of each progress report, and the whole run's steps and milliseconds (what the web
 * bench reads). `now` is injectable so the accounting is unit-tested with a fake clock.
 */
export class TrainingTimer {
  private epochStart = 0;
  private windowStart = 0;
  private windowSteps = 0;
  /** Milliseconds set aside since the run began. */
  private asideMs = 0;
  private readonly runStart: number;
  /** Training milliseconds (since the run began) at the last finished step. */
  private completedMs = 0;
  /** The training milliseconds of the epochs before this one. */
  private earlierEpochsMs = 0;
  private steps = 0;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.runStart = now();
  }

  /** Training milliseconds since the run began. */
  private trainingNow(): number {
    return this.now() - this.runStart - this.asideMs;
  }

  /** Starts an epoch's clock and a new report window. */
  beginEpoch(): void {
    this.earlierEpochsMs += this.completedMs - this.epochStart;
    this.epochStart = this.windowStart = this.completedMs = this.trainingNow();
    this.windowSteps = 0;
  }

  /** Counts one finished optimizer step. */
  step(): void {
    this.steps++;
    this.windowSteps++;
    this.completedMs = this.trainingNow();
  }

  /** Runs `work` (a pause, an evaluation) off the clock: its time counts nowhere. */
  async setAside<T>(work: () => T | Promise<T>): Promise<T> {
    const started = this.now();
    try {
      return await work();
    } finally {
      this.asideMs += this.now() - started;
    }
  }

  /** Training milliseconds in the current report window. */
  windowMs(): number {
    return this.trainingNow() - this.windowStart;
  }

  /** The window's steps per second, and a new window from now. */
  takeWindow(): number {
    const ms = this.windowMs();
    const rate = ms > 0 ? (this.windowSteps * 1000) / ms : 0;
    this.windowStart = this.trainingNow();
    this.windowSteps = 0;
    return rate;
  }

  /** Seconds of training in this epoch up to its last finished step. */
  epochSeconds(): number {
    return (this.completedMs - this.epochStart) / 1000;
  }

  /** Steps finished in the whole run, and the training milliseconds of its epochs up to the last. */
  run(): { steps: number; ms: number } {
    return { steps: this.steps, ms: this.earlierEpochsMs + this.completedMs - this.epochStart };
  }
}
