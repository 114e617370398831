#!/usr/bin/env node
import { flagName, runCli } from '@mfnet/app-kit';
import { compare } from './compare.js';
import { compareOptions } from './options.js';
import { formatComparison } from './report.js';

const usage = `pnpm compare [options]

Trains the same network with the same optimizer, batch size, learning rate, initial weights and
batch order in mfnet and in PyTorch (Python 3 with torch), and prints them side by side: loss per
epoch, test metric, seconds per epoch, peak memory, and how closely the loss of each of the first
--steps steps agrees.`;

const argv = process.argv.slice(2);
const given = new Set(
  Object.keys(compareOptions).filter((key) =>
    argv.some((a) => a === flagName(key) || a.startsWith(`${flagName(key)}=`)),
  ),
);

process.exitCode = await runCli(usage, compareOptions, async (config) => {
  const result = await compare(config, given);
  process.stdout.write(
    config.json
      ? `${JSON.stringify(result)}\n`
      : `${formatComparison(result.mfnet, result.torch)}\n`,
  );
});
