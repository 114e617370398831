import { DEFAULT_DTYPE, type DType, type HostArray, hostArray } from '@mfnet/tensor';

/**
 * Pixel bytes (0…255) as numbers in [0, 1]: each byte divided by 255 in float64 and then
 * stored in `dtype`, which rounds exactly as a division in that dtype would (PyTorch's
 * `ToTensor` gives the same float32 values).
 */
export function scalePixels(
  pixels: Uint8Array,
  dtype: DType = DEFAULT_DTYPE,
  max = 255,
): HostArray {
  const table = new Float64Array(256);
  for (let v = 0; v < 256; v++) table[v] = v / max;
  const out = hostArray(dtype, pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i]!]!;
  return out;
}
