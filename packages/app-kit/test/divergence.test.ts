import { DatasetNotFoundError } from '@mfnet/data';
import { NonFiniteLossError } from '@mfnet/losses';
import { describe, expect, it } from 'vitest';
import { checkDataFitsNetwork } from '../src/data-fits-network.js';
import { notFoundForCli } from '../src/dataset-not-found.js';
import { divergedError, divergenceWarning } from '../src/divergence.js';

const record = (trainLoss: number, accuracy: number) => ({
  epoch: 3,
  trainLoss,
  seconds: 1,
  accuracy,
});
const chance = { metric: 'accuracy', value: 0.1 };

describe('divergence', () => {
  it('warns when a finite loss is over 100 times its start, naming the epoch and a lower --lr', () => {
    const w = divergenceWarning(record(9e39, 0.98), 2.3, 1e6, chance);
    expect(w).toMatch(
      /^epoch 3: the training loss 9.00e\+39 is over 100 times the loss at the start \(2.30\)/,
    );
    expect(w).toContain('--lr 100000');
  });

  it('warns at chance accuracy, and says nothing for a sound epoch', () => {
    expect(divergenceWarning(record(2.2, 0.1135), 2.3, 0.1, chance)).toMatch(
      /accuracy 0.114 is at chance level/,
    );
    expect(divergenceWarning(record(0.3, 0.9), 2.3, 0.1, chance)).toBeUndefined();
    expect(divergenceWarning(record(0.3, 0.1), 2.3, 0.1)).toBeUndefined(); // no chance level given
  });

  it('a NaN loss names the epoch and batch, and the resume it advises keeps the checkpoint usable', () => {
    const cause = new NonFiniteLossError('CELoss', Number.NaN, 1893);
    const later = divergedError(cause, {
      epoch: 3,
      batch: 17,
      batches: 938,
      lr: 0.1,
      checkpoint: '/o/checkpoint.safetensors',
    });
    expect(later.message).toMatch(
      /^training diverged in epoch 3, batch 17 of 938 \(lr 0.1\): the loss is NaN/,
    );
    expect(later.message).toContain('/o/checkpoint.safetensors holds the weights after epoch 2');
    expect(later.message).toContain('--resume --lr 0.01');
    const first = divergedError(cause, {
      epoch: 1,
      batch: 2,
      batches: 938,
      lr: 0.1,
      checkpoint: '/o/c',
    });
    expect(first.message).not.toContain('--resume');
    expect(first.message).toContain('--lr 0.01');
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
});
