import { describe, expect, it } from 'vitest';
import { KeyedWriteQueue } from '../../src/core/write-queue.js';

// A queue whose flush records its batches and waits until the test lets each one finish.
function gatedQueue(maxWaiting = 100) {
  const batches: { key: string; jobs: number[]; state: number | undefined }[] = [];
  const gates: (() => void)[] = [];
  const queue = new KeyedWriteQueue<number, number>(async (key, jobs, state) => {
    batches.push({ key, jobs, state });
    await new Promise<void>((resolve) => gates.push(resolve));
    return (state ?? 0) + jobs.length;
  }, maxWaiting);
  const openNext = async (): Promise<void> => {
    gates.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { queue, batches, gates, openNext };
}

describe('KeyedWriteQueue', () => {
  it('batches what waits behind a running write, passes state on, and forgets idle keys', async () => {
    const { queue, batches, openNext } = gatedQueue();
    queue.add('a', 1);
    queue.add('a', 2);
    queue.add('a', 3);
    expect(batches).toEqual([{ key: 'a', jobs: [1], state: undefined }]);
    await openNext();
    expect(batches[1]).toEqual({ key: 'a', jobs: [2, 3], state: 1 });
    await openNext();
    expect(queue.activeKeys).toBe(0);
    queue.add('a', 4);
    expect(batches[2]).toEqual({ key: 'a', jobs: [4], state: undefined });
    await openNext();
    expect(queue.activeKeys).toBe(0);
  });

  it('never makes another key wait', () => {
    const { queue, batches } = gatedQueue();
    queue.add('a', 1);
    queue.add('b', 2);
    expect(batches.map((b) => b.key)).toEqual(['a', 'b']);
    expect(queue.activeKeys).toBe(2);
  });

  it('refuses jobs beyond the bound of one key, and only of that key', () => {
    const { queue } = gatedQueue(2);
    expect([1, 2, 3, 4].map((job) => queue.add('a', job))).toEqual([true, true, true, false]);
    expect(queue.add('b', 5)).toBe(true);
  });

  it('a flush that throws does not wedge its key', async () => {
    let calls = 0;
    const queue = new KeyedWriteQueue<number, number>(async () => {
      calls++;
      throw new Error('bug');
    }, 10);
    queue.add('a', 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.activeKeys).toBe(0);
    queue.add('a', 2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toBe(2);
  });
});
