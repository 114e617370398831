import type { ActivationKind } from '@mfnet/tensor';

/** g(v) for one element (Eq. 3.7). */
export function activate(kind: ActivationKind, v: number, slope: number): number {
  switch (kind) {
    case 'identity':
      return v;
    case 'relu':
      return v > 0 ? v : 0;
    case 'leaky_relu':
      return v > 0 ? v : slope * v;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
  }
}

/** g′(v) for one element (Eq. 3.8); at v = 0 relu and leaky_relu take the left derivative. */
export function derivative(kind: ActivationKind, v: number, slope: number): number {
  switch (kind) {
    case 'identity':
      return 1;
    case 'relu':
      return v > 0 ? 1 : 0;
    case 'leaky_relu':
      return v > 0 ? 1 : slope;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-v));
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(v);
      return 1 - t * t;
    }
  }
}
