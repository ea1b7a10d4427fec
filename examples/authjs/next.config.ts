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
};

export default config;
