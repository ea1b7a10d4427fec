import { type NextMode, nextApp } from './apps/next-app.js';
import { type HarnessFactory, inProcessHarness } from './harness.js';
import { runAdapterScenarios } from './scenarios.js';

const inProcess =
  (mode: NextMode): HarnessFactory =>
  async (manager) => {
    const dispatch = nextApp(manager, mode);
    return inProcessHarness(({ method, path, headers, body }) =>
      dispatch(new Request(new URL(path, 'http://localhost:3000'), { method, headers, body })),
    );
  };

runAdapterScenarios('Next.js route handlers', inProcess('route handlers'));
runAdapterScenarios('Next.js Server Actions (cookies() store)', inProcess('server actions'));
