// A host the bot must never talk to: a plain HTTP server on its own port that records every
// request it receives (with its Authorization header), and answers 200 with an image's bytes so
// that a request to it would look like a success.
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpHost {
  origin: string;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startHost(answer: RequestListener): Promise<HttpHost> {
  const requests: HttpHost['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The foreign host: whatever it is asked, a JPEG-looking 200. */
export const startForeignHost = () => startHost((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from([0xff, 0xd8, 0xff, 0xe0])));
