import {
  assertDType,
  type Backend,
  type DType,
  formatShape,
  getBackend,
  type Tensor,
} from '@mfnet/tensor';
import { SafetensorsError } from './errors.js';
import { type StateDictLike, stateDictEntries } from './state-dict.js';

/**
 * The safetensors format (https://github.com/huggingface/safetensors), in the browser-safe
 * core (bytes in, bytes out; the node entry reads and writes files):
 *
 *   bytes 0–7      N, the header length, an unsigned 64-bit little-endian integer
 *   bytes 8…8+N    a UTF-8 JSON object { name: { dtype, shape, data_offsets: [begin, end] },
 *                  "__metadata__": { key: string value } }, padded with spaces
 *   bytes 8+N…     the data section: each tensor's elements, row-major, little-endian, at
 *                  [begin, end) relative to the start of the data section
 *
 * mfnet reads and writes F64 and F32. Its tensors are 2-D; a 1-D tensor [n] reads as 1×n and
 * a scalar [] as 1×1.
 */

export type SafetensorsDType = 'F64' | 'F32';

export interface EncodeSafetensorsOptions {
  /** Store every tensor in this dtype (default: each tensor's own, float64 → F64, float32 → F32). */
  dtype?: SafetensorsDType;
  /** Free-form string → string pairs stored under `__metadata__`. */
  metadata?: Readonly<Record<string, string>>;
  /**
   * The shape to store for some tensors instead of [rows, cols], by name: `[n]` for a vector
   * that other frameworks keep 1-D (a PyTorch bias). It must have the tensor's element count.
   */
  shapes?: Readonly<Record<string, readonly number[]>>;
}

export interface DecodeSafetensorsOptions {
  /** Where the tensors are made (default: the current backend). */
  backend?: Backend;
  /** Convert every tensor to this dtype (default: F64 → float64, F32 → float32, or the backend's default dtype where it does not store that one). */
  dtype?: DType;
}

export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** The largest header mfnet reads, as the reference implementation limits it. */
export const MAX_HEADER_BYTES = 100_000_000;

const ITEM_SIZE: Record<SafetensorsDType, number> = { F64: 8, F32: 4 };
const DTYPE_OF: Record<SafetensorsDType, DType> = { F64: 'float64', F32: 'float32' };
const KNOWN_DTYPES = [
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
];

/** Encodes tensors (a state dict) as a safetensors file. */
export function encodeSafetensors(
  dict: StateDictLike,
  options: EncodeSafetensorsOptions = {},
): Uint8Array {
  const entries = stateDictEntries(dict);
  const header: Record<string, unknown> = {};
  if (options.metadata !== undefined) header.__metadata__ = checkMetadata(options.metadata);
  let offset = 0;
  const layout: { t: Tensor; dtype: SafetensorsDType; begin: number }[] = [];
  for (const [name, t] of entries) {
    if (name.length === 0 || name === '__metadata__') {
      throw new SafetensorsError(`encodeSafetensors: a tensor cannot be named '${name}'`, {
        tensor: name,
      });
    }
    const dtype = options.dtype ?? (t.dtype === 'float64' ? 'F64' : 'F32');
    if (dtype !== 'F64' && dtype !== 'F32') {
      throw new SafetensorsError(
        `encodeSafetensors: unsupported dtype ${JSON.stringify(dtype)}; mfnet writes F64 or F32`,
      );
    }
    const bytes = t.size * ITEM_SIZE[dtype];
    const shape = storedShape(name, t, options.shapes?.[name]);
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    layout.push({ t, dtype, begin: offset });
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so that the data section starts 8-byte aligned.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  const dataStart = 8 + headerLength;
  for (const { t, dtype, begin } of layout) {
    // The bytes of a file: the host copy is I/O, not math.
    const values = t.toTypedArray();
    let p = dataStart + begin;
    if (dtype === 'F64') {
      for (let i = 0; i < values.length; i++, p += 8) view.setFloat64(p, values[i]!, true);
    } else {
      for (let i = 0; i < values.length; i++, p += 4) view.setFloat32(p, values[i]!, true);
    }
  }
  return out;
}

/**
 * Decodes a safetensors file, checking all of it first: the header length, the JSON, every
 * entry's dtype, shape and data_offsets, and that the tensors tile the data section exactly
 * (no overlap, no gap, nothing after). A problem is a `SafetensorsError` naming the tensor and
 * the byte offset in the file.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  options: DecodeSafetensorsOptions = {},
): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) {
    throw new SafetensorsError('decodeSafetensors: expected a Uint8Array of the file bytes');
  }
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `safetensors: truncated file: ${bytes.length} bytes, fewer than the 8-byte header length at byte 0`,
      { byteOffset: 0 },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > bytes.length - 8) {
    throw new SafetensorsError(
      `safetensors: the header length at byte 0 is ${headerLength}, so the header would end at ` +
        `byte ${8 + headerLength}, past the end of the ${bytes.length}-byte file (truncated?)`,
      { byteOffset: 0 },
    );
  }
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(
      `safetensors: the header length at byte 0 is ${headerLength}, more than the ${MAX_HEADER_BYTES} allowed`,
      { byteOffset: 0 },
    );
  }
  const headerText = decodeHeaderText(bytes.subarray(8, 8 + headerLength));
  const header = parseHeader(headerText);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const headerByte = (name: string): number => {
    const at = headerText.indexOf(JSON.stringify(name));
    return 8 + (at < 0 ? 0 : new TextEncoder().encode(headerText.slice(0, at)).length);
  };

  let metadata: Record<string, string> = {};
  const specs: TensorSpec[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = readMetadata(raw, headerByte(name));
      continue;
    }
    specs.push(readSpec(name, raw, dataLength, dataStart, headerByte(name)));
  }
  checkTiling(specs, dataLength, dataStart);

  const backend = options.backend ?? getBackend();
  const targetDType = options.dtype === undefined ? undefined : assertDType(options.dtype);
  const tensors = new Map<string, Tensor>();
  for (const spec of specs) {
    const n = spec.rows * spec.cols;
    const p0 = dataStart + spec.begin;
    let values: Float64Array | Float32Array;
    if (spec.dtype === 'F64') {
      values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = view.getFloat64(p0 + 8 * i, true);
    } else {
      values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = view.getFloat32(p0 + 4 * i, true);
    }
    // The file's own dtype where the backend stores it, else the backend's (F64 on gpujs: float32).
    const own = DTYPE_OF[spec.dtype];
    const dtype = targetDType ?? (backend.dtypes.includes(own) ? own : backend.defaultDType);
    tensors.set(spec.name, backend.fromHost(values, spec.rows, spec.cols, dtype));
  }
  return { tensors, metadata };
}

interface TensorSpec {
  name: string;
  dtype: SafetensorsDType;
  rows: number;
  cols: number;
  begin: number;
  end: number;
}

function decodeHeaderText(raw: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new SafetensorsError(
      `safetensors: the header (bytes 8–${8 + raw.length}) is not valid UTF-8`,
      { byteOffset: 8 },
    );
  }
}

function parseHeader(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const byteOffset =
      8 +
      (position === null ? 0 : new TextEncoder().encode(text.slice(0, Number(position[1]))).length);
    throw new SafetensorsError(
      `safetensors: the header is not valid JSON (near byte ${byteOffset}): ${message}`,
      { byteOffset },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SafetensorsError(
      `safetensors: the header at byte 8 must be a JSON object, got ${
        Array.isArray(parsed) ? 'an array' : typeof parsed
      }`,
      { byteOffset: 8 },
    );
  }
  return parsed as Record<string, unknown>;
}

function readMetadata(raw: unknown, byteOffset: number): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError(
      `safetensors: __metadata__ (header byte ${byteOffset}) must be an object of strings`,
      { byteOffset },
    );
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(
        `safetensors: __metadata__.${key} (header byte ${byteOffset}) is a ${typeof value}; ` +
          'metadata values must be strings',
        { byteOffset },
      );
    }
  }
  return { ...(raw as Record<string, string>) };
}

function readSpec(
  name: string,
  raw: unknown,
  dataLength: number,
  dataStart: number,
  byteOffset: number,
): TensorSpec {
  const fail = (what: string, at = byteOffset): never => {
    throw new SafetensorsError(
      `safetensors: tensor '${name}' (header byte ${byteOffset}): ${what}`,
      {
        byteOffset: at,
        tensor: name,
      },
    );
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('its entry must be an object {dtype, shape, data_offsets}');
  }
  const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const { dtype, shape, data_offsets: offsets } = entry;
  if (dtype !== 'F64' && dtype !== 'F32') {
    return fail(
      typeof dtype === 'string' && KNOWN_DTYPES.includes(dtype)
        ? `unsupported dtype '${dtype}'; mfnet reads F64 and F32`
        : `unknown dtype ${JSON.stringify(dtype)}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail(`shape ${JSON.stringify(shape)} is not an array of non-negative integers`);
  }
  if (shape.length > 2) {
    return fail(
      `shape ${JSON.stringify(shape)} has ${shape.length} dimensions; mfnet tensors are 2-D`,
    );
  }
  const [rows, cols] =
    shape.length === 2 ? [shape[0] as number, shape[1] as number] : [1, (shape[0] as number) ?? 1];
  if (rows === 0 || cols === 0) {
    return fail(`shape ${JSON.stringify(shape)} has no elements; mfnet tensors are never empty`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    return fail(
      `data_offsets ${JSON.stringify(offsets)} is not a pair [begin, end] of byte offsets`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin || end > dataLength) {
    return fail(
      `data_offsets [${begin}, ${end}] fall outside the data section, which has ${dataLength} ` +
        `bytes (file bytes ${dataStart}–${dataStart + dataLength})`,
      dataStart + Math.min(begin, dataLength),
    );
  }
  const needed = rows * cols * ITEM_SIZE[dtype];
  if (end - begin !== needed) {
    return fail(
      `shape ${formatShape([rows, cols])} of ${dtype} needs ${needed} bytes, but data_offsets ` +
        `[${begin}, ${end}] span ${end - begin}`,
      dataStart + begin,
    );
  }
  return { name, dtype, rows, cols, begin, end };
}

/** The tensors' byte ranges must tile the data section: no overlap, no gap, nothing after. */
function checkTiling(specs: readonly TensorSpec[], dataLength: number, dataStart: number): void {
  const sorted = [...specs].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: TensorSpec | undefined;
  for (const spec of sorted) {
    if (spec.begin < cursor && previous !== undefined) {
      throw new SafetensorsError(
        `safetensors: tensors '${previous.name}' (data bytes ${previous.begin}–${previous.end}) ` +
          `and '${spec.name}' (data bytes ${spec.begin}–${spec.end}) overlap at file byte ` +
          `${dataStart + spec.begin}`,
        { byteOffset: dataStart + spec.begin, tensor: spec.name },
      );
    }
    if (spec.begin > cursor) {
      throw new SafetensorsError(
        `safetensors: a gap in the data section: bytes ${cursor}–${spec.begin} (file byte ` +
          `${dataStart + cursor}) belong to no tensor, before '${spec.name}'`,
        { byteOffset: dataStart + cursor, tensor: spec.name },
      );
    }
    cursor = spec.end;
    previous = spec;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsError(
      `safetensors: ${dataLength - cursor} bytes after the last tensor, from file byte ` +
        `${dataStart + cursor}, belong to no tensor`,
      { byteOffset: dataStart + cursor },
    );
  }
}

function storedShape(name: string, t: Tensor, shape: readonly number[] | undefined): number[] {
  if (shape === undefined) return [t.rows, t.cols];
  const ok =
    Array.isArray(shape) &&
    shape.length <= 2 &&
    shape.every((d) => Number.isSafeInteger(d) && d > 0) &&
    shape.reduce((a, d) => a * d, 1) === t.size;
  if (!ok) {
    throw new SafetensorsError(
      `encodeSafetensors: shapes['${name}'] is ${JSON.stringify(shape)}, which does not hold ` +
        `the ${t.size} elements of the ${formatShape(t.shape)} tensor`,
      { tensor: name },
    );
  }
  return [...shape];
}

function checkMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(
        `encodeSafetensors: metadata '${key}' is a ${typeof value}; safetensors metadata values are strings`,
      );
    }
  }
  return { ...metadata };
}
