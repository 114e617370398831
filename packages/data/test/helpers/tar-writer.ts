/** A minimal ustar writer for tests: regular files only. */
export function makeTar(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const file of files) {
    const header = new Uint8Array(512);
    header.set(enc.encode(file.name).subarray(0, 100), 0);
    header.set(enc.encode('0000644\0'), 100);
    header.set(enc.encode('0000000\0'), 108);
    header.set(enc.encode('0000000\0'), 116);
    header.set(enc.encode(`${file.data.length.toString(8).padStart(11, '0')}\0`), 124);
    header.set(enc.encode('00000000000\0'), 136);
    header.set(enc.encode('        '), 148);
    header[156] = '0'.charCodeAt(0);
    header.set(enc.encode('ustar\u000000'), 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    blocks.push(header);
    const padded = new Uint8Array(Math.ceil(file.data.length / 512) * 512);
    padded.set(file.data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
