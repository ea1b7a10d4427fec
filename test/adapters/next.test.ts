import { type NextMode, nextApp } from './apps/next-app.js';
import type { HarnessFactory } from './harness.js';
import { runAdapterScenarios } from './scenarios.js';

const inProcess =
  (mode: NextMode): HarnessFactory =>
  async (manager) => {
    const dispatch = nextApp(manager, mode);
    return {
      async request({ method, path, headers, body }) {
        const res = await dispatch(
          new Request(new URL(path, 'http://localhost:3000'), { method, headers, body }),
        );
        return {
          status: res.status,
          header: (n) => res.headers.get(n),
          setCookies: res.headers.getSetCookie(),
          body: await res.text(),
        };
      },
      close: async () => {},
    };
  };

runAdapterScenarios('Next.js route handlers', inProcess('route handlers'));
runAdapterScenarios('Next.js Server Actions (cookies() store)', inProcess('server actions'));
