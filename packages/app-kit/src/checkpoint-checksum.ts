import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a checkpoint's content: its tensor bytes (everything after the 8-byte header
 * length and the JSON header) and its metadata fields but the checksum itself, in name order.
 * The header is not hashed as bytes because it holds the checksum; the tensors' names, shapes
 * and offsets it holds are checked by the safetensors reader.
 */
export function checkpointSha256(
  safetensors: Uint8Array,
  metadata: Readonly<Record<string, string>>,
): string {
  const view = new DataView(safetensors.buffer, safetensors.byteOffset, safetensors.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const fields = Object.keys(metadata)
    .filter((k) => k !== CHECKSUM_FIELD)
    .sort()
    .map((k) => [k, metadata[k]]);
  return createHash('sha256')
    .update(safetensors.subarray(8 + headerLength))
    .update(JSON.stringify(fields))
    .digest('hex');
}

/** The metadata field that holds the checksum. */
export const CHECKSUM_FIELD = 'sha256';
