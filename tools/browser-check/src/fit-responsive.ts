import { DataLoader } from '@mfnet/data';
import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { createBackend, Rng, setBackend } from '@mfnet/tensor';
import { fit } from '@mfnet/train';

/** What `?fit` reports: how long the page's timers waited while training ran. */
export interface ResponsivenessReport {
  /** Optimizer steps `fit` made before its AbortSignal stopped it. */
  fitSteps: number;
  /** How `fit` returned (`aborted`: the timer that aborts it did run). */
  fitReason: string;
  fitSeconds: number;
  /** The longest wait, in ms, between two firings of a 10 ms interval timer while `fit` ran. */
  fitMaxTimerGapMs: number;
  /** The 95th percentile of those waits. */
  fitP95TimerGapMs: number;
  /** Animation frames drawn while `fit` ran. */
  fitFrames: number;
  /** The same, while the same steps ran in a plain loop that never yields (the control). */
  blockingSteps: number;
  blockingSeconds: number;
  blockingMaxTimerGapMs: number;
  blockingFrames: number;
}

/** Calls of a 10 ms interval timer and of requestAnimationFrame, while `work` runs. */
async function measure(
  work: () => Promise<void> | void,
): Promise<{ maxGapMs: number; p95GapMs: number; frames: number; seconds: number }> {
  let last = performance.now();
  let gaps: number[] = [];
  const interval = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 10);
  let frames = 0;
  let drawing = true;
  const frame = () => {
    frames++;
    if (drawing) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // Let the timer and a frame start before the work.
  await new Promise((resolve) => setTimeout(resolve, 50));
  last = performance.now();
  gaps = [];
  frames = 0;
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  // The timer's first firing after the work ends closes the gap the work made.
  await new Promise((resolve) => setTimeout(resolve, 30));
  clearInterval(interval);
  drawing = false;
  const sorted = gaps.sort((a, b) => a - b);
  const p95GapMs = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
  return { maxGapMs: sorted.at(-1) ?? 0, p95GapMs, frames, seconds };
}

/** A 2-64-64-1 regression problem, float64 on the CPU backend. */
function problem() {
  const rng = new Rng(3);
  const x = Array.from({ length: 2048 }, () => [rng.uniform() * 2 - 1, rng.uniform() * 2 - 1]);
  const y = x.map(([a, b]) => a! * a! - b!);
  const net = new NeuralNetwork([
    new Linear(2, 64, { seed: 1 }),
    new ReLU(),
    new Linear(64, 64, { seed: 2 }),
    new ReLU(),
    new Linear(64, 1, { seed: 3 }),
  ]);
  return { x, y, net, loss: new MSELoss(), optimizer: new SGD(net.parameters(), { lr: 0.01 }) };
}

/**
 * Trains with `fit` for `fitMs` (an AbortSignal stops it, from a timer: it fires only if `fit`
 * lets the event loop run), then runs the same steps in a loop that never yields for
 * `blockingMs`, measuring the page's timer latency and frames during each.
 */
export async function measureResponsiveness(
  fitMs = 2000,
  blockingMs = 1500,
): Promise<ResponsivenessReport> {
  setBackend(createBackend('cpu'));
  const a = problem();
  let history: Awaited<ReturnType<typeof fit>> | undefined;
  const during = await measure(async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), fitMs);
    history = await fit(a.net, {
      data: { x: a.x, y: a.y },
      loss: a.loss,
      optimizer: a.optimizer,
      epochs: 1_000_000,
      batchSize: 32,
      seed: 1,
      signal: controller.signal,
    });
  });

  // The control: the steps fit makes, forward, loss, backward, update, in a synchronous loop.
  const b = problem();
  const loader = new DataLoader(
    { data: Float64Array.from(b.x.flat()), shape: [b.x.length, 2] },
    { data: Float64Array.from(b.y), shape: [b.y.length, 1] },
    { batchSize: 32, seed: 1 },
  );
  let blockingSteps = 0;
  const blocking = await measure(() => {
    const start = performance.now();
    for (let epoch = 0; performance.now() - start < blockingMs; epoch++) {
      for (const { x, y } of loader.batches(epoch)) {
        b.net.zeroGrad();
        b.loss.forward(b.net.forward(x), y);
        b.net.backward(b.loss.grad(), { inputGradient: false });
        b.optimizer.step();
        blockingSteps++;
        if (performance.now() - start >= blockingMs) break;
      }
    }
  });
  return {
    fitSteps: history?.state.step ?? 0,
    fitReason: history?.reason ?? 'none',
    fitSeconds: during.seconds,
    fitMaxTimerGapMs: during.maxGapMs,
    fitP95TimerGapMs: during.p95GapMs,
    fitFrames: during.frames,
    blockingSteps,
    blockingSeconds: blocking.seconds,
    blockingMaxTimerGapMs: blocking.maxGapMs,
    blockingFrames: blocking.frames,
  };
}
