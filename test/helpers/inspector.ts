// Reads a child Node process's live heap through the inspector protocol: a full collection first,
// so the figure is what the process really holds, not where the GC's sawtooth happened to be.
export interface HeapProbe {
  /** Bytes in use on the heap right after a full garbage collection. */
  liveHeap(): Promise<number>;
  close(): void;
}

/** The inspector URL a process started with `--inspect=127.0.0.1:0` printed. */
export function inspectorUrl(output: string): string {
  const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(output)?.[0];
  if (!url) throw new Error('no inspector URL in the output');
  return url;
}

export async function connectInspector(url: string): Promise<HeapProbe> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('inspector connection failed')), { once: true });
  });
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async liveHeap() {
      await send('HeapProfiler.collectGarbage');
      const answer = (await send('Runtime.evaluate', {
        expression: 'process.memoryUsage().heapUsed',
        returnByValue: true,
      })) as { result: { value: number } };
      return answer.result.value;
    },
    close: () => socket.close(),
  };
}
