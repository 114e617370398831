import type { ActivationKind } from '../backend.js';
import type { HostArray } from '../dtype.js';
import { reluBackward32, reluBackward64, reluForward32, reluForward64 } from './relu-bits.js';

/**
 * The activation maps and their derivatives, fused with the bias-row rule of Sec. 3.2:
 * forward applies g to elements from `start` on (row 0 is copied), backward multiplies by g′
 * from `start` on (row 0 is zeroed). One pass each, no temporaries.
 */
export function activationForward(
  kind: ActivationKind,
  z: HostArray,
  out: HostArray,
  start: number,
  slope: number,
): void {
  const n = z.length;
  if (out !== z) for (let i = 0; i < start; i++) out[i] = z[i]!;
  switch (kind) {
    case 'identity':
      if (out !== z) for (let i = start; i < n; i++) out[i] = z[i]!;
      return;
    case 'relu':
      if (z instanceof Float32Array && out instanceof Float32Array) {
        reluForward32(z, out, start);
        return;
      }
      if (z instanceof Float64Array && out instanceof Float64Array) {
        reluForward64(z, out, start);
        return;
      }
      for (let i = start; i < n; i++) {
        const v = z[i]!;
        out[i] = v > 0 ? v : 0;
      }
      return;
    case 'leaky_relu':
      for (let i = start; i < n; i++) {
        const v = z[i]!;
        out[i] = v > 0 ? v : slope * v;
      }
      return;
    case 'sigmoid':
      // Written so that neither branch overflows: for v ≪ 0, e^v → 0 instead of e^−v → ∞.
      for (let i = start; i < n; i++) {
        const v = z[i]!;
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      return;
    case 'tanh':
      for (let i = start; i < n; i++) out[i] = Math.tanh(z[i]!);
      return;
  }
}

export function activationBackward(
  kind: ActivationKind,
  z: HostArray,
  dA: HostArray,
  out: HostArray,
  start: number,
  slope: number,
): void {
  const n = z.length;
  for (let i = 0; i < start; i++) out[i] = 0;
  switch (kind) {
    case 'identity':
      for (let i = start; i < n; i++) out[i] = dA[i]!;
      return;
    case 'relu':
      if (z instanceof Float32Array && dA instanceof Float32Array && out instanceof Float32Array) {
        reluBackward32(z, dA, out, start);
        return;
      }
      if (z instanceof Float64Array && dA instanceof Float64Array && out instanceof Float64Array) {
        reluBackward64(z, dA, out, start);
        return;
      }
      for (let i = start; i < n; i++) out[i] = z[i]! > 0 ? dA[i]! : 0;
      return;
    case 'leaky_relu':
      for (let i = start; i < n; i++) out[i] = z[i]! > 0 ? dA[i]! : slope * dA[i]!;
      return;
    case 'sigmoid':
      for (let i = start; i < n; i++) {
        const v = z[i]!;
        const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
        out[i] = dA[i]! * s * (1 - s);
      }
      return;
    case 'tanh':
      for (let i = start; i < n; i++) {
        const t = Math.tanh(z[i]!);
        out[i] = dA[i]! * (1 - t * t);
      }
      return;
  }
}
