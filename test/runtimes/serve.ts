// Serves a fetch handler on 127.0.0.1 with this runtime's own HTTP server, as a Hono app is run
// there: Bun.serve on Bun, Deno.serve on Deno, @hono/node-server on Node.

type FetchHandler = (request: Request) => Response | Promise<Response>;
export interface Served {
  origin: string;
  close(): Promise<void>;
}

interface BunLike {
  serve(options: { hostname: string; port: number; fetch: FetchHandler }): {
    port: number;
    stop(closeActive?: boolean): Promise<void> | void;
  };
}
interface DenoLike {
  serve(
    options: { hostname: string; port: number; onListen?: () => void },
    handler: FetchHandler,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

export async function serve(fetch: FetchHandler): Promise<Served> {
  const g = globalThis as { Bun?: BunLike; Deno?: DenoLike };
  if (g.Bun) {
    const server = g.Bun.serve({ hostname: '127.0.0.1', port: 0, fetch });
    return { origin: `http://127.0.0.1:${server.port}`, close: async () => void (await server.stop(true)) };
  }
  if (g.Deno) {
    const server = g.Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, fetch);
    return { origin: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
  }
  const { serve: nodeServe } = await import('@hono/node-server');
  return new Promise((resolve) => {
    const server = nodeServe({ fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
