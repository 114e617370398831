import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchData, Workload } from '../data.js';
import { batchesToRun, type Runner } from './runner.js';

const SCRIPT = fileURLToPath(new URL('../../python/bench_torch.py', import.meta.url));

/** Why PyTorch cannot run here (`undefined` when `python -c "import torch"` works). */
export function pytorchMissing(python: string): string | undefined {
  const probe = spawnSync(python, ['-c', 'import torch, numpy; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.error !== undefined) return `${python} did not start (${probe.error.message})`;
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').at(-1) ?? '';
    return `${python} has no torch/numpy (${last})`;
  }
  return undefined;
}

/**
 * One long-lived Python process running tools/bench/python/bench_torch.py: the training sets
 * are written once as raw float64 files into a temporary folder, then each sample is one
 * request on stdin and one JSON answer on stdout.
 */
export class TorchWorker {
  private readonly lines: AsyncIterator<string>;
  private readonly reader: Interface;
  /** torch.__version__ and the threads it runs with, from the worker's answer to init. */
  version = '';
  threads = 0;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly dir: string,
  ) {
    this.reader = createInterface({ input: child.stdout });
    this.lines = this.reader[Symbol.asyncIterator]();
  }

  static async start(python: string, threads: number, data: BenchData): Promise<TorchWorker> {
    const dir = mkdtempSync(join(tmpdir(), 'mfnet-bench-'));
    const sets: Record<string, unknown> = {};
    for (const work of [data.mnist, data.housing]) {
      const x = join(dir, `${work.name}-x.f64`);
      const y = join(dir, `${work.name}-y.f64`);
      writeFileSync(x, littleEndian(work.data.x));
      writeFileSync(y, littleEndian(work.data.y));
      const { samples, features, outputs } = work.data;
      sets[work.name] = { x, y, samples, features, outputs };
    }
    const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const worker = new TorchWorker(child, dir);
    try {
      const hello = await worker.request({ op: 'init', threads, sets });
      worker.version = String(hello.torch);
      worker.threads = Number(hello.threads);
      return worker;
    } catch (error) {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pytorch worker: ${(error as Error).message}\n${stderr}`);
    }
  }

  async request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    const next = await this.lines.next();
    if (next.done === true) throw new Error('the Python process ended');
    const answer = JSON.parse(next.value) as Record<string, unknown>;
    if (typeof answer.error === 'string') throw new Error(answer.error);
    return answer;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.stdin.end(`${JSON.stringify({ op: 'quit' })}\n`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill();
          resolve();
        }, 5000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.reader.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PyTorch in one dtype, through a shared worker process. */
export class PytorchRunner implements Runner {
  readonly framework = 'pytorch';
  readonly backend = 'cpu';
  readonly label: string;

  constructor(
    private readonly worker: TorchWorker,
    readonly dtype: 'float64' | 'float32',
  ) {
    this.label = `pytorch ${worker.version} ${dtype}`;
  }

  async matmul(n: number): Promise<number> {
    const answer = await this.worker.request({ op: 'matmul', n, dtype: this.dtype });
    return Number(answer.seconds);
  }

  async epoch(work: Workload, fraction: number): Promise<number> {
    const { total, run } = batchesToRun(work, fraction);
    const answer = await this.worker.request({
      op: 'epoch',
      set: work.name,
      dtype: this.dtype,
      sizes: work.sizes,
      batchSize: work.batchSize,
      loss: work.loss,
      lr: work.lr,
      batches: run,
    });
    return (Number(answer.seconds) * total) / run;
  }

  /** The worker is shared by both dtypes; `closeAll` in main ends it. */
  async close(): Promise<void> {}
}

function littleEndian(data: Float64Array): Uint8Array {
  // Float64Array is in the platform's byte order, little-endian on every machine Node runs on.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
