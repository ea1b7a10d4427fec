// The service's unversioned data writes of one session, sent in parallel: queued in the service
// process, so none answers 409 (the caller never asked for a compare-and-set), and the session
// ends with one of the written values, whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceClient } from '../helpers/demo-client.js';
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

describe('parallel PATCH /v1/sessions/:id/data without a version', () => {
  let service: ServiceProcess;
  let client: ServiceClient;
  beforeAll(async () => {
    service = await startServiceProcess([]);
    client = new ServiceClient(service.url);
  });
  afterAll(() => service.stop());

  it('50 writes at once all answer 200, and the stored data is one of them', async () => {
    const { id, token } = await client.createSession('patcher', { n: -1 });
    const statuses = await Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const res = await client.v1(`/sessions/${id}/data`, 'PATCH', { data: { n, pad: 'x'.repeat(n) } });
        await res.body?.cancel();
        return res.status;
      }),
    );
    expect(statuses).toEqual(Array.from({ length: 50 }, () => 200));
    const read = (await (await client.v1('/sessions/validate', 'POST', { token })).json()) as {
      session: { data: { n: number; pad: string } };
    };
    expect(read.session.data.n).toBeGreaterThanOrEqual(0);
    expect(read.session.data.pad).toBe('x'.repeat(read.session.data.n));
  });
});
