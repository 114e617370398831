import { type Rng, ValueError } from '@mfnet/tensor';

/**
 * How a Linear layer draws its initial weights.
 * - `he`: normal, std √(2/nIn) (He et al. 2015), for ReLU-family networks;
 * - `he_uniform`: uniform in ±√(6/nIn);
 * - `glorot`: uniform in ±√(6/(nIn+nOut)) (Glorot & Bengio 2010), for sigmoid/tanh;
 * - `glorot_normal`: normal, std √(2/(nIn+nOut));
 * - `zeros`: all zero (row 0 still [1, 0 … 0]);
 * - `auto`: He, or Glorot when a NeuralNetwork sees a sigmoid or tanh after the layer.
 */
export type InitScheme = 'auto' | 'he' | 'he_uniform' | 'glorot' | 'glorot_normal' | 'zeros';

export const INIT_SCHEMES: readonly InitScheme[] = [
  'auto',
  'he',
  'he_uniform',
  'glorot',
  'glorot_normal',
  'zeros',
];

export function assertInitScheme(init: unknown): InitScheme {
  if (INIT_SCHEMES.includes(init as InitScheme)) return init as InitScheme;
  throw new ValueError(
    `Linear: unknown init ${JSON.stringify(init)}; known: ${INIT_SCHEMES.join(', ')}`,
  );
}

/**
 * The initial augmented weight (Eq. 3.2), row-major (nOut+1)×(nIn+1): row 0 is [1, 0 … 0],
 * the bias column (column 0 of rows 1…) is zero, and the nOut×nIn block is drawn from `rng`
 * row by row. This builds the host data a new tensor is made from, as `randn` does.
 */
export function initialWeights(
  nIn: number,
  nOut: number,
  scheme: Exclude<InitScheme, 'auto'>,
  rng: Rng,
): Float64Array {
  const cols = nIn + 1;
  const w = new Float64Array((nOut + 1) * cols);
  w[0] = 1;
  if (scheme === 'zeros') return w;
  const draw = sampler(nIn, nOut, scheme, rng);
  for (let i = 1; i <= nOut; i++) {
    for (let j = 1; j <= nIn; j++) w[i * cols + j] = draw();
  }
  return w;
}

function sampler(
  nIn: number,
  nOut: number,
  scheme: Exclude<InitScheme, 'auto' | 'zeros'>,
  rng: Rng,
): () => number {
  switch (scheme) {
    case 'he': {
      const std = Math.sqrt(2 / nIn);
      return () => std * rng.normal();
    }
    case 'he_uniform': {
      const limit = Math.sqrt(6 / nIn);
      return () => limit * (2 * rng.uniform() - 1);
    }
    case 'glorot': {
      const limit = Math.sqrt(6 / (nIn + nOut));
      return () => limit * (2 * rng.uniform() - 1);
    }
    case 'glorot_normal': {
      const std = Math.sqrt(2 / (nIn + nOut));
      return () => std * rng.normal();
    }
  }
}
