// A lean keep-alive HTTP/1.1 load loop on raw sockets: one request at a time per connection (no
// pipelining), the same bytes every time, responses parsed only as far as status and length. Node's
// http client costs several times more CPU per request, enough to become the bottleneck on a
// shared core and hide the differences between servers.
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  ms: number;
  statuses: Map<number, number>;
}

/** Sends `total` copies of `raw` over `connections` sockets to 127.0.0.1:`port`. */
export function sendAll(port: number, raw: string, total: number, connections: number): Promise<LoadResult> {
  const request = Buffer.from(raw);
  const statuses = new Map<number, number>();
  let sent = 0;
  let open = connections;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      if (--open === 0) resolve({ ms: performance.now() - started, statuses });
    };
    for (let i = 0; i < connections; i++) {
      const socket: Socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let buffer: Buffer = Buffer.alloc(0);
      const next = (): void => {
        if (sent >= total) {
          socket.end();
          finish();
          return;
        }
        sent++;
        socket.write(request);
      };
      socket.on('connect', next);
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buffer.subarray(0, end).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          if (buffer.length < end + 4 + length) return;
          const status = Number(head.slice(9, 12));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          buffer = buffer.subarray(end + 4 + length);
          next();
        }
      });
    }
  });
}
