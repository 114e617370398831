import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** Routes that serve `bytes` well or badly, as a mirror might. */
export const serve = {
  good:
    (bytes: Uint8Array): Route =>
    (_req, res) => {
      res.writeHead(200, { 'content-length': bytes.length });
      res.end(bytes);
    },
  /** A shorter body, announced as such: only the checksum can tell. */
  truncated: (bytes: Uint8Array): Route => serve.good(bytes.subarray(0, bytes.length >> 1)),
  /** One byte changed in the middle. */
  corrupted: (bytes: Uint8Array): Route => {
    const bad = bytes.slice();
    bad[bad.length >> 1]! ^= 0xff;
    return serve.good(bad);
  },
  /** Announces the full length, sends half, then drops the connection. */
  dropped:
    (bytes: Uint8Array): Route =>
    (_req, res) => {
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, bytes.length >> 1), () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
    },
  /** Accepts the request and never answers. */
  hang: (): Route => () => undefined,
};

/** An HTTP server on 127.0.0.1 (ephemeral port) with exact-path routes; 404 elsewhere. */
export async function startServer(routes: Record<string, Route>): Promise<{
  url: string;
  requests: string[];
  close: () => Promise<void>;
}> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just freed). */
export async function refusedUrl(): Promise<string> {
  const s = await startServer({});
  await s.close();
  return s.url;
}
