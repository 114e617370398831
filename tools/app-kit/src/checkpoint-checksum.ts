import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a safetensors file's tensor bytes: everything after the 8-byte header length
 * and the JSON header. The header holds the metadata (and so the checksum itself), which is
 * why it is left out; the tensors' names, shapes and offsets it holds are checked by the reader.
 */
export function tensorBytesSha256(safetensors: Uint8Array): string {
  const view = new DataView(safetensors.buffer, safetensors.byteOffset, safetensors.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  return createHash('sha256')
    .update(safetensors.subarray(8 + headerLength))
    .digest('hex');
}
