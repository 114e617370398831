import { MfnetError } from '@mfnet/tensor';

/**
 * A state dict that does not fit the network: a missing or extra name, a shape or a fixed
 * row 0 that differs. The message names the first mismatch.
 */
export class StateDictError extends MfnetError {}

/**
 * A safetensors file (or byte buffer) that cannot be read or written: truncated, a header that
 * is not JSON, offsets out of range or overlapping, an unsupported dtype, a shape that does not
 * match its byte range. `byteOffset` is where in the file the problem is, when known; `tensor`
 * the name of the tensor concerned, when there is one.
 */
export class SafetensorsError extends MfnetError {
  readonly byteOffset: number | undefined;
  readonly tensor: string | undefined;

  constructor(message: string, where: { byteOffset?: number; tensor?: string } = {}) {
    super(message);
    this.byteOffset = where.byteOffset;
    this.tensor = where.tensor;
  }
}
