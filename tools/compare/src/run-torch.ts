import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MfnetError } from '@mfnet/tensor';
import type { RunResult } from './run-mfnet.js';

/** PyTorch is not there to compare with; the message says how to install it. */
export class TorchMissingError extends MfnetError {}

export const INSTALL_HINT =
  'On Debian: apt-get install python3-torch libopenblas0-pthread (then use --python /usr/bin/python3)';

/** The torch version `python` has, or a TorchMissingError that says how to get it. */
export function torchVersion(python: string): string {
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.error !== undefined || probe.status !== 0) {
    const why =
      probe.error !== undefined
        ? `cannot run ${python} (${probe.error.message})`
        : `${python} has no torch`;
    throw new TorchMissingError(`PyTorch is needed for the comparison: ${why}. ${INSTALL_HINT}`);
  }
  return probe.stdout.trim();
}

const SCRIPT = fileURLToPath(new URL('../python/train_torch.py', import.meta.url));

/** Runs python/train_torch.py on a manifest written by `writeManifest`. */
export function runTorch(python: string, manifestPath: string): RunResult {
  const run = spawnSync(python, [SCRIPT, manifestPath], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new MfnetError(
      `the PyTorch run failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  return JSON.parse(run.stdout) as RunResult;
}
