#!/usr/bin/env node
import { runCli } from '@mfnet/app-kit';
import { housingOptions } from './options.js';
import { train } from './train.js';

const usage = `pnpm housing [options]

Trains an 8-64-64-1 ReLU regression network on California Housing (20,640 block groups, in
scikit-learn's form; target in $100,000) with mfnet, on standardised features and a seeded
80/20 split, and writes the model, metrics.json, loss/RMSE curves and predicted-versus-actual.
The data comes from --data-dir, $MFNET_DATA_DIR, the cache (~/.cache/mfnet), or a download of
StatLib's cal_housing.tgz with --download.`;

process.exitCode = await runCli(usage, housingOptions, (options) => train(options));
