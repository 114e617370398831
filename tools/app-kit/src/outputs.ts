import { join } from 'node:path';
import type { NeuralNetwork } from '@mfnet/layers';
import { encodeSafetensors } from '@mfnet/layers';
import { writeFileAtomic } from '@mfnet/tensor/node';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './charts.js';

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
