import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DType } from '@mfnet/tensor';
import { writeManifest } from './manifest.js';
import type { CompareConfig } from './options.js';
import { maxRelativeDifference } from './report.js';
import { type RunResult, runMfnet } from './run-mfnet.js';
import { runTorch, torchVersion } from './run-torch.js';
import { loadExperiment } from './setup.js';

export interface Comparison {
  mfnet: RunResult;
  torch: RunResult;
  stepAgreement: ReturnType<typeof maxRelativeDifference>;
}

/**
 * Trains the configured app's network in mfnet, then in PyTorch from mfnet's initial weights
 * and batch order, and returns both runs. Checks for PyTorch first, so that a missing install
 * is reported before any training.
 */
export async function compare(
  config: CompareConfig,
  given: ReadonlySet<string> = new Set(),
): Promise<Comparison> {
  torchVersion(config.python);
  const exp = await loadExperiment(config, given);
  const lr = config.lr ?? (exp.optimizer === 'adam' ? 1e-3 : 0.1);
  const dtype: DType = config.dtype === 'auto' ? 'float64' : config.dtype;
  const mfnet = await runMfnet(exp, { ...config, dtype, lr });
  const dir = await mkdtemp(join(tmpdir(), 'mfnet-compare-'));
  try {
    const manifest = await writeManifest(dir, exp, mfnet, { ...config, dtype, lr });
    const torch = runTorch(config.python, manifest);
    return {
      mfnet,
      torch,
      stepAgreement: maxRelativeDifference(mfnet.stepLosses, torch.stepLosses),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
