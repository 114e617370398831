import { join } from 'node:path';
import type { NeuralNetwork } from '@mfnet/layers';
import { encodeSafetensors } from '@mfnet/layers';
import { writeFileAtomic } from '@mfnet/tensor/node';
import type { TopLevelSpec } from 'vega-lite';
import { versions } from './app.js';
import { renderSvg } from './charts.js';
import { releaseOutputDir } from './output-dir.js';

/** Writes the trained model as safetensors (`layers.<i>.weight`), atomically. */
export async function writeModel(
  dir: string,
  net: NeuralNetwork,
  metadata: Record<string, string>,
): Promise<string> {
  const path = join(dir, 'model.safetensors');
  await writeFileAtomic(path, encodeSafetensors(net.stateDict(), { metadata }));
  return path;
}

export async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

export async function writeChart(dir: string, name: string, spec: TopLevelSpec): Promise<string> {
  const path = join(dir, name);
  await writeFileAtomic(path, await renderSvg(spec));
  return path;
}

/** What an app run leaves in its output directory besides the checkpoint. */
export interface RunOutputs {
  app: string;
  /** The network's layer sizes and hidden activation, stored with the model. */
  sizes: readonly number[];
  activation: string;
  /** The configuration as run (with the dtype resolved), the backend, data, history, final metrics… */
  config: Record<string, unknown>;
  backend: string;
  dtype: string;
  metrics: Record<string, unknown>;
  /** SVG file name → Vega-Lite spec. */
  charts: Record<string, TopLevelSpec>;
}

/**
 * Writes `model.safetensors`, `metrics.json` (the run's settings, the versions of node and of
 * mfnet's packages, and `metrics`, which should hold the run's divergence `warnings`) and the
 * charts, each atomically. Returns their paths. This ends the run: its claim on `dir` is let go.
 */
export async function writeRunOutputs(
  dir: string,
  net: NeuralNetwork,
  run: RunOutputs,
): Promise<string[]> {
  try {
    return await writeAll(dir, net, run);
  } finally {
    await releaseOutputDir(dir);
  }
}

async function writeAll(dir: string, net: NeuralNetwork, run: RunOutputs): Promise<string[]> {
  const files = [
    await writeModel(dir, net, {
      app: run.app,
      sizes: run.sizes.join(','),
      activation: run.activation,
    }),
    await writeJson(dir, 'metrics.json', {
      app: run.app,
      config: run.config,
      versions: versions(),
      backend: run.backend,
      dtype: run.dtype,
      ...run.metrics,
    }),
  ];
  for (const [name, spec] of Object.entries(run.charts))
    files.push(await writeChart(dir, name, spec));
  return files;
}
