import type { BackendName, DTypeName, OptimizerName, TrainingConfig } from './worker/protocol.js';

/** The training settings of the form, or a message saying which field is wrong. */
export function readConfig(form: HTMLFormElement): TrainingConfig | string {
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
  const hidden = field('hidden')
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map(Number);
  if (hidden.some((n) => !Number.isInteger(n) || n < 1 || n > 4096)) {
    return `hidden sizes: "${field('hidden')}" is not a list of whole numbers 1…4096 (e.g. "128, 64")`;
  }
  const integer = (name: string, min: number): number | string => {
    const v = Number(field(name));
    return Number.isInteger(v) && v >= min
      ? v
      : `${name}: "${field(name)}" is not a whole number ≥ ${min}`;
  };
  const lr = Number(field('lr'));
  if (!(lr > 0) || !Number.isFinite(lr))
    return `learning rate: "${field('lr')}" is not a positive number`;
  const batchSize = integer('batchSize', 1);
  const epochs = integer('epochs', 1);
  const seed = integer('seed', 0);
  for (const v of [batchSize, epochs, seed]) if (typeof v === 'string') return v;
  const backend = field('backend') as BackendName;
  return {
    backend,
    dtype: backend === 'gpujs' ? 'float32' : (field('dtype') as DTypeName),
    hidden,
    optimizer: field('optimizer') as OptimizerName,
    lr,
    batchSize: batchSize as number,
    epochs: epochs as number,
    seed: seed as number,
  };
}
