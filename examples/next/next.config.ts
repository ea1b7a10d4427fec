import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The repository root: `coatcheck/*` resolves there to the built package (self-reference).
const root = fileURLToPath(new URL('../..', import.meta.url));

const config: NextConfig = {
  // coatcheck stays a Node package loaded at run time: `node:sqlite` and the store drivers are never bundled.
  serverExternalPackages: ['coatcheck'],
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // unauthorized() and forbidden() give actions and pages honest 401 and 403 statuses.
  experimental: { authInterrupts: true },
};

export default config;
