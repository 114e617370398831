/**
 * Fetches a gzip file and decompresses it in the page with `DecompressionStream`, reporting the
 * compressed bytes received so far (for a progress bar) as they arrive.
 */
export async function fetchGzip(
  url: string,
  onBytes: (received: number) => void,
): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) {
    throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  }
  let received = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.length;
        onBytes(received);
        controller.enqueue(chunk);
      },
    }),
  );
  const inflated = counted.pipeThrough(
    new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
  );
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

/** The Content-Length of `url` (a HEAD request), or 0 when the server does not say. */
export async function contentLength(url: string): Promise<number> {
  const response = await fetch(url, { method: 'HEAD' });
  return Number(response.headers.get('Content-Length') ?? 0);
}
