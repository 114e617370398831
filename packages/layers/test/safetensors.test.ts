import { DTYPES, randn, tensor } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  Linear,
  NeuralNetwork,
  ReLU,
  SafetensorsError,
} from '../src/index.js';

/** A safetensors file from a header (object or raw text, padded to 8) and data bytes. */
function file(header: object | string, data: number[] = [], pad = true): Uint8Array {
  let text = typeof header === 'string' ? header : JSON.stringify(header);
  if (pad) text = text.padEnd(Math.ceil(text.length / 8) * 8, ' ');
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f64 = (...values: number[]) => {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setFloat64(8 * i, v, true);
  });
  return [...bytes];
};

function expectError(bytes: Uint8Array, message: RegExp, byteOffset?: number, name?: string) {
  let caught: unknown;
  try {
    decodeSafetensors(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  const error = caught as SafetensorsError;
  expect(error.message).toMatch(message);
  if (byteOffset !== undefined) expect(error.byteOffset).toBe(byteOffset);
  if (name !== undefined) expect(error.tensor).toBe(name);
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('writes a tiny tensor byte for byte as the format says', () => {
    const bytes = encodeSafetensors({ ab: tensor([[1, 2]], { dtype: 'float32' }) });
    const header = '{"ab":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}'; // 57 bytes
    const expected = [
      ...[64, 0, 0, 0, 0, 0, 0, 0], // N = 64, u64 little-endian
      ...[...header].map((ch) => ch.charCodeAt(0)),
      ...[0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20], // padded with spaces to 64
      ...[0x00, 0x00, 0x80, 0x3f], // 1.0f, little-endian
      ...[0x00, 0x00, 0x00, 0x40], // 2.0f
    ];
    expect([...bytes]).toEqual(expected);
  });

  it('writes F64 data little-endian, with metadata first in the header', () => {
    const bytes = encodeSafetensors(new Map([['x', tensor([[0.5]])]]), {
      metadata: { format: 'mfnet' },
    });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe(
      '{"__metadata__":{"format":"mfnet"},"x":{"dtype":"F64","shape":[1,1],"data_offsets":[0,8]}}',
    );
    expect([...bytes.subarray(8 + n)]).toEqual([0, 0, 0, 0, 0, 0, 0xe0, 0x3f]);
  });

  it.each(DTYPES)('round trip of a network state dict in %s', (dtype) => {
    const net = new NeuralNetwork([
      new Linear(5, 4, { seed: 1, dtype }),
      new ReLU(),
      new Linear(4, 3, { seed: 2, dtype }),
    ]);
    const decoded = decodeSafetensors(encodeSafetensors(net.stateDict(), { metadata: { a: 'b' } }));
    expect(decoded.metadata).toEqual({ a: 'b' });
    expect([...decoded.tensors.keys()]).toEqual(['layers.0.weight', 'layers.2.weight']);
    for (const [name, t] of net.stateDict()) {
      const back = decoded.tensors.get(name)!;
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(t.shape);
      expect([...back.toTypedArray()]).toEqual([...t.toTypedArray()]);
    }
  });

  it('round trip F64 exactly and F32 rounded to float32', () => {
    const t = randn(3, 7, { seed: 4 });
    const exact = decodeSafetensors(encodeSafetensors({ t }, { dtype: 'F64' })).tensors.get('t')!;
    expect([...exact.toTypedArray()]).toEqual([...t.toTypedArray()]);
    const bytes32 = encodeSafetensors({ t }, { dtype: 'F32' });
    expect(bytes32.length).toBe(8 + new DataView(bytes32.buffer).getUint32(0, true) + 4 * 21);
    const single = decodeSafetensors(bytes32).tensors.get('t')!;
    expect(single.dtype).toBe('float32');
    expect([...single.toTypedArray()]).toEqual([...t.toTypedArray()].map(Math.fround));
    const asDouble = decodeSafetensors(bytes32, { dtype: 'float64' }).tensors.get('t')!;
    expect(asDouble.dtype).toBe('float64');
  });

  it('reads a hand-written file: 1-D and 0-D shapes, any key order, metadata last', () => {
    const bytes = file(
      {
        b: { data_offsets: [16, 24], shape: [], dtype: 'F64' },
        a: { shape: [2], dtype: 'F64', data_offsets: [0, 16] },
        __metadata__: { who: 'hand' },
      },
      f64(1.5, -2, 7),
    );
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ who: 'hand' });
    expect(tensors.get('a')!.toArray()).toEqual([[1.5, -2]]);
    expect(tensors.get('b')!.toArray()).toEqual([[7]]);
  });

  it('reads from a Uint8Array that is a view into a larger buffer', () => {
    const inner = encodeSafetensors({ x: tensor([[1, 2, 3]]) });
    const big = new Uint8Array(inner.length + 3);
    big.set(inner, 3);
    expect(decodeSafetensors(big.subarray(3)).tensors.get('x')!.toArray()).toEqual([[1, 2, 3]]);
  });
});

describe('decodeSafetensors: bad files', () => {
  const good = { x: { dtype: 'F64', shape: [1, 2], data_offsets: [0, 16] } };

  it('truncated before the header length', () => {
    expectError(
      new Uint8Array(5),
      /truncated file: 5 bytes, fewer than the 8-byte header length/,
      0,
    );
  });

  it('a header length beyond the end of the file', () => {
    const bytes = file(good, f64(1, 2)).subarray(0, 40);
    expectError(
      bytes,
      /header length at byte 0 is 64, so the header would end at byte 72, past the end of the 40-byte file/,
      0,
    );
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setUint32(4, 1, true); // N = 2^32
    expectError(huge, /header length at byte 0 is 4294967296/, 0);
  });

  it('data cut short: the offsets run past the data section', () => {
    const bytes = file(good, f64(1, 2));
    expectError(
      bytes.subarray(0, bytes.length - 3),
      /data_offsets \[0, 16\] fall outside the data section, which has 13 bytes/,
      undefined,
      'x',
    );
  });

  it('a header that is not JSON, or not an object, or not UTF-8', () => {
    expectError(file('{"x": {"dtype": "F64",,}}'), /not valid JSON \(near byte 30\)/, 30);
    expectError(file('[1, 2]'), /must be a JSON object, got an array/, 8);
    const bad = file('{"x":1}');
    bad[10] = 0xff;
    expectError(bad, /not valid UTF-8/, 8);
  });

  it('an unsupported or unknown dtype', () => {
    expectError(
      file({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      /tensor 'h' \(header byte 9\): unsupported dtype 'F16'; mfnet reads F64 and F32/,
      9,
      'h',
    );
    expectError(
      file({ h: { dtype: 'Q9', shape: [1], data_offsets: [0, 8] } }, f64(1)),
      /unknown dtype "Q9"/,
    );
  });

  it('a shape that is not a list of sizes, has 3 dimensions, or no elements', () => {
    expectError(
      file({ x: { dtype: 'F64', shape: [1, -2], data_offsets: [0, 8] } }, f64(1)),
      /shape \[1,-2\] is not an array of non-negative integers/,
    );
    expectError(
      file({ x: { dtype: 'F64', shape: [1, 1, 1], data_offsets: [0, 8] } }, f64(1)),
      /has 3 dimensions; mfnet tensors are 2-D/,
    );
    expectError(
      file({ x: { dtype: 'F64', shape: [0, 3], data_offsets: [0, 0] } }),
      /has no elements/,
    );
  });

  it('a shape × dtype size that does not match the byte range', () => {
    const header = '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,8]}}';
    expectError(
      file(header, [0, 0, 0, 0, 0, 0, 0, 0]),
      /tensor 'w'.*shape \[2×2\] of F32 needs 16 bytes, but data_offsets \[0, 8\] span 8/,
      8 + 56, // the data section starts after the 56-byte header
      'w',
    );
  });

  it('bad data_offsets, overlapping tensors, a gap, trailing bytes', () => {
    expectError(
      file({ x: { dtype: 'F64', shape: [1], data_offsets: [8] } }, f64(1)),
      /data_offsets \[8\] is not a pair/,
    );
    expectError(
      file({ x: { dtype: 'F64', shape: [1], data_offsets: [16, 8] } }, f64(1, 2)),
      /fall outside/,
    );
    const overlapping = file(
      {
        a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
        b: { dtype: 'F64', shape: [2], data_offsets: [8, 24] },
      },
      f64(1, 2, 3),
    );
    expectError(
      overlapping,
      /tensors 'a' \(data bytes 0–16\) and 'b' \(data bytes 8–24\) overlap/,
      undefined,
      'b',
    );
    const gap = file({ a: { dtype: 'F64', shape: [1], data_offsets: [8, 16] } }, f64(1, 2));
    expectError(gap, /a gap in the data section: bytes 0–8/);
    const trailing = file({ a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, f64(1, 2));
    const n = new DataView(trailing.buffer).getUint32(0, true);
    expectError(trailing, /8 bytes after the last tensor, from file byte/, 8 + n + 8);
  });

  it('metadata that is not an object of strings', () => {
    expectError(
      file({ __metadata__: { n: 3 } }),
      /__metadata__\.n .* is a number; metadata values must be strings/,
    );
  });

  it('encode refuses bad names, dtypes and metadata', () => {
    const t = tensor([[1]]);
    expect(() => encodeSafetensors({ __metadata__: t })).toThrow(SafetensorsError);
    // @ts-expect-error: not a supported dtype
    expect(() => encodeSafetensors({ t }, { dtype: 'F16' })).toThrow(/unsupported dtype "F16"/);
    // @ts-expect-error: metadata values are strings
    expect(() => encodeSafetensors({ t }, { metadata: { n: 1 } })).toThrow(
      /metadata 'n' is a number/,
    );
  });

  it('stores the shapes asked for (a 1-D vector), and refuses one of another element count', () => {
    const v = tensor([[1, 2, 3]]);
    const bytes = encodeSafetensors({ v }, { shapes: { v: [3] } });
    const length = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    expect(header.v.shape).toEqual([3]);
    expect(decodeSafetensors(bytes).tensors.get('v')!.toArray()).toEqual([[1, 2, 3]]);
    expect(() => encodeSafetensors({ v }, { shapes: { v: [4] } })).toThrow(
      /shapes\['v'\] is \[4\], which does not hold the 3 elements of the \[1×3\] tensor/,
    );
  });
});
