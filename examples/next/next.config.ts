import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The repository root: `coatcheck/*` resolves there to the built package (dist/, through the
// package's own name and exports map), and Next bundles it like app code; `node:*` built-ins such
// as `node:sqlite` stay external.
const root = fileURLToPath(new URL('../..', import.meta.url));

const config: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // unauthorized() and forbidden() give actions and pages honest 401 and 403 statuses.
  experimental: { authInterrupts: true },
  // On by default in a new create-next-app: pages that read the session render inside <Suspense>.
  cacheComponents: true,
};

export default config;
