import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MSELoss } from '@mfnet/losses';
import { Adam, SGD } from '@mfnet/optim';
import { fit, rmse } from '@mfnet/train';
import {
  CheckpointError,
  checkpoint,
  csvLogger,
  jsonLogger,
  loadCheckpoint,
  ProgressBar,
  terminalProgress,
} from '@mfnet/train/node';
import { afterAll, describe, expect, it } from 'vitest';
import { regressionData, smallNet } from './helpers/problem.js';

const dir = mkdtempSync(join(tmpdir(), 'mfnet-train-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = regressionData(40, 3);

describe('the Node callbacks', () => {
  it('log every epoch as JSON and CSV, print a line per epoch, checkpoint every 2 epochs', async () => {
    const lines: string[] = [];
    const path = join(dir, 'every2.safetensors');
    const saved: number[] = [];
    const history = await fit(smallNet(), {
      data,
      loss: new MSELoss(),
      optimizer: 'adam',
      epochs: 3,
      batchSize: 10,
      seed: 2,
      validation: 0.25,
      metrics: { rmse: rmse() },
      callbacks: [
        terminalProgress({
          mode: 'plain',
          write: (line) => lines.push(line),
          format: { rmse: (v) => `val RMSE ${v.toFixed(4)}` },
        }),
        jsonLogger(join(dir, 'log.json')),
        csvLogger(join(dir, 'log.csv')),
        checkpoint({ path, every: 2 }),
        {
          name: 'checkpointWatcher',
          // Which epoch the file on disk holds after each epoch (0: none yet).
          afterEpoch: async () => {
            const net = smallNet(50);
            const read = await loadCheckpoint(path, net, new Adam(net.parameters())).catch(
              (error: unknown) =>
                error instanceof CheckpointError ? undefined : Promise.reject(error),
            );
            saved.push(read?.state.epoch ?? 0);
          },
        },
      ],
    });
    const json = JSON.parse(readFileSync(join(dir, 'log.json'), 'utf8'));
    expect(json).toEqual(history.records);
    const csv = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('epoch,trainLoss,seconds,lr,valLoss,rmse');
    expect(csv).toHaveLength(4);
    expect(Number(csv[3]!.split(',')[1])).toBe(history.records[2]!.trainLoss);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^epoch 2\/3 {2}train loss \d\.\d{4} {2}val RMSE \d\.\d{4} {2}\d+\.\ds$/,
    );
    // Written after epochs 2 and 3 (the last), not after 1.
    expect(saved).toEqual([0, 2, 3]);
  });

  it('the progress bar shows batches, speed, time left and the loss', () => {
    const bar = new ProgressBar('epoch 1/5', 10);
    expect(bar.render(5, 500, 0.25, 2)).toBe(
      'epoch 1/5 ████████████░░░░░░░░░░░░ 5/10 · 250 samples/s · ETA 2s · loss 0.2500',
    );
  });

  it('a damaged checkpoint is refused with a CheckpointError naming the file and field', async () => {
    const path = join(dir, 'damaged.safetensors');
    const net = smallNet();
    await fit(net, {
      data,
      loss: new MSELoss(),
      optimizer: 'sgd',
      epochs: 1,
      batchSize: 10,
      seed: 1,
      callbacks: [checkpoint({ path })],
    });
    const bytes = readFileSync(path);
    const last = bytes.length - 3; // a byte of the last weight
    bytes[last] = bytes[last]! ^ 0x40;
    writeFileSync(path, bytes);
    const other = smallNet(2);
    const sgd = new SGD(other.parameters(), { lr: 0.01 });
    const error = await loadCheckpoint(path, other, sgd).catch((e) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.file).toBe(path);
    expect(error.field).toBe('sha256');
    expect(error.message).toMatch(/SHA-256 is [0-9a-f]{64} but the checkpoint records/);
  });
});
