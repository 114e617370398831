import { DatasetNotFoundError } from '@mfnet/data';
import { MSELoss } from '@mfnet/losses';
import { createBackend } from '@mfnet/tensor';
import { fit, TrainingDivergedError } from '@mfnet/train';
import { describe, expect, it } from 'vitest';
import { checkDataFitsNetwork } from '../src/data-fits-network.js';
import { notFoundForCli } from '../src/dataset-not-found.js';
import { divergedError, warningForCli } from '../src/divergence.js';
import { buildNetwork } from '../src/network.js';

/** A real TrainingDivergedError: SGD at lr 1e300 on 16 samples in batches of 4. */
async function diverged(epochs: number): Promise<TrainingDivergedError> {
  const net = buildNetwork([2, 3, 1], 'relu', { backend: createBackend('cpu'), dtype: 'float64' });
  const x = Array.from({ length: 16 }, (_, i) => [i / 16, 1 - i / 16]);
  const y = x.map(([a]) => [3 * a!]);
  const data = { x, y };
  const options = { data, loss: new MSELoss(), batchSize: 4, seed: 1 } as const;
  const sound = await fit(net, {
    ...options,
    optimizer: { name: 'sgd', lr: 0.01 },
    epochs: epochs - 1 || 1,
  });
  const error = await fit(net, {
    ...options,
    optimizer: { name: 'sgd', lr: 0.01 },
    epochs: epochs + 5,
    ...(epochs > 1 ? { resume: sound } : {}),
    lr: 1e300,
  }).catch((e: unknown) => e);
  if (!(error instanceof TrainingDivergedError)) throw new Error('expected the run to diverge');
  return error;
}

describe("divergence in the command line's words", () => {
  it('a divergence warning gets a lower --lr and --max-grad-norm', () => {
    const w = warningForCli('epoch 3: the training loss 9.00e+39 is over 100 times …', 1e6);
    expect(w).toMatch(/^epoch 3: the training loss 9.00e\+39/);
    expect(w).toContain('--lr 100000');
    expect(w).toContain('--max-grad-norm');
  });

  it('a NaN loss names the epoch and batch, and the resume it advises keeps the checkpoint usable', async () => {
    const cause = await diverged(3);
    expect(cause.epoch).toBe(3);
    const later = divergedError(cause, '/o/checkpoint.safetensors');
    expect(later.message).toMatch(
      /^training diverged in epoch 3, batch \d of 4 \(lr 1e\+300\): the (loss is|gradient of '.+' has norm) (NaN|-?Infinity)\./,
    );
    expect(later.message).toContain('/o/checkpoint.safetensors holds the weights after epoch 2');
    expect(later.message).toContain('--resume --lr 1e+299');
    const first = divergedError(await diverged(1), '/o/c');
    expect(first.message).toMatch(/^training diverged in epoch 1, batch \d of 4/);
    expect(first.message).not.toContain('--resume');
    expect(first.message).toContain('--lr 1e+299');
  });
});

describe('checkDataFitsNetwork', () => {
  const m = (rows: number, cols: number) => ({
    data: new Float64Array(rows * cols),
    shape: [rows, cols] as const,
  });
  it('refuses data whose features, targets or counts do not fit the network', () => {
    expect(() => checkDataFitsNetwork({ x: m(5, 196), y: m(5, 10) }, [784, 10])).toThrow(
      /each sample has 196 features, but the network 784-10 takes 784/,
    );
    expect(() => checkDataFitsNetwork({ x: m(5, 784), y: m(5, 9) }, [784, 10])).toThrow(
      /each target has 9 values/,
    );
    expect(() => checkDataFitsNetwork({ x: m(5, 784), y: m(4, 10) }, [784, 10])).toThrow(
      /5 samples but 4 targets/,
    );
    expect(() => checkDataFitsNetwork({ x: m(0, 784), y: m(0, 10) }, [784, 10])).toThrow(
      /no samples/,
    );
    expect(() => checkDataFitsNetwork({ x: m(5, 784), y: m(5, 10) }, [784, 10])).not.toThrow();
  });
});

describe('notFoundForCli', () => {
  const looked = ['the cache /c/mnist: no such directory'];
  it('speaks the command line options, not the library ones', () => {
    const e = notFoundForCli(new DatasetNotFoundError('x', looked), {
      name: 'MNIST',
      files: 'the files',
      dataDir: undefined,
    });
    expect((e as Error).message).toContain('--download');
    expect((e as Error).message).toContain('--data-dir');
    expect((e as Error).message).toContain('the cache /c/mnist: no such directory');
    expect((e as Error).message).not.toMatch(/download: true|\{ dir \}|`dir`/);
    const given = notFoundForCli(new DatasetNotFoundError('x', looked), {
      name: 'MNIST',
      files: 'the files',
      dataDir: '/d',
    });
    expect((given as Error).message).toContain('put the files in /d, or leave out --data-dir');
  });

  it('offers no --download to a command that has none', () => {
    const e = notFoundForCli(new DatasetNotFoundError('x', looked), {
      name: 'MNIST',
      files: 'the files',
      dataDir: undefined,
      canDownload: false,
    });
    expect((e as Error).message).not.toContain('download');
    expect((e as Error).message).toContain('--data-dir');
  });
});
